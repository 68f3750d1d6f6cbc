import AzureImport
import Foundation
import Reachability
import Testing
import TopologyModel

/// On-premises networks behind a hub VPN gateway (RT-3, RT-10, RT-13, RT-14, PEER-7, PEER-8,
/// §8 case 33).
@Suite("Gateways and on-premises")
struct GatewayTransitTests {
    func estate(
        transit: Bool = true, useRemote: Bool = true, disableBgp: Bool = false, spokeRoutes: [(String, String, String, String?)] = []
    ) throws -> EstateIndex {
        var e = MiniEstate()
        e.vnet("hub", ["10.0.0.0/16"], subnets: [("GatewaySubnet", "10.0.255.0/27", nil, nil), ("shared", "10.0.1.0/24", nil, nil)])
        e.vnet("spoke", ["10.1.0.0/16"], subnets: [("app", "10.1.1.0/24", nil, "rt")])
        // Spoke side: useRemoteGateways; hub side: allowGatewayTransit. No forwarded-traffic flags.
        e.peer("spoke", "hub", reverse: false)
        e.peer("hub", "spoke", reverse: false)
        e.setPeering("spoke", "hub", "useRemoteGateways", useRemote)
        e.setPeering("hub", "spoke", "allowGatewayTransit", transit)
        e.routeTable("rt", spokeRoutes)
        if disableBgp { e.setProperty(id: MiniEstate.id("routeTables", "rt"), "disableBgpRoutePropagation", true) }
        e.nic("vm-spoke", vnet: "spoke", subnet: "app", ip: "10.1.1.4")
        e.nic("vm-hub", vnet: "hub", subnet: "shared", ip: "10.0.1.4")
        e.vpnGateway(in: "hub", onPremises: ["192.168.0.0/16", "10.1.5.0/24"])
        return try e.index()
    }

    @Test("PEER-8: with gateway transit on both sides the spoke reaches on-premises, and on-premises reaches the spoke")
    func transit() throws {
        let index = try estate()
        #expect(try index.check("10.1.1.4", "192.168.1.10", .tcp, 445).disposition == .onPremises)
        let inbound = try index.check("192.168.1.10", "10.1.1.4", .tcp, 22)
        #expect(inbound.disposition == .accepted, "the gateway needs no allowForwardedTraffic (PEER-7)")
        let graph = index.graph()
        #expect(graph.hop(from: "on-premises", to: "spoke/app") != nil)
        #expect(graph.hop(from: "spoke/app", to: "on-premises") != nil)
    }

    @Test(
        "§8 case 33: hub allowGatewayTransit without spoke useRemoteGateways (or the reverse) gives the spoke no on-premises routes",
        arguments: [(true, false), (false, true)])
    func halfTransit(transit: Bool, useRemote: Bool) throws {
        let index = try estate(transit: transit, useRemote: useRemote)
        #expect(try index.check("10.1.1.4", "192.168.1.10", .tcp, 445).disposition == .noRoute)
        #expect(index.graph().hop(from: "on-premises", to: "spoke/app") == nil)
    }

    @Test("RT-10: disableBgpRoutePropagation on the spoke's table drops the gateway routes even with transit")
    func propagationDisabled() throws {
        #expect(try estate(disableBgp: true).check("10.1.1.4", "192.168.1.10", .tcp, 445).disposition == .noRoute)
    }

    @Test("RT-13: a user route beats a gateway route for the same prefix")
    func userBeatsGateway() throws {
        let index = try estate(spokeRoutes: [("drop-branch", "192.168.0.0/16", "None", nil)])
        #expect(try index.check("10.1.1.4", "192.168.1.10", .tcp, 445).disposition == .noRoute)
    }

    @Test("RT-14: a more specific gateway route does not override the VNet's own range")
    func gatewayCannotHijackVNet() throws {
        let index = try estate()
        let spokeSubnet = ResourceID(MiniEstate.id("virtualNetworks", "spoke") + "/subnets/app")
        #expect(index.routes(of: spokeSubnet).lookup(IPAddress("10.1.5.4")!)?.nextHop == .vnetLocal)
        #expect(index.effectiveRoutes(of: spokeSubnet).contains { $0.route.source == .gateway && $0.route.prefix == IPPrefix("10.1.5.0/24")! })
    }
}

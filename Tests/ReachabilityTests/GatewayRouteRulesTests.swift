import AzureImport
import Foundation
import Reachability
import Testing
import TopologyModel

/// User routes against gateway routes: `hasBgpOverride` (RT-11) and the VPN-only
/// `VirtualNetworkGateway` next hop (RT-8).
@Suite("Gateway route rules (RT-8, RT-11)")
struct GatewayRouteRulesTests {
    static let base = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network"

    /// Hub VNet with a gateway of `gatewayType` reaching on-premises 192.168.1.0/24; subnet
    /// `app` (10.0.1.4) uses table `rt` with `routes`; an NVA (forwarding) at 10.0.2.4.
    func estate(gatewayType: String, routes: [(String, String, String, String?)], bgpOverride: Bool = false) -> MiniEstate {
        var e = MiniEstate()
        e.vnet(
            "hub", ["10.0.0.0/16"],
            subnets: [("GatewaySubnet", "10.0.255.0/27", nil, nil), ("app", "10.0.1.0/24", nil, "rt"), ("nva", "10.0.2.0/24", nil, nil)])
        e.routeTable("rt", routes)
        if bgpOverride {
            let i = e.resources.firstIndex { ($0["name"] as? String) == "rt" }!
            var props = e.resources[i]["properties"] as! [String: Any]
            props["routes"] = (props["routes"] as! [[String: Any]]).map { route -> [String: Any] in
                var r = route
                var p = r["properties"] as! [String: Any]
                p["hasBgpOverride"] = true
                r["properties"] = p
                return r
            }
            e.resources[i]["properties"] = props
        }
        e.nic("vm", vnet: "hub", subnet: "app", ip: "10.0.1.4")
        e.nic("nva", vnet: "hub", subnet: "nva", ip: "10.0.2.4", forwarding: true)
        e.resources.append([
            "id": "\(Self.base)/virtualNetworkGateways/gw", "name": "gw", "type": "Microsoft.Network/virtualNetworkGateways",
            "properties": [
                "gatewayType": gatewayType,
                "ipConfigurations": [
                    [
                        "name": "c",
                        "properties": [
                            "subnet": ["id": MiniEstate.id("virtualNetworks", "hub") + "/subnets/GatewaySubnet"]
                        ],
                    ]
                ],
            ],
        ])
        e.resources.append([
            "id": "\(Self.base)/localNetworkGateways/branch", "name": "branch", "type": "Microsoft.Network/localNetworkGateways",
            "properties": ["localNetworkAddressSpace": ["addressPrefixes": ["192.168.1.0/24"]]],
        ])
        e.resources.append([
            "id": "\(Self.base)/connections/c1", "name": "c1", "type": "Microsoft.Network/connections",
            "properties": [
                "virtualNetworkGateway1": ["id": "\(Self.base)/virtualNetworkGateways/gw"],
                "localNetworkGateway2": ["id": "\(Self.base)/localNetworkGateways/branch"],
            ],
        ])
        return e
    }

    static let app = ResourceID(MiniEstate.id("virtualNetworks", "hub") + "/subnets/app")

    @Test("RT-11: a user route with hasBgpOverride beats a more specific gateway route; without it, longest prefix wins")
    func bgpOverride() throws {
        let routes = [("branch-via-nva", "192.168.0.0/16", "VirtualAppliance", "10.0.2.4")]
        let plain = try estate(gatewayType: "Vpn", routes: routes).index()
        #expect(plain.routes(of: Self.app).lookup(IPAddress("192.168.1.10")!)?.source == .gateway)
        let direct = try plain.check("10.0.1.4", "192.168.1.10", .tcp, 445)
        #expect(direct.disposition == .onPremises)
        #expect(direct.trace.map(\.kind) == [.source, .route, .destination])

        let overridden = try estate(gatewayType: "Vpn", routes: routes, bgpOverride: true).index()
        let chosen = try #require(overridden.routes(of: Self.app).lookup(IPAddress("192.168.1.10")!))
        #expect(chosen.name == "branch-via-nva")
        #expect(chosen.source == .user)
        #expect(chosen.overridesGatewayRoutes)
        let flow = try overridden.check("10.0.1.4", "192.168.1.10", .tcp, 445)
        #expect(flow.disposition == .onPremises)
        #expect(flow.trace.map(\.kind) == [.source, .route, .appliance, .route, .destination])
        #expect(flow.trace[1].resourceName == "branch-via-nva")
        #expect(flow.trace[2].resourceName == "nva")
        // Addresses outside the gateway route still follow plain longest-prefix match.
        #expect(overridden.routes(of: Self.app).lookup(IPAddress("10.0.2.9")!)?.nextHop == .vnetLocal)
    }

    @Test("RT-8: a VirtualNetworkGateway user route is valid with a VPN gateway, invalid (warned, left out) with ExpressRoute")
    func expressRouteNextHop() throws {
        let routes = [("to-gw", "172.16.0.0/12", "VirtualNetworkGateway", nil as String?)]
        let vpn = try AzureImporter.load(json: estate(gatewayType: "Vpn", routes: routes).json)
        #expect(!vpn.diagnostics.contains { $0.message.contains("RT-8") })
        #expect(EstateIndex(topology: vpn.topology).routes(of: Self.app).lookup(IPAddress("172.16.1.1")!)?.name == "to-gw")

        let er = try AzureImporter.load(json: estate(gatewayType: "ExpressRoute", routes: routes).json, file: "er.json")
        let warning = try #require(er.diagnostics.first { $0.message.contains("RT-8") })
        #expect(warning.severity == .warning)
        #expect(warning.file == "er.json")
        #expect(warning.pointer == "/1/properties/routes/0/properties/nextHopType")
        #expect(
            warning.message
                == "route 'to-gw' sends 172.16.0.0/12 to VirtualNetworkGateway, but the gateway of subnet 'app' is gw, an ExpressRoute gateway; only VPN gateways can be a user-defined route's next hop (RT-8), so the route is left out of the effective routes"
        )
        let index = EstateIndex(topology: er.topology)
        let route = try #require(index.routes(of: Self.app).lookup(IPAddress("172.16.1.1")!))
        #expect(route.name == "reserved private range (RT-1)")
        #expect(try index.check("10.0.1.4", "172.16.1.1", .tcp, 443).disposition == .noRoute)
    }
}

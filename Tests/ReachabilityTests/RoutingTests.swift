import Testing
import TopologyModel

@testable import Reachability

@Suite("System and user-defined routes (RT-1, RT-2, RT-12, RT-13, RT-15, PEER-3)")
struct RoutingTests {
    func estate(space: [String] = ["10.1.0.0/16"], table: [(String, String, String, String?)]? = nil) throws -> (EstateIndex, ResourceID) {
        var e = MiniEstate()
        e.vnet("a", space, subnets: [("s1", "\(space[0].split(separator: "/")[0])/24", nil, table == nil ? nil : "rt")])
        e.vnet("b", ["10.2.0.0/16"], subnets: [("s1", "10.2.0.0/24", nil, nil)])
        e.peer("a", "b")
        if let table { e.routeTable("rt", table) }
        let index = try e.index()
        return (index, ResourceID(MiniEstate.id("virtualNetworks", "a") + "/subnets/s1"))
    }

    @Test("RT-1: VNet range, Internet default and the four reserved None routes")
    func systemRoutes() throws {
        let (index, subnet) = try estate()
        let routes = index.routes(of: subnet)
        #expect(routes.lookup(IPAddress("10.1.9.9")!)?.nextHop == .vnetLocal)
        #expect(routes.lookup(IPAddress("8.8.8.8")!)?.nextHop == .internet)
        for reserved in ["10.9.0.1", "172.16.5.5", "192.168.1.1", "100.64.0.1"] {
            #expect(routes.lookup(IPAddress(reserved)!)?.nextHop == EffectiveRoute.NextHop.none, "\(reserved)")
        }
    }

    @Test("PEER-3: a live peering adds a route for the remote space")
    func peeringRoute() throws {
        let (index, subnet) = try estate()
        guard case .vnetPeering? = index.routes(of: subnet).lookup(IPAddress("10.2.0.4")!)?.nextHop else {
            Issue.record("expected a VNetPeering route to 10.2.0.4")
            return
        }
    }

    @Test("RT-2: a VNet range containing a reserved prefix replaces its None route")
    func reservedReplaced() throws {
        let (index, subnet) = try estate(space: ["10.0.0.0/8"])
        #expect(index.routes(of: subnet).lookup(IPAddress("10.200.0.1")!)?.nextHop == .vnetLocal)
        #expect(!index.routes(of: subnet).routes.contains { $0.prefix == IPPrefix("10.0.0.0/8")! && $0.nextHop == .none })
    }

    @Test("RT-15, §8 case 25: a 0.0.0.0/0 user route removes the reserved None routes, so 172.16.x goes where the UDR says")
    func userDefaultRemovesNone() throws {
        let (index, subnet) = try estate(table: [("default", "0.0.0.0/0", "Internet", nil)])
        #expect(!index.routes(of: subnet).routes.contains { $0.nextHop == .none })
        #expect(index.routes(of: subnet).lookup(IPAddress("172.16.0.1")!)?.source == .user)
    }

    @Test("RT-12/RT-13: longest prefix wins; on a tie the user route beats the system route")
    func longestPrefixAndTie() throws {
        let (index, subnet) = try estate(table: [("same", "10.2.0.0/16", "None", nil), ("narrow", "10.1.5.0/24", "None", nil)])
        let routes = index.routes(of: subnet)
        #expect(routes.lookup(IPAddress("10.2.0.4")!)?.name == "same")
        #expect(routes.lookup(IPAddress("10.1.5.4")!)?.name == "narrow")
        #expect(routes.lookup(IPAddress("10.1.6.4")!)?.nextHop == .vnetLocal)
    }

    @Test("§8 case 24: a UDR to None for a subnet drops intra-VNet traffic to it")
    func noneRouteDropsIntraVNet() throws {
        var e = MiniEstate()
        e.vnet("a", ["10.1.0.0/16"], subnets: [("s1", "10.1.1.0/24", nil, "rt"), ("s2", "10.1.2.0/24", nil, nil)])
        e.routeTable("rt", [("drop-s2", "10.1.2.0/24", "None", nil)])
        e.nic("vm1", vnet: "a", subnet: "s1", ip: "10.1.1.4")
        e.nic("vm2", vnet: "a", subnet: "s2", ip: "10.1.2.4")
        let index = try e.index()
        #expect(try index.check("10.1.1.4", "10.1.2.4").disposition == .noRoute)
        // UDRs apply only to traffic leaving their subnet (RT-18): the request from s2 arrives,
        // but s1's reply to s2 meets the None route, so no connection is made.
        let back = try index.check("10.1.2.4", "10.1.1.4")
        #expect(back.disposition == .droppedAsymmetricReturn)
        #expect(back.trace.contains { $0.kind == .destination })
        #expect(back.trace.last?.resourceName == "drop-s2")
        let graph = index.graph()
        #expect(graph.hop(from: "a/s2", to: "a/s1") == nil)
        #expect(graph.oneWay.contains { $0.from == "a/s2" && $0.to == "a/s1" && $0.reply.resourceName == "drop-s2" })
    }

    @Test("RT-7: a virtual-appliance next hop that matches no NIC or firewall is a black hole")
    func applianceUnmodelled() throws {
        var e = MiniEstate()
        e.vnet("a", ["10.1.0.0/16"], subnets: [("s1", "10.1.1.0/24", nil, "rt"), ("s2", "10.1.2.0/24", nil, nil)])
        e.routeTable("rt", [("via-nva", "10.1.2.0/24", "VirtualAppliance", "10.1.9.4")])
        e.nic("vm1", vnet: "a", subnet: "s1", ip: "10.1.1.4")
        e.nic("vm2", vnet: "a", subnet: "s2", ip: "10.1.2.4")
        let result = try e.index().check("10.1.1.4", "10.1.2.4")
        #expect(result.disposition == .droppedAtAppliance, "10.1.9.4 holds no NIC or firewall: black hole (RT-7)")
        #expect(!result.allowed)
    }
}

import AuditReport
import AzureImport
import Foundation
import Reachability
import Testing
import TopologyModel

/// Internal load balancers as destinations and as next hops (PUB-3, RT-7, PEER-5).
@Suite("Internal load balancers")
struct InternalLoadBalancerTests {
    /// Hub with an NVA behind an internal LB (frontend 10.0.1.10, HA ports), spokes A and B.
    /// A routes B's range to the frontend.
    /// B routes A's range back through the frontend unless `returnRoute` is false.
    func estate(sku: String = "Standard", bLocation: String = "westeurope", returnRoute: Bool = true) throws -> EstateIndex {
        var e = MiniEstate()
        e.vnet("hub", ["10.0.0.0/16"], subnets: [("nva", "10.0.1.0/24", nil, nil)])
        e.vnet("a", ["10.1.0.0/16"], subnets: [("s1", "10.1.1.0/24", nil, "rt")])
        e.vnet("b", ["10.2.0.0/16"], location: bLocation, subnets: [("s1", "10.2.1.0/24", nil, returnRoute ? "rt-b" : nil)])
        for (x, y) in [("hub", "a"), ("hub", "b")] { e.peer(x, y, allowForwardedTraffic: true) }
        e.routeTable("rt", [("to-b", "10.2.0.0/16", "VirtualAppliance", "10.0.1.10")])
        e.routeTable("rt-b", [("to-a", "10.1.0.0/16", "VirtualAppliance", "10.0.1.10")])
        e.nic("nva", vnet: "hub", subnet: "nva", ip: "10.0.1.4", forwarding: true)
        e.nic("vm-a", vnet: "a", subnet: "s1", ip: "10.1.1.4")
        e.nic("vm-b", vnet: "b", subnet: "s1", ip: "10.2.1.4")
        let lb = MiniEstate.id("loadBalancers", "ilb")
        e.resources.append([
            "id": lb, "name": "ilb", "type": "Microsoft.Network/loadBalancers", "sku": ["name": sku],
            "properties": [
                "frontendIPConfigurations": [
                    [
                        "id": lb + "/frontendIPConfigurations/fe", "name": "fe",
                        "properties": ["privateIPAddress": "10.0.1.10", "subnet": ["id": MiniEstate.id("virtualNetworks", "hub") + "/subnets/nva"]],
                    ]
                ],
                "backendAddressPools": [
                    [
                        "id": lb + "/backendAddressPools/nvas", "name": "nvas",
                        "properties": ["backendIPConfigurations": [["id": MiniEstate.id("networkInterfaces", "nva") + "/ipConfigurations/ipconfig1"]]],
                    ]
                ],
                "loadBalancingRules": [
                    [
                        "name": "ha",
                        "properties": [
                            "frontendIPConfiguration": ["id": lb + "/frontendIPConfigurations/fe"],
                            "backendAddressPool": ["id": lb + "/backendAddressPools/nvas"],
                            "protocol": "All", "frontendPort": 0, "backendPort": 0,
                        ],
                    ]
                ],
            ],
        ])
        return try e.index()
    }

    @Test("RT-7: an internal load balancer frontend as next hop sends traffic through its backend NVA")
    func nextHop() throws {
        let result = try estate().check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(result.disposition == .accepted)
        #expect(result.trace.contains { $0.kind == .appliance && $0.detail.contains("internal load balancer ilb") })
        #expect(result.trace.contains { $0.kind == .appliance && $0.resourceName == "nva" })
    }

    @Test("RT-18: without a route back, B's reply to A has no way (B is not peered with A): no connection, one way only")
    func nextHopWithoutReturnRoute() throws {
        let index = try estate(returnRoute: false)
        let result = try index.check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(result.disposition == .droppedAsymmetricReturn)
        #expect(result.trace.last?.detail.contains("has no way back") == true)
        let graph = index.graph()
        #expect(graph.hop(from: "a/s1", to: "b/s1") == nil)
        #expect(graph.oneWay.contains { $0.from == "a/s1" && $0.to == "b/s1" })
    }

    @Test("PUB-3: a flow to the frontend reaches the backend, whose NSGs see the backend address")
    func destination() throws {
        let result = try estate().check("10.1.1.4", "10.0.1.10", .tcp, 443)
        #expect(result.disposition == .accepted)
        #expect(result.trace.contains { $0.kind == .destination && $0.detail.contains("10.0.1.4") })
    }

    @Test("PEER-5, §8 case 34: a Basic internal load balancer is not reachable across global peering; a Standard one is")
    func basicGlobal() throws {
        // Spoke B in another region reaches the hub LB only if it is Standard.
        #expect(try estate(sku: "Basic", bLocation: "eastus").check("10.2.1.4", "10.0.1.10", .tcp, 443).disposition == .noRoute)
        #expect(try estate(sku: "Standard", bLocation: "eastus").check("10.2.1.4", "10.0.1.10", .tcp, 443).disposition == .accepted)
    }
}

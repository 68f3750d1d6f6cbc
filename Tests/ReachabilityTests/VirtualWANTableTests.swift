import AzureImport
import Foundation
import Testing
import TopologyModel

@testable import Reachability

/// Hub route tables: their static routes (VWAN-4), next hops (VWAN-10), the table a
/// connection is associated with (VWAN-7), and what spokes make of them (VWAN-28). On the
/// estate of ``VirtualWANTests``.
@Suite("Virtual WAN route tables")
struct VirtualWANTableTests {
    static let custom = VirtualWANTests.hubWE + "/hubRouteTables/rt-a"
    static let connB = VirtualWANTests.hubWE + "/hubVirtualNetworkConnections/conn-b"

    /// rt-a on hub-we, holding `routes`; conn-a associated with it, still propagating to `default`.
    static func associateA(_ items: inout [[String: Any]], routes: [[String: Any]]) {
        items.append([
            "id": custom, "name": "rt-a", "type": "Microsoft.Network/virtualHubs/hubRouteTables", "properties": ["routes": routes, "labels": []],
        ])
        VirtualWANTests.edit(&items, VirtualWANTests.hubWE + "/hubVirtualNetworkConnections/conn-a") { properties in
            properties["routingConfiguration"] = [
                "associatedRouteTable": ["id": custom],
                "propagatedRouteTables": ["ids": [["id": VirtualWANTests.hubWE + "/hubRouteTables/defaultRouteTable"]], "labels": ["default"]],
            ]
        }
    }

    @Test(
        "VWAN-4, VWAN-10: a static CIDR route to a VNet connection sends its prefix into that VNet; a route of another destination type matches nothing, with a warning"
    )
    func staticRoutes() throws {
        let result = try VirtualWANTests.load { items in
            Self.associateA(
                &items,
                routes: [
                    ["name": "to-b", "destinationType": "CIDR", "destinations": ["10.2.0.0/16"], "nextHopType": "ResourceId", "nextHop": Self.connB],
                    ["name": "by-service", "destinationType": "Service", "destinations": ["AzureCloud"], "nextHopType": "ResourceId", "nextHop": Self.connB],
                ])
        }
        let routing = EstateIndex(topology: result.topology).hubRouting
        let route = try #require(routing.lookup(ResourceID(Self.custom), IPAddress("10.2.0.4")!))
        #expect(route.hop == .connection(ResourceID(Self.connB)) && route.isStatic && route.name == "to-b")
        #expect(routing.tables[ResourceID(Self.custom)]?.count == 1)
        #expect(result.diagnostics.contains { $0.message.contains("by-service") && $0.message.contains("VWAN-4") })
    }

    @Test("VWAN-7: a connection's traffic and its spoke's routes come from the table it is associated with, not defaultRouteTable")
    func association() throws {
        let result = try VirtualWANTests.load { items in
            Self.associateA(
                &items,
                routes: [["name": "to-b", "destinationType": "CIDR", "destinations": ["10.2.0.0/16"], "nextHopType": "ResourceId", "nextHop": Self.connB]])
        }
        let index = EstateIndex(topology: result.topology)
        let a = try #require(result.topology.networks[ResourceID(VirtualWANTests.base + "/virtualNetworks/vnet-a")])
        let learned = Set(index.hubRouting.spokeRoutes(network: a, propagation: true).map(\.prefix))
        #expect(learned.contains(IPPrefix("10.2.0.0/16")!))
        #expect(!learned.contains(IPPrefix("10.3.0.0/16")!), "defaultRouteTable's route to vnet-c is not vnet-a's")
        #expect(try VirtualWANTests.flow(result, "10.1.0.4", "10.2.0.4", 443).allowed)
        #expect(try VirtualWANTests.flow(result, "10.1.0.4", "10.3.0.4", 443).disposition == .noRoute)
        // vnet-b, on defaultRouteTable, still reaches vnet-c.
        #expect(try VirtualWANTests.flow(result, "10.2.0.4", "10.3.0.4", 443).allowed)
    }

    @Test("VWAN-28: the prefixes a spoke learns from its hub are in its VirtualNetwork tag, so the default AllowVnetInBound admits other spokes")
    func virtualNetworkTag() throws {
        let result = try VirtualWANTests.load()
        let flow = try VirtualWANTests.flow(result, "10.1.0.4", "10.2.0.4", 443)
        #expect(flow.disposition == .accepted)
        #expect(flow.decidingRules == ["nsg-b/AllowVnetInBound"])
        // A route table that stops gateway routes leaves vnet-b only the hub's range: vnet-a's
        // packets still arrive (vnet-a's routes are unchanged) but are no VirtualNetwork
        // traffic to nsg-b any more.
        let rt = VirtualWANTests.base + "/routeTables/rt-b"
        let isolated = try VirtualWANTests.load { items in
            items.append([
                "id": rt, "name": "rt-b", "type": "Microsoft.Network/routeTables", "location": "westeurope",
                "properties": ["disableBgpRoutePropagation": true, "routes": []],
            ])
            VirtualWANTests.editNetwork(&items, VirtualWANTests.base + "/virtualNetworks/vnet-b") { _, subnets in
                var subnet = subnets[0]["properties"] as? [String: Any] ?? [:]
                subnet["routeTable"] = ["id": rt]
                subnets[0]["properties"] = subnet
            }
        }
        let refused = try VirtualWANTests.flow(isolated, "10.1.0.4", "10.2.0.4", 443)
        #expect(refused.disposition == .deniedInbound)
        #expect(refused.decidingRules == ["nsg-b/DenyAllInBound"])
    }

    @Test("VWAN-9: a hub table's lookup takes the longest prefix, and on one prefix its static route over the one a connection propagates")
    func lookupOrder() throws {
        let connA = VirtualWANTests.hubWE + "/hubVirtualNetworkConnections/conn-a"
        let table = VirtualWANTests.hubWE + "/hubRouteTables/defaultRouteTable"
        func lookup(_ routes: [[String: Any]]) throws -> HubRouting.Route? {
            let result = try VirtualWANTests.load { items in VirtualWANTests.edit(&items, table) { $0["routes"] = routes } }
            return EstateIndex(topology: result.topology).hubRouting.lookup(ResourceID(table), IPAddress("10.2.0.4")!)
        }
        func route(_ name: String, _ prefix: String) -> [String: Any] {
            ["name": name, "destinationType": "CIDR", "destinations": [prefix], "nextHopType": "ResourceId", "nextHop": connA]
        }
        // Equal prefixes: the static route beats conn-b's propagated 10.2.0.0/16.
        let equal = try #require(try lookup([route("override", "10.2.0.0/16")]))
        #expect(equal.isStatic && equal.hop == .connection(ResourceID(connA)))
        // A wider static route loses to the propagated, more specific one.
        let wider = try #require(try lookup([route("aggregate", "10.0.0.0/8")]))
        #expect(!wider.isStatic && wider.hop == .connection(ResourceID(Self.connB)))
    }
}

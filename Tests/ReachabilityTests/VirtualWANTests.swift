import AzureImport
import Foundation
import Intent
import TestSupport
import Testing
import TopologyModel

@testable import Reachability

/// Virtual WAN (docs/reference/azure-semantics-enterprise.md §1). The estate is
/// Tests/Fixtures/Semantics/vwan-two-hubs (fixture V1 of the reference, plus an unconnected
/// VNet), whose flows the semantics matrix checks; these tests turn it into the reference's
/// fixtures V2 to V4 and the cases around them by editing its resources.
@Suite("Virtual WAN")
struct VirtualWANTests {
    static var fixture: String { Fixtures.fixture("Semantics/vwan-two-hubs/topology.json") }
    static let base = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network"
    static let hubWE = base + "/virtualHubs/hub-we"
    static let hubNE = base + "/virtualHubs/hub-ne"
    static let firewallWE = base + "/azureFirewalls/fw-we"

    static func load(_ edit: (inout [[String: Any]]) -> Void = { _ in }) throws -> ImportResult {
        var items = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture))) as? [[String: Any]])
        edit(&items)
        let bytes = try JSONSerialization.data(withJSONObject: items, options: [.sortedKeys])
        return try AzureImporter.build([try SourceDocument(bytes: Array(bytes), file: "estate.json")])
    }

    /// The properties of the resource with `id`, edited.
    static func edit(_ items: inout [[String: Any]], _ id: String, _ change: (inout [String: Any]) -> Void) {
        guard let i = items.firstIndex(where: { ($0["id"] as? String)?.lowercased() == id.lowercased() }),
            var properties = items[i]["properties"] as? [String: Any]
        else { return }
        change(&properties)
        items[i]["properties"] = properties
    }

    /// A VNet's properties and its inline subnets, edited.
    static func editNetwork(_ items: inout [[String: Any]], _ id: String, _ change: (inout [String: Any], inout [[String: Any]]) -> Void) {
        edit(&items, id) { properties in
            var subnets = properties["subnets"] as? [[String: Any]] ?? []
            change(&properties, &subnets)
            properties["subnets"] = subnets
        }
    }

    static func flow(_ result: ImportResult, _ source: String, _ destination: String, _ port: UInt16 = 443) throws -> FlowResult {
        try EstateIndex(topology: result.topology).verdict(
            FlowQuery(source: IPAddress(source)!, destination: IPAddress(destination)!, proto: .tcp, destinationPort: port))
    }

    static func passesFirewall(_ flow: FlowResult) -> Bool { flow.trace.contains { $0.kind == .firewall } }

    /// fw-we in hub-we with a policy that allows TCP 443 from 10/8 anywhere (fixture V3).
    static func secure(_ items: inout [[String: Any]]) {
        items.append([
            "id": firewallWE, "name": "fw-we", "type": "Microsoft.Network/azureFirewalls", "location": "westeurope",
            "properties": [
                "sku": ["name": "AZFW_Hub", "tier": "Standard"], "virtualHub": ["id": hubWE],
                "hubIPAddresses": ["privateIPAddress": "10.100.0.132", "publicIPs": ["count": 1, "addresses": [["address": "20.1.2.3"]]]],
                "firewallPolicy": ["id": base + "/firewallPolicies/p1"],
            ],
        ])
        items.append([
            "id": base + "/firewallPolicies/p1", "name": "p1", "type": "Microsoft.Network/firewallPolicies", "location": "westeurope",
            "properties": ["sku": ["tier": "Standard"]],
        ])
        items.append([
            "id": base + "/firewallPolicies/p1/ruleCollectionGroups/rcg", "name": "rcg",
            "type": "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
            "properties": [
                "priority": 100,
                "ruleCollections": [
                    [
                        "ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "allow-https", "priority": 100,
                        "action": ["type": "Allow"],
                        "rules": [
                            [
                                "ruleType": "NetworkRule", "name": "https", "ipProtocols": ["TCP"], "sourceAddresses": ["10.0.0.0/8"],
                                "destinationAddresses": ["*"], "destinationPorts": ["443"],
                            ]
                        ],
                    ]
                ],
            ],
        ])
    }

    /// Fixture V3: routing intent on hub-we, private and Internet traffic to fw-we; conn-b
    /// does not take the hub's default route.
    static func intent(_ items: inout [[String: Any]], internetOnly: Bool = false) {
        secure(&items)
        var policies: [[String: Any]] = [["name": "InternetTraffic", "destinations": ["Internet"], "nextHop": firewallWE]]
        if !internetOnly { policies.append(["name": "PrivateTraffic", "destinations": ["PrivateTraffic"], "nextHop": firewallWE]) }
        items.append([
            "id": hubWE + "/routingIntent/ri", "name": "ri", "type": "Microsoft.Network/virtualHubs/routingIntent",
            "properties": ["routingPolicies": policies],
        ])
        edit(&items, hubWE + "/hubVirtualNetworkConnections/conn-b") { $0["enableInternetSecurity"] = false }
    }

    @Test("VWAN-13: a spoke learns its table's prefixes as gateway routes and its hub's range over the hidden peering, never its own range")
    func spokeRoutes() throws {
        let result = try Self.load()
        let index = EstateIndex(topology: result.topology)
        let routes = index.effectiveRoutes(of: ResourceID(Self.base + "/virtualNetworks/vnet-a/subnets/default")).map(\.route)
        let toB = try #require(routes.first { $0.prefix == IPPrefix("10.2.0.0/16") })
        #expect(toB.source == .gateway)
        #expect(toB.nextHop.name == "VirtualNetworkGateway")
        #expect(routes.contains { $0.prefix == IPPrefix("10.3.0.0/16") && $0.source == .gateway })
        #expect(routes.contains { $0.prefix == IPPrefix("10.100.0.0/23") && $0.nextHop.name == "VNetPeering" })
        #expect(!routes.contains { $0.prefix == IPPrefix("10.1.0.0/16") && $0.source == .gateway })
        // No hub table holds a default route: the system route to the Internet stays.
        #expect(routes.contains { $0.prefix == IPPrefix("0.0.0.0/0") && $0.nextHop == .internet })
    }

    @Test("VWAN-13.4: a route table that stops gateway route propagation keeps the hub's range only")
    func propagationOff() throws {
        let result = try Self.load { items in
            items.append([
                "id": Self.base + "/routeTables/rt-a", "name": "rt-a", "type": "Microsoft.Network/routeTables", "location": "westeurope",
                "properties": ["disableBgpRoutePropagation": true, "routes": []],
            ])
            Self.edit(&items, Self.base + "/virtualNetworks/vnet-a") { properties in
                properties["subnets"] = [
                    [
                        "id": Self.base + "/virtualNetworks/vnet-a/subnets/default", "name": "default",
                        "properties": ["addressPrefix": "10.1.0.0/24", "routeTable": ["id": Self.base + "/routeTables/rt-a"]],
                    ]
                ]
            }
        }
        #expect(try Self.flow(result, "10.1.0.4", "10.2.0.4").disposition == .noRoute)
    }

    @Test("VWAN-6: a Basic WAN carries no traffic between VNets")
    func basic() throws {
        let result = try Self.load { Self.edit(&$0, Self.base + "/virtualWans/wan1") { $0["type"] = "Basic" } }
        let flow = try Self.flow(result, "10.1.0.4", "10.2.0.4", 22)
        #expect(flow.disposition == .noRoute)
    }

    @Test("VWAN-16: VNets associated with a table that learns no VNet routes do not reach each other (fixture V2)")
    func isolation() throws {
        let result = try Self.load { items in
            let table = Self.hubWE + "/hubRouteTables/RT_VNET"
            items.append([
                "id": table, "name": "RT_VNET", "type": "Microsoft.Network/virtualHubs/hubRouteTables",
                "properties": ["routes": [], "labels": ["rtvnet"]],
            ])
            for name in ["conn-a", "conn-b"] {
                Self.edit(&items, Self.hubWE + "/hubVirtualNetworkConnections/" + name) { properties in
                    var routing = properties["routingConfiguration"] as? [String: Any] ?? [:]
                    routing["associatedRouteTable"] = ["id": table]
                    properties["routingConfiguration"] = routing
                }
            }
        }
        let aToB = try Self.flow(result, "10.1.0.4", "10.2.0.4")
        #expect(aToB.disposition == .noRoute)
        #expect(aToB.trace.contains { $0.rules.contains(.vwan(16)) } || aToB.trace.contains { $0.kind == .route && $0.decision == .drop })
        #expect(try Self.flow(result, "10.1.0.4", "10.3.0.4").disposition == .noRoute)
        // C's table still holds A's prefix: the request arrives, the reply has no route.
        let cToA = try Self.flow(result, "10.3.0.4", "10.1.0.4")
        #expect(!cToA.allowed)
    }

    @Test("VWAN-19, VWAN-20: routing intent sends VNet-to-VNet traffic through the hub firewall, whose rules decide (fixture V3)")
    func routingIntent() throws {
        let result = try Self.load { Self.intent(&$0) }
        let https = try Self.flow(result, "10.1.0.4", "10.2.0.4", 443)
        #expect(https.disposition == .accepted)
        #expect(Self.passesFirewall(https))
        #expect(https.trace.contains { $0.rules.contains(.vwan(19)) })
        let ssh = try Self.flow(result, "10.1.0.4", "10.2.0.4", 22)
        #expect(ssh.disposition == .deniedByFirewall)
    }

    @Test("VWAN-19: private traffic between hubs crosses the secured hub's firewall in both directions")
    func interHub() throws {
        let result = try Self.load { Self.intent(&$0) }
        let out = try Self.flow(result, "10.1.0.4", "10.3.0.4", 443)
        #expect(out.disposition == .accepted)
        #expect(Self.passesFirewall(out))
        let back = try Self.flow(result, "10.3.0.4", "10.1.0.4", 443)
        #expect(back.disposition == .accepted)
        #expect(Self.passesFirewall(back))
        #expect(try Self.flow(result, "10.3.0.4", "10.1.0.4", 22).disposition == .deniedByFirewall)
    }

    @Test("VWAN-13.3, VWAN-14: the Internet policy's default route reaches only connections with enableInternetSecurity")
    func internetPolicy() throws {
        let result = try Self.load { Self.intent(&$0) }
        let a = try Self.flow(result, "10.1.0.4", "93.184.216.34", 443)
        #expect(a.allowed)
        #expect(Self.passesFirewall(a))
        let b = try Self.flow(result, "10.2.0.4", "93.184.216.34", 80)
        #expect(b.allowed)
        #expect(!Self.passesFirewall(b))
    }

    @Test("VWAN-11: a hub's default route stays in its hub: another hub's spokes keep their own way out")
    func defaultRouteStaysLocal() throws {
        let result = try Self.load { Self.intent(&$0) }
        let c = try Self.flow(result, "10.3.0.4", "93.184.216.34", 80)
        #expect(c.allowed)
        #expect(!Self.passesFirewall(c))
        let index = EstateIndex(topology: result.topology)
        let routes = index.effectiveRoutes(of: ResourceID(Self.base + "/virtualNetworks/vnet-c/subnets/default")).map(\.route)
        #expect(!routes.contains { $0.prefix.length == 0 && $0.source == .gateway })
    }

    @Test("VWAN-20: an Internet policy alone leaves VNet-to-VNet traffic direct")
    func internetOnlyIntent() throws {
        let result = try Self.load { Self.intent(&$0, internetOnly: true) }
        let ssh = try Self.flow(result, "10.1.0.4", "10.2.0.4", 22)
        #expect(ssh.disposition == .accepted)
        #expect(!Self.passesFirewall(ssh))
    }

    @Test("VWAN-25: a secured hub's 10/8 static route loses to the more specific VNet routes; only the rest goes to the firewall (fixture V4)")
    func securedHubWithoutIntent() throws {
        let result = try Self.load { items in
            Self.secure(&items)
            Self.edit(&items, Self.hubWE + "/hubRouteTables/defaultRouteTable") { properties in
                properties["routes"] = [
                    [
                        "name": "private_traffic", "destinationType": "CIDR", "destinations": ["10.0.0.0/8"], "nextHopType": "ResourceId",
                        "nextHop": Self.firewallWE,
                    ]
                ]
            }
        }
        let ssh = try Self.flow(result, "10.1.0.4", "10.2.0.4", 22)
        #expect(ssh.disposition == .accepted)
        #expect(!Self.passesFirewall(ssh))
        let other = try Self.flow(result, "10.1.0.4", "10.4.0.4", 443)
        #expect(Self.passesFirewall(other))
        #expect(!other.allowed)
    }

    @Test("VWAN-17: between spokes both hub-connected and peered, the peering wins")
    func peeringWins() throws {
        let result = try Self.load { items in
            for (local, remote) in [("vnet-a", "vnet-b"), ("vnet-b", "vnet-a")] {
                Self.edit(&items, Self.base + "/virtualNetworks/" + local) { properties in
                    properties["virtualNetworkPeerings"] = [
                        [
                            "id": Self.base + "/virtualNetworks/\(local)/virtualNetworkPeerings/to-\(remote)", "name": "to-\(remote)",
                            "properties": [
                                "remoteVirtualNetwork": ["id": Self.base + "/virtualNetworks/" + remote], "peeringState": "Connected",
                                "allowVirtualNetworkAccess": true,
                            ],
                        ]
                    ]
                }
            }
            Self.intent(&items)
        }
        let ssh = try Self.flow(result, "10.1.0.4", "10.2.0.4", 22)
        #expect(ssh.disposition == .accepted)
        #expect(!Self.passesFirewall(ssh))
        #expect(ssh.trace.contains { $0.kind == .peering })
    }

    @Test("VWAN-12: a connection's static route sends the hub's traffic for its prefixes to the appliance it names")
    func connectionStaticRoute() throws {
        let result = try Self.load { items in
            Self.edit(&items, Self.hubWE + "/hubVirtualNetworkConnections/conn-b") { properties in
                properties["routingConfiguration"] = [
                    "vnetRoutes": [
                        "staticRoutes": [["name": "indirect", "addressPrefixes": ["10.2.0.0/16"], "nextHopIpAddress": "10.2.0.10"]],
                        "staticRoutesConfig": ["vnetLocalRouteOverrideCriteria": "Contains"],
                    ]
                ]
            }
        }
        let flow = try Self.flow(result, "10.1.0.4", "10.2.0.4", 443)
        // No NIC holds 10.2.0.10: Contains sends even B's own hosts there, and they are lost.
        #expect(flow.disposition == .droppedAtAppliance)
        #expect(flow.trace.contains { $0.rules.contains(.vwan(12)) })
        let bypass = try Self.load { items in
            Self.edit(&items, Self.hubWE + "/hubVirtualNetworkConnections/conn-b") { properties in
                properties["routingConfiguration"] = [
                    "vnetRoutes": [
                        "staticRoutes": [["name": "indirect", "addressPrefixes": ["10.2.0.0/16"], "nextHopIpAddress": "10.2.0.10"]],
                        "staticRoutesConfig": ["vnetLocalRouteOverrideCriteria": "Equal"],
                    ]
                ]
            }
        }
        #expect(try Self.flow(bypass, "10.1.0.4", "10.2.0.4", 443).disposition == .accepted)
    }

    @Test("VWAN-2, VWAN-18, VWAN-30: a Route Server is not a hub, a VNet connected to two hubs is an error, what is not provisioned is said")
    func importChecks() throws {
        let result = try Self.load { items in
            items.append([
                "id": Self.base + "/virtualHubs/rs1", "name": "rs1", "type": "Microsoft.Network/virtualHubs", "kind": "RouteServer",
                "properties": ["addressPrefix": "10.250.0.0/24"],
            ])
            Self.edit(&items, Self.hubNE) { $0["routingState"] = "Provisioning" }
        }
        #expect(result.topology.virtualWAN.hubs.count == 2)
        #expect(result.diagnostics.contains { $0.message.contains("Route Server") && $0.message.contains("VWAN-2") })
        #expect(result.diagnostics.contains { $0.message.contains("routingState Provisioning") && $0.message.contains("VWAN-30") })
        do {
            _ = try Self.load { items in
                items.append([
                    "id": Self.hubNE + "/hubVirtualNetworkConnections/conn-a2", "name": "conn-a2",
                    "type": "Microsoft.Network/virtualHubs/hubVirtualNetworkConnections",
                    "properties": ["remoteVirtualNetwork": ["id": Self.base + "/virtualNetworks/vnet-a"]],
                ])
            }
            Issue.record("a VNet connected to two hubs was accepted")
        } catch {
            #expect("\(error)".contains("VWAN-18"))
            #expect("\(error)".contains("conn-a2"))
        }
    }

    /// The fixture with routing intent (V3), as documents a change file edits.
    static func intentDocuments() throws -> [SourceDocument] {
        var items = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture))) as? [[String: Any]])
        intent(&items)
        let bytes = try JSONSerialization.data(withJSONObject: items, options: [.sortedKeys, .prettyPrinted])
        return [try SourceDocument(bytes: Array(bytes), file: "estate.json")]
    }

    static func changed(_ documents: [SourceDocument], _ yaml: String) throws -> Topology {
        let edits = try ChangeFile.parse(yaml, file: "change.yaml").edits(against: AzureImporter.catalog(documents))
        return try AzureImporter.build(documents, edits: edits).topology
    }

    @Test("what-if: changing routing intent to Internet only takes the firewall off VNet-to-VNet traffic")
    func whatIfRoutingIntent() throws {
        let documents = try Self.intentDocuments()
        let before = try AzureImporter.build(documents).topology
        let after = try Self.changed(
            documents,
            """
            version: 1
            changes:
              - op: patch
                target: \(Self.hubWE)/routingIntent/ri
                patch:
                  properties:
                    routingPolicies:
                      - name: InternetTraffic
                        destinations: [Internet]
                        nextHop: \(Self.firewallWE)
            """)
        #expect(after.securityGroupChanges(since: before) == nil)
        let query = FlowQuery(source: IPAddress("10.1.0.4")!, destination: IPAddress("10.2.0.4")!, proto: .tcp, destinationPort: 22)
        #expect(try EstateIndex(topology: before).verdict(query).disposition == .deniedByFirewall)
        #expect(try EstateIndex(topology: after).verdict(query).disposition == .accepted)
        let hop = try #require(EstateIndex(topology: after).graph().hop(from: "vnet-a/default", to: "vnet-b/default"))
        #expect(hop.services.contains(.tcp, 22))
    }

    @Test("what-if: connecting a VNet to a hub gives it the hub's routes, through the hub's firewall")
    func whatIfAddsConnection() throws {
        let documents = try Self.intentDocuments()
        let after = try Self.changed(
            documents,
            """
            version: 1
            changes:
              - op: add-resource
                resource:
                  id: \(Self.hubWE)/hubVirtualNetworkConnections/conn-d
                  type: Microsoft.Network/virtualHubs/hubVirtualNetworkConnections
                  properties:
                    remoteVirtualNetwork:
                      id: \(Self.base)/virtualNetworks/vnet-d
            """)
        let index = EstateIndex(topology: after)
        let flow = try index.verdict(FlowQuery(source: IPAddress("10.4.0.4")!, destination: IPAddress("10.2.0.4")!, proto: .tcp, destinationPort: 443))
        #expect(flow.disposition == .accepted)
        #expect(Self.passesFirewall(flow))
        #expect(index.graph().hop(from: "vnet-d/default", to: "vnet-b/default")?.services == ServiceSet(.tcp, 443))
    }
}

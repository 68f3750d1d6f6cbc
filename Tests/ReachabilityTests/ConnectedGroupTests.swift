import AzureImport
import Foundation
import Intent
import TestSupport
import Testing
import TopologyModel

@testable import Reachability

/// Virtual Network Manager's connected groups (docs/reference/azure-semantics-enterprise.md
/// §2.4): links between member VNets without peering resources. The estate is
/// Tests/Fixtures/Semantics/connected-group-mesh (fixture A2), whose flows the semantics
/// matrix checks; these tests change its configuration.
@Suite("Connected groups (AVNM)")
struct ConnectedGroupTests {
    static var fixture: String { Fixtures.fixture("Semantics/connected-group-mesh/topology.json") }
    static let configuration =
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/networkManagers/nm1/connectivityConfigurations/mesh1"

    static func load(_ edit: (inout [[String: Any]]) -> Void = { _ in }) throws -> ImportResult {
        var items = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture))) as? [[String: Any]])
        edit(&items)
        let bytes = try JSONSerialization.data(withJSONObject: items, options: [.sortedKeys])
        return try AzureImporter.build([try SourceDocument(bytes: Array(bytes), file: "estate.json")])
    }

    /// The configuration's properties, edited.
    static func configure(_ items: inout [[String: Any]], _ edit: (inout [String: Any]) -> Void) {
        guard let i = items.firstIndex(where: { $0["id"] as? String == configuration }), var properties = items[i]["properties"] as? [String: Any] else {
            return
        }
        edit(&properties)
        items[i]["properties"] = properties
    }

    static func flow(_ result: ImportResult, _ source: String, _ destination: String, _ port: UInt16 = 80) throws -> FlowResult {
        try EstateIndex(topology: result.topology).verdict(
            FlowQuery(source: IPAddress(source)!, destination: IPAddress(destination)!, proto: .tcp, destinationPort: port))
    }

    @Test("AVNM-14: a global mesh links VNets across regions")
    func globalMesh() throws {
        let regional = try Self.load()
        #expect(try Self.flow(regional, "10.21.0.4", "10.22.0.4").disposition == .deniedOutbound)
        let global = try Self.load { Self.configure(&$0) { $0["isGlobal"] = "True" } }
        let flow = try Self.flow(global, "10.21.0.4", "10.22.0.4")
        #expect(flow.disposition == .accepted)
        #expect(flow.trace.contains { $0.rules.contains(.avnm(14)) })
    }

    @Test("AVNM-12, AVNM-14: hub and spoke links the spokes of a DirectlyConnected group and the hub; groupConnectivity None links nothing")
    func hubAndSpoke() throws {
        func variant(_ connectivity: String) throws -> ImportResult {
            try Self.load { items in
                Self.configure(&items) { properties in
                    properties["connectivityTopology"] = "HubAndSpoke"
                    properties["hubs"] = [
                        [
                            "resourceId":
                                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-y",
                            "resourceType": "Microsoft.Network/virtualNetworks",
                        ]
                    ]
                    var groups = properties["appliesToGroups"] as? [[String: Any]] ?? []
                    groups[0]["groupConnectivity"] = connectivity
                    properties["appliesToGroups"] = groups
                }
            }
        }
        #expect(try Self.flow(variant("DirectlyConnected"), "10.20.0.4", "10.21.0.4").disposition == .accepted)
        #expect(try Self.flow(variant("None"), "10.20.0.4", "10.21.0.4").disposition == .noRoute)
    }

    @Test("AVNM-10, AVNM-11: with no deployment record the group is taken to be in force, and a warning says so")
    func unknownDeployment() throws {
        let imported = try Self.load { $0.removeAll { $0["deploymentType"] != nil } }
        #expect(try Self.flow(imported, "10.20.0.4", "10.21.0.4").disposition == .accepted)
        #expect(imported.diagnostics.contains { $0.message.hasPrefix("connectivity configuration 'mesh1': the input holds no record of its deployment") })
    }

    @Test("AVNM-10: a configuration its manager's latest commit to the region leaves out links nothing there")
    func notDeployed() throws {
        let imported = try Self.load { items in
            for i in items.indices where items[i]["region"] as? String == "westeurope" { items[i]["configurationIds"] = [String]() }
        }
        #expect(try Self.flow(imported, "10.20.0.4", "10.21.0.4").disposition == .noRoute)
    }

    @Test("AVNM-16: a pair the export peers keeps its peering, here one side Initiated, so no traffic crosses (PEER-1)")
    func exportedPeeringWins() throws {
        let imported = try Self.load { items in
            guard let x = items.firstIndex(where: { $0["name"] as? String == "vnet-x" && $0["type"] as? String == "Microsoft.Network/virtualNetworks" }),
                var properties = items[x]["properties"] as? [String: Any]
            else { return }
            properties["virtualNetworkPeerings"] = [
                [
                    "name": "x-to-y",
                    "properties": [
                        "peeringState": "Initiated",
                        "remoteVirtualNetwork": [
                            "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-y"
                        ],
                    ],
                ]
            ]
            items[x]["properties"] = properties
        }
        #expect(try Self.flow(imported, "10.20.0.4", "10.21.0.4").disposition == .noRoute)
    }

    @Test("what-if: removing the connectivity configuration removes its links")
    func whatIfRemovesConfiguration() throws {
        let documents = try AzureImporter.parse(paths: [Self.fixture]).documents
        let change = "version: 1\nchanges:\n  - op: remove-resource\n    target: \(Self.configuration)\n"
        let edits = try ChangeFile.parse(change, file: "change.yaml").edits(against: AzureImporter.catalog(documents))
        let after = try AzureImporter.build(documents, edits: edits)
        #expect(!after.topology.peerings.values.contains { $0.connectivityConfiguration != nil })
        #expect(try Self.flow(after, "10.20.0.4", "10.21.0.4").disposition == .noRoute)
    }

    @Test("AVNM-15: members of a connected group are in each other's VirtualNetwork tag, with no peering flag to refuse access")
    func virtualNetworkTag() throws {
        let result = try Self.load()
        let http = try Self.flow(result, "10.20.0.4", "10.21.0.4")
        #expect(http.disposition == .accepted)
        #expect(http.decidingRules == ["nsg-y/AllowVnetInBound"])
        #expect(http.trace.contains { if case .connectedGroup = $0.event { return true } else { return false } })
        // Without the configuration, the same packet has no route at all.
        let unlinked = try Self.load { items in items.removeAll { $0["id"] as? String == Self.configuration } }
        #expect(try Self.flow(unlinked, "10.20.0.4", "10.21.0.4").allowed == false)
    }
}

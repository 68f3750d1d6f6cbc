import AzureImport
import Foundation
import TestSupport
import Testing
import TopologyModel

/// azure-semantics.md §8 case 38: the same estate as ARM REST JSON, flattened az CLI output
/// and Resource Graph output imports into the same model.
@Suite("Shape variance (case 38)")
struct ShapeVarianceTests {
    static let files = ["topology.json", "topology-cli.json", "topology-graph.json"]

    static func load(_ name: String) throws -> ImportResult {
        try AzureImporter.load(paths: [Fixtures.fixture("Semantics/shape-variance/" + name)])
    }

    /// NSG name -> its rules as comparable text.
    static func ruleSets(_ t: Topology) -> [String: [String]] {
        Dictionary(
            uniqueKeysWithValues: t.securityGroups.values.map { nsg in
                (
                    nsg.name,
                    nsg.rules.map { r in
                        "\(r.name.lowercased()) \(r.direction.rawValue) \(r.priority) \(r.access.rawValue) \(r.protocols.members) "
                            + "\(r.sourcePorts.portDescription)->\(r.destinationPorts.portDescription) "
                            + "src=\(r.source.any) \(r.source.prefixes.rangeDescriptions) \(r.source.tags.map(\.name)) \(r.source.applicationSecurityGroups.map(\.key)) "
                            + "dst=\(r.destination.any) \(r.destination.prefixes.rangeDescriptions) \(r.destination.tags.map(\.name)) \(r.destination.applicationSecurityGroups.map(\.key))"
                    }
                )
            })
    }

    @Test("each shape imports", arguments: files)
    func imports(_ name: String) throws {
        let result = try Self.load(name)
        #expect(result.topology.networks.count == 2)
        #expect(result.topology.securityGroups.count == 2)
        #expect(result.topology.interfaces.count == 3)
        #expect(result.ignoredTypes.isEmpty)
    }

    @Test("CLI and Resource Graph shapes give the REST model", arguments: ["topology-cli.json", "topology-graph.json"])
    func sameModel(_ name: String) throws {
        let reference = try Self.load("topology.json").topology
        let other = try Self.load(name).topology
        #expect(ModelSummary(other) == ModelSummary(reference))
        #expect(other.resourceCount == reference.resourceCount)
        #expect(Set(other.networks.keys) == Set(reference.networks.keys))
        #expect(Set(other.subnets.keys) == Set(reference.subnets.keys))
        #expect(Set(other.peerings.keys) == Set(reference.peerings.keys))
        #expect(Set(other.securityGroups.keys) == Set(reference.securityGroups.keys))
        #expect(Set(other.endpointsByAddress.keys) == Set(reference.endpointsByAddress.keys))
        #expect(Set(other.publicEndpointsByAddress.keys) == Set(reference.publicEndpointsByAddress.keys))
        let expected = Self.ruleSets(reference)
        let actual = Self.ruleSets(other)
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for (nsg, rules) in expected {
            #expect(actual[nsg] == rules, "\(name): NSG \(nsg)")
        }
        #expect(other.peerings.values.map(\.state) == reference.peerings.values.map(\.state))
    }
}

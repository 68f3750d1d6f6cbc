import AzureImport
import TestSupport
import Testing
import TopologyModel

@testable import Reachability

/// Explaining every hop of a path result at once, on every core, gives each hop the
/// explanation it would have had when read on its own.
@Suite("Explaining path hops ahead")
struct ExplainHopsTests {
    @Test("After explainHops every hop is explained, and each explanation equals one worked out alone")
    func sameExplanations() throws {
        let path = Fixtures.path("Topologies/retail-llm")
        let query = PathQuery(from: [.internet, .tag(key: "role", value: "retail-frontend")], to: [.tag(key: "role", value: "llm-training")])
        let index = EstateIndex(topology: try AzureImporter.load(paths: [path]).topology)
        let ahead = index.graph().paths(query, topology: index.topology)
        let alone = index.graph().paths(query, topology: index.topology)
        #expect(ahead.paths.flatMap(\.hops).contains { !$0.isExplained })
        ahead.explainHops()
        #expect(ahead.paths.flatMap(\.hops).allSatisfy { $0.isExplained })
        #expect(!ahead.paths.isEmpty)
        for (a, b) in zip(ahead.paths, alone.paths) {
            #expect(a.nodes == b.nodes)
            for (x, y) in zip(a.hops, b.hops) {
                #expect(
                    x.witness == y.witness && x.allowedBy == y.allowedBy && x.via == y.via && x.firewallRules == y.firewallRules && x.findings == y.findings)
            }
        }
    }
}

import AzureImport
import TestSupport
import Testing
import TopologyModel

@testable import Reachability

/// A capped path query keeps exactly the first paths of the uncapped answer.
@Suite("Path cap")
struct PathCapTests {
    @Test("maxPaths keeps the first paths of the uncapped answer, and says it left some out")
    func cap() throws {
        let graph = AttackPathTests.estate.graph
        let topology = AttackPathTests.estate.index.topology
        let from: [Selector] = [.internet, .tag(key: "role", value: "retail-frontend")], to: [Selector] = [.tag(key: "role", value: "llm-training")]
        let all = graph.paths(PathQuery(from: from, to: to), topology: topology)
        let capped = graph.paths(PathQuery(from: from, to: to, maxPaths: 5), topology: topology)
        #expect(all.paths.count == 19 && !all.truncated)
        #expect(capped.paths.map(\.nodes) == all.paths.prefix(5).map(\.nodes))
        #expect(capped.truncated)
        #expect(graph.paths(PathQuery(from: from, to: to, maxPaths: 19), topology: topology).truncated == false)
    }
}

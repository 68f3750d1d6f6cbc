import AzureImport
@testable import Reachability
import Testing
import TestSupport
import TopologyModel

/// The firewall prefilter of the attack graph (FirewallReach) may skip a pair only when the
/// full evaluation finds no hop, and the path cap keeps exactly the first paths.
@Suite("Graph shortcuts agree with the full evaluation")
struct FirewallReachTests {
    static let estates = Fixtures.directories(in: "Semantics").map { Fixtures.fixture("Semantics/\($0)/topology.json") } + [Fixtures.path("Topologies/retail-llm")]

    @Test("every pair the firewall prefilter skips has no direct hop", arguments: estates)
    func prefilterIsConservative(_ path: String) throws {
        let index = EstateIndex(topology: try AzureImporter.load(paths: [path]).topology)
        let nodes = index.buildNodes()
        var reach = FirewallReach(index: index)
        var skipped = 0
        for source in nodes where source.kind == .hosts {
            for target in nodes where target.id != source.id && ![.internet, .asset, .onPremises].contains(target.kind) {
                guard !reach.mayPass(from: source, to: target) else { continue }
                skipped += 1
                #expect(index.internalHop(from: source, to: target) == nil, "\(source.id) -> \(target.id) was skipped but has a hop")
            }
        }
        if path.hasSuffix("retail-llm") { #expect(skipped > 0) }
    }

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

import AzureImport
import EstateGenerator
import Testing
import TopologyModel

@testable import Reachability

/// The graph keeps a row of hops as runs of neighbouring targets with the same services, so
/// that a flat network, where every host reaches every other, is not quadratic in memory.
/// Runs must stand for exactly the hops one entry per hop would hold.
@Suite("Hop runs")
struct HopRunTests {
    @Test("a run grows by the next target with the same services, stepping over its own source only")
    func appending() {
        var runs: [HopRun] = []
        runs.append(hopTo: 3, services: 0, from: 5)
        runs.append(hopTo: 4, services: 0, from: 5)
        // 5 is the source: 6 follows 4 in the same run.
        runs.append(hopTo: 6, services: 0, from: 5)
        #expect(runs == [HopRun(target: 3, span: 4, services: 0)])
        // Other services, or a gap that is not the source, start a run.
        runs.append(hopTo: 7, services: 1, from: 5)
        runs.append(hopTo: 9, services: 1, from: 5)
        #expect(runs == [HopRun(target: 3, span: 4, services: 0), HopRun(target: 7, span: 1, services: 1), HopRun(target: 9, span: 1, services: 1)])
        #expect(Array(EntryTargets(position: 3, end: 7, source: 5)) == [3, 4, 6])
    }

    @Test("an eager hop inside a run cuts it, so entries meet at most at one target, lean first")
    func merging() {
        // Node 0 ranks in the middle (as the Internet does, first by index, not by ID).
        let ranks: [Int32] = [4, 0, 1, 2, 3, 5, 6, 7, 8]
        let run = HopRun(target: 1, span: 8, services: 2)
        // Eager hops in rank order: two to node 3, one to node 0, one to the run's last node.
        let merged = ReachabilityGraph.merge(lean: [run], eager: [3, 3, 0, 8], ranks: ranks)
        #expect(merged.map(\.entry.target) == [1, 3, 3, 4, 0, 5, 8])
        #expect(merged.map(\.entry.span) == [3, 1, 1, 1, 1, 4, 1])
        #expect(merged.map(\.eager) == [false, true, true, false, true, false, true])
        #expect(merged.filter { !$0.eager }.reduce(Int32(0)) { $0 + $1.entry.span } == run.span)
    }

    /// Tests cite the flat shape: 20,000 NICs with NSGs of their own in a few VNets, where the
    /// graph grows with the square of the hosts.
    @Test("on a flat estate the runs hold exactly the full evaluation's hops, in and out, in far fewer entries")
    func flatEstate() throws {
        let options = EstateOptions(seed: 3, shape: .flat, spokes: 4, subnetsPerSpoke: 2, rulesPerSecurityGroup: 8, interfacesPerSubnet: 6)
        let (bytes, _) = try EstateGenerator.generate(options)
        let index = EstateIndex(topology: try AzureImporter.load(json: String(decoding: bytes, as: UTF8.self), file: "flat.json").topology)
        let lean = index.graph(lean: true)
        let full = index.graph(lean: false)
        func hops(_ graph: ReachabilityGraph) -> [String: ServiceSet] {
            var result: [String: ServiceSet] = [:]
            graph.forEachHop { from, to, services in result[graph.nodes[from].id + " -> " + graph.nodes[to].id] = services }
            return result
        }
        let expected = hops(full)
        #expect(hops(lean) == expected)
        #expect(lean.hopCount == full.hopCount)
        #expect(lean.hopCount == expected.count)
        #expect(lean.hopTarget.count * 4 < lean.hopCount, "\(lean.hopTarget.count) entries for \(lean.hopCount) hops")
        for node in lean.nodes {
            let into = lean.hops(into: node.id).map { "\($0.from) -> \($0.to)" }
            #expect(into == full.hops(into: node.id).map { "\($0.from) -> \($0.to)" }, "\(node.id)")
            #expect(lean.hops(from: node.id).map(\.to) == full.hops(from: node.id).map(\.to), "\(node.id)")
            #expect(lean.hasIncoming(node.id) == !into.isEmpty)
        }
        for (from, to) in zip(lean.nodes, lean.nodes.reversed()) {
            #expect(lean.hop(from: from.id, to: to.id)?.services == full.hop(from: from.id, to: to.id)?.services)
        }
    }
}

import AzureImport
import EstateGenerator
import Testing
import TopologyModel

@testable import Reachability

/// On every shape the generator makes, the lean evaluation answers what the full one does,
/// and leaves to it only the ways it does not follow: a pair it cannot tell is evaluated in
/// full with its explanation, which is what made the dense shapes quadratic in rules.
@Suite("Lean hops on every estate shape")
struct LeanShapeTests {
    static func index(_ shape: EstateShape) throws -> EstateIndex {
        // One region puts several spokes behind one hub firewall, as a large estate has them.
        let options = EstateOptions(
            seed: 5, shape: shape, regions: shape == .globalMesh ? nil : 1, spokes: 6, subnetsPerSpoke: 3, rulesPerSecurityGroup: 10, interfacesPerSubnet: 2)
        let (bytes, _) = try EstateGenerator.generate(options)
        return EstateIndex(topology: try AzureImporter.load(json: String(decoding: bytes, as: UTF8.self), file: "\(shape).json").topology)
    }

    /// NSG-25, NSG-26: rules that name ASGs on the peer's side are answered by the maps of the
    /// peer's class, so the dense, partial and flat shapes need no full evaluation; FW-15,
    /// RT-18: a way through two regional hub firewalls (the global mesh) is followed too.
    @Test(
        "every pair's lean verdict (hop, one-way reach or nothing) is the full evaluation's, and none is left to it",
        arguments: EstateShape.allCases)
    func exactAndComplete(_ shape: EstateShape) throws {
        let index = try Self.index(shape)
        let nodes = index.buildNodes()
        let sources = nodes.indices.filter { nodes[$0].kind == .hosts }
        let targets = nodes.indices.filter { ![.internet, .asset, .onPremises].contains(nodes[$0].kind) }
        let lean = LeanHopEvaluator(index: index, nodes: nodes, sources: sources, targets: targets)
        var scratch = LeanHopEvaluator.Scratch(), rowScratch = LeanHopEvaluator.Scratch()
        var unknown = 0, hops = 0, oneWay = 0
        for s in sources {
            lean.row(s, scratch: &rowScratch)
            for t in targets where t != s {
                let reach = index.internalReach(from: nodes[s], to: nodes[t])
                let full = reach.hop
                let verdict = lean.verdict(s, t, scratch: &scratch)
                let row = LeanVerdict(code: rowScratch.row[t])
                switch verdict {
                case .none:
                    #expect(full == nil && reach.oneWay == nil, "\(nodes[s].id) -> \(nodes[t].id)")
                    #expect(row == .none)
                case .services(let n):
                    hops += 1
                    #expect(full.map { LeanServices($0.services) } == scratch.results[Int(n)], "\(nodes[s].id) -> \(nodes[t].id)")
                    #expect(row != .none && row != .unknown)
                    if case .services(let m) = row { #expect(rowScratch.results[Int(m)] == scratch.results[Int(n)]) }
                case .oneWay(let n):
                    // RT-18, PE-8: requests arrive, replies do not return.
                    oneWay += 1
                    #expect(full == nil)
                    #expect(reach.oneWay.map { LeanServices($0.services) } == scratch.results[Int(n)], "\(nodes[s].id) -> \(nodes[t].id)")
                    if case .oneWay(let m) = row { #expect(rowScratch.results[Int(m)] == scratch.results[Int(n)]) } else { Issue.record("row: \(row)") }
                case .unknown:
                    #expect(row == .unknown)
                    unknown += 1
                }
            }
        }
        #expect(hops > 0)
        #expect(unknown == 0, "\(unknown) pairs left to the full evaluation")
        if shape == .globalMesh || shape == .partialExport { #expect(oneWay > 0, "no one-way reach to compare") }
    }

    @Test("the lean graph equals the full one", arguments: EstateShape.allCases)
    func sameGraph(_ shape: EstateShape) throws {
        let index = try Self.index(shape)
        let lean = index.graph(lean: true), full = index.graph(lean: false)
        #expect(lean.hops == full.hops)
        // One-way reaches with their traces (the lean ones are explained when read).
        #expect(lean.oneWay == full.oneWay)
    }
}

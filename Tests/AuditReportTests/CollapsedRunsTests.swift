import EstateGenerator
import Lateral
import Testing

/// Collapsed diagrams group the hops off the attack paths between boxes a run at a time (a
/// flat network has hundreds of millions of hops): the result must be what grouping them
/// one hop at a time gives. The full evaluation keeps every hop as an entry of its own, so
/// the same estate's diagram from that graph is the hop-by-hop answer.
@Suite("Collapsed diagrams from hop runs")
struct CollapsedRunsTests {
    @Test("VNet and region boxes count and unite the same hops from runs as from single hops", arguments: [EstateShape.flat, .hubSpoke, .mesh])
    func runsAndSingles(_ shape: EstateShape) throws {
        // A mesh has a VNet per five spokes; a flat estate a VNet per region, not peered, so
        // its boxes have no hops between them, only the attack paths.
        let options = EstateOptions(
            seed: 7, shape: shape, spokes: shape == .mesh ? 20 : 6, subnetsPerSpoke: 2, rulesPerSecurityGroup: 6, interfacesPerSubnet: 4)
        let (bytes, _) = try EstateGenerator.generate(options)
        let estate = Estate(imported: try AzureImporter.load(json: String(decoding: bytes, as: UTF8.self), file: "\(shape).json"))
        let query = PathQuery(from: [.internet, .tag(key: "role", value: "retail-frontend")], to: [.tag(key: "role", value: "llm-training")])
        let runs = estate.index.graph(lean: true)
        let singles = estate.index.graph(lean: false)
        #expect(runs.hopCount == singles.hopCount)
        for detail in [DiagramDetail.vnet, .region] {
            func draw(_ graph: ReachabilityGraph) -> [String] {
                let paths = graph.paths(query, topology: estate.topology)
                let diagram = DiagramBuilder.diagram(estate: estate, graph: graph, paths: paths, title: "t", detail: detail)
                return diagram.edges.map { "\($0.from) -> \($0.to) [\($0.label)] \($0.role)" }
            }
            let fromRuns = draw(runs)
            #expect(fromRuns == draw(singles), "\(shape) at \(detail)")
            if shape == .hubSpoke { #expect(fromRuns.contains { $0.contains(" hops: ") }, "\(shape) at \(detail): some hops are grouped") }
            #expect(fromRuns.contains { $0.hasSuffix("attackPath") }, "\(shape) at \(detail)")
        }
    }
}

import AuditReport
import EstateGenerator
import GraphvizRender
import Lateral
import Testing

/// The report's overview of a large estate fits a page: a box per VNet of the riskiest
/// paths, every other VNet folded into its region's box, every path drawn through them.
@Suite("Report overview at scale")
struct ReportOverviewTests {
    @Test("a hub-and-spoke estate of 120 spokes: at most 150 boxes, every path's hops accounted for")
    func overview() throws {
        let options = EstateOptions(seed: 3, shape: .hubSpoke, regions: 4, spokes: 120, subnetsPerSpoke: 4, rulesPerSecurityGroup: 6, interfacesPerSubnet: 2)
        let bytes = try EstateGenerator.generate(options).bytes
        let estate = Estate(imported: try AzureImporter.load(json: String(decoding: bytes, as: UTF8.self), file: "hub.json"))
        let analysis = Analysis(
            estate: estate, inputs: ["hub.json"], from: [.internet, .tag(key: "role", value: "retail-frontend")],
            to: [.tag(key: "role", value: "llm-training")])
        let drawn = analysis.paths.drawable(graph: analysis.graph, topology: estate.topology, ranking: analysis.ranking)
        let detailed = DiagramBuilder.diagram(estate: estate, graph: analysis.graph, paths: drawn, title: "collapsed", detail: .auto)
        try #require(detailed.nodes.count > DiagramBuilder.overviewLimit, "the estate is too small to need an overview: \(detailed.nodes.count)")
        // attack-paths.svg (and render) at auto detail draw the overview past the limit; an
        // explicit level draws what it asks for.
        #expect(analysis.diagram().nodes.count <= DiagramBuilder.overviewLimit)
        #expect(analysis.diagram(detail: .vnet).nodes.count == detailed.nodes.count)
        let overview = DiagramBuilder.overview(estate: estate, graph: analysis.graph, all: analysis.paths, drawn: drawn, title: "overview")
        #expect(overview.nodes.count <= DiagramBuilder.overviewLimit)
        let boxes = Set(overview.nodes.map(\.id))
        #expect(overview.edges.allSatisfy { boxes.contains($0.from) && boxes.contains($0.to) })
        // Each edge counts the paths through it, and each region's box the paths that stay
        // among its folded VNets: every path is in one of them.
        let onEdges = overview.edges.compactMap { Int($0.label.prefix { $0.isNumber }) }.reduce(0, +)
        let within = overview.nodes.compactMap { node in
            node.label.components(separatedBy: ", ").first { $0.hasSuffix("between them") }.flatMap { Int($0.prefix { $0.isNumber }) }
        }.reduce(0, +)
        #expect(onEdges + within >= analysis.paths.paths.count)
        #expect(overview.edges.contains { $0.role == .attackPath })
        // The riskiest paths' VNets have boxes of their own.
        for path in drawn.paths.prefix(3) {
            for id in path.nodes { if let network = analysis.graph.node(id)?.network { #expect(boxes.contains("vnet:" + network.key)) } }
        }
        let svg = try GraphvizRenderer.render(dot: DOTEncoder.encode(overview), format: .svg, layout: "dot")
        #expect(svg.count > 1000)
    }
}

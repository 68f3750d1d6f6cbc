import Foundation
import GraphvizRender
import TestSupport
import Testing

@Suite("Collapsed diagrams: VNet and region boxes, large estates, sfdp")
struct CollapsedDiagramTests {
    static let regions = ["eastus", "germanywestcentral", "southeastasia", "westeurope"]

    /// A diagram at VNet level as the front door draws a hub-and-spoke estate: one hub box
    /// per region, `spokes` spoke boxes spread over the regions, a peering and an
    /// aggregated hop per spoke, and one attack path kept at subnet detail in spoke 0.
    static func hubAndSpokes(_ spokes: Int) -> Diagram {
        var diagram = Diagram(title: "\(spokes) spokes at VNet level")
        diagram.nodes = [.init(id: "internet", label: "Internet", cluster: nil, role: .internet, highlighted: true)]
        for region in regions {
            diagram.clusters.append(.init(id: "region:" + region, label: region, parent: nil, role: .region))
            diagram.nodes.append(
                .init(
                    id: "vnet-box:hub-" + region, label: "vnet-hub-\(region)  \(region)  10.0.0.0/22 | 1 subnet, 0 hosts",
                    cluster: "region:" + region, role: .network, highlighted: false))
        }
        diagram.clusters.append(.init(id: "vnet:spoke-0000", label: "vnet-spoke-0000", parent: "region:" + regions[0], role: .target))
        diagram.nodes.append(.init(id: "spoke-0000/snet-web", label: "snet-web  10.1.0.0/24", cluster: "vnet:spoke-0000", role: .entry, highlighted: true))
        diagram.nodes.append(.init(id: "spoke-0000/snet-data", label: "snet-data  10.1.1.0/24", cluster: "vnet:spoke-0000", role: .target, highlighted: true))
        diagram.edges = [
            .init(from: "internet", to: "spoke-0000/snet-web", label: "tcp/443", role: .attackPath),
            .init(from: "spoke-0000/snet-web", to: "spoke-0000/snet-data", label: "tcp/1433", role: .attackPath),
        ]
        for i in 0..<spokes {
            let name = String(format: "spoke-%04d", i)
            let region = regions[i % regions.count]
            diagram.nodes.append(
                .init(
                    id: "vnet-box:" + name, label: "vnet-\(name)  \(region)  10.\(i / 256 + 1).\(i % 256).0/24 | 3 subnets, 6 hosts",
                    cluster: i == 0 ? "vnet:spoke-0000" : "region:" + region, role: .network, highlighted: false))
            diagram.edges.append(.init(from: "vnet-box:hub-" + region, to: "vnet-box:" + name, label: "peering", role: .peering))
            diagram.edges.append(.init(from: "vnet-box:hub-" + region, to: "vnet-box:" + name, label: "3 hops: tcp/22,443", role: .reachability))
        }
        return diagram
    }

    @Test("a thousand VNet boxes lay out with dot and render to SVG showing every box")
    func thousandSpokes() throws {
        let diagram = Self.hubAndSpokes(1_000)
        let svg = try SVGDocument(data: Data(try GraphvizRenderer.render(dot: DOTEncoder.encode(diagram), format: .svg)))
        #expect(svg.rootElement == "svg")
        let shown = Set(svg.texts.map { $0.replacingOccurrences(of: "\u{A0}", with: " ") })
        for node in diagram.nodes { #expect(shown.contains(node.label), "no <text> shows \(node.label)") }
        #expect(shown.contains("3 hops: tcp/22,443"))
    }

    @Test("a thousand VNet boxes lay out with sfdp too, which auto picks for them")
    func thousandSpokesSFDP() throws {
        let diagram = Self.hubAndSpokes(1_000)
        #expect(LayoutEngine.auto.resolved(for: diagram) == .sfdp)
        #expect(LayoutEngine.auto.resolved(for: Self.hubAndSpokes(40)) == .dot)
        #expect(LayoutEngine.dot.resolved(for: diagram) == .dot)
        let bytes = try GraphvizRenderer.render(dot: DOTEncoder.encode(diagram), format: .svg, layout: LayoutEngine.sfdp.rawValue)
        let svg = try SVGDocument(data: Data(bytes))
        #expect(svg.texts.contains { $0.hasPrefix("vnet-spoke-0999") })
    }

    @Test("sfdp gives the same bytes on every render", arguments: [40, 400])
    func sfdpDeterministic(_ spokes: Int) throws {
        let dot = DOTEncoder.encode(Self.hubAndSpokes(spokes))
        let first = try GraphvizRenderer.render(dot: dot, format: .svg, layout: "sfdp")
        #expect(try SVGDocument(data: Data(first)).rootElement == "svg")
        for _ in 0..<2 { #expect(try GraphvizRenderer.render(dot: dot, format: .svg, layout: "sfdp") == first) }
    }

    @Test("sfdp starts from the renderer's fixed seed unless the DOT names one")
    func seeds() throws {
        let plain = DOTEncoder.encode(Self.hubAndSpokes(40))
        func seeded(_ seed: String) -> String { plain.replacingOccurrences(of: "labelloc=t];", with: "labelloc=t, start=\(seed)];") }
        #expect(seeded("1") != plain)
        let fixed = try GraphvizRenderer.render(dot: plain, format: .svg, layout: "sfdp")
        #expect(try GraphvizRenderer.render(dot: seeded(GraphvizRenderer.fixedSeed), format: .svg, layout: "sfdp") == fixed)
        let seeded = seeded("12345")
        let other = try GraphvizRenderer.render(dot: seeded, format: .svg, layout: "sfdp")
        #expect(other != fixed)
        #expect(try GraphvizRenderer.render(dot: seeded, format: .svg, layout: "sfdp") == other)
    }

    @Test("VNet and region boxes get a legend entry only when drawn")
    func legendEntries() {
        let collapsed = DOTEncoder.encode(Self.hubAndSpokes(3))
        #expect(collapsed.contains("legend_network [label=\"VNet (its other subnets and hosts)\", shape=folder"))
        #expect(!collapsed.contains("legend_region"))
        let detailed = DOTEncoder.encode(DiagramRenderTests.hostileDiagram())
        #expect(!detailed.contains("legend_network") && !detailed.contains("legend_region"))
        var regional = Diagram(title: "t")
        regional.nodes = [.init(id: "region-box:weu", label: "westeurope | 2 VNets", cluster: nil, role: .region, highlighted: false)]
        let regionDOT = DOTEncoder.encode(regional)
        #expect(regionDOT.contains("legend_region [label=\"region (its other VNets)\""))
        #expect(regionDOT.contains("n0 [label=\"westeurope | 2 VNets\", style=\"rounded,dashed,filled\""))
    }
}

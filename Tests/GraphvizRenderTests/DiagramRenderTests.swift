import Foundation
import GraphvizRender
import TestSupport
import Testing

@Suite("Diagram rendering")
struct DiagramRenderTests {
    /// A two-VNet diagram whose every label is hostile.
    static func hostileDiagram() -> Diagram {
        let labels = HostileText.all.filter { !$0.raw.isEmpty }
        var diagram = Diagram(title: "title " + labels[0].raw)
        diagram.clusters = [
            .init(id: "region:weu", label: "region " + labels[1].raw, parent: nil, role: .region),
            .init(id: "vnet:a", label: "vnet " + labels[2].raw, parent: "region:weu", role: .network),
            .init(id: "vnet:b", label: "vnet " + labels[3].raw, parent: "region:weu", role: .target),
        ]
        diagram.nodes = [.init(id: "internet", label: "Internet", cluster: nil, role: .internet, highlighted: true)]
        for (i, text) in labels.enumerated() {
            diagram.nodes.append(
                .init(
                    id: "%node\(i) \(text.raw)", label: "node\(i) \(text.raw)", cluster: i.isMultiple(of: 2) ? "vnet:a" : "vnet:b",
                    role: i == 0 ? .entry : (i == labels.count - 1 ? .target : .hosts), highlighted: i < 2))
        }
        diagram.edges = [.init(from: "internet", to: diagram.nodes[1].id, label: "edge " + labels[4].raw, role: .attackPath)]
        for i in 1..<(diagram.nodes.count - 1) {
            diagram.edges.append(.init(from: diagram.nodes[i].id, to: diagram.nodes[i + 1].id, label: "tcp/\(i)", role: .reachability))
        }
        diagram.edges.append(.init(from: diagram.nodes[1].id, to: diagram.nodes[2].id, label: "peering", role: .peering))
        diagram.edges.append(.init(from: diagram.nodes[2].id, to: diagram.nodes[3].id, label: "peering x: Initiated", role: .brokenPeering))
        return diagram
    }

    @Test("hostile labels render to SVG that parses as XML and shows each label's sanitised text")
    func hostileSVG() throws {
        let diagram = Self.hostileDiagram()
        let bytes = try GraphvizRenderer.render(dot: DOTEncoder.encode(diagram), format: .svg)
        let svg = try SVGDocument(data: Data(bytes))
        #expect(svg.rootElement == "svg")
        let shown = svg.texts.map { $0.replacingOccurrences(of: "\u{A0}", with: " ") }
        for (i, text) in HostileText.all.filter({ !$0.raw.isEmpty }).enumerated() {
            let expected = "node\(i) \(text.shown)"
            #expect(shown.contains { $0.trimmingCharacters(in: .whitespaces) == expected }, "no <text> shows \(expected.debugDescription)")
        }
        #expect(shown.contains("title " + HostileText.all[0].shown))
        #expect(shown.contains("edge " + HostileText.all[4].shown))
    }

    @Test("text that looks like an HTML entity is shown literally")
    func entityTextShownLiterally() throws {
        let diagram = Diagram(
            title: "t", nodes: [.init(id: "a", label: "R&amp;D &lt;x&gt; &#65;", cluster: nil, role: .hosts, highlighted: false)],
            showLegend: false)
        let svg = try SVGDocument(data: Data(try GraphvizRenderer.render(dot: DOTEncoder.encode(diagram), format: .svg)))
        #expect(svg.texts.contains("R&amp;D &lt;x&gt; &#65;"), "shown: \(svg.texts)")
    }

    @Test("the encoder never uses a node's ID or label as a DOT identifier")
    func syntheticIDs() {
        let diagram = Self.hostileDiagram()
        let dot = DOTEncoder.encode(diagram)
        #expect(dot.hasPrefix("digraph lateral {\n"))
        for (i, _) in diagram.nodes.enumerated() { #expect(dot.contains("  n\(i) [label=") || dot.contains(" n\(i) [label=")) }
        #expect(!dot.contains("%node"))
        #expect(dot.contains("n0 -> n1 ["))
        #expect(dot.contains("subgraph cluster_0 {"))
        #expect(dot.contains("subgraph cluster_legend {"))
    }

    @Test("edges to unknown nodes are left out, not drawn to invented nodes")
    func danglingEdge() throws {
        var diagram = Diagram(title: "t", nodes: [.init(id: "a", label: "a", cluster: nil, role: .hosts, highlighted: false)], showLegend: false)
        diagram.edges = [.init(from: "a", to: "missing", label: "x", role: .reachability)]
        let dot = DOTEncoder.encode(diagram)
        #expect(!dot.contains("->"))
        _ = try GraphvizRenderer.render(dot: dot, format: .dot)
    }

    @Test("encode is deterministic")
    func deterministicEncode() {
        let diagram = Self.hostileDiagram()
        let first = DOTEncoder.encode(diagram)
        for _ in 0..<5 { #expect(DOTEncoder.encode(diagram) == first) }
        #expect(DOTEncoder.encode(Self.hostileDiagram()) == first)
    }

    @Test("peerings (flat, non-constraining edges) carry their text as xlabel and lay out with dot")
    func flatPeeringLabels() throws {
        // Graphviz 2.43 corrupted its heap on this shape when the text was a `label`.
        var diagram = Diagram(title: "hub and 30 peered spokes, no hops", showLegend: false)
        diagram.nodes = [.init(id: "hub", label: "hub/s", cluster: nil, role: .vacant, highlighted: false)]
        for i in 0..<30 {
            diagram.nodes.append(.init(id: "spoke\(i)", label: "spoke\(i)/s", cluster: nil, role: .vacant, highlighted: false))
            diagram.edges.append(
                .init(from: "hub", to: "spoke\(i)", label: i == 0 ? "peering p: Initiated" : "peering", role: i == 0 ? .brokenPeering : .peering))
        }
        diagram.edges.append(.init(from: "spoke1", to: "spoke2", label: "tcp/22", role: .reachability))
        let dot = DOTEncoder.encode(diagram)
        #expect(dot.contains("n0 -> n1 [xlabel=\"peering p: Initiated\", dir=none"))
        #expect(dot.contains("n0 -> n2 [xlabel=\"peering\", dir=both"))
        #expect(dot.contains("n2 -> n3 [label=\"tcp/22\""))
        let svg = try SVGDocument(data: Data(try GraphvizRenderer.render(dot: dot, format: .svg)))
        #expect(svg.texts.contains("peering p: Initiated"))
    }

    @Test("an empty diagram still renders")
    func emptyDiagram() throws {
        let bytes = try GraphvizRenderer.render(dot: DOTEncoder.encode(Diagram(title: "", showLegend: false)), format: .svg)
        #expect(try SVGDocument(data: Data(bytes)).rootElement == "svg")
    }
}

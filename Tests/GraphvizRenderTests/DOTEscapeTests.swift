import GraphvizRender
import Testing

@Suite("DOTEncoder.escape")
struct DOTEscapeTests {
    @Test("gives exactly the expected scalars", arguments: HostileText.all)
    func exactEscape(_ text: HostileText) {
        let escaped = DOTEncoder.escape(text.raw)
        #expect(Array(escaped.unicodeScalars) == Array(text.escaped.unicodeScalars))
    }

    @Test("leaves no bare quote, stray backslash or control character", arguments: HostileText.all)
    func safeScalars(_ text: HostileText) {
        let scalars = Array(DOTEncoder.escape(text.raw).unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            if scalar == "\"" { #expect(i > 0 && scalars[i - 1] == "\\", "bare quote at \(i)") }
            if scalar == "\\" { #expect(i + 1 < scalars.count && scalars[i + 1] == "\"", "backslash not escaping a quote at \(i)") }
            #expect(scalar.value >= 0x20 && scalar.value != 0x7F, "control character U+\(String(scalar.value, radix: 16)) at \(i)")
        }
    }

    @Test("the escaped text is accepted by libgraphviz in a label, a graph label and an edge label", arguments: HostileText.all)
    func libgraphvizAccepts(_ text: HostileText) throws {
        let e = DOTEncoder.escape(text.raw)
        let dot = "digraph g {\n  graph [label=\"\(e)\"];\n  n0 [label=\"\(e)\"];\n  n1 [label=\"tail \(e)\"];\n  n0 -> n1 [label=\"\(e)\"];\n}\n"
        let bytes = try GraphvizRenderer.render(dot: dot, format: .dot)
        #expect(bytes == Array(dot.utf8))
    }

    @Test("unescaped, a quote breaks the DOT text (the escape is what makes it safe)")
    func rawQuoteIsRejected() {
        #expect(throws: RenderError.self) {
            try GraphvizRenderer.render(dot: "digraph g { n0 [label=\"say \"hi\" there\"]; }", format: .dot)
        }
    }
}

/// A name longer than Graphviz takes in a label (16 KB) is cut with an ellipsis, and every
/// format still renders.
@Suite("Long labels")
struct LongLabelTests {
    @Test("a 20,000-character name is cut to the label limit with an ellipsis, and renders", arguments: ["x", "é", "🦀", "&"])
    func longName(_ unit: String) throws {
        let name = String(repeating: unit, count: 20_000)
        let escaped = DOTEncoder.escape(name)
        #expect(escaped.hasSuffix("\u{2026}"))
        #expect(escaped.utf8.count < 16_000)
        let short = DOTEncoder.escape(String(repeating: unit, count: DOTEncoder.labelLimit))
        #expect(!short.hasSuffix("\u{2026}"), "a label at the limit is kept whole")
        let dot = "digraph g {\n  n0 [label=\"\(escaped)\", tooltip=\"\(DOTEncoder.escape(name, limit: DOTEncoder.tooltipLimit))\"];\n}\n"
        for format in [RenderFormat.svg, .png] {
            let bytes = try GraphvizRenderer.render(dot: dot, format: format)
            #expect(!bytes.isEmpty)
        }
    }
}

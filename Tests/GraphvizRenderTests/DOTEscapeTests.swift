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

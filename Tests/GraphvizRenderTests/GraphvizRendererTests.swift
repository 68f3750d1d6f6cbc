import Foundation
import GraphvizRender
import TestSupport
import Testing

@Suite("GraphvizRenderer")
struct GraphvizRendererTests {
    static let smallDOT = DOTEncoder.encode(DiagramRenderTests.hostileDiagram())

    @Test("renders each format with its file signature", arguments: RenderFormat.allCases)
    func signature(_ format: RenderFormat) throws {
        let bytes = try GraphvizRenderer.render(dot: Self.smallDOT, format: format)
        #expect(RenderedOutput.hasSignature(bytes, format: format.rawValue), "\(format): \(bytes.prefix(16))")
    }

    @Test("sfdp layout renders too")
    func sfdp() throws {
        let bytes = try GraphvizRenderer.render(dot: Self.smallDOT, format: .svg, layout: "sfdp")
        #expect(try SVGDocument(data: Data(bytes)).rootElement == "svg")
    }

    @Test(
        "the format follows the file extension",
        arguments: [
            ("attack.svg", RenderFormat.svg), ("A.PNG", .png), ("dir.v2/out.pdf", .pdf), ("x.dot", .dot),
            ("x.gif", nil), ("svg", nil), ("x.svg.txt", nil), ("", nil),
        ] as [(String, RenderFormat?)])
    func formatFromPath(_ path: String, _ expected: RenderFormat?) {
        #expect(RenderFormat(path: path) == expected)
    }

    @Test(
        "invalid DOT throws RenderError with Graphviz's message",
        arguments: [
            "digraph { a -> }",
            "this is not DOT",
            "digraph { a [label=\"unterminated] }",
            "digraph { a [label=\"x\"y\"]; }",
        ])
    func invalidDOT(_ dot: String) {
        let error = #expect(throws: RenderError.self) { try GraphvizRenderer.render(dot: dot, format: .svg) }
        #expect(error?.message.contains("could not parse") == true, "\(error?.message ?? "")")
    }

    @Test("a syntax error carries Graphviz's line and token")
    func syntaxErrorMessage() {
        let error = #expect(throws: RenderError.self) { try GraphvizRenderer.render(dot: "digraph {\n a;\n b -> ;\n}", format: .dot) }
        #expect(error?.message.contains("syntax error in line") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("near ';'") == true, "\(error?.message ?? "")")
    }

    @Test("a syntax error names the right line even after an earlier render")
    func syntaxErrorLineAfterRender() throws {
        _ = try GraphvizRenderer.render(dot: "digraph {\n a\n}\n", format: .dot)
        let error = #expect(throws: RenderError.self) { try GraphvizRenderer.render(dot: "digraph {\n a;\n b -> ;\n}", format: .dot) }
        #expect(error?.message.contains("line 3 ") == true, "\(error?.message ?? "")")
    }

    @Test("an unknown layout engine throws RenderError")
    func unknownLayout() {
        let error = #expect(throws: RenderError.self) { try GraphvizRenderer.render(dot: "digraph { a -> b }", format: .svg, layout: "no-such-engine") }
        #expect(error?.message.contains("no-such-engine") == true)
    }

    @Test("the renderer keeps working after an error")
    func recoversAfterError() throws {
        _ = try? GraphvizRenderer.render(dot: "digraph {", format: .svg)
        let bytes = try GraphvizRenderer.render(dot: "digraph { a -> b }", format: .svg)
        #expect(try SVGDocument(data: Data(bytes)).rootElement == "svg")
    }

    @Test("8 concurrent renders all succeed (the renderer serialises Graphviz itself)")
    func concurrentRenders() async throws {
        let formats: [RenderFormat] = [.svg, .png, .pdf, .svg, .png, .pdf, .svg, .dot]
        let results = try await withThrowingTaskGroup(of: (RenderFormat, [UInt8]).self) { group in
            for (i, format) in formats.enumerated() {
                group.addTask {
                    let dot = i.isMultiple(of: 2) ? Self.smallDOT : "digraph { subgraph cluster_0 { a\(i) -> b\(i) } c -> a\(i) }"
                    return (format, try GraphvizRenderer.render(dot: dot, format: format))
                }
            }
            var collected: [(RenderFormat, [UInt8])] = []
            for try await result in group { collected.append(result) }
            return collected
        }
        #expect(results.count == 8)
        for (format, bytes) in results {
            #expect(RenderedOutput.hasSignature(bytes, format: format.rawValue), "\(format)")
        }
    }

    @Test("concurrentPerform: 8 threads render the same SVG")
    func concurrentPerform() throws {
        let outputs = ResultSlots(count: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            do throws(RenderError) {
                outputs.set(i, .success(try GraphvizRenderer.render(dot: "digraph { a -> b -> c; a -> c }", format: .svg)))
            } catch {
                outputs.set(i, .failure(error))
            }
        }
        let all = try outputs.values.map { try $0.get() }
        #expect(all.count == 8)
        #expect(all.allSatisfy { (try? SVGDocument(data: Data($0)).rootElement) == "svg" })
    }

    @Test("rendering one clustered diagram twice in process gives identical SVG")
    func inProcessDeterminism() throws {
        let dot = Self.smallDOT
        #expect(try GraphvizRenderer.render(dot: dot, format: .svg) == GraphvizRenderer.render(dot: dot, format: .svg))
    }
}

/// Result slots written from concurrent threads.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<[UInt8], RenderError>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Result<[UInt8], RenderError>) { lock.lock(); slots[i] = value; lock.unlock() }
    var values: [Result<[UInt8], RenderError>] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }
}

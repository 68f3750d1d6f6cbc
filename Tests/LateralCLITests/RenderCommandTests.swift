import Foundation
import Testing
import TestSupport

@Suite("lateral render")
struct RenderCommandTests {
    @Test("writes a file of the format its extension names", arguments: ["svg", "png", "pdf", "dot"])
    func writesFormat(_ format: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.appending("estate.\(format)").path
        let result = try CLIRunner.run(["render", TestInputs.retailLLM, "--output", output])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        let bytes = [UInt8](Fixtures.read(output))
        #expect(bytes.count > 100)
        #expect(RenderedOutput.hasSignature(bytes, format: format), "\(output) does not look like \(format): \(bytes.prefix(16))")
    }

    @Test("an SVG of attack paths parses as XML and names the path's subnets")
    func svgWithPaths() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.appending("paths.svg").path
        let result = try CLIRunner.run(["render", TestInputs.retailLLM, "--from", "internet", "--to", "tag:role=llm-training", "--output", output])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let svg = try SVGDocument(data: Fixtures.read(output))
        #expect(svg.rootElement == "svg")
        #expect(svg.allText.contains("Lateral: internet -> tag:role=llm-training"))
        #expect(svg.allText.contains("snet-jump"))
        #expect(svg.allText.contains("snet-gpu"))
        #expect(svg.allText.contains("tcp/22,3389"))
    }

    @Test("the DOT output names synthetic nodes and carries the labels")
    func dotOutput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.appending("estate.dot").path
        let result = try CLIRunner.run(["render", TestInputs.retailLLM, "--output", output])
        #expect(result.exitCode == 0)
        let dot = String(decoding: Fixtures.read(output), as: UTF8.self)
        #expect(dot.hasPrefix("digraph lateral {\n"))
        #expect(dot.hasSuffix("}\n"))
        #expect(dot.contains("n0 ["))
        #expect(dot.contains("vnet-retail-fe-weu"))
    }

    @Test("hostile tag values (quotes, backslash, newline, markup, combining mark) still render")
    func hostileTags() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let svgPath = directory.appending("hostile.svg").path
        let dotPath = directory.appending("hostile.dot").path
        let input = TestInputs.cliFixture("hostile-tags.json")
        let svgRun = try CLIRunner.run(["render", input, "--output", svgPath])
        #expect(svgRun.exitCode == 0, "stderr: \(svgRun.stderr)")
        let dotRun = try CLIRunner.run(["render", input, "--output", dotPath])
        #expect(dotRun.exitCode == 0, "stderr: \(dotRun.stderr)")

        let dot = String(decoding: Fixtures.read(dotPath), as: UTF8.self)
        #expect(dot.contains(#"owner=Ann \"Q\" O'Neil / <b> "#))
        #expect(dot.contains(" co next line]"))
        #expect(!dot.contains("\\\\"))
        let svg = try SVGDocument(data: Fixtures.read(svgPath))
        #expect(svg.rootElement == "svg")
        #expect(svg.allText.contains(#"owner=Ann "Q" O'Neil / <b> & co next line"#))
        #expect(svg.allText.contains("next line"))
        let quoteThenCombiningMark = "\"\u{301} combining"
        #expect(svg.allText.contains(quoteThenCombiningMark))
    }
}

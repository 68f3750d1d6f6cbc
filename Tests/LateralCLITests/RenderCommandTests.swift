import Foundation
import TestSupport
import Testing

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

    @Test("--detail vnet draws VNet boxes with aggregated hops and keeps the path's subnets")
    func vnetDetail() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.appending("vnets.dot").path
        let result = try CLIRunner.run([
            "render", TestInputs.cliFixture("hub-two-spokes.json"), "--from", "internet", "--to", "tag:role=ml-target",
            "--detail", "vnet", "--output", output,
        ])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let dot = String(decoding: Fixtures.read(output), as: UTF8.self)
        #expect(dot.contains("[label=\"vnet-spoke-app  westeurope  10.1.0.0/16 | 2 subnets, 3 hosts\", shape=folder"))
        #expect(dot.contains("[label=\"2 hops: tcp/443,1433\""))
        #expect(dot.contains("[label=\"snet-gpu  10.2.1.0/24 | nic-gpu-01 10.2.1.4\""))
        #expect(!dot.contains("snet-app  10.1.1.0/24"))
        #expect(dot.contains("legend_network"))
    }

    @Test("--detail region with --layout sfdp renders an SVG naming each region's box")
    func regionDetailSFDP() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.appending("regions.svg").path
        let result = try CLIRunner.run(["render", TestInputs.cliFixture("hub-two-spokes.json"), "--detail", "region", "--layout", "sfdp", "--output", output])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let svg = try SVGDocument(data: Fixtures.read(output))
        let shown = svg.allText.replacingOccurrences(of: "\u{A0}", with: " ")
        #expect(shown.contains("westeurope | 2 VNets, 4 subnets, 5 hosts"))
        #expect(shown.contains("germanywestcentral | 1 VNet, 2 subnets, 1 host"))
        #expect(!shown.contains("snet-jump"))
    }

    @Test("an unknown --detail or --layout is a usage error", arguments: [["--detail", "host"], ["--layout", "neato"]])
    func badDrawingOption(_ option: [String]) throws {
        let result = try CLIRunner.run(["render", TestInputs.cliFixture("hub-two-spokes.json"), "--output", "/tmp/never.svg"] + option)
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains(option[0]))
    }
}

import Foundation
import TestSupport
import Testing

@Suite("lateral analyze")
struct AnalyzeCommandTests {
    static let reportFiles = ["summary.md", "paths.json", "attack-paths.svg", "report.html"]

    @Test("with no input, analyses Topologies/retail-llm and writes Reports/retail-llm/")
    func defaultRun() throws {
        let directory = try TemporaryDirectory.withTopologyCopy("retail-llm")
        defer { directory.remove() }
        let result = try CLIRunner.run(["analyze"], cwd: directory.url)
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasPrefix("Paths from internet, tag:role=retail-frontend to tag:role=llm-training: 19 found\n"))
        #expect(result.stdout.contains("Reports written to Reports/retail-llm/"))

        let reports = directory.appending("Reports/retail-llm")
        let names = try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted()
        // The default run also checks Topologies/retail-llm/policy.yaml.
        #expect(names == (Self.reportFiles + ["policies.json", "policies.sarif"]).sorted())
        #expect(result.stdout.contains("Policies in Topologies/retail-llm/policy.yaml: 2 of 6 hold, 4 violated"))

        let summary = String(decoding: Fixtures.read(reports.appendingPathComponent("summary.md").path), as: UTF8.self)
        #expect(summary.hasPrefix("# Lateral attack-path report\n"))
        #expect(summary.contains("**Reachable.** 19 shortest attack paths"))
        #expect(summary.contains("`Allow-SSH-RDP-Internet`"))
        // The firewall is on the jump-box paths (DNAT), not on the direct peering ones.
        #expect(summary.contains("`jump-weu-ssh`"))
        // The westeurope web tier is reached through the Application Gateway, and one
        // training subnet has a way out of its own.
        #expect(summary.contains("listener listener-shop-https (Https 20.61.112.50:443)"))
        #expect(summary.contains("## Ways out (exfiltration)"))
        #expect(summary.contains("### Way out 2: `vnet-llm-train-chn/snet-eval` -> `internet`"))
        #expect(summary.contains("leaves through default outbound access"))
        #expect(!summary.contains("### Way out 6:"))
        #expect(summary.contains("## Policy verdicts"))
        #expect(summary.contains("| `no-internet-to-training` | deny | error | **violated** | 4 |"))
        #expect(summary.contains("| `checkout-reaches-inference` | require | error | holds | 0 |"))

        let pathsJSON = Fixtures.read(reports.appendingPathComponent("paths.json").path)
        let object = try #require(try JSONSerialization.jsonObject(with: pathsJSON) as? [String: Any])
        let paths = try #require(object["paths"] as? [[String: Any]])
        #expect(paths.count == 19)
        #expect(object["reachable"] as? Bool == true)

        let svg = try SVGDocument(data: Fixtures.read(reports.appendingPathComponent("attack-paths.svg").path))
        #expect(svg.rootElement == "svg")
        #expect(svg.allText.contains("Lateral attack paths: internet, tag:role=retail-frontend -> tag:role=llm-training"))
    }

    @Test("--format json prints the report on stdout, the same bytes as paths.json")
    func jsonOnStdout() throws {
        let directory = try TemporaryDirectory.withTopologyCopy("retail-llm")
        defer { directory.remove() }
        let result = try CLIRunner.run(["analyze", "--format", "json"], cwd: directory.url)
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty)
        let report = try decodeOutput(PathsReport.self, from: result)
        #expect(report.from == ["internet", "tag:role=retail-frontend"])
        #expect(report.to == ["tag:role=llm-training"])
        #expect(report.reachable)
        #expect(report.paths.count == 19)
        #expect(report.paths.contains { $0.nodes == PathsCommandTests.jumpPath })
        #expect(result.stdoutData == Fixtures.read(directory.appending("Reports/retail-llm/paths.json").path))
    }

    @Test("--quiet prints nothing and still writes the reports")
    func quiet() throws {
        let directory = try TemporaryDirectory.withTopologyCopy("retail-llm")
        defer { directory.remove() }
        let result = try CLIRunner.run(["analyze", "--quiet"], cwd: directory.url)
        #expect(result.exitCode == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.isEmpty)
        for name in Self.reportFiles {
            #expect(FileManager.default.fileExists(atPath: directory.appending("Reports/retail-llm/\(name)").path))
        }
    }

    @Test("with inputs and --output, writes the reports there; custom selectors are honoured")
    func explicitInputAndOutput() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.appending("out")
        let result = try CLIRunner.run([
            "analyze", TestInputs.retailLLM, "--from", "subnet:vnet-retail-fe-sea/snet-web",
            "--to", "tag:role=llm-training", "--output", output.path, "--format", "json",
        ])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let report = try decodeOutput(PathsReport.self, from: result)
        #expect(!report.reachable)
        let names = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(names == Self.reportFiles.sorted())
        let summary = String(decoding: Fixtures.read(output.appendingPathComponent("summary.md").path), as: UTF8.self)
        #expect(summary.contains("**Not reachable.**"))
    }

    @Test("--detail and --layout shape attack-paths.svg; the paths stay at subnet detail")
    func diagramOptions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.appending("out")
        let result = try CLIRunner.run([
            "analyze", TestInputs.cliFixture("hub-two-spokes.json"), "--from", "internet", "--to", "tag:role=ml-target",
            "--detail", "vnet", "--layout", "sfdp", "--output", output.path, "--quiet",
        ])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let svg = try SVGDocument(data: Fixtures.read(output.appendingPathComponent("attack-paths.svg").path))
        let shown = svg.allText.replacingOccurrences(of: "\u{A0}", with: " ")
        #expect(shown.contains("vnet-spoke-app  westeurope  10.1.0.0/16 | 2 subnets, 3 hosts"))
        #expect(shown.contains("snet-jump  10.0.1.0/24 | nic-jump-01 10.0.1.4 pip 203.0.113.10"))
        #expect(!shown.contains("snet-db"))
    }

    @Test("with no input outside a checkout, exits 2 and says what is missing")
    func noDefaultTopology() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try CLIRunner.run(["analyze"], cwd: directory.url)
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("Topologies/retail-llm not found"))
        #expect(!FileManager.default.fileExists(atPath: directory.appending("Reports").path))
    }
}

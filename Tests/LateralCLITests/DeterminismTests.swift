import Foundation
import TestSupport
import Testing

@Suite("same input, same bytes")
struct DeterminismTests {
    @Test("analyze --format json twice gives identical stdout")
    func analyzeJSON() throws {
        let directory = try TemporaryDirectory.withTopologyCopy("retail-llm")
        defer { directory.remove() }
        let first = try CLIRunner.run(["analyze", "--format", "json"], cwd: directory.url)
        let second = try CLIRunner.run(["analyze", "--format", "json"], cwd: directory.url)
        #expect(first.exitCode == 0)
        #expect(!first.stdoutData.isEmpty)
        #expect(first.stdoutData == second.stdoutData)
    }

    @Test("paths and flow JSON are identical across runs")
    func pathsAndFlowJSON() throws {
        let paths = [
            "paths", TestInputs.retailLLM, "--from", "internet", "--from", "tag:role=retail-frontend", "--to", "tag:role=llm-training",
            "--format", "json",
        ]
        #expect(try CLIRunner.run(paths).stdoutData == CLIRunner.run(paths).stdoutData)
        let flow = ["flow", TestInputs.retailLLM, "--src", "10.10.255.4", "--dst", "10.50.1.4", "--port", "22", "--format", "json"]
        let firstFlow = try CLIRunner.run(flow)
        #expect(firstFlow.exitCode == 0)
        #expect(firstFlow.stdoutData == (try CLIRunner.run(flow)).stdoutData)
    }

    @Test("render --output x.dot twice gives identical bytes")
    func renderDOT() throws {
        #expect(try renderTwice(extension: "dot", extra: []))
        #expect(try renderTwice(extension: "dot", extra: ["--from", "internet", "--to", "tag:role=llm-training"]))
    }

    @Test("render --output x.svg twice gives identical bytes")
    func renderSVG() throws {
        #expect(try renderTwice(extension: "svg", extra: []))
    }

    @Test("render --layout sfdp twice gives identical bytes, at subnet and VNet detail")
    func renderSFDP() throws {
        #expect(try renderTwice(extension: "svg", extra: ["--layout", "sfdp", "--from", "internet", "--to", "tag:role=llm-training"]))
        #expect(try renderTwice(extension: "svg", extra: ["--layout", "sfdp", "--detail", "vnet"]))
    }

    /// Renders retail-llm twice into one temporary directory and compares the files.
    private func renderTwice(extension ext: String, extra: [String]) throws -> Bool {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var outputs: [Data] = []
        for run in 1...2 {
            let path = directory.appending("run\(run).\(ext)").path
            let result = try CLIRunner.run(["render", TestInputs.retailLLM] + extra + ["--output", path])
            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
            outputs.append(Fixtures.read(path))
        }
        return !outputs[0].isEmpty && outputs[0] == outputs[1]
    }
}

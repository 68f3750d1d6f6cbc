import Foundation
import TestSupport
import Testing

@Suite("lateral generate")
struct GenerateCommandTests {
    static let small = [
        "generate", "--seed", "3", "--regions", "2", "--spokes", "5", "--subnets-per-spoke", "2", "--rules-per-nsg", "4",
        "--nics-per-subnet", "1",
    ]

    @Test("writes JSON to standard output, the counts to standard error, the same bytes every time")
    func standardOutput() throws {
        let first = try CLIRunner.run(Self.small)
        #expect(first.exitCode == 0)
        #expect(first.stdout.hasPrefix("["))
        #expect(first.stderr.contains("resources ("))
        #expect(first.stderr.contains("\(first.stdoutData.count) bytes"))
        #expect(try CLIRunner.run(Self.small).stdoutData == first.stdoutData)
    }

    @Test("--output writes a file that analyze accepts without warnings")
    func outputFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.appending("estate.json").path
        let generated = try CLIRunner.run(Self.small + ["--output", file])
        #expect(generated.exitCode == 0)
        #expect(generated.stdout.isEmpty)
        #expect(generated.stderr.contains("written to \(file)"))
        let analysed = try CLIRunner.run(["analyze", file, "--format", "json"])
        #expect(analysed.exitCode == 0)
        #expect(!analysed.stderr.contains("warning"))
    }

    @Test("options out of range exit 2 with the reason")
    func badOptions() throws {
        let result = try CLIRunner.run(["generate", "--regions", "20"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("regions must be between 1 and 16"))
        #expect(result.stdout.isEmpty)
    }

    @Test("--shape chooses the estate; a partial export says what it left out")
    func shapes() throws {
        let hub = try CLIRunner.run(Self.small)
        let explicit = try CLIRunner.run(Self.small + ["--shape", "hub-spoke"])
        #expect(explicit.stdoutData == hub.stdoutData)
        let partial = try CLIRunner.run(Self.small + ["--shape", "partial-export"])
        #expect(partial.exitCode == 0)
        #expect(partial.stderr.contains("referenced but left out:"))
        #expect(partial.stdoutData != hub.stdoutData)
        let flat = try CLIRunner.run(Self.small + ["--shape", "flat"])
        #expect(flat.stderr.contains("ASGs"))
    }

    @Test("an unknown shape exits 2 and lists the shapes")
    func unknownShape() throws {
        let result = try CLIRunner.run(["generate", "--shape", "star"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("global-mesh"))
        #expect(result.stdout.isEmpty)
    }
}

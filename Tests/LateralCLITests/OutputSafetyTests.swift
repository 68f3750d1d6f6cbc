import Foundation
import TestSupport
import Testing

/// No command writes over a file it read, or into a directory it read; reports are written
/// whole or not at all.
@Suite("outputs never overwrite inputs")
struct OutputSafetyTests {
    static let policy = """
        version: 1
        policies:
          - {id: no-internet, kind: deny, description: d, from: [internet], to: [tag:role=llm-training]}
        """

    func estateCopy() throws -> (directory: TemporaryDirectory, estate: URL) {
        let directory = try TemporaryDirectory.withTopologyCopy("retail-llm")
        return (directory, directory.appending("Topologies/retail-llm"))
    }

    @Test("check --output naming its input, its policy or a link to the input is refused, and the input is unchanged")
    func checkOverInput() throws {
        let (directory, estate) = try estateCopy()
        defer { directory.remove() }
        let policy = directory.appending("policy.yaml")
        try Self.policy.write(to: policy, atomically: true, encoding: .utf8)
        let file = estate.appendingPathComponent(
            try #require(try FileManager.default.contentsOfDirectory(atPath: estate.path).sorted().first { $0.hasSuffix(".json") }))
        let before = try Data(contentsOf: file)
        let link = directory.appending("link.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        for output in [file.path, policy.path, link.path] {
            let result = try CLIRunner.run(["check", file.path, "--policy", policy.path, "--output", output])
            #expect(result.exitCode == 2, "\(output): \(result.stderr)")
            #expect(result.stderr.contains("refusing to overwrite"), "\(result.stderr)")
        }
        #expect(try Data(contentsOf: file) == before)
        #expect(try Self.policy == String(contentsOf: policy, encoding: .utf8))
    }

    @Test("analyze --output inside an input directory is refused before anything is written")
    func analyzeIntoInput() throws {
        let (directory, estate) = try estateCopy()
        defer { directory.remove() }
        let listing = try FileManager.default.contentsOfDirectory(atPath: estate.path).sorted()
        for output in [estate.path, estate.appendingPathComponent("reports").path] {
            let result = try CLIRunner.run(["analyze", estate.path, "--output", output, "--quiet"])
            #expect(result.exitCode == 2, "\(output): \(result.stderr)")
            #expect(result.stderr.contains("inside the input directory") || result.stderr.contains("refusing to overwrite"), "\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: estate.path).sorted() == listing)
    }

    @Test("analyze writes its reports whole, with no temporary file left beside them")
    func analyzeWritesWhole() throws {
        let (directory, estate) = try estateCopy()
        defer { directory.remove() }
        let reports = directory.appending("out")
        let result = try CLIRunner.run(["analyze", estate.path, "--output", reports.path, "--quiet"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted()
        #expect(names == ["attack-paths.svg", "paths.json", "report.html", "summary.md"], "\(names)")
    }
}

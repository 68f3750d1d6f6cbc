import Foundation
import TestSupport
import Testing

@Suite("lateral report")
struct ReportCommandTests {
    @Test("writes report.html, the same bytes for the same input and time, and records the time given")
    func writesReport() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var pages: [Data] = []
        // The command line is on the cover: the same output directory both times.
        let output = directory.appending("out").path
        for _ in 0..<2 {
            let result = try CLIRunner.run(["report", TestInputs.retailLLM, "--output", output, "--timestamp", "2026-11-28T09:30:00Z", "--quiet"])
            #expect(result.exitCode == 0, "stderr: \(result.stderr)")
            pages.append(Fixtures.read(output + "/report.html"))
        }
        #expect(pages[0] == pages[1])
        let html = String(decoding: pages[0], as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("2026-11-28 09:30:00 UTC"))
        #expect(html.contains("id=\"path-19\""))
    }

    @Test("a time that is neither form is a usage error, before anything is written")
    func badTimestamp() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try CLIRunner.run(["report", TestInputs.retailLLM, "--output", directory.path, "--timestamp", "yesterday"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("report time 'yesterday'"))
        #expect(!FileManager.default.fileExists(atPath: directory.appending("report.html").path))
    }

    @Test("refuses to write into an input directory")
    func refusesInputDirectory() throws {
        let directory = try TemporaryDirectory.withTopologyCopy("retail-llm")
        defer { directory.remove() }
        let input = directory.appending("Topologies/retail-llm").path
        let result = try CLIRunner.run(["report", input, "--output", input + "/out"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("inside the input directory"))
    }
}

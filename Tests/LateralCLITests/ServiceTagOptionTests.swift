import Foundation
import TestSupport
import Testing

/// `--service-tags`: the data named, recorded in the reports (TAG-15), refused where it is
/// not what it claims, and said when absent.
@Suite("--service-tags")
struct ServiceTagOptionTests {
    static var download: String { Fixtures.fixture("ServiceTags/ServiceTags_Public_sample.json") }
    static var discovery: String { Fixtures.fixture("ServiceTags/servicetags-discovery-api-sample.json") }
    static var estate: String { Fixtures.path("Topologies/retail-llm") }

    @Test("TAG-15: analyze records the data's file, cloud and change number in paths.json and summary.md")
    func recorded() throws {
        let out = try TemporaryDirectory()
        defer { out.remove() }
        let result = try CLIRunner.run(["analyze", Self.estate, "--service-tags", Self.download, "--output", out.path, "--quiet"])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appending("paths.json"))) as? [String: Any]
        let tags = try #require(json?["serviceTags"] as? [String: Any])
        #expect(tags["cloud"] as? String == "Public")
        #expect(tags["format"] as? String == "download")
        #expect((tags["files"] as? [[String: Any]])?.first?["changeNumber"] as? String == "312")
        let summary = try String(contentsOf: out.appending("summary.md"), encoding: .utf8)
        #expect(summary.contains("Service tags resolved with the Service Tags download for cloud `Public`"))
        #expect(summary.contains("(change number `312`)"))
    }

    @Test("TAG-15: report.html names the data on its cover and lists the file, with its digest, among the inputs")
    func reportCover() throws {
        let out = try TemporaryDirectory()
        defer { out.remove() }
        let result = try CLIRunner.run(["report", Self.estate, "--service-tags", Self.download, "--output", out.path, "--quiet"])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let html = try String(contentsOf: out.appending("report.html"), encoding: .utf8)
        #expect(html.contains("The Service Tags download for cloud <code>Public</code>"))
        #expect(html.contains("change number <code>312</code>"))
        let row = try #require(html.components(separatedBy: "<tr>").dropFirst().first { $0.contains("ServiceTags_Public_sample.json") })
        #expect(row.contains("class=\"digest\""))
        let plain = try CLIRunner.run(["report", Self.estate, "--output", out.path, "--quiet"])
        #expect(plain.exitCode == 0)
        #expect(try String(contentsOf: out.appending("report.html"), encoding: .utf8).contains("pass <code>--service-tags</code> to resolve them"))
    }

    @Test("without data, every approximated tag is named once, with the option that resolves it")
    func warned() throws {
        let result = try CLIRunner.run(["paths", Self.estate, "--from", "internet", "--to", "tag:role=llm-training"])
        #expect(result.exitCode == 0)
        #expect(result.stderr.components(separatedBy: "service tag 'Storage' (named 2 times").count == 2)
        #expect(result.stderr.contains("--service-tags"))
        // With data, the tags it holds are no longer approximated.
        let resolved = try CLIRunner.run(["paths", Self.estate, "--from", "internet", "--to", "tag:role=llm-training", "--service-tags", Self.download])
        #expect(resolved.exitCode == 0)
        #expect(!resolved.stderr.contains("service tag 'Storage' "))
        #expect(resolved.stderr.contains("service tag 'GatewayManager'"))
        #expect(resolved.stderr.contains("TAG-14"))
    }

    @Test("TAG-3: the download and Discovery API output together are refused (exit 2); tag data given as an input is named")
    func refused() throws {
        let mixed = try CLIRunner.run([
            "paths", Self.estate, "--from", "internet", "--to", "internet", "--service-tags", Self.download, "--service-tags", Self.discovery,
        ])
        #expect(mixed.exitCode == 2)
        #expect(mixed.stderr.contains("TAG-3"))
        let asInput = try CLIRunner.run(["paths", Self.download, "--from", "internet", "--to", "internet"])
        #expect(asInput.exitCode == 2)
        #expect(asInput.stderr.contains("give it with --service-tags"))
    }
}

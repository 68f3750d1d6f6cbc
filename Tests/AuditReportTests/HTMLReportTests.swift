import AuditReport
import Foundation
import Lateral
import TestSupport
import Testing

@testable import AuditReport

/// report.html: every section and every path, way out and finding in its place, links that
/// resolve, names that stay text, and the same bytes for the same input.
@Suite("HTML report")
struct HTMLReportTests {
    static func analysis(_ paths: [String], policy: String? = nil) throws -> Analysis {
        let estate = try Estate.load(paths: paths, change: nil, keepDocuments: true).base
        return Analysis(
            estate: estate, inputs: paths, from: [.internet, try Selector(parsing: "tag:role=retail-frontend")],
            to: [try Selector(parsing: "tag:role=llm-training")], policies: try policy.map { try PolicyFile.load(file: $0) })
    }

    static func html(_ analysis: Analysis, context: ReportContext = ReportContext(commandLine: ["lateral", "report"])) throws -> String {
        String(decoding: try analysis.htmlReport(context: context), as: UTF8.self)
    }

    /// The values of `attribute="..."` in the page.
    static func values(_ attribute: String, in html: String) -> [String] {
        html.components(separatedBy: " \(attribute)=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
    }

    @Test("many findings of one kind: the first 20 in full, every other one as a row with its own anchor")
    func manyFindings() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-many-findings")
        defer { directory.remove() }
        let base = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"
        let subnets = (0..<45).map { #"{"name": "s\#($0)", "properties": {"addressPrefix": "10.0.\#($0).0/24"}}"# }.joined(separator: ", ")
        let estate =
            #"[{"id": "\#(base)", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": [\#(subnets)]}}]"#
        try Data(estate.utf8).write(to: directory.appending("estate.json"))
        let analysis = try Self.analysis([directory.appending("estate.json").path])
        let html = try Self.html(analysis)
        // LAT-NET-009: 45 subnets without an NSG.
        #expect(html.components(separatedBy: "<article class=\"finding\"").count - 1 == 20)
        #expect(html.contains("LAT-NET-009: 25 more"))
        let ids = Set(Self.values("id", in: html))
        #expect((1...45).allSatisfy { ids.contains("finding-\($0)") })
    }

    @Test("retail-llm: every section, path, way out and finding has its anchor, and every link resolves to one id")
    func sections() throws {
        let analysis = try Self.analysis([Fixtures.path("Topologies/retail-llm")], policy: Fixtures.path("Topologies/retail-llm/policy.yaml"))
        let html = try Self.html(analysis)
        let ids = Self.values("id", in: html)
        #expect(Set(ids).count == ids.count, "duplicate ids: \(ids.filter { id in ids.count { $0 == id } > 1 })")
        for (id, _) in HTMLReport.sections { #expect(ids.contains(id), "\(id)") }
        #expect(analysis.paths.paths.count == 19)
        for i in analysis.paths.paths.indices { #expect(ids.contains("path-\(i + 1)")) }
        #expect(!ids.contains("path-20"))
        #expect(!analysis.exfiltration.paths.isEmpty)
        for i in analysis.exfiltration.paths.indices { #expect(ids.contains("way-out-\(i + 1)")) }
        let findings = analysis.findings
        #expect(!findings.isEmpty)
        for (i, finding) in findings.enumerated() {
            #expect(ids.contains("finding-\(i + 1)"))
            #expect(html.contains("\(finding.code.rawValue) \(HTMLEscape.text(FindingCatalog.entry(finding.code).title))"))
        }
        for link in Self.values("href", in: html) {
            #expect(link.hasPrefix("#"), "a link leaves the page: \(link)")
            #expect(ids.contains(String(link.dropFirst())), "\(link) names no id")
        }
        // One diagram per path and way out, and the overview.
        #expect(html.components(separatedBy: "<svg ").count - 1 == 1 + analysis.paths.paths.count + analysis.exfiltration.paths.count)
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("@import") && !html.contains("url("))
        #expect(html.contains("Policies in <code>"))
        #expect(html.contains("No isolation plan is part of this report."))
    }

    @Test("every hop table names the rules that allowed the hop, with their file, line and pointer")
    func provenance() throws {
        let analysis = try Self.analysis([Fixtures.path("Topologies/retail-llm")])
        let html = try Self.html(analysis)
        let lines = analysis.estate.lineLookup
        for path in analysis.paths.paths {
            for hop in path.hops {
                for c in hop.allowedBy {
                    #expect(html.contains("rule <code>\(HTMLEscape.text(c.rule.name))</code>, priority \(c.rule.priority)"))
                    // Default rules the export leaves out are the model's own: no place to name.
                    guard let origin = c.rule.origin else { continue }
                    let line = try #require(lines(origin.file, origin.pointer))
                    #expect(
                        html.contains("\(HTMLEscape.code(origin.file))<br>line \(line)<br><code class=\"pointer\">\(HTMLEscape.text(origin.pointer))</code>"))
                }
            }
        }
    }

    @Test("hostile names stay text, in the page and inside its diagrams")
    func hostileNames() throws {
        let analysis = try Self.analysis([Fixtures.fixture("Report/hostile-names.json")])
        #expect(!analysis.paths.paths.isEmpty)
        let html = try Self.html(analysis)
        for markup in ["<script", "<img", "<iframe", "<svg onload", "</title><", "<b>bold", "<b>first", "<marquee", "<blink", "<!-- -->", "\u{202E}"] {
            #expect(!html.contains(markup), "\(markup) reached the page")
        }
        #expect(html.contains("vnet-&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("allow-ssh-\\u{202E}gnp.exe &amp; &#39;q&#39; &lt;!-- --&gt;"))
        #expect(html.contains("kv-&lt;iframe src=//evil.example&gt;"))
        // Rule names in LAT-NET-007, -008 and -012's sentences and rule lists.
        for name in ["deny-rdp-&lt;b&gt;first", "allow-rdp-&lt;img src=x onerror=alert(4)&gt;", "allow-vnet-&lt;marquee&gt;", "deny-ssh-&lt;blink&gt;late"] {
            #expect(html.contains("<code>\(name)</code>") && html.contains(" \(name) (priority "), "\(name)")
        }
        #expect(Set(analysis.findings.map(\.code)).isSuperset(of: [.shadowedAllow, .preemptedDeny, .broadSource]))
        // Inside the SVG, Graphviz's own escaping: the text is there, the element is not.
        #expect(html.contains("snet&#45;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        // The page's own title only: Graphviz's titles (synthetic node IDs) are taken out.
        #expect(html.components(separatedBy: "<title>").count == 2)
    }

    @Test("the same input gives the same bytes, and the cover says what was not recorded")
    func determinism() throws {
        let paths = [Fixtures.path("Topologies/retail-llm")]
        let first = try Self.html(try Self.analysis(paths))
        let second = try Self.html(try Self.analysis(paths))
        #expect(first == second)
        #expect(first.contains("Not recorded.</span> Set <code>SOURCE_DATE_EPOCH</code>"))
        #expect(first.contains("<span class=\"unrecorded\">Not recorded</span> (<code>LATERAL_COMMIT</code> was not set)"))
        let context = try ReportContext.from(
            environment: ["SOURCE_DATE_EPOCH": "1700000000", "LATERAL_COMMIT": "0123abc"], commandLine: ["lateral", "report", "x y"], time: nil)
        let stamped = try Self.html(try Self.analysis(paths), context: context)
        #expect(stamped.contains("2023-11-14 22:13:20 UTC (SOURCE_DATE_EPOCH)"))
        #expect(stamped.contains("<code>0123abc</code>"))
        #expect(stamped.contains("lateral report &#39;x y&#39;"))
    }

    @Test("the cover lists each input with its size and SHA-256")
    func digests() throws {
        let analysis = try Self.analysis([Fixtures.path("Topologies/retail-llm")])
        let html = try Self.html(analysis)
        #expect(analysis.estate.imported.files.count == 15)
        for file in analysis.estate.imported.files {
            let bytes = [UInt8](Fixtures.read(file))
            #expect(html.contains("\(HTMLEscape.code(file))</td><td class=\"number\">\(HTMLReport.grouped(bytes.count))</td>"))
            #expect(html.contains("<code class=\"digest\">\(InputDigest.sha256(bytes))</code>"))
        }
        // FIPS 180-2's example.
        #expect(InputDigest.sha256(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.appending("abc.json").path
        try Data("abc".utf8).write(to: URL(fileURLWithPath: file))
        #expect(
            InputDigest.files([file, "/dev/null"]) == [
                HTMLReport.InputFile(path: file, bytes: 3, sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                HTMLReport.InputFile(path: "/dev/null", bytes: nil, sha256: nil),
            ])
    }

    @Test("an isolation plan given is listed in its section")
    func isolationPlan() throws {
        let analysis = try Self.analysis([Fixtures.path("Topologies/retail-llm")])
        var context = ReportContext(commandLine: [])
        context.isolationPlan = [HTMLReport.IsolationStep(action: "Delete rule <x>", resource: nil, command: "az network nsg rule delete -n x")]
        let html = try Self.html(analysis, context: context)
        #expect(html.contains("<ol class=\"isolation\">\n<li>Delete rule &lt;x&gt;<br><code class=\"command\">az network nsg rule delete -n x</code></li>"))
    }

    @Test(
        "HTML escaping: markup, quotes, control characters and bidirectional overrides",
        arguments: [
            ("<a href='x'>&</a>", "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"), ("say \"hi\"", "say &quot;hi&quot;"), ("line\nbreak", "line\\u{A}break"),
            ("rtl\u{202E}txt", "rtl\\u{202E}txt"), ("iso\u{2067}late", "iso\\u{2067}late"), ("plain é", "plain é"),
        ])
    func escaping(_ text: String, _ escaped: String) {
        #expect(HTMLEscape.text(text) == escaped)
    }

    @Test(
        "report times from seconds since 1970 or ISO 8601 UTC; anything else is refused",
        arguments: [
            ("0", "1970-01-01 00:00:00 UTC"), ("1700000000", "2023-11-14 22:13:20 UTC"), ("951782400", "2000-02-29 00:00:00 UTC"),
            ("2026-11-28T09:30:00Z", "2026-11-28 09:30:00 UTC"),
        ])
    func times(_ text: String, _ words: String) throws {
        #expect(try ReportTime.words(text) == words)
    }

    @Test("a time that is neither form is refused", arguments: ["", "-5", "yesterday", "2026-13-01T00:00:00Z", "2026-11-28 09:30:00", "99999999999999"])
    func badTimes(_ text: String) {
        #expect(throws: ReportTime.Invalid.self) { try ReportTime.words(text) }
    }
}

@Suite("HTML report: what-if")
struct HTMLReportWhatIfTests {
    @Test("a change file's opened and closed paths and changed hops join the report")
    func whatIf() throws {
        let paths = [Fixtures.path("Topologies/retail-llm")]
        let changeFile = Fixtures.path("Topologies/retail-llm/changes/close-planted-holes.yaml")
        let change = try ChangeFile.load(file: changeFile)
        let loaded = try Estate.load(paths: paths, change: change, keepDocuments: true)
        let from = [Selector.internet, try Selector(parsing: "tag:role=retail-frontend")], to = [try Selector(parsing: "tag:role=llm-training")]
        let base = Analysis(estate: loaded.base, inputs: paths, from: from, to: to)
        let changed = Analysis(estate: try #require(loaded.changed), inputs: paths, from: from, to: to, base: base)
        let html = String(
            decoding: try base.htmlReport(context: ReportContext(commandLine: []), whatIf: ("close-planted-holes.yaml", ["remove-nsg-rule <x>"], changed)),
            as: UTF8.self)
        let diff = ReachabilityDiff(base: base.graph, basePaths: base.paths, changed: changed.graph, changedPaths: changed.paths)
        #expect(diff.closed.count == 19)
        #expect(html.contains("<li>remove-nsg-rule &lt;x&gt;</li>"))
        #expect(html.contains("<strong>0 paths opened, 19 closed</strong>; \(diff.changedHops.count) hops whose services change."))
        #expect(!html.contains("No change file was given"))
    }
}

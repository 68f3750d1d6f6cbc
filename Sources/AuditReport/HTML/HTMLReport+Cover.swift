import Reachability
import TopologyModel

extension HTMLReport {
    /// The estate, the inputs with their digests and sizes, the tool, the time and the
    /// command line; what was not recorded says so.
    static func cover(_ input: Input) -> String {
        let p = input.provenance
        let query = input.paths.query
        var html = "<header class=\"cover\" id=\"cover\">\n<p class=\"kicker\">Lateral audit report</p>\n"
        html += "<h1>Attack paths through the Azure estate</h1>\n"
        html += "<p class=\"lead\">From \(query.from.map { HTMLEscape.code($0.description) }.joined(separator: ", ")) to "
        html += query.to.map { HTMLEscape.code($0.description) }.joined(separator: ", ") + ", computed offline from the exported configuration.</p>\n"
        html += "<dl class=\"facts\">\n"
        html += "<dt>Estate</dt><dd>\(HTMLEscape.text(EstateCounts.phrase(input.topology))).</dd>\n"
        let regions = Set(input.topology.networks.values.map(\.location)).sorted()
        html += "<dt>Regions</dt><dd>\(regions.isEmpty ? "none" : regions.map(HTMLEscape.code).joined(separator: ", "))</dd>\n"
        html += "<dt>Report time</dt><dd>"
        html +=
            p.timestamp.map(HTMLEscape.text)
            ?? "<span class=\"unrecorded\">Not recorded.</span> Set <code>SOURCE_DATE_EPOCH</code> or pass <code>--timestamp</code>; the report never reads the clock, so the same input gives the same file."
        html += "</dd>\n<dt>Service tags</dt><dd>"
        if let tags = input.options.serviceTags, let first = tags.sources.first {
            // TAG-15: the snapshot an audit must be repeated with; the files are in the inputs table.
            html += "\(first.format == .download ? "The Service Tags download" : "Discovery API data") for cloud \(HTMLEscape.code(first.cloud)): "
            html += tags.sources.map { "\(HTMLEscape.code($0.file)), change number \(HTMLEscape.code($0.changeNumber))" }.joined(separator: "; ")
        } else {
            html +=
                "<span class=\"unrecorded\">None given.</span> Tags other than <code>VirtualNetwork</code>, <code>Internet</code> and <code>AzureLoadBalancer</code> are approximated (NSG-33; each is named under Input notes); pass <code>--service-tags</code> to resolve them."
        }
        html += "</dd>\n<dt>Tool</dt><dd>lateral \(HTMLEscape.text(p.toolVersion))</dd>\n<dt>Build commit</dt><dd>"
        html += p.commit.map(HTMLEscape.code) ?? "<span class=\"unrecorded\">Not recorded</span> (<code>LATERAL_COMMIT</code> was not set)."
        html += "</dd>\n<dt>Command line</dt><dd>"
        html +=
            p.commandLine.isEmpty
            ? "<span class=\"unrecorded\">Not recorded.</span>" : "<code class=\"command\">\(HTMLEscape.text(shellWords(p.commandLine)))</code>"
        html += "</dd>\n</dl>\n"
        html += "<table class=\"inputs\">\n<caption>Inputs (\(plural(input.inputs.count, "file")))</caption>\n"
        html += "<thead><tr><th>file</th><th class=\"number\">bytes</th><th>SHA-256</th></tr></thead>\n<tbody>\n"
        for file in input.inputs {
            html += "<tr><td>\(HTMLEscape.code(file.path))</td><td class=\"number\">\(file.bytes.map(grouped) ?? "-")</td>"
            html +=
                "<td>" + (file.sha256.map { "<code class=\"digest\">\($0)</code>" } ?? "<span class=\"unrecorded\">not recorded (not a regular file)</span>")
                + "</td></tr>\n"
        }
        html += "</tbody>\n</table>\n</header>\n"
        return html
    }

    /// The verdict, counts, the riskiest paths per entry and target selector, and the most
    /// severe findings.
    static func verdict(_ input: Input) -> String {
        let p = input.paths
        var html = open("verdict")
        let targetsHit = Set(p.paths.compactMap(\.nodes.last)).count
        if p.reachable {
            html += "<p class=\"verdict bad\"><strong>Reachable.</strong> \(plural(p.paths.count, "shortest attack path")) reach \(targetsHit) of "
            html += "\(plural(p.targets.count, "target node"))\(p.truncated ? " (the report keeps the \(p.paths.count) shortest; more exist)" : "").</p>\n"
        } else {
            html += "<p class=\"verdict good\"><strong>Not reachable.</strong> No allowed route leads from the entry points to the targets.</p>\n"
        }
        for selector in p.emptySelectors { html += "<p class=\"warning\">Selector \(HTMLEscape.code(selector.description)) selects nothing.</p>\n" }
        let severities = Dictionary(grouping: input.findings, by: FindingCatalog.severity)
        let violated = input.policies.map { $0.verdicts.filter { !$0.holds }.count }
        html += "<div class=\"tiles\">\n"
        html += tile(p.paths.count, "attack paths", "#paths", alarming: p.reachable)
        html += tile(targetsHit, "of \(p.targets.count) targets reached", "#paths", alarming: targetsHit > 0)
        html += tile(input.exfiltration?.paths.count ?? 0, "ways out", "#ways-out", alarming: !(input.exfiltration?.paths.isEmpty ?? true))
        for severity in [FindingCatalog.Severity.critical, .high, .medium] {
            let count = severities[severity]?.count ?? 0
            html += tile(count, "\(severity.name.lowercased()) findings", "#findings", alarming: count > 0 && severity >= .high)
        }
        if let violated, let total = input.policies?.verdicts.count {
            html += tile(violated, "of \(total) policies violated", "#policies", alarming: violated > 0)
        }
        html += "</div>\n"
        html += topRisks(input)
        html += severeCodes(input)
        return html + "</section>\n"
    }

    /// The High and Critical findings by catalog ID, most severe first, each with its count
    /// and a link to its first instance.
    static func severeCodes(_ input: Input) -> String {
        var first: [AuditFinding.Code: Int] = [:], counts: [AuditFinding.Code: Int] = [:], worst: [AuditFinding.Code: FindingCatalog.Severity] = [:]
        for (i, finding) in input.findings.enumerated() where FindingCatalog.severity(finding) >= .high {
            if first[finding.code] == nil { first[finding.code] = i + 1 }
            counts[finding.code, default: 0] += 1
            worst[finding.code] = max(worst[finding.code] ?? .info, FindingCatalog.severity(finding))
        }
        guard !first.isEmpty else { return "" }
        let codes = AuditFinding.Code.allCases.filter { first[$0] != nil }.sorted { (worst[$1]!, $0) < (worst[$0]!, $1) }
        var html = "<h3>Most severe findings</h3>\n<ul class=\"worst\">\n"
        for code in codes {
            let count = counts[code] ?? 0
            html += "<li>\(badge(worst[code]!)) <a href=\"#finding-\(first[code]!)\">\(code.rawValue)</a> \(HTMLEscape.text(FindingCatalog.entry(code).title))"
            html += count > 1 ? " <span class=\"count\">(\(count))</span></li>\n" : "</li>\n"
        }
        return html + "</ul>\n"
    }

    static func tile(_ count: Int, _ label: String, _ link: String, alarming: Bool) -> String {
        "<a class=\"tile\(alarming ? " alarm" : "")\" href=\"\(link)\"><span class=\"figure\">\(grouped(count))</span><span class=\"label\">\(label)</span></a>\n"
    }

    /// The ranking: per entry and target selector, the riskiest paths (at most ten each),
    /// linked to their sections.
    static func topRisks(_ input: Input) -> String {
        guard !input.ranking.isEmpty else { return "" }
        var index: [[String]: Int] = [:]
        for (i, path) in input.paths.paths.enumerated() where index[path.nodes] == nil { index[path.nodes] = i + 1 }
        var html = "<h3>Top risks</h3>\n<p>Per entry selector and target selector, the riskiest paths by risk score (the score's sum: docs/solver.md).</p>\n"
        html +=
            "<table class=\"ranking\">\n<thead><tr><th class=\"number\">rank</th><th class=\"number\">score</th><th>path</th><th>why</th></tr></thead>\n<tbody>\n"
        for pair in input.ranking {
            let pairText = "From " + HTMLEscape.code(pair.from.description) + " to " + HTMLEscape.code(pair.to.description)
            html += "<tr class=\"group\"><th colspan=\"4\">\(pairText)\(pair.paths.isEmpty ? ": not reachable" : "")</th></tr>\n"
            for (rank, entry) in pair.paths.prefix(10).enumerated() {
                let link = index[entry.path.nodes].map { "<a href=\"#path-\($0)\">Path \($0)</a>: " } ?? ""
                html += "<tr><td class=\"number\">\(rank + 1)</td><td class=\"number\">\(entry.score.total)</td>"
                html += "<td>\(link)\(chain(entry.path.nodes))</td><td>\(HTMLEscape.text(entry.score.factors.joined(separator: ", ")))</td></tr>\n"
            }
            if pair.paths.count > 10 { html += "<tr><td colspan=\"4\">\(pair.paths.count - 10) more, in the path list below</td></tr>\n" }
        }
        return html + "</tbody>\n</table>\n"
    }

    static func badge(_ severity: FindingCatalog.Severity) -> String {
        "<span class=\"severity \(severity.name.lowercased())\">\(severity.name)</span>"
    }

    /// 12345 as "12,345".
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (number < 0 ? "-" : "") + out
    }

    /// Arguments joined so a shell reads them back: plain words as they are, others quoted.
    static func shellWords(_ words: [String]) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,@%+".unicodeScalars)
        return words.map { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy(plain.contains)
                ? word : "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
        }.joined(separator: " ")
    }
}

import Reachability
import TopologyModel

extension HTMLReport {
    /// A summary by catalog ID, then one article per finding: what the estate shows, the
    /// resource and where it is declared, the benchmark controls, the Azure Policy built-ins
    /// and the remediation's command shape.
    static func findingSections(_ input: Input) -> String {
        var html = open("findings")
        html += "<p>Findings of the catalog that the exported configuration proves offline (the catalog and what it cannot prove offline: docs/report.md). "
        html += "Severity is the catalog's, one level up where the finding touches the targets (the training zone).</p>\n"
        guard !input.findings.isEmpty else { return html + "<p>None.</p>\n</section>\n" }
        var first: [AuditFinding.Code: Int] = [:], counts: [AuditFinding.Code: Int] = [:], worst: [AuditFinding.Code: FindingCatalog.Severity] = [:]
        for (i, finding) in input.findings.enumerated() {
            if first[finding.code] == nil { first[finding.code] = i + 1 }
            counts[finding.code, default: 0] += 1
            worst[finding.code] = max(worst[finding.code] ?? .info, FindingCatalog.severity(finding))
        }
        html += "<table class=\"summary\">\n<thead><tr><th>ID</th><th>finding</th><th>severity</th><th class=\"number\">count</th></tr></thead>\n<tbody>\n"
        for code in AuditFinding.Code.allCases {
            guard let index = first[code], let severity = worst[code] else { continue }
            html += "<tr><td><a href=\"#finding-\(index)\">\(code.rawValue)</a></td><td>\(HTMLEscape.text(FindingCatalog.entry(code).title))</td>"
            html += "<td>\(badge(severity))</td><td class=\"number\">\(counts[code] ?? 0)</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        // Each finding in full up to a few of one kind; the rest of that kind as table rows,
        // every one still listed: an estate of thousands of NSGs has thousands of shadowed
        // rules, and an article for each made a report of 60 MB that no browser opens well.
        var shown: [AuditFinding.Code: Int] = [:]
        var rows: [AuditFinding.Code: [(number: Int, finding: AuditFinding)]] = [:]
        for (i, finding) in input.findings.enumerated() {
            shown[finding.code, default: 0] += 1
            if shown[finding.code]! <= Self.articlesPerFinding {
                html += findingArticle(finding, number: i + 1, input: input)
            } else {
                rows[finding.code, default: []].append((i + 1, finding))
            }
            let last = i + 1 == input.findings.count || input.findings[i + 1].code != finding.code
            if last, let more = rows.removeValue(forKey: finding.code) { html += findingRows(finding.code, more, input: input) }
        }
        return html + "</section>\n"
    }

    /// Findings of one kind shown as articles before the rest become rows.
    static let articlesPerFinding = 20

    /// The findings of one kind past the first ``articlesPerFinding``, one row each: the
    /// controls, policies and remediation are the same as in the articles above.
    static func findingRows(_ code: AuditFinding.Code, _ findings: [(number: Int, finding: AuditFinding)], input: Input) -> String {
        var html =
            "<h3>\(code.rawValue): \(findings.count) more</h3>\n<p>Controls, Azure Policy and remediation as for the \(code.rawValue) findings above.</p>\n"
        html +=
            "<table class=\"summary\">\n<thead><tr><th>severity</th><th>resource</th><th>what the estate shows</th><th>declared in</th></tr></thead>\n<tbody>\n"
        for (number, finding) in findings {
            html +=
                "<tr id=\"finding-\(number)\"><td>\(badge(FindingCatalog.severity(finding)))</td><td>\(finding.subject.map { HTMLEscape.code($0.name) } ?? "")</td>"
            html += "<td>\(HTMLEscape.text(FindingText.sentence(finding)))</td><td>\(source(finding.subject?.origin, input, inline: true))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    static func findingArticle(_ finding: AuditFinding, number: Int, input: Input) -> String {
        let entry = FindingCatalog.entry(finding.code)
        var html = "<article class=\"finding\" id=\"finding-\(number)\">\n"
        html += "<h3>\(badge(FindingCatalog.severity(finding))) \(finding.code.rawValue) \(HTMLEscape.text(entry.title))"
        html += (finding.subject.map { ": " + HTMLEscape.code($0.name) } ?? "")
        if case .reach(let hop, _) = finding.evidence, finding.code != .unfilteredPeering, finding.code != .forwardedTransit, hop.from != finding.subject?.name
        {
            html += " <span class=\"from\">from \(node(hop.from))</span>"
        }
        html += "</h3>\n<table class=\"facts\">\n<tbody>\n"
        html += "<tr><th>What the estate shows</th><td>\(HTMLEscape.text(FindingText.sentence(finding)))</td></tr>\n"
        if let subject = finding.subject {
            html +=
                "<tr><th>Resource</th><td><code class=\"resource-id\">\(HTMLEscape.text(subject.id.text))</code><br>declared in \(source(subject.origin, input))</td></tr>\n"
        }
        html += evidence(finding, input: input)
        html += "<tr><th>CIS Azure Foundations</th><td>\(HTMLEscape.text(entry.cis))</td></tr>\n"
        html += "<tr><th>Microsoft cloud security benchmark</th><td>\(HTMLEscape.text(entry.mcsb))</td></tr>\n"
        html += "<tr><th>Azure Policy</th><td>"
        html +=
            entry.policies.isEmpty
            ? "no built-in evaluates this"
            : "<ul>" + entry.policies.map { "<li>\(HTMLEscape.text($0.name))<br><code class=\"resource-id\">\($0.definitionID)</code></li>" }.joined() + "</ul>"
        html += "</td></tr>\n<tr><th>Remediation</th><td><code class=\"command\">\(HTMLEscape.text(entry.remediation))</code></td></tr>\n"
        return html + "</tbody>\n</table>\n</article>\n"
    }

    /// The proof in detail: for a hop, its witness flow and the rules that let it through,
    /// with a link to the path that uses it; for paths, links to them.
    static func evidence(_ finding: AuditFinding, input: Input) -> String {
        switch finding.evidence {
        case .reach(let hop, _):
            let w = hop.witness
            var html = "<tr><th>Hop</th><td>\(node(hop.from)) → \(node(hop.to)): \(HTMLEscape.text(hop.services.summary))"
            html += "<br>Example flow: \(w.proto.rawValue) \(w.source) → \(w.destination)\(w.proto.hasPorts ? ":\(w.port)" : "")"
            if let path = pathUsing(hop, input) { html += "<br>On \(path)" }
            html += "</td></tr>\n"
            let rules =
                hop.allowedBy.map { c in
                    "\(c.layer) \(HTMLEscape.code(c.securityGroupName)) rule \(HTMLEscape.code(c.rule.name)) (priority \(c.rule.priority)\(c.rule.isDefault ? ", default" : ""))"
                        + (c.rule.origin.map { " in " + source($0, input, inline: true) } ?? "")
                }
                + hop.firewallRules.map { "firewall \(HTMLEscape.code($0.firewallName)) \($0.kind.rawValue) rule \(HTMLEscape.code($0.rule))" }
                + hop.via.filter { $0.kind == .peering || $0.kind == .route || $0.kind == .publicIP }.map {
                    "\($0.kind.rawValue) \(HTMLEscape.code($0.resourceName))"
                }
            if !rules.isEmpty { html += "<tr><th>Allowed by</th><td><ul>" + rules.map { "<li>\($0)</li>" }.joined() + "</ul></td></tr>\n" }
            return html
        case .paths:
            let anchor = finding.code == .targetsToInternet ? "ways-out" : "paths"
            return "<tr><th>Paths</th><td>Listed hop by hop under <a href=\"#\(anchor)\">\(anchor == "paths" ? "Attack paths" : "Ways out")</a>.</td></tr>\n"
        case .setting(.gatewayTransit(let transit)):
            var html =
                "<tr><th>Hub side</th><td>peering \(HTMLEscape.code(transit.hubPeering.name)) (allowGatewayTransit) declared in \(source(transit.hubPeering.origin, input))</td></tr>\n"
            for hop in transit.fromOnPremises {
                html += "<tr><th>Hop</th><td>\(node(hop.from)) → \(node(hop.to)): \(HTMLEscape.text(hop.services.summary))"
                if let path = pathUsing(hop, input) { html += "<br>On \(path)" }
                html += "</td></tr>\n"
            }
            return html
        case .setting:
            return ""
        case .ruleOrder(let order):
            let rules = ([order.rule] + order.by).map { r in
                "\(r.access == .allow ? "allow" : "deny") \(HTMLEscape.code(r.name)) (priority \(r.priority))"
                    + (r.origin.map { " in " + source($0, input, inline: true) } ?? "")
            }
            return "<tr><th>Rules</th><td><ul>" + rules.map { "<li>\($0)</li>" }.joined() + "</ul></td></tr>\n"
        case .broadSource(let broad):
            let ranges = broad.prefixes
            var html = "<tr><th>Rule</th><td>allow \(HTMLEscape.code(broad.rule.name)) (priority \(broad.rule.priority))"
            html += (broad.rule.origin.map { " in " + source($0, input, inline: true) } ?? "") + "</td></tr>\n"
            html += "<tr><th>Source resolved to</th><td>\(ranges.count) range\(ranges.count == 1 ? "" : "s"): "
            html += ranges.prefix(Self.listedRanges).map { HTMLEscape.code($0) }.joined(separator: " ")
            html += ranges.count > Self.listedRanges ? " and \(ranges.count - Self.listedRanges) more" : ""
            return html + "</td></tr>\n"
        }
    }

    /// Ranges of a NET-012 source the report lists before it counts the rest.
    static let listedRanges = 64

    /// "Path 3" or "Way out 1", linked, for the first listed path that takes the hop.
    static func pathUsing(_ hop: Hop, _ input: Input) -> String? {
        func find(_ paths: [AttackPath]) -> Int? { paths.firstIndex { $0.hops.contains { $0.from == hop.from && $0.to == hop.to } } }
        if let i = find(input.paths.paths) { return "<a href=\"#path-\(i + 1)\">Path \(i + 1)</a>" }
        if let i = find(input.exfiltration?.paths ?? []) { return "<a href=\"#way-out-\(i + 1)\">Way out \(i + 1)</a>" }
        return nil
    }
}

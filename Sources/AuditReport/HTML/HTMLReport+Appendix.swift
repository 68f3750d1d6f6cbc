import Reachability
import TopologyModel

extension HTMLReport {
    static func policySection(_ input: Input) -> String {
        var html = open("policies")
        guard let (file, verdicts) = input.policies else {
            return html + "<p>No policy file was given (<code>--policy</code>): nothing here is a verdict against the owner's intent.</p>\n</section>\n"
        }
        let violated = verdicts.filter { !$0.holds }.count
        html += "<p>Policies in \(HTMLEscape.code(file)): \(verdicts.count - violated) of \(verdicts.count) hold.</p>\n"
        html +=
            "<table class=\"policies\">\n<thead><tr><th>policy</th><th>kind</th><th>severity</th><th>verdict</th><th class=\"number\">violations</th></tr></thead>\n<tbody>\n"
        for v in verdicts {
            let verdict = v.holds ? (v.isVacuous ? "holds (vacuously)" : "holds") : "<strong class=\"violated\">violated</strong>"
            html += "<tr><td>\(HTMLEscape.code(v.policy.id))</td><td>\(v.policy.kind.name)</td><td>\(v.policy.severity.rawValue)</td><td>\(verdict)</td>"
            html += "<td class=\"number\">\(v.violations.count)</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        for v in verdicts where !v.holds || !v.notes.isEmpty {
            html += "<h3>\(HTMLEscape.code(v.policy.id)): \(HTMLEscape.text(v.policy.description))</h3>\n<ul>\n"
            for note in v.notes { html += "<li>Note: \(HTMLEscape.text(note))</li>\n" }
            for violation in v.violations.prefix(50) {
                html += "<li>\(HTMLEscape.text(violation.message))"
                let evidence = violation.evidence.prefix(4)
                if !evidence.isEmpty {
                    html +=
                        "<ul>" + evidence.map { "<li>opened by \(HTMLEscape.text($0.text)) — \(source($0.origin, input, inline: true))</li>" }.joined()
                        + "</ul>"
                }
                html += "</li>\n"
            }
            if v.violations.count > 50 { html += "<li>... and \(v.violations.count - 50) more (policies.json lists them all).</li>\n" }
            html += "</ul>\n"
        }
        return html + "</section>\n"
    }

    /// A change file's effect: the paths it opens and closes, and the hops whose services
    /// change.
    static func whatIfSection(_ input: Input) -> String {
        var html = open("whatif")
        guard let (file, changes, diff) = input.whatIf else {
            return html + "<p>No change file was given (<code>--change</code>): the report describes the estate as exported.</p>\n</section>\n"
        }
        html += "<p>The same analysis on the estate as \(HTMLEscape.code(file)) would leave it:</p>\n<ul>\n"
        html += changes.map { "<li>\(HTMLEscape.text($0))</li>\n" }.joined() + "</ul>\n"
        html += "<p><strong>\(plural(diff.opened.count, "path")) opened, \(diff.closed.count) closed</strong>; "
        html += "\(plural(diff.changedHops.count, "hop")) whose services change.</p>\n"
        for (title, list) in [("Opened", diff.opened), ("Closed", diff.closed)] where !list.isEmpty {
            html += "<h3>\(title)</h3>\n<ol>\n" + list.map { "<li>\(chain($0.nodes))</li>\n" }.joined() + "</ol>\n"
        }
        if !diff.changedHops.isEmpty {
            html += "<table class=\"whatif\">\n<thead><tr><th>hop</th><th>before</th><th>after</th></tr></thead>\n<tbody>\n"
            for change in diff.changedHops.prefix(200) {
                html += "<tr><td>\(node(change.from)) → \(node(change.to))</td>"
                html +=
                    "<td>\(HTMLEscape.text(change.before?.services.summary ?? "none"))</td><td>\(HTMLEscape.text(change.after?.services.summary ?? "none"))</td></tr>\n"
            }
            if diff.changedHops.count > 200 {
                html += "<tr><td colspan=\"3\">\(diff.changedHops.count - 200) more (lateral whatif --format json lists them all)</td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        return html + "</section>\n"
    }

    static func postureSection(_ input: Input) -> String {
        var html = open("posture")
        html += "<p>Findings read from the configuration alone, needing no attack path (docs/cli.md#posture-notes).</p>\n"
        guard !input.postureNotes.isEmpty else { return html + "<p>None.</p>\n</section>\n" }
        html += "<table class=\"posture\">\n<thead><tr><th>code</th><th>note</th><th>declared in</th></tr></thead>\n<tbody>\n"
        for note in input.postureNotes {
            html +=
                "<tr><td>\(note.code)</td><td>\(HTMLEscape.text(PostureText.sentence(note)))<br><code class=\"resource-id\">\(HTMLEscape.text(note.subject.id.text))</code></td>"
            html += "<td class=\"source\">\(source(note.subject.origin, input))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    /// The place for an isolation plan: the changes that would cut every path, when one is
    /// given. Without one, the section says so rather than disappearing, so a printed report
    /// shows that no plan was part of it.
    static func isolationSection(_ input: Input) -> String {
        var html = open("isolation")
        guard let plan = input.isolationPlan else {
            return html
                + "<p class=\"muted\">No isolation plan is part of this report. A plan (the changes that cut every attack path, each verified by a new analysis) would be listed here.</p>\n</section>\n"
        }
        if plan.isEmpty { return html + "<p>The plan has no steps: there is nothing to cut.</p>\n</section>\n" }
        html += "<ol class=\"isolation\">\n"
        for step in plan where !step.isVerification {
            html += "<li>\(HTMLEscape.text(step.action))"
            if let id = step.resource { html += "<br><code class=\"resource-id\">\(HTMLEscape.text(id.text))</code>" }
            // One `az` command a line (a name cannot hold a line break: text escaping shows it).
            for command in step.command?.split(separator: "\n") ?? [] { html += "<br><code class=\"command\">\(HTMLEscape.text(String(command)))</code>" }
            html += "</li>\n"
        }
        html += "</ol>\n"
        for step in plan where step.isVerification { html += "<p class=\"verification\">\(HTMLEscape.text(step.action))</p>\n" }
        return html + "</section>\n"
    }

    static func inputNotes(_ input: Input) -> String {
        var html = open("input-notes")
        let notable = input.diagnostics.filter { $0.severity != .error }
        guard !notable.isEmpty else { return html + "<p>None: the import made no assumption and met no reference it could not resolve.</p>\n</section>\n" }
        html += "<ul class=\"notes\">\n"
        for d in notable.prefix(500) {
            html += "<li>\(d.severity.rawValue): \(HTMLEscape.text(d.message))"
            if let file = d.file { html += " (\(HTMLEscape.code(file))\(d.pointer.map { " " + HTMLEscape.code($0) } ?? ""))" }
            html += "</li>\n"
        }
        if notable.count > 500 { html += "<li>... and \(notable.count - 500) more (summary.md lists them all).</li>\n" }
        return html + "</ul>\n</section>\n"
    }

    static func method(_ input: Input) -> String {
        var html = open("method")
        html += "<p>A hop A → B means some flow from a host of A to a host of B passes every NSG on the way (source NIC and subnet outbound, appliances' NSGs, "
        html += "destination subnet and NIC inbound), every Azure Firewall the routes send it through, and routing delivers it. Services are the protocols "
        html +=
            "and destination ports allowed for a client using an ephemeral source port (\(input.options.clientSourcePorts.lowerBound)-\(input.options.clientSourcePorts.upperBound)). "
        html += "An attacker who reaches a host may pivot from it. Only the shortest paths per entry and target pair are listed. Each hop table names the "
        html += "route, peering, firewall rule and NSG rule that carried the hop, with its resource ID and the file, line and JSON pointer of its declaration "
        html += "where the input holds it (lines are given when the input documents were kept: always by <code>lateral report</code>).</p>\n"
        html +=
            "<p>Findings are computed from the same model and attack graph: an exposure finding is a hop the effective evaluation allows, never a rule read alone, "
        html +=
            "so a rule shadowed by a higher-priority deny raises no exposure (LAT-NET-007 lists it, as Info). Assumptions and limits of the model: docs/azure-model.md; what each section means and "
        html += "which catalog findings cannot be proven offline: docs/report.md.</p>\n"
        return html + "</section>\n"
    }
}

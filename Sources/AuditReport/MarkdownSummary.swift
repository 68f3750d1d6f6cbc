import Reachability
import TopologyModel

/// `summary.md`: every path and every hop explained, for architects and auditors.
public enum MarkdownSummary {
    public struct Input: Sendable {
        public let inputs: [String]
        public let topology: Topology
        public let diagnostics: [Diagnostic]
        public let ignoredTypes: [String: Int]
        public let graph: ReachabilityGraph
        public let paths: PathResult
        public let options: AnalysisOptions
        public let exfiltration: PathResult?
        /// The paths by risk score per selector pair.
        public var ranking: [PairRanking]? = nil
        /// Policy verdicts to include, with the policy file's name.
        public var policies: (file: String, verdicts: [PolicyVerdict], lines: LineLookup)? = nil
        /// Posture notes (findings that need no path), with a line lookup for their places.
        public var posture: (notes: [PostureNote], lines: LineLookup)? = nil

        public init(
            inputs: [String], topology: Topology, diagnostics: [Diagnostic], ignoredTypes: [String: Int],
            graph: ReachabilityGraph, paths: PathResult, options: AnalysisOptions, exfiltration: PathResult? = nil
        ) {
            self.exfiltration = exfiltration
            self.inputs = inputs
            self.topology = topology
            self.diagnostics = diagnostics
            self.ignoredTypes = ignoredTypes
            self.graph = graph
            self.paths = paths
            self.options = options
        }
    }

    public static func render(_ input: Input) -> String {
        let t = input.topology
        let p = input.paths
        var md: [String] = []
        md.append("# Lateral attack-path report")
        md.append("")
        md.append("Inputs: " + input.inputs.map { "\(MarkdownEscape.code(String(describing: $0)))" }.joined(separator: ", "))
        md.append("")
        if let tags = input.options.serviceTags, let first = tags.sources.first {
            let files = tags.sources.map { "\(MarkdownEscape.code($0.file)) (change number \(MarkdownEscape.code($0.changeNumber)))" }
            md.append(
                "Service tags resolved with \(first.format == .download ? "the Service Tags download" : "Discovery API data") for cloud \(MarkdownEscape.code(first.cloud)): "
                    + files.joined(separator: ", "))
            md.append("")
        }
        md.append("Estate: " + EstateCounts.phrase(t) + ".")
        md.append("")
        md.append(
            "Entry points: " + p.query.from.map { "\(MarkdownEscape.code(String(describing: $0)))" }.joined(separator: ", ")
                + " (\(p.sources.count) node\(p.sources.count == 1 ? "" : "s")). "
                + "Targets: " + p.query.to.map { "\(MarkdownEscape.code(String(describing: $0)))" }.joined(separator: ", ")
                + " (\(p.targets.count) node\(p.targets.count == 1 ? "" : "s")).")
        md.append("")
        md.append("## Verdict")
        md.append("")
        if p.reachable {
            let targetsHit = Set(p.paths.compactMap(\.nodes.last)).count
            md.append(
                "**Reachable.** \(p.paths.count) shortest attack path\(p.paths.count == 1 ? "" : "s") reach \(targetsHit) of \(p.targets.count) target node\(p.targets.count == 1 ? "" : "s")"
                    + (p.truncated ? " (the report keeps the \(p.paths.count) shortest; more exist)." : "."))
        } else {
            md.append("**Not reachable.** No allowed route leads from the entry points to the targets.")
        }
        for s in p.emptySelectors { md.append("- Warning: selector \(MarkdownEscape.code(String(describing: s))) selects nothing.") }
        md.append("")
        md.append("| entry | target | reachable | shortest | via |")
        md.append("|---|---|---|---|---|")
        // First (shortest) path per entry/target pair, found once rather than per row.
        var firstPath: [String: AttackPath] = [:]
        for path in p.paths {
            guard let a = path.nodes.first, let b = path.nodes.last else { continue }
            if firstPath[a + "\u{1}" + b] == nil { firstPath[a + "\u{1}" + b] = path }
        }
        // Whole estates have too many pairs for one row each: then only reachable pairs, in
        // the same (entry, target) order, found from the paths rather than by trying every pair.
        var pairs: [(source: String, target: String)] = []
        if p.sources.count * p.targets.count <= 400 {
            for source in p.sources { for target in p.targets where target != source { pairs.append((source, target)) } }
        } else {
            let sourceRank = Dictionary(p.sources.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
            let targetRank = Dictionary(p.targets.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
            var ranked: [(source: Int, target: Int)] = []
            var seen = Set<String>()
            for path in p.paths {
                guard let a = path.nodes.first, let b = path.nodes.last, a != b, let i = sourceRank[a], let j = targetRank[b],
                    seen.insert(a + "\u{1}" + b).inserted
                else { continue }
                ranked.append((i, j))
            }
            pairs = ranked.sorted { ($0.source, $0.target) < ($1.source, $1.target) }.map { (p.sources[$0.source], p.targets[$0.target]) }
        }
        var rows = 0
        for (source, target) in pairs {
            let found = firstPath[source + "\u{1}" + target]
            rows += 1
            if rows > 400 { continue }
            let shortest = found.map { "\($0.hops.count) hop\($0.hops.count == 1 ? "" : "s")" } ?? "-"
            let via = found.map { $0.nodes.dropFirst().dropLast().map { "\(MarkdownEscape.code(String(describing: $0)))" }.joined(separator: " -> ") } ?? ""
            md.append(
                "| \(MarkdownEscape.code(String(describing: source), inTable: true)) | \(MarkdownEscape.code(String(describing: target), inTable: true)) | \(found == nil ? "no" : "**yes**") | \(shortest) | \(via.isEmpty && found != nil ? "direct" : via) |"
            )
        }
        if rows > 400 { md.append("| ... | \(rows - 400) more reachable pairs | | | |") }
        md.append("")
        if let ranking = input.ranking, !ranking.isEmpty {
            md.append("## Ranking")
            md.append("")
            md.append("Per entry selector and target selector, the paths by risk score, riskiest first (the score: docs/solver.md).")
            md.append("")
            md.append("| entry | target | rank | score | path | factors |")
            md.append("|---|---|---|---|---|---|")
            for r in ranking {
                if r.paths.isEmpty {
                    md.append(
                        "| \(MarkdownEscape.code(String(describing: r.from), inTable: true)) | \(MarkdownEscape.code(String(describing: r.to), inTable: true)) | - | - | not reachable | |"
                    )
                }
                for (i, entry) in r.paths.enumerated() {
                    md.append(
                        "| \(MarkdownEscape.code(String(describing: r.from), inTable: true)) | \(MarkdownEscape.code(String(describing: r.to), inTable: true)) | \(i + 1) | \(entry.score.total) | "
                            + entry.path.nodes.map { "\(MarkdownEscape.code(String(describing: $0), inTable: true))" }.joined(separator: " -> ")
                            + " | \(entry.score.factors.joined(separator: ", ")) |")
                }
            }
            md.append("")
        }
        md.append("## Attack paths")
        md.append("")
        if p.paths.isEmpty { md.append("None.") }
        for (i, path) in p.paths.enumerated() {
            md.append("### Path \(i + 1): " + path.nodes.map { "\(MarkdownEscape.code(String(describing: $0)))" }.joined(separator: " -> "))
            md.append("")
            for (h, hop) in path.hops.enumerated() {
                md += hopSection(hop, number: h + 1)
            }
        }
        if let out = input.exfiltration {
            md.append("## Ways out (exfiltration)")
            md.append("")
            md.append("Paths from the targets to the Internet: how model weights or training data could leave.")
            md.append("")
            if out.paths.isEmpty { md.append("None: no target can reach the Internet."); md.append("") }
            for (i, path) in out.paths.enumerated() {
                md.append("### Way out \(i + 1): " + path.nodes.map { "\(MarkdownEscape.code(String(describing: $0)))" }.joined(separator: " -> "))
                md.append("")
                for (h, hop) in path.hops.enumerated() { md += hopSection(hop, number: h + 1) }
            }
        }
        if let policies = input.policies { md += policySection(policies.verdicts, file: policies.file, lines: policies.lines) }
        md.append("## Internet exposure")
        md.append("")
        let exposures = input.graph.hops(from: AttackNode.internetID)
        if exposures.isEmpty { md.append("No NIC is reachable from the Internet.") }
        for hop in exposures {
            var reasons = hop.allowedBy.map { MarkdownEscape.code($0.securityGroupName + "/" + $0.rule.name) }
            reasons += hop.firewallRules.map {
                "firewall \(MarkdownEscape.code(String(describing: $0.firewallName))) \($0.kind.rawValue) rule \(MarkdownEscape.code(String(describing: $0.rule)))"
            }
            let why =
                reasons.isEmpty ? MarkdownEscape.text(hop.findings.first?.text ?? hop.via.first?.detail ?? "") : "allowed by " + reasons.joined(separator: ", ")
            md.append("- \(MarkdownEscape.code(String(describing: hop.to))): \(hop.services.summary) (\(why))")
        }
        md.append("")
        if let posture = input.posture { md += postureSection(posture.notes, lines: posture.lines) }
        let listing = OneWayListing(input.graph, targets: input.paths.targets)
        if listing.total > 0 {
            md.append("## Reachable one way only")
            md.append("")
            md.append(
                "Requests arrive, but replies take a route that bypasses the way in, so no connection is made; a one-way payload (UDP) may still arrive. These are not hops of any path."
            )
            md.append("")
            if listing.truncated {
                md.append(
                    "\(listing.total) pairs, \(listing.intoTargets) of them into a target; the first \(listing.shown.count) are listed, those into a target first (`paths.json` lists the same ones)."
                )
                md.append("")
            }
            for reach in listing.shown {
                let rules = reach.allowedBy.map { MarkdownEscape.code($0.securityGroupName + "/" + $0.rule.name) }.joined(separator: ", ")
                md.append(
                    "- \(MarkdownEscape.code(String(describing: reach.from))) -> \(MarkdownEscape.code(String(describing: reach.to))): \(reach.services.summary)"
                        + (rules.isEmpty ? "" : " (allowed in by \(rules))")
                        + "; \(MarkdownEscape.text(reach.reply.detail)) (e.g. \(reach.witness.source) -> \(reach.witness.destination) \(reach.witness.proto.rawValue)/\(reach.witness.port))"
                )
            }
            md.append("")
        }
        md.append("## Input notes")
        md.append("")
        let notable = input.diagnostics.filter { $0.severity != .error }
        if notable.isEmpty && input.ignoredTypes.isEmpty { md.append("None.") }
        for d in notable {
            md.append(
                "- \(d.severity.rawValue): \(MarkdownEscape.text(d.message))"
                    + (d.file.map {
                        " (\(MarkdownEscape.code(String(describing: shortName($0))))\(d.pointer.map { " \(MarkdownEscape.code(String(describing: $0)))" } ?? ""))"
                    } ?? ""))
        }
        for (type, count) in input.ignoredTypes.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) {
            md.append("- ignored: \(count) resource\(count == 1 ? "" : "s") of type \(MarkdownEscape.code(String(describing: type))) (not modelled yet)")
        }
        md.append("")
        md.append("## How to read this")
        md.append("")
        md.append(
            "A hop A -> B means some flow from a host of A to a host of B passes every NSG on the way (source NIC and subnet outbound, appliances' NSGs, destination subnet and NIC inbound), every Azure Firewall the routes send it through, and routing delivers it. Services are the protocols and destination ports allowed for a client using an ephemeral source port (\(input.options.clientSourcePorts.lowerBound)-\(input.options.clientSourcePorts.upperBound)). An attacker who reaches a host may pivot from it. Only the shortest paths per entry/target pair are listed. Assumptions and limitations: docs/azure-model.md."
        )
        return md.joined(separator: "\n") + "\n"
    }

    static func hopSection(_ hop: Hop, number: Int) -> [String] {
        var md: [String] = []
        md.append(
            "\(number). \(MarkdownEscape.code(String(describing: hop.from))) -> \(MarkdownEscape.code(String(describing: hop.to))): **\(hop.services.summary)**"
        )
        let w = hop.witness
        let port = w.proto.hasPorts ? ":\(w.port)" : ""
        md.append(
            "   - Example flow: \(w.proto.rawValue) \(w.source)\(w.sourcePort.map { ":\($0)" } ?? "") -> \(w.destination)\(port)"
                + (w.translatedDestination.map { " (NSGs see \($0))" } ?? ""))
        for via in hop.via {
            md.append(
                "   - Via \(via.kind.rawValue) \(MarkdownEscape.code(String(describing: via.resourceName))): \(MarkdownEscape.text(via.detail))"
                    + (via.resource.map { " — \(MarkdownEscape.code(String(describing: $0.text)))" } ?? ""))
        }
        for f in hop.firewallRules {
            md.append(
                "   - Allowed by Azure Firewall \(MarkdownEscape.code(String(describing: f.firewallName))) \(f.kind.rawValue) rule \(MarkdownEscape.code(String(describing: f.rule))) in collection \(MarkdownEscape.code(String(describing: f.collection)))\(f.group.map { " (group \(MarkdownEscape.code(String(describing: $0))))" } ?? "")\(f.fqdn.map { " for FQDN \(MarkdownEscape.code(String(describing: $0)))" } ?? "") for \(f.services.summary) — \(MarkdownEscape.code(String(describing: f.firewall.text)))"
            )
        }
        for finding in hop.findings { md.append("   - **Finding:** \(MarkdownEscape.text(finding.text))") }
        for c in hop.allowedBy {
            md.append(
                "   - Allowed by \(c.layer) \(MarkdownEscape.code(String(describing: c.securityGroupName))) \(c.direction.rawValue) rule \(MarkdownEscape.code(String(describing: c.rule.name))) (priority \(c.rule.priority)\(c.rule.isDefault ? ", default rule" : "")) for \(c.services.summary) — \(MarkdownEscape.code(String(describing: c.rule.id?.text ?? c.securityGroup.text)))"
            )
        }
        md.append("")
        return md
    }

    static func shortName(_ path: String) -> String { path }

    /// `## Posture notes`: one item per note, with the resource ID and where the input says it.
    static func postureSection(_ notes: [PostureNote], lines: LineLookup) -> [String] {
        var md = ["## Posture notes", ""]
        md.append("Findings read from the configuration alone, needing no attack path.")
        md.append("")
        if notes.isEmpty { md.append("None.") }
        for note in notes {
            var item = "- **\(note.code)**: \(MarkdownEscape.text(PostureText.sentence(note))) — \(MarkdownEscape.code(note.subject.id.text))"
            if let origin = note.subject.origin {
                item +=
                    " (\(MarkdownEscape.code(origin.file))" + (lines(origin.file, origin.pointer).map { " line \($0)" } ?? "")
                    + (origin.pointer.isEmpty ? "" : " \(MarkdownEscape.code(origin.pointer))") + ")"
            }
            md.append(item)
        }
        md.append("")
        return md
    }

    static func policySection(_ verdicts: [PolicyVerdict], file: String, lines: LineLookup) -> [String] {
        var md = ["## Policy verdicts", ""]
        let violated = verdicts.filter { !$0.holds }.count
        md.append("Policies in \(MarkdownEscape.code(String(describing: file))): \(verdicts.count - violated) of \(verdicts.count) hold.")
        md.append("")
        md.append("| policy | kind | severity | verdict | violations |")
        md.append("|---|---|---|---|---|")
        for v in verdicts {
            let verdict = v.holds ? (v.isVacuous ? "holds (vacuously)" : "holds") : "**violated**"
            md.append(
                "| \(MarkdownEscape.code(String(describing: v.policy.id), inTable: true)) | \(v.policy.kind.name) | \(v.policy.severity.rawValue) | \(verdict) | \(v.violations.count) |"
            )
        }
        md.append("")
        for v in verdicts where !v.holds || !v.notes.isEmpty {
            md.append("### \(MarkdownEscape.code(String(describing: v.policy.id))): \(MarkdownEscape.text(v.policy.description))")
            md.append("")
            for note in v.notes { md.append("- Note: \(MarkdownEscape.text(note))") }
            for violation in v.violations {
                md.append("- \(MarkdownEscape.text(violation.message))")
                for e in violation.evidence.prefix(4) {
                    let place =
                        e.origin.map { o in
                            " (\(MarkdownEscape.code(String(describing: o.file)))" + (lines(o.file, o.pointer).map { " line \($0)" } ?? "") + ")"
                        } ?? ""
                    md.append("  - opened by \(MarkdownEscape.text(e.text))\(place)")
                }
            }
            md.append("")
        }
        return md
    }
}

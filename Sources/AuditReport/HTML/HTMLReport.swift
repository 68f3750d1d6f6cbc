import Reachability
import TopologyModel

/// `report.html`: the auditor's report, one file that reads offline from disk (inline CSS and
/// SVG, no script, nothing loaded from a network), and prints to a clean PDF.
///
/// Deterministic: the same input gives the same bytes. The time and the build commit are
/// whatever the caller passes (never the clock); every list is in a fixed order. Every name
/// from the estate goes through ``HTMLEscape``; diagrams are Graphviz SVG, made safe to inline
/// by ``InlineSVG``.
public enum HTMLReport {
    /// One input file on the cover.
    public struct InputFile: Sendable, Hashable {
        /// The path as given or as found under a directory given, never made absolute.
        public let path: String
        public let bytes: Int?
        /// Lowercase hex; nil when the file could not be read again (a pipe).
        public let sha256: String?

        public init(path: String, bytes: Int?, sha256: String?) {
            self.path = path
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// Who made the report, and when: only what the caller recorded.
    public struct Provenance: Sendable, Hashable {
        public let toolVersion: String
        /// The build's commit (`LATERAL_COMMIT`); nil when not recorded.
        public let commit: String?
        /// The report's time, already in words (`SOURCE_DATE_EPOCH` or `--timestamp`); nil
        /// when not recorded.
        public let timestamp: String?
        /// The command line, as the shell passed it.
        public let commandLine: [String]

        public init(toolVersion: String, commit: String?, timestamp: String?, commandLine: [String]) {
            self.toolVersion = toolVersion
            self.commit = commit
            self.timestamp = timestamp
            self.commandLine = commandLine
        }
    }

    /// One step of an isolation plan: what to change, on which resource, and the command.
    /// The report has a section for it; `lateral isolate` (not part of this report) would
    /// make the plan.
    public struct IsolationStep: Sendable, Hashable {
        public let action: String
        public let resource: ResourceID?
        /// The commands that carry the step out, one a line.
        public let command: String?
        /// Not a change: how the plan was checked, shown after the numbered changes.
        public let isVerification: Bool

        public init(action: String, resource: ResourceID?, command: String?, isVerification: Bool = false) {
            self.action = action
            self.resource = resource
            self.command = command
            self.isVerification = isVerification
        }
    }

    public struct Input: Sendable {
        public let inputs: [InputFile]
        public let provenance: Provenance
        public let topology: Topology
        public let graph: ReachabilityGraph
        public let paths: PathResult
        public let exfiltration: PathResult?
        public let ranking: [PairRanking]
        public let findings: [AuditFinding]
        public let options: AnalysisOptions
        /// Line numbers of JSON pointers in the input files, where the documents were kept.
        public var lines: LineLookup = { _, _ in nil }
        public var postureNotes: [PostureNote] = []
        public var diagnostics: [Diagnostic] = []
        public var policies: (file: String, verdicts: [PolicyVerdict])? = nil
        /// The overview diagram (Graphviz SVG), and one per path and per way out, in order;
        /// nil where none was drawn.
        public var overview: [UInt8]? = nil
        public var pathDiagrams: [[UInt8]?] = []
        public var wayOutDiagrams: [[UInt8]?] = []
        /// nil: no plan was given, and the section says so.
        public var isolationPlan: [IsolationStep]? = nil
        /// A what-if: the change file, its operations, and what it does to the paths.
        public var whatIf: (file: String, changes: [String], diff: ReachabilityDiff)? = nil

        public init(
            inputs: [InputFile], provenance: Provenance, topology: Topology, graph: ReachabilityGraph, paths: PathResult, exfiltration: PathResult?,
            ranking: [PairRanking], findings: [AuditFinding], options: AnalysisOptions
        ) {
            self.inputs = inputs
            self.provenance = provenance
            self.topology = topology
            self.graph = graph
            self.paths = paths
            self.exfiltration = exfiltration
            self.ranking = ranking
            self.findings = findings
            self.options = options
        }
    }

    /// The sections, in order: anchor and heading. The table of contents lists them.
    static let sections: [(id: String, title: String)] = [
        ("verdict", "Verdict and top risks"), ("overview", "Overview diagram"), ("paths", "Attack paths"), ("ways-out", "Ways out"),
        ("findings", "Findings"), ("residency", "Data residency"), ("policies", "Policy verdicts"), ("whatif", "What-if"), ("posture", "Posture notes"),
        ("isolation", "Isolation plan"), ("input-notes", "Input notes"), ("method", "How to read this report"),
    ]

    public static func render(_ input: Input) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>Lateral audit report</title>\n<style>\n\(HTMLStyle.css)</style>\n</head>\n<body>\n"
        html += cover(input)
        html += contents(input)
        html += verdict(input)
        html += overview(input)
        html += pathSections(input)
        html += findingSections(input)
        html += residency(input)
        html += policySection(input)
        html += whatIfSection(input)
        html += postureSection(input)
        html += isolationSection(input)
        html += inputNotes(input)
        html += method(input)
        html += "</body>\n</html>\n"
        return html
    }

    /// `<section>` with the anchor and heading of one of ``sections``.
    static func open(_ id: String) -> String {
        let title = sections.first { $0.id == id }?.title ?? id
        return "<section class=\"major\" id=\"\(id)\">\n<h2>\(title)</h2>\n"
    }

    static func contents(_ input: Input) -> String {
        var html = "<nav class=\"contents\" id=\"contents\">\n<h2>Contents</h2>\n<ol>\n"
        for (id, title) in sections {
            html += "<li><a href=\"#\(id)\">\(title)</a>"
            if id == "paths", !input.paths.paths.isEmpty {
                html += " <span class=\"count\">(\(input.paths.paths.count))</span>"
            } else if id == "ways-out", let out = input.exfiltration, !out.paths.isEmpty {
                html += " <span class=\"count\">(\(out.paths.count))</span>"
            } else if id == "findings", !input.findings.isEmpty {
                html += " <span class=\"count\">(\(input.findings.count))</span>"
            }
            html += "</li>\n"
        }
        return html + "</ol>\n</nav>\n"
    }

    /// A node ID as the report shows it, linked to nothing.
    static func node(_ id: String) -> String { HTMLEscape.code(id) }

    /// A path's nodes joined by arrows.
    static func chain(_ nodes: [String]) -> String { nodes.map(node).joined(separator: " <span class=\"arrow\">→</span> ") }

    static func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }

    /// Where the input declares something: file, line (when the documents were kept) and
    /// JSON pointer, one per line for a table cell, or `inline` on one line for a sentence.
    static func source(_ origin: SourceLocation?, _ input: Input, inline: Bool = false) -> String {
        guard let origin else { return "<span class=\"muted\">not in the input</span>" }
        let gap = inline ? " " : "<br>"
        var text = HTMLEscape.code(origin.file)
        if let line = input.lines(origin.file, origin.pointer) { text += "\(gap)line \(line)" }
        if !origin.pointer.isEmpty { text += "\(gap)<code class=\"pointer\">\(HTMLEscape.text(origin.pointer))</code>" }
        return text
    }
}

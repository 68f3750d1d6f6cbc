import Reachability
import TopologyModel

extension ReportSchema {
    /// `lateral check`: every policy's verdict with its violations and witnesses.
    public struct PolicyReport: Encodable, Sendable {
        public let schemaVersion = ReportSchema.schemaVersion
        public let policyFile: String
        public let holds: Bool
        public let summary: Summary
        public let verdicts: [Verdict]
        public let warnings: [String]

        public struct Summary: Encodable, Sendable {
            public let policies: Int
            public let holding: Int
            public let violated: Int
            public let violations: Int
        }
    }

    public struct Verdict: Encodable, Sendable {
        public let id: String
        public let kind: String
        public let severity: String
        public let description: String
        public let holds: Bool
        public let vacuous: Bool
        public let notes: [String]
        public let violations: [Violation]
        public let line: Int
    }

    public struct Violation: Encodable, Sendable {
        public let message: String
        public let path: Path?
        public let evidence: [EvidenceItem]
    }

    public struct EvidenceItem: Encodable, Sendable {
        public let resource: String
        public let text: String
        public let file: String?
        public let pointer: String?
        public let line: Int?
    }
}

/// Turns an input file and JSON pointer into a line, when the inputs are at hand.
public typealias LineLookup = @Sendable (_ file: String, _ pointer: String) -> Int?

extension ReportBuilder {
    public static func policies(_ verdicts: [PolicyVerdict], policyFile: String, warnings: [String], lines: LineLookup) -> ReportSchema.PolicyReport {
        let violated = verdicts.filter { !$0.holds }
        return ReportSchema.PolicyReport(
            policyFile: policyFile, holds: violated.isEmpty,
            summary: .init(
                policies: verdicts.count, holding: verdicts.count - violated.count, violated: violated.count,
                violations: verdicts.reduce(0) { $0 + $1.violations.count }),
            verdicts: verdicts.map { v in
                ReportSchema.Verdict(
                    id: v.policy.id, kind: v.policy.kind.name, severity: v.policy.severity.rawValue,
                    description: v.policy.description, holds: v.holds, vacuous: v.isVacuous, notes: v.notes,
                    violations: v.violations.map { violation($0, lines: lines) }, line: v.policy.line)
            },
            warnings: warnings)
    }

    static func violation(_ v: PolicyViolation, lines: LineLookup) -> ReportSchema.Violation {
        ReportSchema.Violation(
            message: v.message, path: v.path.map(path),
            evidence: v.evidence.map { e in
                ReportSchema.EvidenceItem(
                    resource: e.resource.text, text: e.text, file: e.origin?.file, pointer: e.origin?.pointer,
                    line: e.origin.flatMap { lines($0.file, $0.pointer) })
            })
    }
}

extension TextFormatter {
    public static func policies(_ verdicts: [PolicyVerdict], policyFile: String, lines: LineLookup) -> String {
        var out: [String] = []
        let violated = verdicts.filter { !$0.holds }
        out.append(
            "Policies in \(policyFile): \(verdicts.count - violated.count) of \(verdicts.count) hold" + (violated.isEmpty ? "" : ", \(violated.count) violated")
        )
        for verdict in verdicts {
            let p = verdict.policy
            let status = verdict.holds ? (verdict.isVacuous ? "HOLDS (vacuously)" : "HOLDS") : "VIOLATED"
            out.append("")
            out.append("[\(status)] \(p.id) (\(p.kind.name), \(p.severity.rawValue)): \(p.description)")
            for note in verdict.notes { out.append("  note: \(note)") }
            for (i, v) in verdict.violations.enumerated() {
                out.append("  \(i + 1). \(v.message)")
                for e in v.evidence.prefix(6) {
                    let place = e.origin.map { o in " at \(o.file)" + (lines(o.file, o.pointer).map { ":\($0)" } ?? "") + " \(o.pointer)" } ?? ""
                    out.append("       opened by \(e.text)\(place)")
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

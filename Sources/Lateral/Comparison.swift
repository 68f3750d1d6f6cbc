import AuditReport
import GraphvizRender
import Intent
import Reachability
import TopologyModel

/// Two estates analysed alike and their difference: a what-if change against the
/// estate it changes, or yesterday's export against today's.
public struct Comparison: Sendable {
    public enum Kind: String, Sendable { case whatif, diff }

    public let kind: Kind
    public let base: Analysis
    public let changed: Analysis
    public let diff: ReachabilityDiff
    /// The operations applied, or the two snapshots compared, one line each.
    public let changes: [String]

    public init(kind: Kind, base: Estate, changed: Estate, changes: [String], inputs: [String], from: [Selector], to: [Selector], maxHops: Int = 8) {
        self.kind = kind
        self.changes = changes
        self.base = Analysis(estate: base, inputs: inputs, from: from, to: to, maxHops: maxHops)
        self.changed = Analysis(estate: changed, inputs: inputs, from: from, to: to, maxHops: maxHops, base: self.base)
        diff = ReachabilityDiff(base: self.base.graph, basePaths: self.base.paths, changed: self.changed.graph, changedPaths: self.changed.paths)
    }

    /// Ways in for single packets that the change opens into the query's targets: pairs
    /// reachable one way only whose connectionless services (UDP, ICMP, others) grow. A
    /// gate fails on them as on an opened path, since one packet can carry a payload.
    public var openedOneWay: [ReachabilityDiff.OneWayChange] {
        let targets = Set(changed.paths.query.to.flatMap { $0.select(in: changed.graph, topology: changed.estate.topology) })
        return diff.oneWay.filter { targets.contains($0.to) && !$0.added.connectionless.isEmpty }
    }

    /// Every warning of both estates and the selectors that select nothing, as the JSON
    /// report lists them.
    public var warnings: [String] {
        Array(Set(base.estate.warnings + changed.estate.warnings)).sorted()
            + base.paths.emptySelectors.map { "selector \($0) selects nothing before the change" }
            + changed.paths.emptySelectors.map { "selector \($0) selects nothing after the change" }
    }

    public var report: ReportSchema.Diff {
        ReportBuilder.diff(diff, kind: kind.rawValue, changes: changes, query: base.paths.query, warnings: warnings)
    }

    public var json: String { JSONOutput.encode(report) }

    public var text: String {
        TextFormatter.diff(diff, title: kind == .whatif ? "What if:" : "Snapshot difference:", changes: changes, query: base.paths.query)
    }

    /// The changed estate, opened paths in red, closed ones in green dashed, the rest dimmed.
    public func diagram() -> Diagram {
        DiagramBuilder.diffDiagram(comparison: self)
    }
}

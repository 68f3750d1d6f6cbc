import Reachability

/// The one-way reaches a report lists. Their number grows with the square of the estate (a
/// lost reply route affects every source that reaches a subnet), so a report lists at most
/// ``limit`` in full, those into the targets first, and counts the rest; listing one means
/// computing its trace.
public struct OneWayListing: Sendable {
    /// At most this many reaches are listed with their traces.
    public static let limit = 200

    public let shown: [OneWayReach]
    /// Every one-way reach of the graph, listed or not.
    public let total: Int
    /// Of them, the reaches into a target.
    public let intoTargets: Int

    public var truncated: Bool { shown.count < total }

    /// Reads only the reaches it lists: an estate can hold millions, and copying them all
    /// (twice per report) cost more than the rest of the report.
    public init(_ graph: ReachabilityGraph, targets: [String], limit: Int = Self.limit) {
        let targetSet = Set(targets)
        let into = targetSet.flatMap { graph.oneWayPositions(into: $0) }.sorted()
        var shown = into.prefix(limit).map { graph.oneWay[$0] }
        if shown.count < limit {
            for reach in graph.oneWay where !targetSet.contains(reach.to) {
                shown.append(reach)
                if shown.count == limit { break }
            }
        }
        self.shown = shown
        total = graph.oneWay.count
        intoTargets = into.count
    }
}

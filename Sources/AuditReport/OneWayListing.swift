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

    public init(_ graph: ReachabilityGraph, targets: [String], limit: Int = Self.limit) {
        let targetSet = Set(targets)
        let into = graph.oneWay.filter { targetSet.contains($0.to) }
        let rest = graph.oneWay.filter { !targetSet.contains($0.to) }
        shown = Array((into + rest).prefix(limit))
        total = graph.oneWay.count
        intoTargets = into.count
    }
}

import TopologyModel

/// The fewest changes that close every path a set of `deny` policies forbids while every
/// `require` flow keeps its services (docs/isolate.md), or the reasons no such plan exists.
public struct IsolationPlan: Sendable {
    /// The changes in a stable order: inbound NSG rules, outbound ones, public access,
    /// peerings, private subnets; by resource ID within each.
    public let changes: [IsolationChange]
    /// Paths no change can close without breaking a `require` flow (or at all): when any is
    /// present the plan is not to be applied.
    public let conflicts: [IsolationConflict]
    /// Changes that could not be written (no free NSG priority below the rule that allows).
    public let failures: [String]
    /// The deny policies solved together as one cut (same targets and services), in order.
    public let groups: [[String]]

    /// The changes counted as the cost model counts them (an NSG created and associated is
    /// a change of its own).
    public var size: Int { changes.reduce(0) { $0 + $1.count } }

    /// Whether the plan can be applied.
    public var isFeasible: Bool { conflicts.isEmpty && failures.isEmpty }
}

/// A path a plan cannot close.
public struct IsolationConflict: Sendable, Hashable {
    /// The deny policy the path breaks.
    public let policy: String
    /// Its nodes, source first.
    public let nodes: [String]
    /// The `require` policies whose flows use the path's hops; empty when no candidate
    /// change removes a hop of it at all.
    public let requirements: [String]

    public var message: String {
        let path = nodes.joined(separator: " -> ")
        if requirements.isEmpty { return "no change Lateral can make closes \(path) (deny \(policy))" }
        return "require \(requirements.joined(separator: ", ")) conflicts with deny \(policy): every way to close \(path) breaks it"
    }
}

import Intent
import Reachability
import TopologyModel

/// The emergency isolation plan for an estate: the fewest changes that close every path the
/// `deny` policies forbid and keep every `require` flow (docs/isolate.md), with the change
/// file, the `az` playbook and its rollback that carry it out.
public struct Isolation: Sendable {
    public let estate: Estate
    public let graph: ReachabilityGraph
    /// The `deny` and `require` policies the plan answers; other kinds are not its business.
    public let policies: [Policy]
    public let plan: IsolationPlan

    /// - Parameter graph: the estate's attack graph when the caller has built it already.
    /// - Complexity: one attack graph (unless given) and ``ReachabilityGraph/isolationPlan(denying:keeping:topology:)``.
    public init(estate: Estate, policies: [Policy], graph: ReachabilityGraph? = nil) {
        self.estate = estate
        self.policies = policies.filter {
            switch $0.kind {
            case .deny, .require: true
            default: false
            }
        }
        self.graph = graph ?? estate.index.graph()
        let denies = self.policies.filter { if case .deny = $0.kind { true } else { false } }
        let requires = self.policies.filter { if case .require = $0.kind { true } else { false } }
        plan = self.graph.isolationPlan(denying: denies, keeping: requires, topology: estate.topology)
    }

    /// The policies' verdicts on an estate, over paths of any length: an isolation plan closes
    /// every path, not only those within a hop limit.
    public func verdicts(on estate: Estate, graph: ReachabilityGraph? = nil) -> [PolicyVerdict] {
        let graph = graph ?? estate.index.graph()
        return graph.evaluate(policies, topology: estate.topology, maxHops: max(graph.nodes.count, 1))
    }

    /// The union of the deny policies' sources and targets, for the before/after diagram.
    public var selectors: (from: [Selector], to: [Selector]) {
        var from: [Selector] = [], to: [Selector] = []
        for policy in policies {
            guard case .deny(let f, let t, _) = policy.kind else { continue }
            for s in f where !from.contains(s) { from.append(s) }
            for s in t where !to.contains(s) { to.append(s) }
        }
        return (from, to)
    }

    /// Applies the plan's change file (as `lateral whatif --change` would) and judges the
    /// policies again.
    ///
    /// - Parameters:
    ///   - changed: the estate with ``changeFile`` applied.
    ///   - comparison: base against changed, for the diagram and the paths closed.
    public func verify(changed: Estate, comparison: Comparison) -> IsolationVerification {
        let before = verdicts(on: estate, graph: graph)
        let after = verdicts(on: changed, graph: comparison.changed.graph)
        return IsolationVerification(before: before, after: after, opened: comparison.diff.opened.count, closed: comparison.diff.closed.count)
    }
}

/// The policies before and after the plan: it is verified when every one holds after.
public struct IsolationVerification: Sendable {
    public let before: [PolicyVerdict]
    public let after: [PolicyVerdict]
    /// Attack paths (within the hop limit of the comparison) the plan opens and closes.
    public let opened: Int
    public let closed: Int

    public var holds: Bool { after.allSatisfy(\.holds) }

    /// What still fails after the plan, one line each.
    public var failures: [String] {
        after.flatMap { v in v.violations.map { "\(v.policy.kind.name) \(v.policy.id): \($0.message)" } }
    }
}

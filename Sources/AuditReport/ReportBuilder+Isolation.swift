import Reachability

extension ReportBuilder {
    /// `isolation.json`: an isolation plan with the policies it answers and, once applied,
    /// their verdicts before and after.
    public static func isolation(
        _ plan: IsolationPlan, policies: [String], verification: (before: [PolicyVerdict], after: [PolicyVerdict], opened: Int, closed: Int)?
    ) -> ReportSchema.Isolation {
        ReportSchema.Isolation(
            policies: policies, groups: plan.groups, changeCount: plan.size,
            changes: plan.changes.map(isolationChange),
            conflicts: plan.conflicts.map {
                ReportSchema.Isolation.Conflict(policy: $0.policy, path: $0.nodes, requirements: $0.requirements, message: $0.message)
            },
            failures: plan.failures,
            verification: verification.map { v in
                ReportSchema.Isolation.Verification(
                    holds: v.after.allSatisfy(\.holds), pathsClosed: v.closed, pathsOpened: v.opened,
                    policies: zip(v.before, v.after).map { b, a in
                        ReportSchema.Isolation.Verdict(
                            policy: a.policy.id, kind: a.policy.kind.name, holdsBefore: b.holds, holdsAfter: a.holds,
                            violationsAfter: a.violations.map(\.message))
                    })
            })
    }

    static func isolationChange(_ change: IsolationChange) -> ReportSchema.Isolation.Change {
        let cuts = change.cuts.map { ReportSchema.Isolation.Cut(from: $0.from, to: $0.to, services: $0.services.summary) }
        switch change.action {
        case .disablePublicAccess(let asset, _):
            return ReportSchema.Isolation.Change(
                kind: "disable-public-access", resource: asset.text, subnet: nil, direction: nil, createsSecurityGroup: false, count: change.count, rules: [],
                cuts: cuts, policies: change.policies, reverse: nil)
        case .privateSubnet(let subnet):
            return ReportSchema.Isolation.Change(
                kind: "private-subnet", resource: subnet.text, subnet: subnet.text, direction: "outbound", createsSecurityGroup: false, count: change.count,
                rules: [], cuts: cuts, policies: change.policies, reverse: nil)
        case .removePeering(let peering, let reverse):
            return ReportSchema.Isolation.Change(
                kind: "remove-peering", resource: peering.id.text, subnet: nil, direction: nil, createsSecurityGroup: false, count: change.count,
                rules: [], cuts: cuts, policies: change.policies, reverse: reverse?.id.text)
        case .denyRules(let subnet, let nsg, let creates, _, let direction, let rules):
            return ReportSchema.Isolation.Change(
                kind: "nsg-deny-rules", resource: nsg.text, subnet: subnet.text, direction: direction.rawValue, createsSecurityGroup: creates,
                count: change.count,
                rules: rules.map {
                    ReportSchema.Isolation.Rule(
                        name: $0.name, priority: $0.priority, protocol: $0.protocolName, sourceAddressPrefixes: $0.sourcePrefixes,
                        destinationAddressPrefixes: $0.destinationPrefixes, destinationPortRanges: $0.destinationPorts)
                }, cuts: cuts, policies: change.policies, reverse: nil)
        }
    }
}

import TopologyModel

/// Joining what decided a hop when the hop is the union of several evaluations (one per
/// class of addresses it stands for, or per way in): the same rule is listed once, with
/// the union of the services it let through.
extension Array where Element == RuleContribution {
    func joined(_ other: [RuleContribution]) -> [RuleContribution] {
        var result = self
        for c in other {
            if let i = result.firstIndex(where: {
                $0.securityGroup == c.securityGroup && $0.direction == c.direction && $0.level == c.level && $0.rule == c.rule
            }) {
                let r = result[i]
                result[i] = RuleContribution(
                    securityGroup: r.securityGroup, securityGroupName: r.securityGroupName, level: r.level,
                    direction: r.direction, rule: r.rule, services: r.services.union(c.services))
            } else {
                result.append(c)
            }
        }
        return result
    }
}

extension Array where Element == FirewallContribution {
    func joined(_ other: [FirewallContribution]) -> [FirewallContribution] {
        var result = self
        for c in other {
            if let i = result.firstIndex(where: {
                $0.firewall == c.firewall && $0.collection == c.collection && $0.group == c.group && $0.rule == c.rule
                    && $0.kind == c.kind && $0.action == c.action && $0.fqdn == c.fqdn
            }) {
                let r = result[i]
                result[i] = FirewallContribution(
                    firewall: r.firewall, firewallName: r.firewallName, collection: r.collection, group: r.group,
                    rule: r.rule, kind: r.kind, action: r.action, services: r.services.union(c.services), fqdn: r.fqdn)
            } else {
                result.append(c)
            }
        }
        return result
    }
}

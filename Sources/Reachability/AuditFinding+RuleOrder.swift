import TopologyModel

extension AuditFinding {
    /// An NSG rule whose services a higher-priority rule of the other access decides first,
    /// wherever the NSG is attached: an allow that lets nothing in (NET-007), or a deny whose
    /// flow is still allowed (NET-008).
    public struct RuleOrder: Sendable, Hashable {
        public let rule: SecurityRule
        /// The services the earlier rules decide in its place.
        public let services: ServiceSet
        /// The earlier rules, in priority order.
        public let by: [SecurityRule]
        /// Where the NSG is attached (`vnet/subnet`, a NIC's name), sorted.
        public let attachments: [String]
        /// The sources it happens for (`internet`, `VirtualNetwork`), sorted.
        public let sources: [String]

        public init(rule: SecurityRule, services: ServiceSet, by: [SecurityRule], attachments: [String], sources: [String]) {
            self.rule = rule
            self.services = services
            self.by = by
            self.attachments = attachments
            self.sources = sources
        }
    }

    /// The sources NET-007, NET-008 and NET-012 are judged from: together they cover every
    /// address a packet can come from.
    static let ruleOrderSources: [ExposureSource] = [.internet, .virtualNetwork]

    /// NET-007 and NET-008, from the per-NSG first-match evaluation `lateral exposure` prints
    /// (``RuleSetExposure``) at every attachment. An NSG attached to nothing guards nothing
    /// and raises neither. Per-service: a deny that loses only some addresses of a port to
    /// an earlier allow keeps that port, and is not reported.
    ///
    /// - NET-007: an allow rule that decides nothing at any attachment from any source, and
    ///   whose services a higher-priority deny takes (the rule is dead; per-rule scanners
    ///   still flag it).
    /// - NET-008: a deny rule whose services a higher-priority allow lets in first.
    static func ruleOrder(_ exposures: [RuleSetExposure], topology: Topology, zone: ZoneContext) -> [AuditFinding] {
        struct Key: Hashable {
            let group: ResourceID
            let rule: String
        }
        struct Seen {
            var rule: SecurityRule
            var services = ServiceSet()
            var by: [String: SecurityRule] = [:]
            var attachments = Set<String>(), sources = Set<String>()
            var inZone = false
        }
        var decides = Set<Key>(), shadowed: [Key: Seen] = [:], preempted: [Key: Seen] = [:]
        func note(
            _ table: inout [Key: Seen], _ key: Key, _ rule: SecurityRule, _ services: ServiceSet, _ by: [SecurityRule], _ exposure: RuleSetExposure,
            _ source: String
        ) {
            var seen = table[key] ?? Seen(rule: rule)
            seen.services = seen.services.union(services)
            for earlier in by { seen.by[earlier.name] = earlier }
            seen.attachments.insert(exposure.attachmentName)
            seen.sources.insert(source)
            seen.inZone = seen.inZone || inZone(exposure.attachment, topology: topology, zone: zone)
            table[key] = seen
        }
        for exposure in exposures where exposure.attachment != .unattached {
            let group = exposure.securityGroup.id
            for source in exposure.sources {
                for decision in source.decisions { decides.insert(Key(group: group, rule: decision.rule.name)) }
                for shadow in source.shadows {
                    note(&shadowed, Key(group: group, rule: shadow.rule.name), shadow.rule, shadow.services, shadow.by, exposure, source.source.name)
                }
                for p in source.preemptions { note(&preempted, Key(group: group, rule: p.rule.name), p.rule, p.services, p.by, exposure, source.source.name) }
            }
        }
        func findings(_ code: Code, _ table: [Key: Seen]) -> [AuditFinding] {
            table.compactMap { key, seen in
                guard code != .shadowedAllow || !decides.contains(key), let group = topology.securityGroups[key.group] else { return nil }
                let order = RuleOrder(
                    rule: seen.rule, services: seen.services, by: seen.by.values.sorted { ($0.priority, $0.name) < ($1.priority, $1.name) },
                    attachments: seen.attachments.sorted(), sources: seen.sources.sorted())
                return AuditFinding(
                    code: code, subject: .init(id: group.id, name: group.name, origin: group.origin), evidence: .ruleOrder(order),
                    inTargetZone: seen.inZone)
            }
        }
        return findings(.shadowedAllow, shadowed) + findings(.preemptedDeny, preempted)
    }

    /// An NSG attachment in the training zone: a target subnet, or a NIC in one.
    static func inZone(_ attachment: RuleSetExposure.Attachment, topology: Topology, zone: ZoneContext) -> Bool {
        switch attachment {
        case .unattached: false
        case .subnet(let id): zone.subnets.contains(id)
        case .networkInterface(let id):
            topology.interfaces[id]?.ipConfigurations.contains { $0.subnet.map(zone.subnets.contains) ?? false } ?? false
        }
    }
}

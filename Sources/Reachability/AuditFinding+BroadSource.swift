import TopologyModel

extension AuditFinding {
    /// An inbound allow on a training-zone NSG whose source is a tag or wildcard that reaches
    /// far past the VNet (NET-012), with the addresses the model resolved it to.
    public struct BroadSource: Sendable, Hashable {
        public let rule: SecurityRule
        /// The broad source values as written (`VirtualNetwork`, `*`, `AzureCloud`...).
        public let written: [String]
        /// Where the NSG is attached (`vnet/subnet` or a NIC's name).
        public let attachment: String
        /// What the rule lets in there, from the Internet or the VirtualNetwork tag.
        public let services: ServiceSet
        /// The rule's whole source as the model resolved it at this attachment (NSG-30: the
        /// VNet, its peers, on-premises prefixes; NSG-33: a tag without service tag data
        /// is taken as the Internet tag's addresses).
        public let expanded: AddressSet
        /// The source reaches past the VNet's own address space and the platform address:
        /// peers, on-premises or the Internet (the catalog's High; Medium otherwise).
        public let beyondNetwork: Bool
        /// A tag the service tag data did not resolve, approximated by the Internet tag's
        /// addresses at the attachment (NSG-33).
        public let approximated: Bool

        /// ``expanded`` as the fewest IPv4 CIDR blocks, then IPv6 ranges.
        public var prefixes: [String] {
            expanded.v4Blocks.map(\.description) + AddressSet(v6: expanded.v6).rangeDescriptions
        }
    }

    /// NET-012: custom inbound allows on the training zone's NSGs (its subnets' and NICs')
    /// that decide some service and whose source is `VirtualNetwork`, any address (`*`,
    /// `Any`, `0.0.0.0/0`) or `AzureCloud` (with its regional forms). The default
    /// AllowVnetInBound is on every NSG; what it opens is in the paths and NET-011. One
    /// finding per rule and attachment.
    static func broadSources(_ exposures: [RuleSetExposure], index: EstateIndex, zone: ZoneContext) -> [AuditFinding] {
        let topology = index.topology
        var found: [AuditFinding] = []
        for exposure in exposures where inZone(exposure.attachment, topology: topology, zone: zone) {
            let subnet: ResourceID?
            switch exposure.attachment {
            case .subnet(let id): subnet = id
            case .networkInterface(let id): subnet = topology.interfaces[id]?.ipConfigurations.lazy.compactMap(\.subnet).first { zone.subnets.contains($0) }
            case .unattached: subnet = nil
            }
            guard let subnet, let network = topology.subnets[subnet].flatMap({ topology.networks[$0.network] }) else { continue }
            let matcher = RuleMatcher(context: index.context(of: subnet), options: index.options)
            var services: [String: (SecurityRule, ServiceSet)] = [:]
            for source in exposure.sources {
                for decision in source.decisions where !decision.rule.isDefault && !broadValues(decision.rule.source).isEmpty {
                    services[decision.rule.name] = (decision.rule, (services[decision.rule.name]?.1 ?? ServiceSet()).union(decision.services))
                }
            }
            let own = network.addresses.union(AddressSet(prefixes: [IPPrefix(address: AddressContext.platformAddress, length: 32)]))
            for (rule, allowed) in services.values.sorted(by: { $0.0.priority < $1.0.priority }) {
                let expanded = matcher.addresses(rule.source, access: .allow, members: [:])
                let approximated = rule.source.tags.contains { tag in
                    if case .other(let name) = tag { return isAzureCloud(name) }
                    return false
                }
                let broad = BroadSource(
                    rule: rule, written: broadValues(rule.source), attachment: exposure.attachmentName, services: allowed, expanded: expanded,
                    beyondNetwork: !expanded.subtracting(own).isEmpty, approximated: approximated)
                let group = exposure.securityGroup
                found.append(
                    AuditFinding(
                        code: .broadSource, subject: .init(id: group.id, name: group.name, origin: group.origin), evidence: .broadSource(broad),
                        inTargetZone: true))
            }
        }
        return found
    }

    /// The values of a rule side that make NET-012, as written.
    static func broadValues(_ side: AddressMatch) -> [String] {
        let broad = side.texts.filter { text in
            let lower = text.lowercased()
            return ["*", "any", "0.0.0.0/0", "::/0", "virtualnetwork"].contains(lower) || isAzureCloud(lower)
        }
        return broad.isEmpty && side.any ? ["*"] : broad
    }

    static func isAzureCloud(_ tag: String) -> Bool {
        let lower = tag.lowercased()
        return lower == "azurecloud" || lower.hasPrefix("azurecloud.")
    }
}

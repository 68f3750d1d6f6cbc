import TopologyModel

/// Decides whether one side of a rule matches an address, in a tag context.
struct RuleMatcher {
    let context: AddressContext
    let options: AnalysisOptions

    /// NSG-20, NSG-25/26, NSG-30..33.
    func matches(_ side: AddressMatch, _ endpoint: EndpointIdentity, access: RuleAccess) -> Bool {
        if side.any { return true }
        if side.prefixes.contains(endpoint.address) { return true }
        for tag in side.tags where tagContains(tag, endpoint.address, access: access) { return true }
        if !side.applicationSecurityGroups.isEmpty {
            // NSG-26: ASG members all sit in one VNet, and the platform programs ASG rules
            // with those members only, so an ASG matches only a member in the VNet where
            // the NSG is being applied.
            if endpoint.network != nil, endpoint.network == context.network,
                side.applicationSecurityGroups.contains(where: { endpoint.applicationSecurityGroups.contains($0) })
            {
                return true
            }
        }
        return false
    }

    func tagContains(_ tag: ServiceTag, _ address: IPAddress, access: RuleAccess) -> Bool {
        switch tag {
        case .virtualNetwork: return context.virtualNetwork.contains(address)
        case .internet: return context.internet.contains(address)
        case .azureLoadBalancer: return address == AddressContext.platformAddress
        case .other:
            // Not expandable offline (NSG-33): conservative for an attack-path tool.
            return access.permits && options.unknownTagsAllowPublic && context.internet.contains(address)
        }
    }

    func matchesProtocol(_ rule: SecurityRule, _ proto: IPProtocol) -> Bool { Self.matches(rule.protocols, proto, options: options) }

    static func matches(_ protocols: ProtocolSet, _ proto: IPProtocol, options: AnalysisOptions) -> Bool {
        if protocols == .all {
            // NSG-15: `*` covers TCP, UDP and ICMP for certain; others by option.
            return options.starMatchesAllProtocols || proto == .tcp || proto == .udp || proto == .icmp
        }
        return protocols.contains(proto)
    }
}

/// The outcome of one NSG for one concrete packet.
public struct RuleDecision: Sendable, Hashable {
    public let securityGroup: ResourceID
    public let securityGroupName: String
    public let direction: TrafficDirection
    public let rule: SecurityRule
    public var access: RuleAccess { rule.access }
}

/// A concrete packet as an NSG sees it.
public struct Packet: Sendable, Hashable {
    public let source: EndpointIdentity
    public let destination: EndpointIdentity
    public let proto: IPProtocol
    public let sourcePort: UInt16
    public let destinationPort: UInt16

    public init(source: EndpointIdentity, destination: EndpointIdentity, proto: IPProtocol, sourcePort: UInt16, destinationPort: UInt16) {
        self.source = source
        self.destination = destination
        self.proto = proto
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
    }
}

extension NetworkSecurityGroup {
    /// NSG-11, NSG-12: the first rule, by ascending priority, that matches the packet.
    /// The default DenyAll rules guarantee a match.
    ///
    /// - Complexity: O(rules in the direction).
    func decide(_ packet: Packet, direction: TrafficDirection, context: AddressContext, options: AnalysisOptions) -> RuleDecision {
        if let decision = firstMatch(packet, direction: direction, context: context, options: options) { return decision }
        // Unreachable with the default rules present; deny for safety.
        let fallback = SecurityRule.defaultRules(securityGroup: id).first { $0.direction == direction && $0.access == .deny }!
        return RuleDecision(securityGroup: id, securityGroupName: name, direction: direction, rule: fallback)
    }

    /// The first rule in evaluation order that matches the packet, nil when none does (a
    /// set of security admin rules has no default rule: the NSGs decide, AVNM-4).
    func firstMatch(_ packet: Packet, direction: TrafficDirection, context: AddressContext, options: AnalysisOptions) -> RuleDecision? {
        let matcher = RuleMatcher(context: context, options: options)
        for rule in rules(direction) {
            guard matcher.matchesProtocol(rule, packet.proto) else { continue }
            if packet.proto.hasPorts {
                guard rule.sourcePorts.contains(packet.sourcePort), rule.destinationPorts.contains(packet.destinationPort) else { continue }
            }
            guard matcher.matches(rule.source, packet.source, access: rule.access),
                matcher.matches(rule.destination, packet.destination, access: rule.access)
            else { continue }
            return RuleDecision(securityGroup: id, securityGroupName: name, direction: direction, rule: rule)
        }
        return nil
    }
}

extension Array where Element == PolicyStage {
    /// Judges a packet at each stage in order, handing every decision to `record`: false at
    /// the first deny (NSG-2, NSG-3). Security admin rules decide first on their side: no
    /// match or `Allow` goes on to the NSGs, `AlwaysAllow` skips them (AVNM-4).
    func judge(_ packet: Packet, options: AnalysisOptions, record: (RuleDecision, PolicyStage) -> Void) -> Bool {
        var s = startIndex
        while s < endIndex {
            let stage = self[s]
            if stage.level == .admin {
                guard let decision = stage.securityGroup.firstMatch(packet, direction: stage.direction, context: stage.context, options: options) else {
                    if stage.closedBehind { return false }
                    s += 1
                    continue
                }
                record(decision, stage)
                switch decision.access {
                case .deny: return false
                case .alwaysAllow: s += 1 + stage.governs
                case .allow:
                    if stage.closedBehind { return false }
                    s += 1
                }
                continue
            }
            let decision = stage.securityGroup.decide(packet, direction: stage.direction, context: stage.context, options: options)
            record(decision, stage)
            if decision.access == .deny { return false }
            s += 1
        }
        return true
    }
}

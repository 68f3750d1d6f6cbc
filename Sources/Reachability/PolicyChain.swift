import TopologyModel

/// One NSG applied at one point of a path, in one direction, with its tag context; or the
/// security admin rules of the VNet there, which come first on their side (AVNM-4, AVNM-5).
public struct PolicyStage: Sendable, Hashable {
    public let securityGroup: NetworkSecurityGroup
    public let direction: TrafficDirection
    public let context: AddressContext
    public let level: SecurityGroupLevel
    /// For admin rules: how many of the stages right after this one are the NSGs of the same
    /// side, which an `AlwaysAllow` skips.
    public var governs: Int = 0
    /// For admin rules in front of a Standard public IP with no NSG on its side: what no
    /// `AlwaysAllow` delivers stays closed (NSG-40; AVNM-9 leaves AlwaysAllow open).
    public var closedBehind = false
}

/// Where an NSG is attached: both levels apply to a NIC's traffic, the NIC's first on the
/// way out and last on the way in (NSG-3). Security admin rules apply to the whole VNet,
/// before either (AVNM-4).
public enum SecurityGroupLevel: String, Sendable, Hashable, CustomStringConvertible {
    case networkInterface = "NIC"
    case subnet
    case admin

    public var description: String { rawValue }
}

/// An allow rule that let part of a hop's services through.
public struct RuleContribution: Sendable, Hashable {
    public let securityGroup: ResourceID
    public let securityGroupName: String
    public let level: SecurityGroupLevel
    public let direction: TrafficDirection
    public let rule: SecurityRule
    public let services: ServiceSet
}

/// The services a chain of NSGs lets through between two concrete endpoints, over every
/// protocol, destination port and client source port at once.
public struct ChainOutcome: Sendable {
    public let allowed: ServiceSet
    /// Per stage, in stage order, the allow rules whose matches survive the whole chain.
    public let contributions: [RuleContribution]
    /// A concrete source port that realises the witness service.
    public let witnessSourcePort: UInt16?
}

enum PolicyChain {
    /// Symbolic first-match evaluation (NSG-11) of every stage, intersected (NSG-2/3: every
    /// NSG must allow).
    ///
    /// Source ports are split into atoms at every boundary a rule draws, so a rule keyed on
    /// a source port range is handled exactly (NSG-19); destination ports stay interval sets.
    ///
    /// - Complexity: O(P · A · Σ rules) for P protocols and A source-port atoms (usually 1).
    static func evaluate(
        _ stages: [PolicyStage], source: EndpointIdentity, destination: EndpointIdentity,
        sourcePorts: PortSet, options: AnalysisOptions
    ) -> ChainOutcome {
        // Rules whose address sides match these endpoints, by position; the rest can never
        // apply. Positions, not copies: a rule is a large value, and copying the matching
        // ones was half of this function.
        let stageRules = stages.map { $0.securityGroup.rules($0.direction) }
        let applicable: [[Int]] = stages.indices.map { s in
            let matcher = RuleMatcher(context: stages[s].context, options: options)
            let rules = stageRules[s]
            return rules.indices.filter {
                matcher.matches(rules[$0].source, source, access: rules[$0].access)
                    && matcher.matches(rules[$0].destination, destination, access: rules[$0].access)
            }
        }
        var cuts = Set<UInt16>()
        for (s, positions) in applicable.enumerated() {
            for i in positions {
                for r in stageRules[s][i].sourcePorts.intervals {
                    cuts.insert(r.lowerBound)
                    if r.upperBound < .max { cuts.insert(r.upperBound + 1) }
                }
            }
        }
        var atoms: [ClosedRange<UInt16>] = []
        for range in sourcePorts.intervals {
            var low = range.lowerBound
            for cut in cuts.sorted() where cut > low && cut <= range.upperBound {
                atoms.append(low...(cut - 1))
                low = cut
            }
            atoms.append(low...range.upperBound)
        }

        var allowed = ServiceSet()
        var contributionSets: [[Int: ServiceSet]] = Array(repeating: [:], count: stages.count)
        var cells: [(proto: IPProtocol, sport: UInt16, ports: PortSet)] = []

        for proto in IPProtocol.allCases {
            let protoAtoms = proto.hasPorts ? atoms : [0...0]
            for atom in protoAtoms {
                let sport = atom.lowerBound
                var final = PortSet.full
                var matches: [(stage: Int, rule: Int, ports: PortSet)] = []
                // What an admin `AlwaysAllow` delivered, and the last stage of its side.
                var always = PortSet()
                var alwaysThrough = -1
                for (s, positions) in applicable.enumerated() {
                    let matcher = RuleMatcher(context: stages[s].context, options: options)
                    let rules = stageRules[s]
                    let admin = stages[s].level == .admin
                    let skipped = s <= alwaysThrough ? always : PortSet()
                    var remaining = PortSet.full
                    var stageAllowed = PortSet()
                    var denied = PortSet()
                    var delivered = PortSet()
                    for (r, i) in positions.enumerated() {
                        guard matcher.matchesProtocol(rules[i], proto) else { continue }
                        if proto.hasPorts && !rules[i].sourcePorts.contains(sport) { continue }
                        let matched = proto.hasPorts ? remaining.intersection(rules[i].destinationPorts) : remaining
                        if matched.isEmpty { continue }
                        switch rules[i].access {
                        case .allow:
                            stageAllowed = stageAllowed.union(matched)
                            // Ports an admin rule already delivered never reached this NSG.
                            let decided = matched.subtracting(skipped)
                            if !decided.isEmpty { matches.append((s, r, decided)) }
                        case .alwaysAllow:
                            delivered = delivered.union(matched)
                            matches.append((s, r, matched))
                        case .deny:
                            denied = denied.union(matched)
                        }
                        remaining = remaining.subtracting(matched)
                        if remaining.isEmpty { break }
                    }
                    if admin {
                        // AVNM-4: a Deny drops; an AlwaysAllow delivers past the NSGs of its
                        // side; an Allow, or no admin rule at all, leaves it to those NSGs.
                        stageAllowed = stages[s].closedBehind ? delivered : PortSet.full.subtracting(denied)
                        always = delivered
                        alwaysThrough = s + stages[s].governs
                    } else {
                        stageAllowed = stageAllowed.union(skipped)
                    }
                    final = final.intersection(stageAllowed)
                    if final.isEmpty { break }
                }
                guard !final.isEmpty else { continue }
                allowed.insert(proto, final)
                cells.append((proto, sport, final))
                for m in matches {
                    let surviving = m.ports.intersection(final)
                    if surviving.isEmpty { continue }
                    var set = contributionSets[m.stage][m.rule] ?? ServiceSet()
                    set.insert(proto, surviving)
                    contributionSets[m.stage][m.rule] = set
                }
            }
        }
        // The source port of the first atom that carries the witness service.
        var witnessSourcePort: UInt16?
        if let w = allowed.witness, w.proto.hasPorts {
            witnessSourcePort = cells.first { $0.proto == w.proto && $0.ports.contains(w.port) }?.sport
        }
        var contributions: [RuleContribution] = []
        for (s, stage) in stages.enumerated() {
            for (r, services) in contributionSets[s].sorted(by: { $0.key < $1.key }) {
                contributions.append(
                    RuleContribution(
                        securityGroup: stage.securityGroup.id, securityGroupName: stage.securityGroup.name,
                        level: stage.level, direction: stage.direction, rule: stageRules[s][applicable[s][r]], services: services))
            }
        }
        return ChainOutcome(allowed: allowed, contributions: contributions, witnessSourcePort: witnessSourcePort)
    }
}

import TopologyModel

/// What the NSG stages on one side of a hop let through, as a function of the address on
/// the other side: for a source, its outbound NIC and subnet NSGs by destination address;
/// for a target, its inbound ones by source address.
///
/// The stages are evaluated once per piece of IPv4 space that no rule of theirs cuts, not
/// once per peer, so asking about a pair is a binary search. The map exists only when it
/// is exact for every peer: no rule on the peer's side names an application security
/// group (membership is not an address) and no rule singles out client source ports (one
/// source-port atom, as ``PolicyChain`` evaluates it). IPv6 peers are not mapped.
struct ExposureMap: Sendable {
    /// Lower bound of each piece, ascending; the first is 0.
    let bounds: [UInt32]
    let services: [LeanServices]

    /// The services for a peer at `address`; nil when the map cannot tell (IPv6).
    func lookup(_ address: IPAddress) -> LeanServices? {
        guard case .v4(let value) = address else { return nil }
        var low = 0, high = bounds.count
        while low < high {
            let mid = (low + high) / 2
            if bounds[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return services[low - 1]
    }

    /// Everything allowed everywhere: the side has no NSG (NSG-4).
    static let open = ExposureMap(bounds: [0], services: [.everything])

    /// One stage's rule that applies to the fixed endpoint: what the plan needs of it (a
    /// whole rule is a large value, copied at a dozen reference counts) and the peer-side
    /// address set.
    private struct Candidate {
        let protocols: ProtocolSet
        let allow: Bool
        let destinationPorts: PortSet
        let peer: IntervalSet<UInt32>
    }

    /// - Parameters:
    ///   - stages: the NSG stages in evaluation order, all in `direction`.
    ///   - own: the fixed endpoint (the source for outbound stages, the target for inbound).
    /// - Returns: nil when the map would not be exact (see the type's description).
    /// - Complexity: O(P · R) for P pieces and R rules, with P ≤ 2R + 1 per address range named.
    static func build(stages: [PolicyStage], own: EndpointIdentity, direction: TrafficDirection, options: AnalysisOptions) -> ExposureMap? {
        if stages.isEmpty { return .open }
        let clientPorts = PortSet(options.clientSourcePorts)
        var perStage: [[Candidate]] = []
        var cuts: [UInt32] = [0]
        for stage in stages {
            let matcher = RuleMatcher(context: stage.context, options: options)
            var candidates: [Candidate] = []
            // Rules are read in place, field by field, rather than copied out whole.
            let rules = stage.securityGroup.rules(direction)
            for i in rules.indices {
                let access = rules[i].access
                let matched =
                    direction == .outbound
                    ? matcher.matches(rules[i].source, own, access: access)
                    : matcher.matches(rules[i].destination, own, access: access)
                guard matched else { continue }
                let peerGroups = direction == .outbound ? rules[i].destination.applicationSecurityGroups : rules[i].source.applicationSecurityGroups
                guard peerGroups.isEmpty, rules[i].sourcePorts.isSuperset(of: clientPorts) else { return nil }
                let peer =
                    direction == .outbound
                    ? peerSet(rules[i].destination, matcher: matcher, access: access)
                    : peerSet(rules[i].source, matcher: matcher, access: access)
                if peer.isEmpty { continue }
                for r in peer.intervals {
                    cuts.append(r.lowerBound)
                    if r.upperBound < .max { cuts.append(r.upperBound + 1) }
                }
                candidates.append(Candidate(protocols: rules[i].protocols, allow: access == .allow, destinationPorts: rules[i].destinationPorts, peer: peer))
            }
            perStage.append(candidates)
        }
        cuts.sortAndRemoveDuplicates()
        let bounds = cuts
        let plan = Plan(perStage, options: options)
        // Which candidates meet each piece, as bits: a candidate's peer intervals start and
        // end on cuts, so each marks a run of whole pieces.
        let words = max(1, (plan.count + 63) / 64)
        var masks = Array(repeating: UInt64(0), count: bounds.count * words)
        var position = 0
        for candidates in perStage {
            for candidate in candidates {
                for r in candidate.peer.intervals {
                    var piece = Self.firstIndex(bounds, atLeast: r.lowerBound)
                    while piece < bounds.count && bounds[piece] <= r.upperBound {
                        masks[piece * words + position / 64] |= 1 << UInt64(position % 64)
                        piece += 1
                    }
                }
                position += 1
            }
        }
        var services: [LeanServices] = []
        services.reserveCapacity(bounds.count)
        // Pieces that meet the same rules get the same answer: evaluate each mask once.
        var byMask: [ArraySlice<UInt64>: LeanServices] = [:]
        for piece in bounds.indices {
            let mask = masks[piece * words..<(piece + 1) * words]
            if let known = byMask[mask] { services.append(known); continue }
            let answer = plan.evaluate(mask)
            byMask[mask] = answer
            services.append(answer)
        }
        return ExposureMap(bounds: bounds, services: services)
    }

    private static func firstIndex(_ bounds: [UInt32], atLeast value: UInt32) -> Int {
        var low = 0, high = bounds.count
        while low < high {
            let mid = (low + high) / 2
            if bounds[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The candidates of every stage, sorted out per protocol once per map: for each
    /// protocol and stage, the candidates that match the protocol (their position in the
    /// mask, destination ports, access), in flat arrays so that evaluating a mask touches
    /// integers and only the port sets it combines.
    private struct Plan {
        let count: Int
        let protocols: [IPProtocol]
        /// By protocol: where each stage's entries start in the flat arrays (stages + 1 offsets).
        let stageStarts: [[Int]]
        let position: [Int]
        let allow: [Bool]
        /// Index into `portSets`; portless protocols ignore it.
        let ports: [Int]
        let portSets: [PortSet]

        init(_ perStage: [[Candidate]], options: AnalysisOptions) {
            count = perStage.reduce(0) { $0 + $1.count }
            protocols = IPProtocol.allCases
            // What the plan needs of each candidate, numbered once.
            var portSets: [PortSet] = []
            var facts: [(stage: Int, protocols: ProtocolSet, allow: Bool, ports: Int)] = []
            facts.reserveCapacity(count)
            for s in perStage.indices {
                for candidate in perStage[s] {
                    let ports: Int
                    if let i = portSets.firstIndex(of: candidate.destinationPorts) {
                        ports = i
                    } else {
                        ports = portSets.count
                        portSets.append(candidate.destinationPorts)
                    }
                    facts.append((s, candidate.protocols, candidate.allow, ports))
                }
            }
            var starts: [[Int]] = [], position: [Int] = [], allow: [Bool] = [], ports: [Int] = []
            for proto in protocols {
                var offsets = [position.count]
                var stage = 0
                for (p, fact) in facts.enumerated() {
                    while stage < fact.stage { offsets.append(position.count); stage += 1 }
                    guard RuleMatcher.matches(fact.protocols, proto, options: options) else { continue }
                    position.append(p)
                    allow.append(fact.allow)
                    ports.append(fact.ports)
                }
                while offsets.count < perStage.count + 1 { offsets.append(position.count) }
                starts.append(offsets)
            }
            stageStarts = starts
            self.position = position
            self.allow = allow
            self.ports = ports
            self.portSets = portSets
        }

        /// First match per stage (NSG-11), every stage must allow (NSG-2, NSG-3); the rules
        /// that meet the piece are the mask's. A portless protocol is decided by the first
        /// rule that matches it.
        func evaluate(_ mask: ArraySlice<UInt64>) -> LeanServices {
            let base = mask.startIndex
            func meets(_ p: Int) -> Bool { mask[base + p >> 6] & (1 << UInt64(p & 63)) != 0 }
            var result = LeanServices.none
            for (k, proto) in protocols.enumerated() {
                let offsets = stageStarts[k]
                if !proto.hasPorts {
                    var allowed = true
                    for stage in 0..<offsets.count - 1 {
                        var decided = false
                        for e in offsets[stage]..<offsets[stage + 1] where meets(position[e]) {
                            decided = true
                            allowed = allow[e]
                            break
                        }
                        if !decided { allowed = false }
                        if !allowed { break }
                    }
                    if allowed { result.insert(proto, Self.allPorts) }
                    continue
                }
                var final = Self.allPorts
                for stage in 0..<offsets.count - 1 {
                    var remaining = Self.allPorts
                    var allowed = PortSet()
                    for e in offsets[stage]..<offsets[stage + 1] where meets(position[e]) {
                        let rulePorts = portSets[ports[e]]
                        let matched = rulePorts.isFull ? remaining : remaining.intersection(rulePorts)
                        if matched.isEmpty { continue }
                        if allow[e] { allowed = allowed.isEmpty ? matched : allowed.union(matched) }
                        remaining = matched == remaining ? PortSet() : remaining.subtracting(matched)
                        if remaining.isEmpty { break }
                    }
                    final = final.isFull ? allowed : final.intersection(allowed)
                    if final.isEmpty { break }
                }
                result.insert(proto, final)
            }
            return result
        }

        private static let allPorts = PortSet.full
    }

    /// The IPv4 addresses a rule side matches in its stage's context (as ``RuleMatcher``
    /// decides it for an endpoint without application security groups).
    private static func peerSet(_ side: AddressMatch, matcher: RuleMatcher, access: RuleAccess) -> IntervalSet<UInt32> {
        if side.any { return .full }
        var set = side.prefixes.v4
        for tag in side.tags {
            switch tag {
            case .virtualNetwork: set = set.union(matcher.context.virtualNetwork.v4)
            case .internet: set = set.union(matcher.context.internet.v4)
            case .azureLoadBalancer:
                if case .v4(let v) = AddressContext.platformAddress { set = set.union(IntervalSet(v...v)) }
            case .other:
                if access == .allow && matcher.options.unknownTagsAllowPublic { set = set.union(matcher.context.internet.v4) }
            }
        }
        return set
    }
}

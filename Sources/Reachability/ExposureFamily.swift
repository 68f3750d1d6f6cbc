import TopologyModel

/// The NSG stages on one side of a hop as maps by the peer's address: one map for peers that
/// no application security group condition of the stages meets, and one more per class of
/// peers that some do.
///
/// A rule that names ASGs on the peer's side matches a peer by membership, not by address
/// (NSG-25, NSG-26: a member of one of the groups, in the VNet where the NSG applies). The
/// stages are cut into pieces of IPv4 space once; which rules meet a piece is a bit mask,
/// and a peer class adds the bits of the ASG conditions it meets, so each class's map costs
/// one evaluation per distinct mask. The only rules no map represents single out client
/// source ports (one source-port atom, as ``PolicyChain`` evaluates it): then there is no
/// family and the pairs are evaluated in full.
struct ExposureFamily: Sendable {
    /// The map for peers that meet no ASG condition: outside the VNet, or in none of the
    /// groups the stages name on the peer's side.
    let base: ExposureMap
    /// Every group a stage names on the peer's side, sorted.
    let groups: [ResourceID]
    private let bounds: [UInt32]
    /// The distinct sets of rules whose peer addresses hold a piece, `words` words each, and
    /// by piece the number of its set.
    private let masks: [UInt64]
    private let pieceMask: [Int32]
    private let words: Int
    private let plan: Plan
    /// The rules with ASGs on the peer's side: their bit, the VNet of their stage, and
    /// their groups.
    private let conditions: [(position: Int, network: ResourceID?, groups: [ResourceID])]

    /// The map for `peer`, or nil when it meets no ASG condition and ``base`` holds.
    func map(for peer: EndpointIdentity) -> ExposureMap? { conditionsMet(by: peer).map { evaluate(adding: $0) } }

    /// The bits of the ASG conditions `peer` meets, nil when it meets none. Peers with the
    /// same bits have the same map (``map(adding:)``).
    func conditionsMet(by peer: EndpointIdentity) -> [UInt64]? {
        guard !conditions.isEmpty, let network = peer.network, !peer.applicationSecurityGroups.isEmpty else { return nil }
        var extra = Array(repeating: UInt64(0), count: words)
        var met = false
        for condition in conditions where condition.network == network {
            guard condition.groups.contains(where: { peer.applicationSecurityGroups.contains($0) }) else { continue }
            extra[condition.position / 64] |= 1 << UInt64(condition.position % 64)
            met = true
        }
        return met ? extra : nil
    }

    /// The map for peers that meet the conditions in `extra`.
    func map(adding extra: [UInt64]) -> ExposureMap { evaluate(adding: extra) }

    /// The services of every piece with the rules in `extra` meeting it too; neighbouring
    /// pieces with the same services are one.
    private func evaluate(adding extra: [UInt64]) -> ExposureMap {
        // Each distinct set once; sets the extra rules make equal share an evaluation.
        var answers: [LeanServices] = []
        answers.reserveCapacity(masks.count / words)
        var byMask: [[UInt64]: LeanServices] = [:]
        var mask = Array(repeating: UInt64(0), count: words)
        for m in 0..<masks.count / words {
            for w in 0..<words { mask[w] = masks[m * words + w] | extra[w] }
            if let known = byMask[mask] {
                answers.append(known)
            } else {
                let answer = plan.evaluate(mask[...])
                byMask[mask] = answer
                answers.append(answer)
            }
        }
        var pieceBounds: [UInt32] = [], services: [LeanServices] = []
        for piece in bounds.indices {
            let answer = answers[Int(pieceMask[piece])]
            if services.last == answer { continue }
            pieceBounds.append(bounds[piece])
            services.append(answer)
        }
        return ExposureMap(bounds: pieceBounds, services: services)
    }

    /// Everything allowed everywhere: the side has no NSG (NSG-4).
    static let open = ExposureFamily(base: .open)

    private init(base: ExposureMap) {
        self.base = base
        groups = []
        bounds = base.bounds
        masks = []
        pieceMask = []
        words = 0
        plan = Plan([], admin: false, options: AnalysisOptions())
        conditions = []
    }

    /// One stage's rule that applies to the fixed endpoint: what the plan needs of it (a
    /// whole rule is a large value, copied at a dozen reference counts) and the peer-side
    /// address set.
    private struct Candidate {
        let protocols: ProtocolSet
        let access: RuleAccess
        let destinationPorts: PortSet
        let peer: IntervalSet<UInt32>
    }

    /// - Parameters:
    ///   - stages: the NSG stages in evaluation order, all in `direction`.
    ///   - own: the fixed endpoint (the source for outbound stages, the target for inbound).
    /// - Returns: nil when a rule that applies singles out client source ports.
    /// - Complexity: O(P · R) for P pieces and R rules, with P ≤ 2R + 1 per address range named.
    static func build(stages: [PolicyStage], own: EndpointIdentity, direction: TrafficDirection, options: AnalysisOptions) -> ExposureFamily? {
        if stages.isEmpty { return .open }
        let clientPorts = PortSet(options.clientSourcePorts)
        var perStage: [[Candidate]] = []
        var conditions: [(position: Int, network: ResourceID?, groups: [ResourceID])] = []
        var cuts: [UInt32] = [0]
        var position = 0
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
                guard rules[i].sourcePorts.isSuperset(of: clientPorts) else { return nil }
                let side = direction == .outbound ? rules[i].destination : rules[i].source
                let peer = peerSet(side, matcher: matcher, access: access)
                if peer.isEmpty && side.applicationSecurityGroups.isEmpty { continue }
                for r in peer.intervals {
                    cuts.append(r.lowerBound)
                    if r.upperBound < .max { cuts.append(r.upperBound + 1) }
                }
                if !side.applicationSecurityGroups.isEmpty {
                    conditions.append((position, stage.context.network, side.applicationSecurityGroups))
                }
                candidates.append(Candidate(protocols: rules[i].protocols, access: access, destinationPorts: rules[i].destinationPorts, peer: peer))
                position += 1
            }
            perStage.append(candidates)
        }
        cuts.sortAndRemoveDuplicates()
        let bounds = cuts
        let plan = Plan(perStage, admin: stages.first?.level == .admin, options: options)
        // Which candidates meet each piece, as bits: a candidate's peer intervals start and
        // end on cuts, so each marks a run of whole pieces.
        let words = max(1, (plan.count + 63) / 64)
        var masks = Array(repeating: UInt64(0), count: bounds.count * words)
        position = 0
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
        // Pieces that meet the same rules get the same answer: evaluate each set once.
        var distinct: [UInt64] = [], answers: [LeanServices] = []
        var pieceMask: [Int32] = []
        pieceMask.reserveCapacity(bounds.count)
        var numbers: [ArraySlice<UInt64>: Int32] = [:]
        for piece in bounds.indices {
            let mask = masks[piece * words..<(piece + 1) * words]
            if let known = numbers[mask] { pieceMask.append(known); continue }
            let number = Int32(answers.count)
            numbers[mask] = number
            distinct += mask
            answers.append(plan.evaluate(mask))
            pieceMask.append(number)
        }
        let services = pieceMask.map { answers[Int($0)] }
        return ExposureFamily(
            base: ExposureMap(bounds: bounds, services: services), groups: Array(Set(conditions.flatMap(\.groups))).sorted(),
            bounds: bounds, masks: conditions.isEmpty ? [] : distinct, pieceMask: conditions.isEmpty ? [] : pieceMask, words: words, plan: plan,
            conditions: conditions)
    }

    private init(
        base: ExposureMap, groups: [ResourceID], bounds: [UInt32], masks: [UInt64], pieceMask: [Int32], words: Int, plan: Plan,
        conditions: [(position: Int, network: ResourceID?, groups: [ResourceID])]
    ) {
        self.base = base
        self.groups = groups
        self.bounds = bounds
        self.masks = masks
        self.pieceMask = pieceMask
        self.words = words
        self.plan = plan
        self.conditions = conditions
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
        /// An admin `AlwaysAllow` (only in the first stage, when `admin`).
        let always: [Bool]
        /// The first stage is the VNet's security admin rules, which govern every later
        /// stage of the side (AVNM-4).
        let admin: Bool
        /// Index into `portSets`; portless protocols ignore it.
        let ports: [Int]
        let portSets: [PortSet]

        init(_ perStage: [[Candidate]], admin: Bool, options: AnalysisOptions) {
            count = perStage.reduce(0) { $0 + $1.count }
            self.admin = admin
            protocols = IPProtocol.allCases
            // What the plan needs of each candidate, numbered once.
            var portSets: [PortSet] = []
            var facts: [(stage: Int, protocols: ProtocolSet, access: RuleAccess, ports: Int)] = []
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
                    facts.append((s, candidate.protocols, candidate.access, ports))
                }
            }
            var starts: [[Int]] = [], position: [Int] = [], allow: [Bool] = [], always: [Bool] = [], ports: [Int] = []
            for proto in protocols {
                var offsets = [position.count]
                var stage = 0
                for (p, fact) in facts.enumerated() {
                    while stage < fact.stage { offsets.append(position.count); stage += 1 }
                    guard RuleMatcher.matches(fact.protocols, proto, options: options) else { continue }
                    position.append(p)
                    allow.append(fact.access.permits)
                    always.append(fact.access == .alwaysAllow)
                    ports.append(fact.ports)
                }
                while offsets.count < perStage.count + 1 { offsets.append(position.count) }
                starts.append(offsets)
            }
            stageStarts = starts
            self.position = position
            self.allow = allow
            self.always = always
            self.ports = ports
            self.portSets = portSets
        }

        /// First match per stage (NSG-11), every stage must allow (NSG-2, NSG-3); the rules
        /// that meet the piece are the mask's. A portless protocol is decided by the first
        /// rule that matches it. Admin rules first, when there are: a Deny drops, an
        /// AlwaysAllow delivers past the later stages, an Allow or no match hands over (AVNM-4).
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
                        var delivered = false
                        for e in offsets[stage]..<offsets[stage + 1] where meets(position[e]) {
                            decided = true
                            allowed = allow[e]
                            delivered = always[e]
                            break
                        }
                        if admin && stage == 0 {
                            if !decided { continue }
                            if !allowed || delivered { break }
                            continue
                        }
                        if !decided { allowed = false }
                        if !allowed { break }
                    }
                    if allowed { result.insert(proto, Self.allPorts) }
                    continue
                }
                var final = Self.allPorts
                var skipped = PortSet()
                for stage in 0..<offsets.count - 1 {
                    var remaining = Self.allPorts
                    var allowed = PortSet()
                    var denied = PortSet()
                    for e in offsets[stage]..<offsets[stage + 1] where meets(position[e]) {
                        let rulePorts = portSets[ports[e]]
                        let matched = rulePorts.isFull ? remaining : remaining.intersection(rulePorts)
                        if matched.isEmpty { continue }
                        if always[e] {
                            skipped = skipped.union(matched)
                        } else if allow[e] {
                            allowed = allowed.isEmpty ? matched : allowed.union(matched)
                        } else {
                            denied = denied.union(matched)
                        }
                        remaining = matched == remaining ? PortSet() : remaining.subtracting(matched)
                        if remaining.isEmpty { break }
                    }
                    if admin && stage == 0 {
                        allowed = denied.isEmpty ? Self.allPorts : Self.allPorts.subtracting(denied)
                    } else if !skipped.isEmpty {
                        allowed = allowed.union(skipped)
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
    /// decides it by address; ASGs are the family's conditions).
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
                if access.permits && matcher.options.unknownTagsAllowPublic { set = set.union(matcher.context.internet.v4) }
            }
        }
        return set
    }
}

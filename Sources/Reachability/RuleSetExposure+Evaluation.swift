import ParallelSupport
import TopologyModel

extension RuleSetExposure {
    /// The exposure of every NSG in the estate: at each subnet and NIC it is attached to, or
    /// once as unattached, from each of `sources`, inbound.
    ///
    /// - Complexity: per NSG and source, O(P · A · R · B) for P protocols, A source-port
    ///   atoms (usually 1), R rules and B boxes the rules cut the (source, destination, port)
    ///   space into (at most 3 per rule that splits one).
    public static func evaluate(_ index: EstateIndex, sources: [ExposureSource]) -> [RuleSetExposure] {
        let topology = index.topology
        // Attachments and group members found in one pass each, not once per NSG.
        let subnetsByGroup = Dictionary(grouping: topology.subnets.values.filter { $0.securityGroup != nil }, by: { $0.securityGroup! })
        let nicsByGroup = Dictionary(grouping: topology.interfaces.values.filter { $0.securityGroup != nil }, by: { $0.securityGroup! })
        let members = members(topology)
        var jobs: [(NetworkSecurityGroup, Attachment, String, AddressContext, AddressSet, [ResourceID: AddressSet])] = []
        for group in topology.securityGroups.values.sorted(by: { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }) {
            for subnet in (subnetsByGroup[group.id] ?? []).sorted(by: { $0.id < $1.id }) {
                let name = (topology.networks[subnet.network]?.name).map { "\($0)/\(subnet.name)" } ?? subnet.name
                jobs.append((group, .subnet(subnet.id), name, index.context(of: subnet.id), subnet.addresses, members[subnet.network] ?? [:]))
            }
            for nic in (nicsByGroup[group.id] ?? []).sorted(by: { $0.id < $1.id }) {
                let subnet = nic.ipConfigurations.lazy.compactMap(\.subnet).first
                let context = subnet.map { index.context(of: $0) } ?? unattachedContext
                let addresses = AddressSet(prefixes: nic.ipConfigurations.compactMap { $0.privateAddress.map(Self.host) })
                let network = subnet.flatMap { topology.subnets[$0]?.network }
                jobs.append((group, .networkInterface(nic.id), nic.name, context, addresses, network.flatMap { members[$0] } ?? [:]))
            }
            if subnetsByGroup[group.id] == nil && nicsByGroup[group.id] == nil {
                jobs.append((group, .unattached, "unattached", unattachedContext, unattachedContext.virtualNetwork, [:]))
            }
        }
        // Each attachment is independent: worked out on every core, kept in order.
        let shared = Shared(jobs), options = index.options
        let out = Slots<RuleSetExposure>(count: jobs.count)
        Parallel.perform(iterations: jobs.count) { i in
            let (group, attachment, name, context, destination, members) = shared.value[i]
            out.store(
                evaluate(
                    group, attachment: attachment, name: name, context: context, destination: destination, members: members, sources: sources,
                    options: options), at: i)
        }
        return (0..<jobs.count).compactMap { out.take(at: $0) }
    }

    private static func host(_ address: IPAddress) -> IPPrefix { IPPrefix(address: address, length: address.isV4 ? 32 : 128) }

    /// For an NSG attached to nothing there is no VNet: the VirtualNetwork tag is taken as
    /// the private address space (RFC 1918) with the platform address (NSG-30), and the
    /// guarded host as any address in it.
    public static let unattachedContext = AddressContext(
        network: nil,
        virtualNetwork: AddressSet(prefixes: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "168.63.129.16/32"].compactMap { IPPrefix($0) }))

    /// The addresses of each application security group's members, per VNet (NSG-26: a rule
    /// naming a group is programmed with the members in the VNet where it applies).
    static func members(_ topology: Topology) -> [ResourceID: [ResourceID: AddressSet]] {
        var members: [ResourceID: [ResourceID: AddressSet]] = [:]
        for nic in topology.interfaces.values {
            for configuration in nic.ipConfigurations where !configuration.applicationSecurityGroups.isEmpty {
                guard let address = configuration.privateAddress, let network = configuration.subnet.flatMap({ topology.subnets[$0]?.network }) else {
                    continue
                }
                let one = AddressSet(prefixes: [host(address)])
                for group in configuration.applicationSecurityGroups { members[network, default: [:]][group] = (members[network]?[group] ?? .empty).union(one) }
            }
        }
        return members
    }

    /// One NSG at one attachment, from each source.
    static func evaluate(
        _ group: NetworkSecurityGroup, attachment: Attachment, name: String, context: AddressContext, destination: AddressSet,
        members: [ResourceID: AddressSet], sources: [ExposureSource], options: AnalysisOptions
    ) -> RuleSetExposure {
        let matcher = RuleMatcher(context: context, options: options)
        let rules = group.rules(.inbound)
        let sides = rules.map {
            (
                source: matcher.addresses($0.source, access: $0.access, members: members),
                destination: matcher.addresses($0.destination, access: $0.access, members: members)
            )
        }
        let exposures = sources.map { source -> SourceExposure in
            let addresses: AddressSet
            switch source.kind {
            case .internet: addresses = context.internet
            case .virtualNetwork: addresses = context.virtualNetwork
            case .addresses(let set): addresses = set
            }
            return firstMatch(rules, sides: sides, source: source, addresses: addresses, destination: destination, matcher: matcher)
        }
        return RuleSetExposure(securityGroup: group, attachment: attachment, attachmentName: name, sources: exposures)
    }

    /// A part of the traffic space no rule has decided yet.
    private struct Box {
        var source: AddressSet
        var destination: AddressSet
        var ports: PortSet
    }

    /// NSG-11 first-match evaluation over boxes of (source addresses, destination addresses,
    /// destination ports), per protocol and source-port atom (NSG-19): each rule takes the
    /// part of every undecided box it matches, and the rest stays undecided.
    private static func firstMatch(
        _ rules: [SecurityRule], sides: [(source: AddressSet, destination: AddressSet)], source: ExposureSource, addresses: AddressSet,
        destination: AddressSet, matcher: RuleMatcher
    ) -> SourceExposure {
        var decided: [Int: ServiceSet] = [:], denied: [Int: ServiceSet] = [:], potential: [Int: ServiceSet] = [:]
        var cuts: Set<UInt16> = [0]
        for rule in rules {
            for r in rule.sourcePorts.intervals {
                cuts.insert(r.lowerBound)
                if r.upperBound < .max { cuts.insert(r.upperBound + 1) }
            }
        }
        let atoms = cuts.sorted()
        // Protocols that the same rules match get the same answer (ESP, AH and the rest
        // usually; ICMP often): each is worked out once and copied.
        var representative: [[Int]: IPProtocol] = [:]
        var copies: [(IPProtocol, from: IPProtocol)] = []
        for proto in IPProtocol.allCases {
            let matching = rules.indices.filter { matcher.matchesProtocol(rules[$0], proto) } + [proto.hasPorts ? -1 : -2]
            if let first = representative[matching] {
                copies.append((proto, first))
                continue
            }
            representative[matching] = proto
            for sport in proto.hasPorts ? atoms : [0] {
                var undecided = [Box(source: addresses, destination: destination, ports: .full)]
                for (i, rule) in rules.enumerated() {
                    guard matcher.matchesProtocol(rule, proto), !proto.hasPorts || rule.sourcePorts.contains(sport) else { continue }
                    let ports = proto.hasPorts ? rule.destinationPorts : PortSet.full
                    let from = addresses.intersection(sides[i].source), to = destination.intersection(sides[i].destination)
                    if !from.isEmpty && !to.isEmpty { potential[i, default: ServiceSet()].insert(proto, ports) }
                    var next: [Box] = []
                    for box in undecided {
                        let s = box.source.intersection(sides[i].source), d = box.destination.intersection(sides[i].destination)
                        let p = box.ports.intersection(ports)
                        guard !s.isEmpty, !d.isEmpty, !p.isEmpty else {
                            next.append(box)
                            continue
                        }
                        if rule.access == .allow {
                            decided[i, default: ServiceSet()].insert(proto, p)
                        } else {
                            denied[i, default: ServiceSet()].insert(proto, p)
                        }
                        for rest in [
                            Box(source: box.source.subtracting(sides[i].source), destination: box.destination, ports: box.ports),
                            Box(source: s, destination: box.destination.subtracting(sides[i].destination), ports: box.ports),
                            Box(source: s, destination: d, ports: box.ports.subtracting(ports)),
                        ] where !rest.source.isEmpty && !rest.destination.isEmpty && !rest.ports.isEmpty {
                            next.append(rest)
                        }
                    }
                    // Later rules are still read when nothing is left: what they would have
                    // let in is what an earlier deny shadows.
                    undecided = next
                }
            }
        }
        for (proto, first) in copies {
            for i in rules.indices {
                if let ports = decided[i]?.ports[first] { decided[i]!.insert(proto, ports) }
                if let ports = denied[i]?.ports[first] { denied[i]!.insert(proto, ports) }
                if let ports = potential[i]?.ports[first] { potential[i]!.insert(proto, ports) }
            }
        }
        var allowed = ServiceSet()
        var decisions: [SourceExposure.Decision] = []
        var shadows: [SourceExposure.Shadow] = []
        var preemptions: [SourceExposure.Preemption] = []
        for (i, rule) in rules.enumerated() {
            if let services = decided[i] {
                allowed = allowed.union(services)
                decisions.append(SourceExposure.Decision(rule: rule, services: services))
            }
            // What a rule names for this source that a higher-priority rule of the other
            // access decides first: an allow's services a deny takes (shadowed), a deny's
            // services an allow lets in (pre-empted). Default rules are there to be
            // overridden, and are not reported.
            guard !rule.isDefault, let wanted = potential[i] else { continue }
            let own = rule.access == .allow ? decided : denied, other = rule.access == .allow ? denied : decided
            let lost = subtracting(own[i] ?? ServiceSet(), from: wanted)
            guard !lost.isEmpty else { continue }
            let earlier = (0..<i).filter { j in other[j].map { !$0.intersection(lost).isEmpty } ?? false }
            guard !earlier.isEmpty else { continue }
            let taken = earlier.reduce(ServiceSet()) { $0.union(other[$1]!.intersection(lost)) }
            if rule.access == .allow {
                shadows.append(SourceExposure.Shadow(rule: rule, services: taken, by: earlier.map { rules[$0] }))
            } else {
                preemptions.append(SourceExposure.Preemption(rule: rule, services: taken, by: earlier.map { rules[$0] }))
            }
        }
        return SourceExposure(source: source, allowed: allowed, decisions: decisions, shadows: shadows, preemptions: preemptions)
    }

    private static func subtracting(_ part: ServiceSet, from whole: ServiceSet) -> ServiceSet {
        var result = ServiceSet()
        for (proto, ports) in whole.ports { result.insert(proto, ports.subtracting(part.ports[proto] ?? PortSet())) }
        return result
    }
}

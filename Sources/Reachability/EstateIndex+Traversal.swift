import TopologyModel

extension EstateIndex {
    /// PE-2: a private endpoint carries traffic only on an Approved connection.
    func privateEndpointApproved(_ node: AttackNode) -> Bool {
        guard node.kind == .privateEndpoint, let e = node.endpoints.first,
            let peID = topology.interfaces[e.interface]?.privateEndpoint, let pe = topology.privateEndpoints[peID]
        else { return true }
        return pe.carriesTraffic
    }

    func internalHop(from source: AttackNode, to target: AttackNode) -> Hop? { internalReach(from: source, to: target).hop }

    /// The hop between two nodes of the estate, and what arrives one way only (RT-18).
    func internalReach(from source: AttackNode, to target: AttackNode) -> (hop: Hop?, oneWay: OneWayReach?) {
        guard let src = source.representative, let dst = target.representative, let subnet = src.subnet,
            target.network != nil, privateEndpointApproved(target)
        else { return (nil, nil) }
        let start = hopLeg(services: .everything, sender: identity(of: src), stages: outboundStages(src))
        let all = travelAll(start, from: subnet, to: dst, depth: 0)
        let legs = all.filter { $0.end == .arrived }
        let oneWay = Self.oneWay(
            all.filter { $0.end != .arrived }, from: source.id, to: target.id, source: src.address, destination: dst.address,
            sourcePort: options.clientSourcePorts.lowerBound)
        guard !legs.isEmpty else { return (nil, oneWay) }
        let (services, allowedBy, firewallRules, findings) = Self.united(legs)
        let first = legs[0]
        guard let witness = first.services.witness else { return (nil, oneWay) }
        var hop = Hop(
            from: source.id, to: target.id, services: services, allowedBy: allowedBy, via: first.via,
            witness: WitnessFlow(
                source: src.address, destination: dst.address, translatedDestination: nil,
                proto: witness.proto, port: witness.port,
                sourcePort: witness.proto.hasPorts ? options.clientSourcePorts.lowerBound : nil))
        hop.firewallRules = firewallRules
        hop.findings = findings
        return (hop, oneWay)
    }

    /// The legs of one hop as one: their services united, and each rule, firewall rule and
    /// finding that let some of them through, once, in the order met.
    static func united(
        _ legs: [Leg<HopRecord>]
    ) -> (services: ServiceSet, allowedBy: [RuleContribution], firewallRules: [FirewallContribution], findings: [HopFinding]) {
        var services = ServiceSet()
        var allowedBy: [RuleContribution] = []
        var firewallRules: [FirewallContribution] = []
        var findings: [HopFinding] = []
        for leg in legs {
            services = services.union(leg.services)
            for c in leg.allowedBy where !allowedBy.contains(c) { allowedBy.append(c) }
            for f in leg.firewallRules where !firewallRules.contains(f) { firewallRules.append(f) }
            for f in leg.findings where !findings.contains(f) { findings.append(f) }
        }
        return (services, allowedBy, firewallRules, findings)
    }

    /// Legs whose requests arrive but whose replies are dropped, as one reach: their
    /// services and rules united, the first one's way and reply.
    static func oneWay(_ legs: [Leg<HopRecord>], from: String, to: String, source: IPAddress, destination: IPAddress, sourcePort: UInt16) -> OneWayReach? {
        guard let first = legs.first, case .oneWay(let reply) = first.end, let w = first.services.witness else { return nil }
        var services = ServiceSet()
        var allowedBy: [RuleContribution] = []
        for leg in legs {
            services = services.union(leg.services)
            for c in leg.allowedBy where !allowedBy.contains(c) { allowedBy.append(c) }
        }
        return OneWayReach(
            from: from, to: to, services: services, allowedBy: allowedBy, via: first.via, reply: reply,
            witness: WitnessFlow(
                source: source, destination: destination, translatedDestination: nil, proto: w.proto, port: w.port,
                sourcePort: w.proto.hasPorts ? sourcePort : nil))
    }

    /// A hop's leg: every client source port the analysis assumes (NSG-19).
    func hopLeg(services: ServiceSet, sender: EndpointIdentity, stages: [PolicyStage], via: [TraceStep] = []) -> Leg<HopRecord> {
        Leg(services: services, sender: sender, sourcePorts: PortSet(options.clientSourcePorts), stages: stages, record: HopRecord(via: via))
    }

    /// The legs of a hop's services that arrive at `destination` and whose replies return.
    func travel(_ leg: Leg<HopRecord>, from subnet: ResourceID, to destination: Placement, depth: Int) -> [Leg<HopRecord>] {
        travelAll(leg, from: subnet, to: destination, depth: depth).filter { $0.end == .arrived }
    }

    /// ``travel(_:from:to:depth:)``, with the legs that arrive but whose replies cannot
    /// return (RT-18, PE-8: reachable one way only).
    func travelAll(_ leg: Leg<HopRecord>, from subnet: ResourceID, to destination: Placement, depth: Int) -> [Leg<HopRecord>] {
        walk(leg, from: subnet, to: WalkTarget(address: destination.address, placement: destination, identity: identity(of: destination)), depth: depth)
            .filter {
                switch $0.end {
                case .arrived, .oneWay: true
                default: false
                }
            }
    }
}

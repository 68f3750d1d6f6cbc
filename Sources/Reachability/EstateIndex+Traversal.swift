import TopologyModel

extension EstateIndex {
    /// PE-2: a private endpoint carries traffic only on an Approved connection.
    func privateEndpointApproved(_ node: AttackNode) -> Bool {
        guard node.kind == .privateEndpoint, let e = node.endpoints.first,
            let peID = topology.interfaces[e.interface]?.privateEndpoint, let pe = topology.privateEndpoints[peID]
        else { return true }
        return pe.connections.contains { $0.state.carriesTraffic }
    }

    /// One way a hop's traffic can travel: the services still allowed, the source address
    /// the next NSGs see, the NSG stages of the current leg (same source), and what has
    /// been passed.
    struct Leg {
        var services: ServiceSet
        var sender: EndpointIdentity
        var stages: [PolicyStage]
        var allowedBy: [RuleContribution] = []
        var firewallRules: [FirewallContribution] = []
        var via: [TraceStep] = []
        var findings: [String] = []
        /// The packet came in through a virtual network gateway (PEER-7 does not apply).
        var viaGateway = false
        /// The stateful devices that must see the reply (RT-18).
        var path = RequestPath()
        /// Set when the request arrives but its reply cannot return: the step that drops the
        /// reply. Such a leg is no hop; it is reachable one way only.
        var reply: TraceStep?
    }

    func internalHop(from source: AttackNode, to target: AttackNode) -> Hop? { internalReach(from: source, to: target).hop }

    /// The hop between two nodes of the estate, and what arrives one way only (RT-18).
    func internalReach(from source: AttackNode, to target: AttackNode) -> (hop: Hop?, oneWay: OneWayReach?) {
        guard let src = source.representative, let dst = target.representative, let subnet = src.subnet,
            let targetNetwork = target.network, privateEndpointApproved(target)
        else { return (nil, nil) }
        let start = Leg(services: .everything, sender: identity(of: src), stages: outboundStages(src))
        let all = travelAll(start, from: subnet, to: dst, network: targetNetwork, depth: 0)
        let legs = all.filter { $0.reply == nil }
        let oneWay = Self.oneWay(
            all.filter { $0.reply != nil }, from: source.id, to: target.id, source: src.address, destination: dst.address,
            sourcePort: options.clientSourcePorts.lowerBound)
        guard !legs.isEmpty else { return (nil, oneWay) }
        var services = ServiceSet()
        var allowedBy: [RuleContribution] = []
        var firewallRules: [FirewallContribution] = []
        var findings: [String] = []
        for leg in legs {
            services = services.union(leg.services)
            for c in leg.allowedBy where !allowedBy.contains(c) { allowedBy.append(c) }
            for f in leg.firewallRules where !firewallRules.contains(f) { firewallRules.append(f) }
            for f in leg.findings where !findings.contains(f) { findings.append(f) }
        }
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

    /// Legs whose requests arrive but whose replies are dropped, as one reach: their
    /// services and rules united, the first one's way and reply.
    static func oneWay(_ legs: [Leg], from: String, to: String, source: IPAddress, destination: IPAddress, sourcePort: UInt16) -> OneWayReach? {
        guard let first = legs.first, let reply = first.reply, let w = first.services.witness else { return nil }
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

    /// Follows routes from `subnet` toward `destination`, through firewalls (whose rules
    /// split the services and may SNAT them) and NVAs (whose NSGs join the current leg),
    /// and returns every leg that arrives with some service allowed.
    func travel(_ leg: Leg, from subnet: ResourceID, to destination: Placement, network: ResourceID, depth: Int) -> [Leg] {
        travelAll(leg, from: subnet, to: destination, network: network, depth: depth).filter { $0.reply == nil }
    }

    /// ``travel(_:from:to:network:depth:)``, with the legs whose replies cannot return
    /// (each with its `reply` step).
    func travelAll(_ leg: Leg, from subnet: ResourceID, to destination: Placement, network: ResourceID, depth: Int) -> [Leg] {
        let target = identity(of: destination)
        let clientPorts = PortSet(options.clientSourcePorts)
        func close(_ leg: Leg, extra: [PolicyStage]) -> Leg? {
            let outcome = PolicyChain.evaluate(leg.stages + extra, source: leg.sender, destination: target, sourcePorts: clientPorts, options: options)
            var next = leg
            next.services = leg.services.intersection(outcome.allowed)
            guard !next.services.isEmpty else { return nil }
            for c in outcome.contributions {
                let kept = c.services.intersection(next.services)
                if !kept.isEmpty {
                    next.allowedBy.append(
                        RuleContribution(
                            securityGroup: c.securityGroup, securityGroupName: c.securityGroupName, level: c.level,
                            direction: c.direction, rule: c.rule, services: kept))
                }
            }
            next.stages = []
            return next
        }
        switch forward(from: subnet, source: leg.sender.address, to: destination.address, viaGateway: leg.viaGateway) {
        case .delivered(let arrived, let steps, _):
            guard arrived == network else { return [] }
            var arriving = leg
            arriving.via += steps
            guard var done = close(arriving, extra: inboundStages(destination)) else { return [] }
            switch returnVerdict(done.path, from: destination, to: done.sender.address) {
            case .returns: break
            case .returnsWithFinding(let text): done.findings.append(text)
            case .dropped(let step): done.reply = step
            }
            return [done]
        case .appliance(let nextHop, let steps):
            guard depth < Self.applianceLimit, let nextHop else { return [] }
            guard applianceReachable(from: subnet, nextHop) else { return [] }
            var moving = leg
            moving.via += steps
            if let firewall = firewall(at: nextHop) {
                let passage = passage(through: firewall, at: nextHop, sender: leg.sender, destination: destination.address)
                guard let before = close(moving, extra: []), let fwSubnet = passage.subnet else { return [] }
                var legs: [Leg] = []
                for part in passage.parts {
                    var next = before
                    next.viaGateway = false
                    next.services = before.services.intersection(part.services)
                    guard !next.services.isEmpty else { continue }
                    next.firewallRules += part.contributions.compactMap { c in
                        let kept = c.services.intersection(next.services)
                        return kept.isEmpty
                            ? nil
                            : FirewallContribution(
                                firewall: c.firewall, firewallName: c.firewallName, collection: c.collection,
                                group: c.group, rule: c.rule, kind: c.kind, action: c.action, services: kept, fqdn: c.fqdn)
                    }
                    next.via.append(
                        TraceStep(
                            kind: .firewall, resource: firewall.id, resourceName: firewall.name, decision: .allow,
                            detail: "through Azure Firewall \(firewall.name)"
                                + (part.snat ? ", SNAT to \(passage.snatAddress) (FW-15)" : ", client address kept (FW-15)") + modes(firewall)))
                    next.sender = part.sender
                    next.path.passedFirewall(firewall.id, snat: part.snat)
                    if firewall.intrusionDetectionMode == .deny {
                        next.findings.append("firewall \(firewall.name) runs IDPS in Deny mode: signatures may still drop this traffic (FW-13)")
                    }
                    legs += travelAll(next, from: fwSubnet, to: destination, network: network, depth: depth + 1)
                }
                return legs
            }
            var applianceEndpoint = topology.endpointsByAddress[nextHop]
            if applianceEndpoint == nil, let (lb, frontend) = internalFrontend(nextHop),
                let (rule, backend) = internalBackend(lb, frontend, proto: nil, port: nil)
            {
                moving.via.append(
                    TraceStep(
                        kind: .appliance, resource: lb.id, resourceName: lb.name, rule: rule.name, decision: .forward,
                        detail: "next hop \(nextHop) is internal load balancer \(lb.name); backend \(backend.address) (RT-7, PUB-3)"))
                applianceEndpoint = backend
            }
            guard let appliance = applianceEndpoint, let nic = topology.interfaces[appliance.interface], nic.ipForwarding else { return [] }
            let placement = Placement.host(appliance)
            moving.viaGateway = false
            moving.path.passedAppliance()
            moving.stages += inboundStages(placement) + outboundStages(placement)
            moving.via.append(
                TraceStep(
                    kind: .appliance, resource: nic.id, resourceName: nic.name, decision: .forward,
                    detail: "through network virtual appliance \(nic.name) (\(nextHop)), IP forwarding on"))
            return travelAll(moving, from: appliance.subnet, to: destination, network: network, depth: depth + 1)
        case .internet, .dropped, .onPremises:
            return []
        }
    }
}

import TopologyModel

extension EstateIndex {
    /// Most appliances one walk may pass before it counts as a loop (RT-17).
    static let applianceLimit = 4

    /// The one traversal of the estate's rules. From `subnet`, the leg's stages are judged
    /// (NSG-3: NIC then subnet outbound; an NVA's inbound and outbound, NSG-9), routes are
    /// looked up (RT-12..14, PEER-1, PEER-7), appliances passed (an Azure Firewall's rules,
    /// FW-2..FW-17, and SNAT; an NVA or an internal load balancer, RT-7), and on arrival the
    /// destination's stages (NSG-2, PE-2, PE-6) and the way back (RT-18, PE-8) decide.
    ///
    /// `flow` walks one packet and `Hop`s walk every service at once: a leg splits where a
    /// firewall or load balancer treats its services differently, and every part ends in
    /// the result with how it ended.
    func walk<R: WalkRecord>(_ leg: Leg<R>, from subnet: ResourceID, to target: WalkTarget, depth: Int) -> [Leg<R>] {
        var leg = leg
        leg.appliances = depth
        leg.subnet = subnet
        if !leg.fresh.isEmpty, let denied = judge(&leg, destination: target.identity) { return [leg.stopped(denied)] }
        let forwarding = forward(from: subnet, source: leg.sender.address, to: target.address, viaGateway: leg.viaGateway)
        leg.viaGateway = false
        switch forwarding {
        case .dropped(let disposition, let steps):
            leg.record.way(steps)
            return [leg.stopped(disposition)]
        case .onPremises(let steps):
            leg.record.way(steps)
            // The leg leaves the estate here: what its stages let through together is what
            // leaves (NSG-19).
            if let denied = close(&leg, destination: target.identity) { return [leg.stopped(denied)] }
            leg.end = .onPremises
            return [leg]
        case .internet(let steps):
            leg.record.way(steps)
            if let denied = close(&leg, destination: target.identity) { return [leg.stopped(denied)] }
            leg.end = .internet
            return [leg]
        case .delivered(let network, let steps, _):
            leg.record.way(steps)
            guard let placement = target.placement, let arrival = placement.subnet, topology.subnets[arrival]?.network == network else {
                leg.record.stop(
                    TraceStep(
                        kind: .note, resource: network, resourceName: topology.networks[network]?.name ?? network.name, decision: .drop,
                        event: .noSubnetHolds(target.address)))
                return [leg.stopped(.noRoute)]
            }
            return [arrive(leg, at: placement, target: target)]
        case .appliance(let nextHop, let steps):
            leg.record.way(steps)
            return throughAppliance(leg, nextHop, from: subnet, to: target, depth: depth)
        }
    }

    /// Judges stages joined since the last step, each on its own, to stop a leg at the
    /// first stage that lets none of its services through (NSG-2, NSG-3). The stages stay
    /// on the leg to be judged together when it closes.
    private func judge<R: WalkRecord>(_ leg: inout Leg<R>, destination: EndpointIdentity) -> Disposition? {
        let stages = leg.fresh
        leg.fresh = []
        leg.record.judging(stages, sender: leg.sender, destination: destination, index: self)
        // Security admin rules are judged with the NSGs of their side: an AlwaysAllow
        // lets through what those NSGs would stop (AVNM-4).
        var s = 0
        while s < stages.count {
            let group = Array(stages[s...min(s + stages[s].governs, stages.count - 1)])
            let alone = PolicyChain.evaluate(group, source: leg.sender, destination: destination, sourcePorts: leg.sourcePorts, options: options)
            leg.services = leg.services.intersection(alone.allowed)
            leg.stages += group
            s += group.count
            if leg.services.isEmpty { return group[0].direction == .inbound ? .deniedInbound : .deniedOutbound }
        }
        return nil
    }

    /// Judges a leg's stages together (one client source port must meet every stage's
    /// source-port ranges, NSG-19) and keeps what passes.
    private func close<R: WalkRecord>(_ leg: inout Leg<R>, destination: EndpointIdentity) -> Disposition? {
        guard !leg.stages.isEmpty else { return nil }
        let outcome = PolicyChain.evaluate(leg.stages, source: leg.sender, destination: destination, sourcePorts: leg.sourcePorts, options: options)
        let inbound = leg.stages.contains { $0.direction == .inbound }
        leg.stages = []
        leg.services = leg.services.intersection(outcome.allowed)
        guard !leg.services.isEmpty else { return inbound ? .deniedInbound : .deniedOutbound }
        leg.record.closed(outcome, kept: leg.services)
        return nil
    }

    private func throughAppliance<R: WalkRecord>(
        _ leg: Leg<R>, _ nextHop: IPAddress?, from subnet: ResourceID, to target: WalkTarget, depth: Int
    ) -> [Leg<R>] {
        var leg = leg
        guard depth < Self.applianceLimit else {
            leg.record.stop(
                TraceStep(
                    kind: .finding, resource: nil, resourceName: "routing loop", decision: .drop,
                    rules: [.rt(17)], event: .routingLoop(applianceLimit: Self.applianceLimit)))
            return [leg.stopped(.loop)]
        }
        guard let nextHop else {
            leg.record.stop(
                TraceStep(
                    kind: .appliance, resource: nil, resourceName: "virtual appliance", decision: .drop,
                    rules: [.rt(7)], event: .routeWithoutNextHop))
            return [leg.stopped(.droppedAtAppliance)]
        }
        // RT-7: the appliance itself must be directly connected (own VNet or a live peer).
        guard applianceReachable(from: subnet, nextHop) else {
            leg.record.stop(
                TraceStep(
                    kind: .appliance, resource: nil, resourceName: "\(nextHop)", decision: .drop,
                    rules: [.rt(7), .rt(19)], event: .nextHopUnreachable(nextHop, subnet: subnetLabel(topology.subnets[subnet]))))
            return [leg.stopped(.droppedAtAppliance)]
        }
        if let firewall = firewall(at: nextHop) { return throughFirewall(leg, firewall, at: nextHop, to: target, depth: depth) }
        // An NVA's NIC, or an internal load balancer whose rules send each service to a backend.
        var parts: [(leg: Leg<R>, endpoint: InterfaceEndpoint)] = []
        var rest = leg.services
        if let endpoint = topology.endpointsByAddress[nextHop] {
            parts = [(leg, endpoint)]
            rest = ServiceSet()
        } else if let (lb, frontend) = internalFrontend(nextHop) {
            for way in internalBackendWays(lb, frontend) {
                var part = leg
                part.services = rest.intersection(way.services)
                guard !part.services.isEmpty else { continue }
                rest = rest.subtracting(way.services)
                part.record.loadBalancer(lb, rule: way.rule, nextHop: nextHop, backend: way.backend)
                parts.append((part, way.backend))
            }
        }
        var ends: [Leg<R>] = []
        func blackHole(_ leg: Leg<R>) {
            var leg = leg
            leg.record.stop(
                TraceStep(
                    kind: .appliance, resource: nil, resourceName: "\(nextHop)", decision: .drop,
                    rules: [.rt(7)], event: .nextHopUnknown(nextHop)))
            ends.append(leg.stopped(.droppedAtAppliance))
        }
        if !rest.isEmpty {
            var lost = leg
            lost.services = rest
            blackHole(lost)
        }
        for (part, endpoint) in parts {
            guard let nic = topology.interfaces[endpoint.interface] else {
                blackHole(part)
                continue
            }
            var next = part
            next.record.appliance(nic, nextHop: nextHop)
            guard nic.ipForwarding else {
                ends.append(next.stopped(.droppedAtAppliance))
                continue
            }
            let placement = Placement.host(endpoint)
            next.path.passedAppliance()
            next.fresh = inboundStages(placement) + outboundStages(placement)
            ends += walk(next, from: endpoint.subnet, to: target, depth: depth + 1)
        }
        return ends
    }

    /// An Azure Firewall splits the leg by its decision (FW-2, FW-6, FW-7): each allowed
    /// part goes on from the firewall's subnet as the sender FW-15 says; the rest stops.
    private func throughFirewall<R: WalkRecord>(
        _ leg: Leg<R>, _ firewall: Firewall, at nextHop: IPAddress, to target: WalkTarget, depth: Int
    )
        -> [Leg<R>]
    {
        var leg = leg
        // The firewall starts a connection leg of its own: the NSGs so far are judged now.
        if let denied = close(&leg, destination: target.identity) { return [leg.stopped(denied)] }
        let passage = passage(through: firewall, at: nextHop, sender: leg.sender, destination: target.address)
        var ends: [Leg<R>] = []
        var rest = leg.services
        for part in passage.parts {
            var next = leg
            next.services = leg.services.intersection(part.services)
            guard !next.services.isEmpty else { continue }
            rest = rest.subtracting(part.services)
            next.record.firewall(passage, part: part, kept: next.services, index: self)
            guard let onward = passage.subnet else {
                next.record.stop(
                    TraceStep(
                        kind: .appliance, resource: firewall.id, resourceName: firewall.name, decision: .drop,
                        event: .firewallSubnetMissing))
                ends.append(next.stopped(.droppedAtAppliance))
                continue
            }
            next.sender = part.sender
            next.path.passedFirewall(firewall.id, snat: part.snat)
            ends += walk(next, from: onward, to: target, depth: depth + 1)
        }
        if !rest.isEmpty {
            var denied = leg
            denied.services = rest
            denied.record.firewallDenied(passage, services: rest, index: self)
            ends.append(denied.stopped(.deniedByFirewall))
        }
        return ends
    }

    /// Delivered into the destination's VNet, or in from the Internet through a public IP
    /// or load balancer: the way back to an on-premises client (PEER-8), the private
    /// endpoint's connection (PE-2, PE-6, PE-9), a Standard public address with no NSG
    /// (NSG-40), the destination's NSGs (subnet then NIC, NSG-2), and the reply's way
    /// (RT-16, RT-18, PE-8).
    func arrive<R: WalkRecord>(_ leg: Leg<R>, at placement: Placement, target: WalkTarget) -> Leg<R> {
        var leg = leg
        leg.record.note(describe(placement, as: .destination))
        if let client = leg.onPremisesClient, let back = placement.subnet, !answersOnPremises(from: back, client) {
            leg.record.stop(
                TraceStep(
                    kind: .finding, resource: back, resourceName: topology.subnets[back]?.name ?? back.name, decision: .drop,
                    rules: [.peer(8)],
                    event: .noRouteBackOnPremises(client: client)))
            return leg.stopped(.noRoute)
        }
        if let disposition = privateEndpointArrival(placement, record: &leg.record) { return leg.stopped(disposition) }
        var inbound = inboundStages(placement)
        var closedBehind: PublicEntry?
        if let entry = leg.path.publicEntry, inbound.count == 1, inbound[0].level == .admin, entry.standard {
            // NSG-40 with admin rules in front (AVNM-9, unconfirmed): only an AlwaysAllow
            // gets past the closed public IP, the choice that hides no exposure.
            inbound[0].closedBehind = true
            closedBehind = entry
        }
        if let entry = leg.path.publicEntry, inbound.isEmpty {
            guard !entry.standard else {
                leg.record.stop(
                    TraceStep(
                        kind: .publicIP, resource: entry.resource, resourceName: entry.name, decision: .deny, rules: [.nsg(40)],
                        event: .closedWithoutSecurityGroup(entry.kind, name: entry.name)))
                return leg.stopped(.deniedInbound)
            }
            leg.record.note(
                TraceStep(
                    kind: .publicIP, resource: entry.resource, resourceName: entry.name, decision: .allow, rules: [.nsg(4), .nsg(40)],
                    event: .openWithoutSecurityGroup(entry.kind, name: entry.name)))
        }
        var admitted = leg
        admitted.fresh = inbound
        var denied = judge(&admitted, destination: target.identity) ?? close(&admitted, destination: target.identity)
        if denied != nil, let entry = closedBehind {
            admitted.record.stop(
                TraceStep(
                    kind: .publicIP, resource: entry.resource, resourceName: entry.name, decision: .deny, rules: [.nsg(40), .avnm(9)],
                    event: .closedWithoutSecurityGroup(entry.kind, name: entry.name)))
        }
        if let alternate = target.alternate {
            // The stages the way passed saw the primary view; the destination's stages are
            // judged again on the alternate one for what the primary view did not admit, and
            // either view admits.
            let missing = denied == nil ? leg.services.subtracting(admitted.services) : leg.services
            if !missing.isEmpty {
                var again = leg
                again.services = missing
                again.record = admitted.record
                again.record.note(
                    TraceStep(
                        kind: .note, resource: nil, resourceName: "floating IP", decision: .info, rules: [.pub(2)], event: alternate.note))
                var alternateDenied = close(&again, destination: target.identity)
                if alternateDenied == nil {
                    again.fresh = inbound
                    alternateDenied = judge(&again, destination: alternate.identity) ?? close(&again, destination: alternate.identity)
                }
                if denied != nil {
                    admitted = again
                    denied = alternateDenied
                } else if alternateDenied == nil {
                    again.services = again.services.union(admitted.services)
                    admitted = again
                }
            }
        }
        if let denied { return admitted.stopped(denied) }
        switch returnVerdict(admitted.path, from: placement, to: admitted.sender.address) {
        case .returns:
            admitted.end = .arrived
        case .returnsWithFinding(let event):
            admitted.record.returnFinding(event, subnet: placement.subnet)
            admitted.end = .arrived
        case .dropped(let step):
            admitted.record.stop(step)
            admitted.end = .oneWay(step)
        }
        return admitted
    }

    /// A way in from the Internet (PUB-1, PUB-2): the client's packets, translated by a
    /// public IP or a public load balancer (`step` says how), arrive at a host as if
    /// delivered there, and the reply must go back the same way (RT-16).
    func enter<R: WalkRecord>(
        _ record: R, services: ServiceSet, client: IPAddress, sourcePorts: PortSet, by entry: PublicEntry, step: TraceStep,
        at endpoint: InterfaceEndpoint, alternate: (identity: EndpointIdentity, note: TraceEvent)? = nil
    ) -> Leg<R> {
        var leg = Leg(services: services, sender: EndpointIdentity(address: client), sourcePorts: sourcePorts, stages: [], record: record)
        leg.path.publicEntry = entry
        leg.record.way([step])
        let placement = Placement.host(endpoint)
        var target = WalkTarget(address: endpoint.address, placement: placement, identity: identity(of: placement))
        target.alternate = alternate
        return arrive(leg, at: placement, target: target)
    }

    /// PE-2 and PE-6: a private endpoint accepts traffic only on an Approved connection,
    /// and its subnet NSG applies only when the subnet's network policies enable NSGs; an
    /// endpoint to a service without DNS data in the input is noted as reached by IP (PE-9).
    /// Returns a final disposition, or nil to go on with the NSGs.
    private func privateEndpointArrival<R: WalkRecord>(_ destination: Placement, record: inout R) -> Disposition? {
        guard case .host(let e) = destination, let peID = topology.interfaces[e.interface]?.privateEndpoint else { return nil }
        let pe = topology.privateEndpoints[peID]
        if let pe, !pe.carriesTraffic {
            record.stop(
                TraceStep(
                    kind: .note, resource: peID, resourceName: pe.name, decision: .drop,
                    rules: [.pe(2)], event: .privateEndpointNotApproved))
            return .deniedInbound
        }
        // PE-9: without DNS data the endpoint is reachable by IP only; clients resolving the
        // service's public name may reach its public endpoint instead.
        if let pe, pe.dnsRecords.isEmpty, linkedService(pe) == nil, let target = pe.connections.first(where: { $0.state.carriesTraffic })?.target {
            record.note(
                TraceStep(
                    kind: .note, resource: peID, resourceName: pe.name, decision: .info,
                    rules: [.pe(9)],
                    event: .privateEndpointWithoutDNS(endpoint: pe.name, target: target.name)))
        }
        let policies = topology.subnets[e.subnet]?.privateEndpointNetworkPolicies ?? .disabled
        if !policies.appliesSecurityGroups {
            record.note(
                TraceStep(
                    kind: .note, resource: peID, resourceName: pe?.name ?? peID.name, decision: .allow,
                    rules: [.pe(6)], event: .privateEndpointPolicies(policies)))
        }
        return nil
    }

    /// Each rule of an internal load balancer's frontend, in order, with the services it
    /// carries (an HA-ports rule, frontend port 0, carries every port) and the backend it
    /// sends them to: the first pool member by address (PUB-3).
    func internalBackendWays(
        _ lb: LoadBalancer, _ frontend: LoadBalancer.Frontend
    ) -> [(rule: LoadBalancer.Rule, backend: InterfaceEndpoint, services: ServiceSet)] {
        rules(of: lb).compactMap { rule in
            guard rule.frontend == frontend.id, let (_, backend) = internalBackend(lb, frontend, rule: rule) else { return nil }
            var services = ServiceSet()
            for proto in rule.protocols.members {
                services.insert(proto, rule.frontendPort == 0 || !proto.hasPorts ? .full : PortSet(rule.frontendPort...rule.frontendPort))
            }
            return (rule, backend, services)
        }
    }
}

extension Leg {
    func stopped(_ disposition: Disposition) -> Leg {
        var leg = self
        leg.end = .stopped(disposition)
        return leg
    }
}

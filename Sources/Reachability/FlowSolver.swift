import TopologyModel

extension EstateIndex {
    /// The verdict for one flow with its full trace (NSG-9 path: source NIC and subnet
    /// NSGs outbound, routing, destination subnet and NIC NSGs inbound).
    ///
    /// - Throws: ``QueryError`` when the two addresses are of different families (a packet has
    ///   one IP version) or an address cannot be placed in the estate.
    /// - Complexity: O(rules of the NSGs on the path + routes of the source subnet).
    public func verdict(_ query: FlowQuery) throws(QueryError) -> FlowResult {
        guard query.source.isV4 == query.destination.isV4 else {
            throw QueryError("source \(query.source) and destination \(query.destination) are of different IP versions; a flow has one")
        }
        return try judge(query, resolveFrontends: true)
    }

    /// The verdict; with `resolveFrontends` false, a private Application Gateway frontend is
    /// judged as the address in the gateway subnet it is (the first leg of such a flow).
    func judge(_ query: FlowQuery, resolveFrontends: Bool) throws(QueryError) -> FlowResult {
        let sourcePort = query.sourcePort ?? options.clientSourcePorts.lowerBound
        var trace: [TraceStep] = []
        func finish(_ d: Disposition) -> FlowResult { FlowResult(query: query, disposition: d, trace: trace, sourcePort: sourcePort) }

        let publicTarget = topology.publicEndpointsByAddress[query.destination]
        guard let source = place(query.source) ?? topology.publicEndpointsByAddress[query.source].map({ .host($0) }) else {
            throw QueryError("source \(query.source) is not in any VNet of the input and is not a public (Internet) address")
        }
        trace.append(describe(source, as: .source))
        if case .host(let e) = source, let pe = topology.interfaces[e.interface]?.privateEndpoint {
            throw QueryError("source \(query.source) is private endpoint \(pe.name): private endpoints never initiate connections (PE-3)")
        }

        // Internet sources reach only public IPs of NICs (this version's ways in).
        if case .internet = source {
            if publicTarget == nil, let result = applicationGatewayFlow(query: query, sourcePort: sourcePort, trace: &trace) {
                return result
            }
            if publicTarget == nil, let result = loadBalancerFlow(query: query, sourcePort: sourcePort, trace: &trace) {
                return result
            }
            if publicTarget == nil, let result = outboundOnlyFrontend(query.destination, query: query, sourcePort: sourcePort, trace: &trace) {
                return result
            }
            if publicTarget == nil, let result = unpublishedFrontend(query.destination, query: query, sourcePort: sourcePort, trace: &trace) {
                return result
            }
            if publicTarget == nil, let firewall = firewall(withPublicAddress: query.destination) {
                return dnatFlow(query: query, firewall: firewall, sourcePort: sourcePort, trace: &trace)
            }
            guard let target = publicTarget else {
                if place(query.destination) != nil, case .internet? = place(query.destination) {
                    throw QueryError("neither \(query.source) nor \(query.destination) is in the estate")
                }
                guard place(query.destination) != nil else {
                    throw QueryError("destination \(query.destination) is not in any VNet of the input and is not a public IP of the input")
                }
                trace.append(
                    TraceStep(
                        kind: .note, resource: nil, resourceName: "Internet", decision: .drop,
                        event: .privateFromInternet(query.destination)))
                return finish(.noRoute)
            }
            return arriveFromInternet(query: query, sourceAddress: query.source, sourcePort: sourcePort, target: target, trace: &trace)
        }

        // NSG-8: DHCP, DNS, IMDS and health-probe traffic to the platform is not filtered.
        if query.destination == AddressContext.platformAddress || query.destination == IPAddress("169.254.169.254")! {
            trace.append(
                TraceStep(
                    kind: .note, resource: nil, resourceName: "Azure platform", decision: .allow,
                    rules: [.nsg(8)], event: .platformAddress(query.destination)))
            return finish(.platform)
        }
        if resolveFrontends, topology.endpointsByAddress[query.destination] == nil,
            let result = try privateApplicationGatewayFlow(query: query, sourcePort: sourcePort)
        {
            return result
        }
        var destinationPlacement = place(query.destination)
        var query = query
        var floating: (view: EndpointIdentity, note: TraceEvent)?
        if topology.endpointsByAddress[query.destination] == nil, let (lb, frontend) = internalFrontend(query.destination) {
            guard let (rule, backend) = internalBackend(lb, frontend, proto: query.proto, port: query.destinationPort) else {
                trace.append(
                    TraceStep(
                        kind: .note, resource: lb.id, resourceName: lb.name, decision: .drop,
                        event: .internalLoadBalancerWithoutBackend(
                            loadBalancer: lb.name, proto: query.proto, port: query.destinationPort, frontend: query.destination)))
                return finish(.noRoute)
            }
            if let subnet = source.subnet, basicAcrossGlobalPeering(lb, from: subnet, frontend: frontend) {
                trace.append(
                    TraceStep(
                        kind: .note, resource: lb.id, resourceName: lb.name, decision: .drop,
                        rules: [.peer(5)], event: .basicLoadBalancerAcrossGlobalPeering(lb.name)))
                return finish(.noRoute)
            }
            let port = rule.frontendPort == 0 ? query.destinationPort : rule.backendPort
            trace.append(
                TraceStep(
                    kind: .note, resource: lb.id, resourceName: lb.name, rule: rule.name, decision: .forward,
                    rules: [.pub(3), .nsg(7)],
                    event: .internalLoadBalancerRule(
                        loadBalancer: lb.name, rule: rule.name, frontend: query.destination, port: query.destinationPort, backend: backend.address,
                        backendPort: port)))
            if rule.floatingIP {
                floating = (
                    EndpointIdentity(
                        address: query.destination, applicationSecurityGroups: backend.configuration.applicationSecurityGroups,
                        network: topology.subnets[backend.subnet]?.network), floatingNote(rule, frontend: query.destination)
                )
            }
            query = FlowQuery(source: query.source, destination: backend.address, proto: query.proto, destinationPort: port, sourcePort: query.sourcePort)
            destinationPlacement = .host(backend)
        }
        let outboundDestination: EndpointIdentity =
            publicTarget != nil || destinationPlacement == nil
            ? EndpointIdentity(address: query.destination)
            : identity(of: destinationPlacement!)
        var leg = Leg(
            services: ServiceSet(query.proto, query.destinationPort), sender: identity(of: source), sourcePorts: PortSet(sourcePort...sourcePort),
            stages: outboundStages(source), record: FlowTrace(proto: query.proto, port: query.destinationPort, sourcePort: sourcePort))
        let start: ResourceID
        if let subnet = source.subnet {
            start = subnet
        } else if case .onPremises(let address) = source, let entry = gatewayEntry(for: address) {
            // Traffic from on-premises enters through the gateway's subnet, whose routes apply
            // (RT-21); the gateway needs no forwarded-traffic flag on peerings (PEER-7).
            leg.record.way([
                TraceStep(
                    kind: .note, resource: entry.gateway, resourceName: topology.gateways[entry.gateway]?.name ?? entry.gateway.name,
                    decision: .forward, event: .entersThroughGateway(topology.gateways[entry.gateway]?.name ?? entry.gateway.name))
            ])
            start = entry.subnet
            leg.viaGateway = true
            leg.onPremisesClient = address
        } else {
            throw QueryError("\(query.source) is on-premises but no gateway of the input connects it")
        }
        // NSG-3 outbound at the source, then routes, appliances and the destination: the walk
        // hops use, for this one packet.
        var target = WalkTarget(address: query.destination, placement: destinationPlacement, identity: outboundDestination)
        target.alternate = floating.map { ($0.view, $0.note) }
        let end = walk(leg, from: start, to: target, depth: 0)[0]
        trace += end.record.steps
        switch end.end {
        case .walking:
            return finish(.noRoute)
        case .stopped(let disposition):
            return finish(disposition)
        case .oneWay:
            return finish(.droppedAsymmetricReturn)
        case .onPremises:
            trace.append(describe(.onPremises(query.destination), as: .destination))
            return finish(.onPremises)
        case .arrived:
            if let destination = destinationPlacement,
                let verdict = privateLinkServiceFlow(destination, query: query, sourcePort: sourcePort, trace: &trace)
            {
                return finish(verdict)
            }
            return finish(.accepted)
        case .internet:
            let currentSubnet = end.subnet ?? start
            let sender = end.sender
            // PUB-6: how the packet leaves: the source's NAT gateway, instance public IP,
            // outbound rule or default outbound access; an appliance's NAT gateway.
            var way: OutboundAccess?
            if end.appliances == 0, source.subnet != nil, let subnet = topology.subnets[currentSubnet] {
                let endpoint: InterfaceEndpoint? = { if case .host(let e) = source { return e } else { return nil } }()
                way = outboundAccess(subnet: subnet, endpoint: endpoint).first { $0.protocols?.contains(query.proto) ?? true }
                guard way != nil else {
                    let nat = outboundAccess(subnet: subnet, endpoint: endpoint).first { $0.method == .natGateway }
                    trace.append(
                        TraceStep(
                            kind: .note, resource: nat?.resource ?? subnet.id, resourceName: nat?.resourceName ?? subnet.name, decision: .drop,
                            rules: [.pub(6)],
                            event: nat.map { TraceEvent.natGatewayProtocolNotCarried(natGateway: $0.resourceName, proto: query.proto) }
                                ?? (subnet.natGateway != nil
                                    ? .natGatewayWithoutAddress : .privateSubnetWithoutOutbound(subnet: subnet.name, proto: query.proto))))
                    return finish(.noRoute)
                }
            } else if end.appliances > 0 {
                way = natGatewayAccess(of: currentSubnet)
            }
            if let way { trace.append(way.step) }
            if let target = publicTarget {
                // Out to the Internet and back in through the target's public IP, seen from
                // the source's own public IP or an Azure outbound address.
                let seenSource: IPAddress
                if AddressSet.publicSpace.contains(sender.address) {
                    seenSource = sender.address
                } else if let address = way?.publicAddresses.first {
                    seenSource = address
                } else {
                    seenSource = publicRepresentative(avoiding: literalPrefixes(of: inboundStages(.host(target))))
                }
                trace.append(
                    TraceStep(
                        kind: .note, resource: nil, resourceName: "Internet", decision: .forward,
                        event: .leavesAndReturns(seenSource)))
                return arriveFromInternet(query: query, sourceAddress: seenSource, sourcePort: sourcePort, target: target, trace: &trace)
            }
            trace.append(describe(.internet(query.destination), as: .destination))
            return finish(.exitsToInternet)
        }
    }

    /// The firewall owning a public address, if any.
    func firewall(withPublicAddress address: IPAddress) -> Firewall? {
        topology.firewalls.values.sorted { $0.id < $1.id }.first { fw in fw.publicIPs.contains { topology.publicIPs[$0]?.address == address } }
    }

    /// Internet -> firewall public IP: the first matching DNAT rule translates and allows
    /// (FW-9); the destination's NSGs then see the translated port and, by default, a
    /// firewall private source address (FW-17).
    func dnatFlow(query: FlowQuery, firewall: Firewall, sourcePort: UInt16, trace: inout [TraceStep]) -> FlowResult {
        func finish(_ d: Disposition) -> FlowResult { FlowResult(query: query, disposition: d, trace: trace, sourcePort: sourcePort) }
        var match: (FirewallRuleCollection, FirewallRule)?
        for collection in firewall.collections(.dnat) {
            if let rule = collection.rules.first(where: {
                $0.protocols.contains(query.proto) && $0.ports.contains(query.destinationPort)
                    && $0.sources.contains(query.source) && $0.destinations.contains(query.destination)
            }) {
                match = (collection, rule)
                break
            }
        }
        guard let (collection, rule) = match, let translated = rule.translatedAddress else {
            trace.append(
                TraceStep(
                    kind: .firewall, resource: firewall.id, resourceName: firewall.name, decision: .deny,
                    rules: [.fw(2)],
                    event: .dnatWithoutMatch(
                        firewall: firewall.name, proto: query.proto, port: query.destinationPort, frontend: query.destination,
                        translatesToFQDN: match != nil)))
            return finish(.deniedByFirewall)
        }
        let port = rule.translatedPort ?? query.destinationPort
        let fwSubnet = firewall.subnets.first
        let sender = dnatSender(firewall, client: query.source, frontend: query.destination)
        trace.append(
            TraceStep(
                kind: .firewall, resource: firewall.id, resourceName: firewall.name, rule: "\(collection.name)/\(rule.name)", decision: .allow,
                rules: [.fw(9), .fw(17)] + modeRules(firewall),
                event: .dnatRule(
                    firewall: firewall.name, rule: rule.name, collection: collection.name, frontend: query.destination, port: query.destinationPort,
                    translated: translated, translatedPort: port, seenSource: sender.address, modes: modes(firewall))))
        guard let fwSubnet, topology.subnets[fwSubnet] != nil, let destination = place(translated), destination.subnet != nil else {
            trace.append(
                TraceStep(
                    kind: .note, resource: firewall.id, resourceName: firewall.name, decision: .drop,
                    event: .translatedAddressUnknown(translated)))
            return finish(.noRoute)
        }
        // The translated packet goes on from the firewall's subnet as any other (FW-9).
        var leg = Leg(
            services: ServiceSet(query.proto, port), sender: sender, sourcePorts: PortSet(sourcePort...sourcePort), stages: [],
            record: FlowTrace(proto: query.proto, port: port, sourcePort: sourcePort))
        leg.path.passedFirewall(firewall.id, snat: !options.dnatPreservesClientAddress)
        let end = walk(leg, from: fwSubnet, to: WalkTarget(address: translated, placement: destination, identity: identity(of: destination)), depth: 1)[0]
        trace += end.record.steps
        switch end.end {
        case .arrived: return finish(.accepted)
        case .oneWay: return finish(.droppedAsymmetricReturn)
        case .stopped(let disposition): return finish(disposition)
        case .walking, .internet, .onPremises:
            trace.append(
                TraceStep(
                    kind: .note, resource: nil, resourceName: "\(translated)", decision: .drop, event: .firewallCannotDeliver(translated)))
            return finish(.noRoute)
        }
    }

    /// FW-3 and FW-13 when the firewall's threat intelligence or IDPS is on: what ``modes(_:)`` names.
    func modeRules(_ firewall: Firewall) -> [RuleCode] { modes(firewall).rules }

    func modes(_ firewall: Firewall) -> TraceEvent.FirewallModes { TraceEvent.FirewallModes(firewall) }

    private func arriveFromInternet(
        query: FlowQuery, sourceAddress: IPAddress, sourcePort: UInt16, target: InterfaceEndpoint,
        trace: inout [TraceStep]
    ) -> FlowResult {
        func finish(_ d: Disposition) -> FlowResult { FlowResult(query: query, disposition: d, trace: trace, sourcePort: sourcePort) }
        let pip = target.publicIP!
        let step = TraceStep(
            kind: .publicIP, resource: pip.id, resourceName: pip.name, decision: .forward, rules: [.nsg(6)],
            event: .publicIPTranslated(standard: pip.sku == .standard, publicAddress: pip.address, privateAddress: target.address))
        let end = enter(
            FlowTrace(proto: query.proto, port: query.destinationPort, sourcePort: sourcePort), services: ServiceSet(query.proto, query.destinationPort),
            client: sourceAddress, sourcePorts: PortSet(sourcePort...sourcePort), by: PublicEntry(publicIP: pip), step: step, at: target)
        trace += end.record.steps
        return finish(end.end.disposition)
    }

    /// Judges a packet at each NSG stage in order, recording every decision; false at the
    /// first deny (NSG-2, NSG-3).
    func passes(_ stages: [PolicyStage], _ packet: Packet, trace: inout [TraceStep]) -> Bool {
        var steps: [TraceStep] = []
        let passed = stages.judge(packet, options: options) { decision, stage in steps.append(step(decision, stage: stage)) }
        trace += steps
        return passed
    }

    func step(_ decision: RuleDecision, stage: PolicyStage) -> TraceStep {
        let rule = decision.rule
        return TraceStep(
            kind: .securityGroup, resource: decision.securityGroup, resourceName: decision.securityGroupName,
            direction: decision.direction, rule: rule.name, ruleID: rule.id, priority: rule.priority,
            decision: rule.access.permits ? .allow : .deny, rules: stage.level == .admin ? [.avnm(4)] : [],
            event: .securityGroupRule(
                level: stage.level, securityGroup: decision.securityGroupName, direction: decision.direction, rule: rule.name, priority: rule.priority,
                isDefault: rule.isDefault, allows: rule.access.permits, skipsSecurityGroups: rule.access == .alwaysAllow))
    }

    func describe(_ placement: Placement, as kind: TraceStep.Kind) -> TraceStep {
        switch placement {
        case .host(let e):
            let nic = topology.interfaces[e.interface]
            let subnet = topology.subnets[e.subnet]
            return TraceStep(
                kind: kind, resource: e.interface, resourceName: nic?.name ?? e.interface.name, decision: .info,
                event: .host(e.address, nic: nic?.name, subnet: subnetLabel(subnet)))
        case .vacant(let s, let a):
            return TraceStep(
                kind: kind, resource: s, resourceName: topology.subnets[s]?.name ?? s.name, decision: .info,
                event: .vacantAddress(a, subnet: subnetLabel(topology.subnets[s])))
        case .internet(let a):
            return TraceStep(kind: kind, resource: nil, resourceName: "Internet", decision: .info, event: .internetAddress(a))
        case .onPremises(let a):
            return TraceStep(kind: kind, resource: nil, resourceName: "on-premises", decision: .info, event: .onPremisesAddress(a))
        }
    }

    /// `vnet/subnet`, nil for a subnet the input lacks.
    func subnetLabel(_ subnet: Subnet?) -> String? {
        guard let subnet else { return nil }
        return "\(topology.networks[subnet.network]?.name ?? subnet.network.name)/\(subnet.name)"
    }

    func literalPrefixes(of stages: [PolicyStage]) -> AddressSet {
        var set = AddressSet.empty
        for stage in stages { for rule in stage.securityGroup.rules { set = set.union(rule.source.prefixes) } }
        return set
    }

    /// A public IPv4 address that no literal prefix in `avoiding` names: it stands for
    /// "some Internet host" and matches only `*`, `Internet` and broad prefixes.
    func publicRepresentative(avoiding: AddressSet) -> IPAddress {
        // Prefer a stable, recognisable address: the start of TEST-NET-2 (RFC 5737). When
        // nothing avoided covers it, it is the answer without working out the rest of the
        // space (every host's way out asks, with nothing to avoid).
        let preferred = Self.preferredPublic
        if !avoiding.contains(preferred) { return preferred }
        return AddressSet.publicSpace.subtracting(avoiding).first ?? preferred
    }

    /// 198.51.100.10, a public address (``AddressSet/publicSpace`` holds it).
    static let preferredPublic = IPAddress("198.51.100.10")!
}

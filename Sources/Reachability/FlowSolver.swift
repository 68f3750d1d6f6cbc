import TopologyModel

extension EstateIndex {
    /// The verdict for one flow with its full trace (NSG-9 path: source NIC and subnet
    /// NSGs outbound, routing, destination subnet and NIC NSGs inbound).
    ///
    /// - Throws: ``QueryError`` when an address cannot be placed in the estate.
    /// - Complexity: O(rules of the NSGs on the path + routes of the source subnet).
    public func verdict(_ query: FlowQuery) throws(QueryError) -> FlowResult {
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
            guard let target = publicTarget else {
                if place(query.destination) != nil, case .internet? = place(query.destination) {
                    throw QueryError("neither \(query.source) nor \(query.destination) is in the estate")
                }
                guard place(query.destination) != nil else {
                    throw QueryError("destination \(query.destination) is not in any VNet of the input and is not a public IP of the input")
                }
                trace.append(TraceStep(kind: .note, resource: nil, resourceName: "Internet", decision: .drop,
                                       detail: "\(query.destination) is a private address: the Internet reaches the estate only through public IPs"))
                return finish(.noRoute)
            }
            return arriveFromInternet(query: query, sourceAddress: query.source, sourcePort: sourcePort, target: target, trace: &trace)
        }

        // NSG-8: DHCP, DNS, IMDS and health-probe traffic to the platform is not filtered.
        if query.destination == AddressContext.platformAddress || query.destination == IPAddress("169.254.169.254")! {
            trace.append(TraceStep(kind: .note, resource: nil, resourceName: "Azure platform", decision: .allow,
                                   detail: "\(query.destination) is an Azure platform address; NSGs do not apply unless a rule names the AzurePlatform* tags (NSG-8)"))
            return finish(.platform)
        }
        let destinationPlacement = place(query.destination)
        let outboundDestination: EndpointIdentity = publicTarget != nil || destinationPlacement == nil
            ? EndpointIdentity(address: query.destination)
            : identity(of: destinationPlacement!)
        let packet = Packet(source: identity(of: source), destination: outboundDestination, proto: query.proto,
                            sourcePort: sourcePort, destinationPort: query.destinationPort)
        // Outbound at the source: NIC then subnet (NSG-3).
        for stage in outboundStages(source) {
            let decision = stage.securityGroup.decide(packet, direction: .outbound, context: stage.context, options: options)
            trace.append(step(decision, stage: stage))
            if decision.access == .deny { return finish(.deniedOutbound) }
        }
        switch forward(from: source.subnet!, source: query.source, to: query.destination) {
        case .dropped(let disposition, let steps):
            trace += steps
            return finish(disposition)
        case .internet(let steps):
            trace += steps
            if let target = publicTarget {
                // Out to the Internet and back in through the target's public IP, seen from
                // the source's own public IP or an Azure outbound address.
                let seenSource: IPAddress
                if case .host(let e) = source, let pip = e.publicIP?.address {
                    seenSource = pip
                } else {
                    seenSource = publicRepresentative(avoiding: literalPrefixes(of: inboundStages(.host(target))))
                }
                trace.append(TraceStep(kind: .note, resource: nil, resourceName: "Internet", decision: .forward,
                                       detail: "leaves Azure and returns from \(seenSource) (SNAT to the source's public address)"))
                return arriveFromInternet(query: query, sourceAddress: seenSource, sourcePort: sourcePort, target: target, trace: &trace)
            }
            trace.append(describe(.internet(query.destination), as: .destination))
            return finish(.exitsToInternet)
        case .delivered(let network, let steps, _):
            trace += steps
            guard let destination = destinationPlacement, let subnetID = destination.subnet,
                  topology.subnets[subnetID]?.network == network else {
                trace.append(TraceStep(kind: .note, resource: network, resourceName: topology.networks[network]?.name ?? network.name,
                                       decision: .drop, detail: "no subnet of this VNet holds \(query.destination)"))
                return finish(.noRoute)
            }
            trace.append(describe(destination, as: .destination))
            if let verdict = privateEndpointArrival(destination, trace: &trace) { return finish(verdict) }
            let inbound = Packet(source: identity(of: source), destination: identity(of: destination), proto: query.proto,
                                 sourcePort: sourcePort, destinationPort: query.destinationPort)
            for stage in inboundStages(destination) {
                let decision = stage.securityGroup.decide(inbound, direction: .inbound, context: stage.context, options: options)
                trace.append(step(decision, stage: stage))
                if decision.access == .deny { return finish(.deniedInbound) }
            }
            return finish(.accepted)
        }
    }

    private func arriveFromInternet(query: FlowQuery, sourceAddress: IPAddress, sourcePort: UInt16, target: InterfaceEndpoint,
                                    trace: inout [TraceStep]) -> FlowResult {
        func finish(_ d: Disposition) -> FlowResult { FlowResult(query: query, disposition: d, trace: trace, sourcePort: sourcePort) }
        let pip = target.publicIP!
        trace.append(TraceStep(kind: .publicIP, resource: pip.id, resourceName: pip.name, decision: .forward,
                               detail: "\(pip.sku == .standard ? "Standard" : "Basic") public IP \(pip.address.map { "\($0)" } ?? "?") translated to \(target.address) (NSG-6: inbound NSGs see the private address)"))
        let destination = Placement.host(target)
        trace.append(describe(destination, as: .destination))
        let stages = inboundStages(destination)
        if stages.isEmpty && pip.sku == .standard {
            trace.append(TraceStep(kind: .publicIP, resource: pip.id, resourceName: pip.name, decision: .deny,
                                   detail: "Standard public IP with no NSG on the subnet or NIC: closed to inbound traffic (NSG-40)"))
            return finish(.deniedInbound)
        }
        if stages.isEmpty {
            trace.append(TraceStep(kind: .publicIP, resource: pip.id, resourceName: pip.name, decision: .allow,
                                   detail: "Basic public IP with no NSG: open on every port (NSG-4, NSG-40)"))
        }
        let packet = Packet(source: EndpointIdentity(address: sourceAddress), destination: identity(of: destination), proto: query.proto,
                            sourcePort: sourcePort, destinationPort: query.destinationPort)
        for stage in stages {
            let decision = stage.securityGroup.decide(packet, direction: .inbound, context: stage.context, options: options)
            trace.append(step(decision, stage: stage))
            if decision.access == .deny { return finish(.deniedInbound) }
        }
        return finish(.accepted)
    }

    /// PE-2 and PE-6: a private endpoint accepts traffic only on an Approved connection,
    /// and its subnet NSG applies only when the subnet's network policies enable NSGs.
    /// Returns a final disposition, or nil to go on with the NSGs.
    func privateEndpointArrival(_ destination: Placement, trace: inout [TraceStep]) -> Disposition? {
        guard case .host(let e) = destination, let peID = topology.interfaces[e.interface]?.privateEndpoint else { return nil }
        let pe = topology.privateEndpoints[peID]
        let approved = pe?.connections.contains { $0.status == "approved" } ?? false
        if pe != nil && !approved {
            trace.append(TraceStep(kind: .note, resource: peID, resourceName: pe?.name ?? peID.name, decision: .drop,
                                   detail: "private endpoint has no Approved connection; it carries no traffic (PE-2)"))
            return .deniedInbound
        }
        let policies = topology.subnets[e.subnet]?.privateEndpointNetworkPolicies ?? "disabled"
        if policies != "enabled" && policies != "networksecuritygroupenabled" {
            trace.append(TraceStep(kind: .note, resource: peID, resourceName: pe?.name ?? peID.name, decision: .allow,
                                   detail: "privateEndpointNetworkPolicies=\(policies) on the subnet: NSGs do not apply to private endpoint traffic (PE-6)"))
        }
        return nil
    }

    func step(_ decision: RuleDecision, stage: PolicyStage) -> TraceStep {
        let rule = decision.rule
        return TraceStep(kind: .securityGroup, resource: decision.securityGroup, resourceName: decision.securityGroupName,
                         direction: decision.direction, rule: rule.name, ruleID: rule.id, priority: rule.priority,
                         decision: rule.access == .allow ? .allow : .deny,
                         detail: "\(stage.level) NSG \(decision.securityGroupName) \(decision.direction.rawValue): \(rule.isDefault ? "default " : "")rule \(rule.name) (priority \(rule.priority)) \(rule.access == .allow ? "allows" : "denies")")
    }

    func describe(_ placement: Placement, as kind: TraceStep.Kind) -> TraceStep {
        switch placement {
        case .host(let e):
            let nic = topology.interfaces[e.interface]
            let subnet = topology.subnets[e.subnet]
            return TraceStep(kind: kind, resource: e.interface, resourceName: nic?.name ?? e.interface.name, decision: .info,
                             detail: "\(e.address) on NIC \(nic?.name ?? "?") in subnet \(subnetLabel(subnet))")
        case .vacant(let s, let a):
            return TraceStep(kind: kind, resource: s, resourceName: topology.subnets[s]?.name ?? s.name, decision: .info,
                             detail: "\(a) in subnet \(subnetLabel(topology.subnets[s])); no NIC holds it, so only the subnet NSG applies")
        case .internet(let a):
            return TraceStep(kind: kind, resource: nil, resourceName: "Internet", decision: .info, detail: "\(a) on the Internet")
        }
    }

    func subnetLabel(_ subnet: Subnet?) -> String {
        guard let subnet else { return "?" }
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
        let space = AddressSet.publicSpace.subtracting(avoiding)
        // Prefer a stable, recognisable address: the start of TEST-NET-2 (RFC 5737).
        let preferred = IPAddress("198.51.100.10")!
        if space.contains(preferred) { return preferred }
        return space.first ?? preferred
    }
}

import TopologyModel

extension EstateIndex {
    /// On-premises -> host: in through the gateway's subnet, its routes (RT-21), across
    /// gateway transit (no forwarded-traffic flag needed, PEER-7) to the host's NSGs.
    func onPremisesHop(to target: AttackNode) -> Hop? {
        guard target.kind == .hosts || target.kind == .privateEndpoint, let dst = target.representative, target.network != nil,
            let dstSubnet = dst.subnet, privateEndpointApproved(target)
        else { return nil }
        var services = ServiceSet()
        var allowedBy: [RuleContribution] = []
        var firewallRules: [FirewallContribution] = []
        var findings: [HopFinding] = []
        var first: (client: IPAddress, leg: Leg<HopRecord>)?
        // Every on-premises network, and in each every class of clients the way can tell
        // apart (the destination's NSGs and routes, firewall rules): the hop is their union.
        var cuts = sourceCuts(of: inboundStages(dst)) + routeCuts(of: dstSubnet)
        for firewall in topology.firewalls.values.sorted(by: { $0.id < $1.id }) { cuts += firewallCuts(firewall, destinations: false) }
        var vnets = AddressSet.empty
        for n in topology.networks.values { vnets = vnets.union(n.addresses) }
        for (_, entry) in onPremisesByNetwork.sorted(by: { $0.key < $1.key }) {
            guard let subnet = topology.gateways[entry.gateway]?.subnet, topology.subnets[subnet] != nil else { continue }
            let space = AddressSet(prefixes: entry.prefixes).subtracting(vnets)
            for client in AddressAtoms(space: space, cuts: cuts).witnesses where answersOnPremises(from: dstSubnet, client) {
                let prefix = entry.prefixes.first { $0.contains(client) } ?? entry.prefixes[0]
                let gateway = topology.gateways[entry.gateway]?.name ?? entry.gateway.name
                var leg = hopLeg(
                    services: .everything, sender: EndpointIdentity(address: client), stages: [],
                    via: [
                        TraceStep(
                            kind: .note, resource: entry.gateway, resourceName: gateway, decision: .forward,
                            event: .fromOnPremises(prefix, gateway: gateway))
                    ])
                leg.viaGateway = true
                leg.onPremisesClient = client
                let legs = travel(leg, from: subnet, to: dst, depth: 0)
                guard let arrived = legs.first, arrived.services.witness != nil else { continue }
                if first == nil { first = (client, arrived) }
                for l in legs {
                    services = services.union(l.services)
                    allowedBy += l.allowedBy.filter { !allowedBy.contains($0) }
                    firewallRules += l.firewallRules.filter { !firewallRules.contains($0) }
                    findings += l.findings.filter { !findings.contains($0) }
                }
            }
        }
        guard let (client, leg) = first, let w = leg.services.witness else { return nil }
        var hop = Hop(
            from: AttackNode.onPremisesID, to: target.id, services: services, allowedBy: allowedBy, via: leg.via,
            witness: WitnessFlow(
                source: client, destination: dst.address, translatedDestination: nil, proto: w.proto, port: w.port,
                sourcePort: w.proto.hasPorts ? options.clientSourcePorts.lowerBound : nil))
        hop.firewallRules = firewallRules
        hop.findings = findings
        return hop
    }

    /// Every way in from the Internet to a node as one hop, and what arrives one way only.
    func internetEntry(to target: AttackNode) -> (hop: Hop?, oneWay: OneWayReach?) {
        let direct = directInternetEntry(to: target)
        let balanced = loadBalancerHops(to: target)
        let oneWay = ([direct.oneWay].compactMap { $0 } + balanced.oneWay).reduce(nil) { (merged: OneWayReach?, next) in merged.map { $0.joined(next) } ?? next
        }
        return (merged(direct.hop, dnatHops(to: target) + balanced.hops + applicationGatewayHops(to: target)), oneWay)
    }

    /// One hop from a direct hop and the hops through middleboxes between the same nodes:
    /// services, rules, steps and findings united; the direct hop's witness wins.
    func merged(_ direct: Hop?, _ others: [Hop]) -> Hop? {
        guard var hop = direct ?? others.first else { return nil }
        for other in others where other != hop {
            hop = Hop(
                from: hop.from, to: hop.to, services: hop.services.union(other.services), allowedBy: hop.allowedBy.joined(other.allowedBy),
                via: hop.via + other.via.filter { !hop.via.contains($0) }, witness: hop.witness,
                firewallRules: hop.firewallRules.joined(other.firewallRules),
                findings: hop.findings + other.findings.filter { !hop.findings.contains($0) })
        }
        return hop
    }

    /// Internet -> a NIC's own public IP (PUB-1, NSG-40), and the clients whose requests arrive but whose
    /// replies the subnet's routes send elsewhere (RT-16: reachable one way only). One walk
    /// per class of Internet clients the destination's rules and routes tell apart.
    func directInternetEntry(to target: AttackNode) -> (hop: Hop?, oneWay: OneWayReach?) {
        guard target.kind == .hosts, let dst = target.representative, case .host(let endpoint) = dst,
            let pip = endpoint.publicIP, let publicAddress = pip.address
        else { return (nil, nil) }
        let step = TraceStep(
            kind: .publicIP, resource: pip.id, resourceName: pip.name, decision: .forward,
            event: .publicIPMapped(standard: pip.sku == .standard, publicAddress: publicAddress, privateAddress: endpoint.address))
        let clients = internetWitnesses(family: endpoint.address, cuts: sourceCuts(of: inboundStages(dst)) + routeCuts(of: endpoint.subnet))
        let legs = clients.map { client in
            (
                client,
                enter(
                    HopRecord(), services: .everything, client: client, sourcePorts: PortSet(options.clientSourcePorts), by: PublicEntry(publicIP: pip),
                    step: step, at: endpoint)
            )
        }
        return internetReach(legs, to: target, publicAddress: publicAddress, translated: endpoint.address)
    }

    /// The hop (and the one-way reach) of the walks in from a set of Internet clients to
    /// one node: services and rules united over every client class, the first class's
    /// witness.
    func internetReach(
        _ legs: [(client: IPAddress, leg: Leg<HopRecord>)], to target: AttackNode, publicAddress: IPAddress, translated: IPAddress,
        witnessPort: UInt16? = nil
    ) -> (hop: Hop?, oneWay: OneWayReach?) {
        var hop: Hop?
        var oneWay: OneWayReach?
        for (client, leg) in legs {
            guard let w = leg.services.witness else { continue }
            let flow = WitnessFlow(
                source: client, destination: publicAddress, translatedDestination: translated,
                proto: w.proto, port: witnessPort ?? w.port,
                sourcePort: w.proto.hasPorts ? leg.record.witnessSourcePort ?? options.clientSourcePorts.lowerBound : nil)
            switch leg.end {
            case .arrived:
                var next = Hop(
                    from: AttackNode.internetID, to: target.id, services: (hop?.services ?? ServiceSet()).union(leg.services),
                    allowedBy: (hop?.allowedBy ?? []).joined(leg.allowedBy), via: hop?.via ?? leg.via, witness: hop?.witness ?? flow)
                next.findings = (hop?.findings ?? []) + leg.findings.filter { !(hop?.findings ?? []).contains($0) }
                hop = next
            case .oneWay(let reply):
                oneWay = OneWayReach(
                    from: AttackNode.internetID, to: target.id, services: (oneWay?.services ?? ServiceSet()).union(leg.services),
                    allowedBy: (oneWay?.allowedBy ?? []).joined(leg.allowedBy), via: oneWay?.via ?? leg.via, reply: oneWay?.reply ?? reply,
                    witness: oneWay?.witness ?? flow)
            default:
                continue
            }
        }
        return (hop, oneWay)
    }

    /// Internet -> firewall public IP -> DNAT -> a host (PUB-5, FW-9, FW-17).
    func dnatHops(to target: AttackNode) -> [Hop] {
        guard target.kind == .hosts || target.kind == .privateEndpoint, let dst = target.representative else { return [] }
        var hops: [Hop] = []
        for firewall in topology.firewalls.values.sorted(by: { $0.id < $1.id }) {
            let publicAddresses = firewall.publicIPs.compactMap { topology.publicIPs[$0]?.address }
            guard !publicAddresses.isEmpty, let fwSubnet = firewall.subnets.first, topology.subnets[fwSubnet] != nil else { continue }
            // FW-5, FW-9: DNAT rules in collection order, the first that matches a packet takes it.
            let ordered = firewall.collections(.dnat).flatMap { collection in collection.rules.map { (collection, $0) } }
            for (position, (collection, rule)) in ordered.enumerated() where rule.translatedAddress == dst.address {
                guard let frontend = publicAddresses.first(where: { rule.destinations.contains($0) }) else { continue }
                let earlier = ordered[..<position].map(\.1).filter { $0.destinations.contains(frontend) }
                var services = ServiceSet()
                var allowedBy: [RuleContribution] = []
                var firstArrival: (client: IPAddress, leg: Leg<HopRecord>, taken: [IPProtocol: PortSet])?
                var findings: [HopFinding] = []
                for client in dnatClients(rule.sources, firewall: firewall, frontend: frontend, destination: dst) {
                    // What this rule takes of this client's packets: its ports less those an
                    // earlier rule for the same client and frontend takes first.
                    var translated = ServiceSet(), taken: [IPProtocol: PortSet] = [:]
                    for proto in rule.protocols.members where proto.hasPorts {
                        var left = rule.ports
                        for e in earlier where e.protocols.contains(proto) && e.sources.contains(client) { left = left.subtracting(e.ports) }
                        taken[proto] = left
                        if !left.isEmpty { translated.insert(proto, rule.translatedPort.map { PortSet($0...$0) } ?? left) }
                    }
                    guard !translated.isEmpty else { continue }
                    let snat = dnatSender(firewall, client: client, frontend: frontend)
                    let dnatStep = TraceStep(
                        kind: .firewall, resource: firewall.id, resourceName: firewall.name, rule: "\(collection.name)/\(rule.name)",
                        decision: .forward,
                        rules: [.fw(9), .fw(17)],
                        event: .dnatTranslation(
                            firewall: firewall.name, rule: rule.name, collection: collection.name, frontend: frontend, ports: rule.ports,
                            translated: dst.address, translatedPort: rule.translatedPort, seenSource: snat.address))
                    var leg = hopLeg(services: translated, sender: snat, stages: [], via: [dnatStep])
                    leg.path.passedFirewall(firewall.id, snat: !options.dnatPreservesClientAddress)
                    let legs = travel(leg, from: fwSubnet, to: dst, depth: 1)
                    guard let first = legs.first, first.services.witness != nil else { continue }
                    if firstArrival == nil { firstArrival = (client, first, taken) }
                    for l in legs { services = services.union(l.services); allowedBy += l.allowedBy.filter { !allowedBy.contains($0) } }
                    findings += legs.flatMap(\.findings).filter { !findings.contains($0) }
                }
                guard let (client, first, taken) = firstArrival, let w = first.services.witness else { continue }
                let frontPort = rule.translatedPort == nil ? w.port : (taken[w.proto]?.first ?? w.port)
                var hop = Hop(
                    from: AttackNode.internetID, to: target.id, services: services, allowedBy: allowedBy, via: first.via,
                    witness: WitnessFlow(
                        source: client, destination: frontend, translatedDestination: dst.address, proto: w.proto,
                        port: frontPort, sourcePort: options.clientSourcePorts.lowerBound))
                hop.findings = findings
                hop.firewallRules = [
                    FirewallContribution(
                        firewall: firewall.id, firewallName: firewall.name, collection: collection.name,
                        group: collection.group, rule: rule.name, kind: .dnat, action: .dnat, services: services, fqdn: nil)
                ]
                hops.append(hop)
            }
        }
        return hops
    }

    /// The Internet clients a DNAT rule admits, one per class of them that the rest of the
    /// way can tell apart: when the firewall SNATs (FW-17, the default) the destination sees
    /// the firewall, so any one client stands for all; when it keeps the client address,
    /// the destination's NSGs and routes read it.
    func dnatClients(_ sources: FirewallAddressMatch, firewall: Firewall, frontend: IPAddress, destination: Placement) -> [IPAddress] {
        let family = frontend.isV4 ? AddressSet(v4: internetSpace.v4) : AddressSet(v6: internetSpace.v6)
        let admitted = sources.any ? family : sources.addresses.intersection(family)
        guard !admitted.isEmpty else { return [] }
        // Earlier DNAT rules take some clients first (FW-9): their sources cut the clients into
        // classes whether or not the destination then sees them.
        let dnatSources = firewall.collections(.dnat).flatMap { $0.rules.map(\.sources) }.filter { !$0.any }.map(\.addresses)
        guard options.dnatPreservesClientAddress else {
            return AddressAtoms(space: admitted, cuts: dnatSources, preferred: Self.preferredPublic).witnesses
        }
        var cuts = sourceCuts(of: inboundStages(destination))
        if let subnet = destination.subnet { cuts += routeCuts(of: subnet) }
        cuts += firewallCuts(firewall, destinations: false)
        return AddressAtoms(space: admitted, cuts: cuts, preferred: Self.preferredPublic).witnesses
    }
}

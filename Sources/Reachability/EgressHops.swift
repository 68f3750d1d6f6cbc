import Dispatch
import ParallelSupport
import TopologyModel

extension EstateIndex {
    /// The way out: host -> Internet hops, for exfiltration (PUB-6, RT-19, FW-15).
    ///
    /// A host leaves directly when its route to the Internet is the system default and it
    /// has an explicit outbound (a NAT gateway, an instance public IP, a load-balancer
    /// outbound rule) or default outbound access (the subnet is not private); through a firewall when a `0.0.0.0/0` route sends it there
    /// and a network rule or an application rule (by FQDN) lets it out. The host's outbound
    /// NSGs apply either way.
    ///
    /// - Complexity: O(N · R) for N host groups and R rules on their way out.
    func egressHops(_ nodes: [AttackNode]) -> [Hop] {
        var hops: [Hop] = []
        // Host -> on-premises through a gateway route (own gateway or transit, PEER-8).
        if let entry = onPremisesByNetwork.sorted(by: { $0.key < $1.key }).first?.value, let remote = onPremisesRepresentative(entry.prefixes) {
            for node in nodes where node.kind == .hosts {
                guard let src = node.representative, let subnetID = src.subnet,
                    case .onPremises(let steps) = forward(from: subnetID, source: src.address, to: remote)
                else { continue }
                let nsg = PolicyChain.evaluate(
                    outboundStages(src), source: identity(of: src), destination: EndpointIdentity(address: remote),
                    sourcePorts: PortSet(options.clientSourcePorts), options: options)
                guard let w = nsg.allowed.witness else { continue }
                hops.append(
                    Hop(
                        from: node.id, to: AttackNode.onPremisesID, services: nsg.allowed, allowedBy: nsg.contributions, via: steps,
                        witness: WitnessFlow(
                            source: src.address, destination: remote, translatedDestination: nil, proto: w.proto, port: w.port,
                            sourcePort: w.proto.hasPorts ? options.clientSourcePorts.lowerBound : nil)))
            }
        }
        // Each host's way out is independent of the others': evaluated on every core, kept
        // in node order.
        let hosts = nodes.filter { $0.kind == .hosts }
        let slots = Slots<Hop>(count: hosts.count)
        DispatchQueue.concurrentPerform(iterations: hosts.count) { i in slots.store(internetEgressHop(hosts[i]), at: i) }
        hops += (0..<hosts.count).compactMap { slots.value(at: $0) }
        return hops
    }

    /// A host's hop to the Internet: its outbound NSGs, then the route out (PUB-6 ways out,
    /// or an Azure Firewall that SNATs to its public address, FW-15).
    ///
    /// The Internet node stands for every public address: the hop is the union over one
    /// destination per class that the outbound NSGs, the subnet's routes and the firewall on
    /// the way can tell apart.
    private func internetEgressHop(_ node: AttackNode) -> Hop? {
        guard let src = node.representative, let subnetID = src.subnet else { return nil }
        var cuts = destinationCuts(of: outboundStages(src)) + routeCuts(of: subnetID)
        // The rules of the firewalls the subnet's routes lead to (the only ones on the way).
        var seen: Set<ResourceID> = []
        for route in routes(of: subnetID).routes {
            guard case .virtualAppliance(let ip?) = route.nextHop, let firewall = firewall(at: ip), seen.insert(firewall.id).inserted else { continue }
            cuts += firewallCuts(firewall, destinations: true)
        }
        let parts = internetWitnesses(family: src.address, cuts: cuts).compactMap { internetEgressHop(node, to: $0) }
        return merged(parts.first, Array(parts.dropFirst()))
    }

    private func internetEgressHop(_ node: AttackNode, to outside: IPAddress) -> Hop? {
        guard let src = node.representative, let subnetID = src.subnet, let subnet = topology.subnets[subnetID],
            case .host(let endpoint) = src
        else { return nil }
        let clientPorts = PortSet(options.clientSourcePorts)
        let nsg = PolicyChain.evaluate(
            outboundStages(src), source: identity(of: src), destination: EndpointIdentity(address: outside),
            sourcePorts: clientPorts, options: options)
        guard !nsg.allowed.isEmpty else { return nil }
        switch forward(from: subnetID, source: src.address, to: outside) {
        case .internet(let steps):
            // PUB-6: the ways out in precedence order; each takes the protocols it carries.
            var remaining = nsg.allowed
            var allowed = ServiceSet()
            var used: [OutboundAccess] = []
            for way in outboundAccess(subnet: subnet, endpoint: endpoint) {
                let part = remaining.restricted(to: way.protocols)
                guard !part.isEmpty else { continue }
                allowed = allowed.union(part)
                remaining = remaining.excluding(way.protocols)
                used.append(way)
            }
            guard !used.isEmpty, let w = allowed.witness else { return nil }  // PUB-6: a private subnet has no implicit egress.
            var hop = Hop(
                from: node.id, to: AttackNode.internetID, services: allowed,
                allowedBy: nsg.contributions.filter { !$0.services.intersection(allowed).isEmpty }, via: steps + used.map(\.step),
                witness: WitnessFlow(
                    source: src.address, destination: outside, translatedDestination: nil, proto: w.proto, port: w.port,
                    sourcePort: w.proto.hasPorts ? options.clientSourcePorts.lowerBound : nil))
            hop.findings = used.map { .event($0.event) }
            return hop
        case .appliance(let nextHop, let steps):
            guard let nextHop, applianceReachable(from: subnetID, nextHop) else { return nil }
            guard let firewall = firewall(at: nextHop), leavesDirectly(firewall, to: outside) else {
                return applianceEgressHop(node, src, subnetID, to: outside)
            }
            let (services, rules) = firewallEgress(firewall, source: src.address, outside: outside)
            let allowed = services.intersection(nsg.allowed)
            guard !allowed.isEmpty, let w = allowed.witness else { return nil }
            let kept = rules.compactMap { r -> FirewallContribution? in
                let s = r.services.intersection(allowed)
                return s.isEmpty
                    ? nil
                    : FirewallContribution(
                        firewall: r.firewall, firewallName: r.firewallName, collection: r.collection,
                        group: r.group, rule: r.rule, kind: r.kind, action: r.action, services: s, fqdn: r.fqdn)
            }
            var hop = Hop(
                from: node.id, to: AttackNode.internetID, services: allowed, allowedBy: nsg.contributions,
                via: steps + [
                    TraceStep(
                        kind: .firewall, resource: firewall.id, resourceName: firewall.name, decision: .allow,
                        rules: [.fw(15)] + modeRules(firewall), event: .outThroughFirewall(firewall: firewall.name, modes: modes(firewall)))
                ]
                    + (firewall.subnets.first.flatMap { natGatewayAccess(of: $0) }.map { [$0.step] } ?? []),
                witness: WitnessFlow(
                    source: src.address, destination: outside, translatedDestination: nil, proto: w.proto, port: w.port,
                    sourcePort: w.proto.hasPorts ? options.clientSourcePorts.lowerBound : nil))
            hop.firewallRules = kept
            let fqdns = kept.compactMap(\.fqdn)
            if !fqdns.isEmpty {
                hop.findings.append(.egressByFQDN(fqdns))
            }
            return hop
        default:
            return nil
        }
    }

    /// Whether what `firewall` lets out leaves from where it stands (to the Internet, or to
    /// on-premises, whose edge the input does not show); when its routes send it to an
    /// appliance or drop it (RT-1 `None`, VWAN-24 forced tunnelling), the full walk decides.
    private func leavesDirectly(_ firewall: Firewall, to outside: IPAddress) -> Bool {
        guard let place = firewall.subnets.first else { return false }
        switch forward(from: place, source: firewall.privateAddresses.first ?? outside, to: outside) {
        case .appliance, .dropped: return false
        default: return true
        }
    }

    /// A way out through network virtual appliances (RT-7): the walk from the host's subnet
    /// to `outside`, the appliances' NSGs and routes on the way, the parts that leave the
    /// estate united.
    private func applianceEgressHop(_ node: AttackNode, _ src: Placement, _ subnetID: ResourceID, to outside: IPAddress) -> Hop? {
        let start = hopLeg(services: .everything, sender: identity(of: src), stages: outboundStages(src))
        let target = WalkTarget(address: outside, placement: nil, identity: EndpointIdentity(address: outside))
        let out = walk(start, from: subnetID, to: target, depth: 0).filter { $0.end == .internet }
        guard let first = out.first else { return nil }
        let (services, allowedBy, firewallRules, findings) = Self.united(out)
        guard let w = first.services.witness else { return nil }
        return Hop(
            from: node.id, to: AttackNode.internetID, services: services, allowedBy: allowedBy, via: first.via,
            witness: WitnessFlow(
                source: src.address, destination: outside, translatedDestination: nil, proto: w.proto, port: w.port,
                sourcePort: w.proto.hasPorts ? first.record.witnessSourcePort ?? options.clientSourcePorts.lowerBound : nil),
            firewallRules: firewallRules, findings: findings)
    }

    /// What a firewall lets out to the Internet from `source`: network rules whose
    /// destinations cover public addresses, then application rules by FQDN (their
    /// destination is a name, so any allowed name is a way out).
    func firewallEgress(_ firewall: Firewall, source: IPAddress, outside: IPAddress) -> (ServiceSet, [FirewallContribution]) {
        var matching: [(collection: FirewallRuleCollection, rules: [FirewallRule])] = []
        for kind in [FirewallRuleCollection.Kind.network, .application] {
            for collection in firewall.collections(kind) {
                let rules = collection.rules.filter { rule in
                    // FW-12: network-rule FQDNs lead out only through the DNS proxy.
                    rule.sources.contains(source)
                        && (kind == .network
                            ? (rule.destinations.contains(outside) || !rule.destinations.tags.isEmpty || (firewall.dnsProxy && !rule.fqdns.isEmpty))
                            : (!rule.fqdns.isEmpty || !rule.fqdnTags.isEmpty))
                }
                if !rules.isEmpty { matching.append((collection, rules)) }
            }
        }
        // FW-2, FW-6, FW-7: the one rule order, as every other way through a firewall.
        let decision = FirewallOrder.decide(matching, offered: { rule, _ in rule.services }, noSNAT: false)
        var allowed = ServiceSet()
        var rules: [FirewallContribution] = []
        for part in decision.parts {
            allowed = allowed.union(part.services)
            let kind = part.collection.kind
            for (rule, services) in part.taken {
                rules.append(
                    FirewallContribution(
                        firewall: firewall.id, firewallName: firewall.name, collection: part.collection.name, group: part.collection.group,
                        rule: rule.name, kind: kind, action: .allow, services: services,
                        fqdn: kind == .application
                            ? (rule.fqdns + rule.fqdnTags).joined(separator: ",")
                            : (firewall.dnsProxy && !rule.fqdns.isEmpty && !rule.destinations.contains(outside) ? rule.fqdns.joined(separator: ",") : nil)))
            }
        }
        return (allowed, rules)
    }

}

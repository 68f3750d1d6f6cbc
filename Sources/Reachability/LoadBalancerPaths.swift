import TopologyModel

/// A load-balancing or inbound NAT rule that publishes a backend on a public frontend.
struct PublishedBackend {
    let loadBalancer: LoadBalancer
    let rule: LoadBalancer.Rule
    let frontendAddress: IPAddress
    let backend: ResourceID
}

extension EstateIndex {
    /// Every (rule, backend IP configuration) a public load balancer frontend publishes.
    func publishedBackends() -> [PublishedBackend] {
        var result: [PublishedBackend] = []
        for lb in topology.loadBalancers.values.sorted(by: { $0.id < $1.id }) {
            for rule in rules(of: lb) {
                guard let frontend = lb.frontends.first(where: { $0.id == rule.frontend }),
                    let address = frontend.publicIP.flatMap({ topology.publicIPs[$0]?.address })
                else { continue }
                let backends = rule.isNAT ? [rule.target].compactMap { $0 } : (lb.pools.first { $0.id == rule.pool }?.members ?? [])
                for backend in backends { result.append(PublishedBackend(loadBalancer: lb, rule: rule, frontendAddress: address, backend: backend)) }
            }
        }
        return result
    }

    /// How a trace names a rule: a load-balancing rule, an inbound NAT rule, or one
    /// instance's port of an inbound NAT pool.
    func label(_ rule: LoadBalancer.Rule, of lb: LoadBalancer) -> TraceEvent.RuleLabel {
        if let poolID = rule.natPool, let pool = lb.natPools.first(where: { $0.id == poolID }) {
            return .natPool(pool.name, frontendPorts: pool.frontendPorts, instancePort: rule.frontendPort)
        }
        return rule.isNAT ? .inboundNAT(rule.name) : .balancing(rule.name)
    }

    /// PUB-2 (UNCONFIRMED): with floating IP the backend receives packets still addressed to
    /// the frontend. Whether NSGs then match the frontend or the backend address is not
    /// documented, so both are tried and either admits (an over-approximation).
    func floatingNote(_ rule: LoadBalancer.Rule, frontend: IPAddress) -> TraceEvent { .floatingIP(rule: rule.name, frontend: frontend) }

    /// Internet -> public load balancer -> backend (PUB-2, NSG-7, NSG-40): the backend's
    /// NSGs see the client address and the backend port (and, with floating IP, possibly
    /// the frontend address); a Standard load balancer with no NSG on the backend is
    /// closed, a Basic one open.
    func loadBalancerHops(to target: AttackNode) -> (hops: [Hop], oneWay: [OneWayReach]) {
        guard target.kind == .hosts, let dst = target.representative, case .host(let endpoint) = dst else { return ([], []) }
        let published = publishedBackends().filter { $0.backend == endpoint.configuration.id }
        // Asked for every node of the estate; the client classes only for a published one.
        guard !published.isEmpty else { return ([], []) }
        let clients = internetWitnesses(family: endpoint.address, cuts: sourceCuts(of: inboundStages(dst)) + routeCuts(of: endpoint.subnet))
        var hops: [Hop] = []
        var oneWay: [OneWayReach] = []
        for published in published {
            let lb = published.loadBalancer, rule = published.rule
            var offered = ServiceSet()
            for proto in rule.protocols.members { offered.insert(proto, PortSet(rule.backendPort...rule.backendPort)) }
            let step = TraceStep(
                kind: .publicIP, resource: rule.id, resourceName: lb.name, rule: rule.name, decision: .forward,
                rules: [.pub(2), .nsg(7)],
                event: .publishedBackend(
                    sku: lb.sku, loadBalancer: lb.name, rule: label(rule, of: lb), frontend: published.frontendAddress, port: rule.frontendPort,
                    backend: endpoint.address, backendPort: rule.backendPort))
            let alternate = rule.floatingIP ? frontendView(rule, frontend: published.frontendAddress, backend: endpoint) : nil
            let legs = clients.map { client in
                (
                    client,
                    enter(
                        HopRecord(), services: offered, client: client, sourcePorts: PortSet(options.clientSourcePorts),
                        by: PublicEntry(loadBalancer: lb), step: step, at: endpoint, alternate: alternate)
                )
            }
            let reach = internetReach(legs, to: target, publicAddress: published.frontendAddress, translated: endpoint.address, witnessPort: rule.frontendPort)
            if var hop = reach.hop {
                if rule.floatingIP { hop.findings.append(.event(floatingNote(rule, frontend: published.frontendAddress))) }
                hops.append(hop)
            }
            if let reach = reach.oneWay { oneWay.append(reach) }
        }
        return (hops, oneWay)
    }

    /// PUB-2: with floating IP, what the backend's NSGs may see as the destination: the
    /// frontend address, with the backend's ASGs and VNet.
    func frontendView(_ rule: LoadBalancer.Rule, frontend: IPAddress, backend: InterfaceEndpoint) -> (identity: EndpointIdentity, note: TraceEvent) {
        (
            EndpointIdentity(
                address: frontend, applicationSecurityGroups: backend.configuration.applicationSecurityGroups,
                network: topology.subnets[backend.subnet]?.network),
            floatingNote(rule, frontend: frontend)
        )
    }

    /// Internet -> load balancer frontend: the rule for the protocol and frontend port
    /// picks the backend (the first pool member in address order stands for the pool).
    func loadBalancerFlow(query: FlowQuery, sourcePort: UInt16, trace: inout [TraceStep]) -> FlowResult? {
        let candidates = publishedBackends().filter { $0.frontendAddress == query.destination }
        guard !candidates.isEmpty else { return nil }
        func finish(_ d: Disposition) -> FlowResult { FlowResult(query: query, disposition: d, trace: trace, sourcePort: sourcePort) }
        let matching = candidates.filter { $0.rule.protocols.contains(query.proto) && $0.rule.frontendPort == query.destinationPort }
        let endpoints = matching.compactMap { p in
            topology.endpointsBySubnet.values.lazy.flatMap { $0 }.first { $0.configuration.id == p.backend }.map { (p, $0) }
        }
        .sorted { $0.1.address < $1.1.address }
        guard let (published, endpoint) = endpoints.first else {
            trace.append(
                TraceStep(
                    kind: .publicIP, resource: candidates[0].loadBalancer.id, resourceName: candidates[0].loadBalancer.name, decision: .drop,
                    event: .loadBalancerWithoutRule(
                        loadBalancer: candidates[0].loadBalancer.name, proto: query.proto, port: query.destinationPort, frontend: query.destination)))
            return finish(.noRoute)
        }
        let lb = published.loadBalancer, rule = published.rule
        let step = TraceStep(
            kind: .publicIP, resource: rule.id, resourceName: lb.name, rule: rule.name, decision: .forward,
            rules: [.pub(2), .nsg(7)],
            event: .publicLoadBalancerRule(
                sku: lb.sku, loadBalancer: lb.name, rule: label(rule, of: lb), frontend: query.destination, port: query.destinationPort,
                backend: endpoint.address, backendPort: rule.backendPort))
        let end = enter(
            FlowTrace(proto: query.proto, port: rule.backendPort, sourcePort: sourcePort), services: ServiceSet(query.proto, rule.backendPort),
            client: query.source, sourcePorts: PortSet(sourcePort...sourcePort), by: PublicEntry(loadBalancer: lb), step: step, at: endpoint,
            alternate: rule.floatingIP ? frontendView(rule, frontend: query.destination, backend: endpoint) : nil)
        trace += end.record.steps
        return finish(end.end.disposition)
    }

}

extension EstateIndex {
    /// The internal load balancer frontend at a private address, if any (PUB-3).
    func internalFrontend(_ address: IPAddress) -> (LoadBalancer, LoadBalancer.Frontend)? {
        for lb in topology.loadBalancers.values.sorted(by: { $0.id < $1.id }) {
            if let frontend = lb.frontends.first(where: { $0.privateAddress == address }) { return (lb, frontend) }
        }
        return nil
    }

    /// The backend an internal frontend sends a flow to: the rule for the protocol and port
    /// (HA-ports rules, frontend port 0, match every port), first pool member by address.
    func internalBackend(
        _ lb: LoadBalancer, _ frontend: LoadBalancer.Frontend, proto: IPProtocol?, port: UInt16?
    )
        -> (LoadBalancer.Rule, InterfaceEndpoint)?
    {
        let candidates = rules(of: lb).filter { rule in
            rule.frontend == frontend.id && (proto.map { rule.protocols.contains($0) } ?? true)
                && (port == nil || rule.frontendPort == 0 || rule.frontendPort == port)
        }
        return candidates.lazy.compactMap { self.internalBackend(lb, frontend, rule: $0) }.first
    }

    /// The backend one rule sends to: the first member of its pool (or its NAT target) by address.
    func internalBackend(_ lb: LoadBalancer, _ frontend: LoadBalancer.Frontend, rule: LoadBalancer.Rule) -> (LoadBalancer.Rule, InterfaceEndpoint)? {
        let members = rule.isNAT ? [rule.target].compactMap { $0 } : (lb.pools.first { $0.id == rule.pool }?.members ?? [])
        let endpoints = members.compactMap { id in topology.endpointsBySubnet.values.lazy.flatMap { $0 }.first { $0.configuration.id == id } }
        return endpoints.sorted(by: { $0.address < $1.address }).first.map { (rule, $0) }
    }

    /// PEER-5: a Basic load balancer's frontend is not reachable across global peering.
    func basicAcrossGlobalPeering(_ lb: LoadBalancer, from subnet: ResourceID, frontend: LoadBalancer.Frontend) -> Bool {
        guard lb.sku == .basic, let here = topology.subnets[subnet].flatMap({ topology.networks[$0.network] }),
            let there = frontend.subnet.flatMap({ topology.subnets[$0] }).flatMap({ topology.networks[$0.network] })
        else { return false }
        return here.id != there.id && !here.location.isEmpty && !there.location.isEmpty && here.location != there.location
    }
}

import TopologyModel

extension EstateIndex {
    /// The Private Link service an Approved connection of `pe` leads to, if any (PLS-3).
    func linkedService(_ pe: PrivateEndpoint) -> PrivateLinkService? {
        pe.connections.first { $0.state.carriesTraffic && topology.privateLinkServices[$0.target] != nil }.flatMap { topology.privateLinkServices[$0.target] }
    }

    /// The source provider backends see (PLS-1): the service's first NAT address, else a
    /// representative address in its NAT subnet.
    func natSource(of service: PrivateLinkService) -> EndpointIdentity? {
        for nat in service.natAddresses {
            if let address = nat.address { return EndpointIdentity(address: address, network: nat.subnet.flatMap { topology.subnets[$0]?.network }) }
        }
        guard let subnet = service.natAddresses.first?.subnet.flatMap({ topology.subnets[$0] }), let prefix = subnet.prefixes.first else { return nil }
        return EndpointIdentity(address: Self.firstUsable(prefix), network: subnet.network)
    }

    /// The load-balancing rules on the service's frontends with their backend hosts, TCP and
    /// UDP only (PLS-2).
    func linkServiceBackends(_ service: PrivateLinkService) -> [(lb: LoadBalancer, rule: LoadBalancer.Rule, backend: InterfaceEndpoint)] {
        var result: [(LoadBalancer, LoadBalancer.Rule, InterfaceEndpoint)] = []
        for lb in topology.loadBalancers.values.sorted(by: { $0.id < $1.id }) {
            for rule in rules(of: lb) where rule.frontend.map(service.frontends.contains) ?? false {
                let members = rule.isNAT ? [rule.target].compactMap { $0 } : (lb.pools.first { $0.id == rule.pool }?.members ?? [])
                let endpoints = members.compactMap { id in topology.endpointsBySubnet.values.lazy.flatMap { $0 }.first { $0.configuration.id == id } }
                for endpoint in endpoints.sorted(by: { $0.address < $1.address }) { result.append((lb, rule, endpoint)) }
            }
        }
        return result
    }

    func linkServiceStep(
        _ pe: PrivateEndpoint, _ service: PrivateLinkService, _ lb: LoadBalancer, _ rule: LoadBalancer.Rule,
        backend: InterfaceEndpoint, nat: EndpointIdentity
    ) -> TraceStep {
        TraceStep(
            kind: .note, resource: service.id, resourceName: service.name, rule: rule.name, decision: .forward, rules: [.pls(1), .pls(3)],
            event: .privateLinkService(
                endpoint: pe.name, service: service.name, loadBalancer: lb.name, rule: label(rule, of: lb), backend: backend.address,
                backendPort: rule.backendPort, nat: nat.address, proxyProtocol: service.proxyProtocol))
    }

    /// Private endpoint -> provider backends of the Private Link service it is connected to
    /// (PLS-1..PLS-3): the backends' inbound NSGs judge the service's NAT address on the
    /// rules' backend ports, TCP and UDP only.
    ///
    /// - Complexity: O(E · B) for E private endpoints and B backends of their services.
    func privateLinkServiceHops(_ nodes: [AttackNode]) -> [Hop] {
        var hops: [Hop] = []
        for node in nodes where node.kind == .privateEndpoint {
            guard let e = node.endpoints.first, let peID = topology.interfaces[e.interface]?.privateEndpoint, let pe = topology.privateEndpoints[peID],
                let service = linkedService(pe), let nat = natSource(of: service)
            else { continue }
            var byTarget: [String: Hop] = [:]
            for (lb, rule, backend) in linkServiceBackends(service) {
                guard let target = nodes.first(where: { $0.kind == .hosts && $0.endpoints.contains { $0.address == backend.address } }) else { continue }
                var offered = ServiceSet()
                for proto in rule.protocols.members where proto == .tcp || proto == .udp {
                    offered.insert(proto, rule.frontendPort == 0 ? .full : PortSet(rule.backendPort...rule.backendPort))
                }
                let outcome = PolicyChain.evaluate(
                    inboundStages(.host(backend)), source: nat, destination: identity(of: .host(backend)),
                    sourcePorts: PortSet(options.clientSourcePorts), options: options)
                let allowed = outcome.allowed.intersection(offered)
                guard let w = allowed.witness else { continue }
                var hop = Hop(
                    from: node.id, to: target.id, services: allowed, allowedBy: outcome.contributions.filter { !$0.services.intersection(allowed).isEmpty },
                    via: [linkServiceStep(pe, service, lb, rule, backend: backend, nat: nat)],
                    witness: WitnessFlow(
                        source: nat.address, destination: e.address, translatedDestination: backend.address, proto: w.proto,
                        port: rule.frontendPort == 0 ? w.port : rule.frontendPort, sourcePort: options.clientSourcePorts.lowerBound))
                hop.findings = [.privateLinkServiceEntry]
                byTarget[target.id] = merged(byTarget[target.id], [hop])
            }
            hops += byTarget.keys.sorted().compactMap { byTarget[$0] }
        }
        return hops
    }

    /// A flow that arrived at a private endpoint connected to a Private Link service goes on
    /// to the provider backend the rule for its protocol and port picks, seen from the NAT
    /// address (PLS-1, PLS-2). Nil when the endpoint leads to no Private Link service.
    func privateLinkServiceFlow(_ destination: Placement, query: FlowQuery, sourcePort: UInt16, trace: inout [TraceStep]) -> Disposition? {
        guard case .host(let e) = destination, let peID = topology.interfaces[e.interface]?.privateEndpoint, let pe = topology.privateEndpoints[peID],
            let service = linkedService(pe)
        else { return nil }
        guard query.proto == .tcp || query.proto == .udp else {
            trace.append(
                TraceStep(
                    kind: .note, resource: service.id, resourceName: service.name, decision: .drop,
                    rules: [.pls(2)], event: .privateLinkServiceProtocols(service.name)))
            return .noRoute
        }
        guard let nat = natSource(of: service),
            let (lb, rule, backend) = linkServiceBackends(service).first(where: {
                $0.rule.protocols.contains(query.proto)
                    && ($0.rule.frontendPort == 0 || $0.rule.frontendPort == query.destinationPort)
            })
        else {
            trace.append(
                TraceStep(
                    kind: .note, resource: service.id, resourceName: service.name, decision: .drop,
                    event: .privateLinkServiceWithoutBackend(service: service.name, proto: query.proto, port: query.destinationPort)))
            return .noRoute
        }
        trace.append(linkServiceStep(pe, service, lb, rule, backend: backend, nat: nat))
        trace.append(describe(.host(backend), as: .destination))
        let packet = Packet(
            source: nat, destination: identity(of: .host(backend)), proto: query.proto, sourcePort: sourcePort,
            destinationPort: rule.frontendPort == 0 ? query.destinationPort : rule.backendPort)
        return passes(inboundStages(.host(backend)), packet, trace: &trace) ? .accepted : .deniedInbound
    }
}

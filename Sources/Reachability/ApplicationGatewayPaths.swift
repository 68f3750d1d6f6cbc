import TopologyModel

extension EstateIndex {
    /// Where a gateway's backend connections start: a host placed in its subnet (instance
    /// addresses are not in exports), seen by backends as that address (PUB-4).
    func gatewayPlacement(_ gateway: ApplicationGateway) -> Placement? {
        guard let subnetID = gateway.subnet, let subnet = topology.subnets[subnetID], let prefix = subnet.prefixes.first else { return nil }
        var address = Self.firstUsable(prefix)
        for _ in 0..<64 where topology.endpointsByAddress[address] != nil { address = Self.next(address) }
        return .vacant(subnet: subnetID, address: address)
    }

    /// The backend hosts of a route: IP configurations, addresses, and FQDNs the input's
    /// DNS data resolves.
    func gatewayBackends(_ route: ApplicationGateway.Route) -> [IPAddress] {
        var result: [IPAddress] = []
        for backend in route.backends {
            if let config = backend.configuration,
                let endpoint = topology.endpointsBySubnet.values.lazy.flatMap({ $0 }).first(where: { $0.configuration.id == config })
            {
                result.append(endpoint.address)
            } else if let address = backend.address {
                result.append(address)
            } else if let fqdn = backend.fqdn {
                result += dnsNames.filter { $0.value.contains(fqdn.lowercased()) }.map(\.key)
            }
        }
        return Array(Set(result)).sorted()
    }

    /// Internet -> Application Gateway listener -> backend (PUB-4): the gateway subnet's
    /// inbound NSG must admit the listener port from the client; the backend connection
    /// starts in the gateway subnet (its outbound NSG, routes, appliances and the backend's
    /// inbound NSGs apply, with the gateway as source).
    func applicationGatewayHops(to target: AttackNode) -> [Hop] {
        guard target.kind == .hosts || target.kind == .privateEndpoint, let dst = target.representative, target.network != nil else { return [] }
        var hops: [Hop] = []
        for gateway in topology.applicationGateways.values.sorted(by: { $0.id < $1.id }) {
            guard let origin = gatewayPlacement(gateway), let gwSubnet = origin.subnet else { continue }
            for route in gateway.routes {
                guard let publicAddress = route.publicIP.flatMap({ topology.publicIPs[$0]?.address }),
                    gatewayBackends(route).contains(dst.address)
                else { continue }
                // The listener must be reachable from the Internet through the gateway subnet's NSG.
                let listenerStages = inboundStages(origin)
                // Some Internet client, of every class the listener's NSGs tell apart, must
                // reach the listener port.
                let admitted = internetWitnesses(family: publicAddress, cuts: sourceCuts(of: listenerStages)).lazy.map { client in
                    (
                        client,
                        PolicyChain.evaluate(
                            listenerStages, source: EndpointIdentity(address: client), destination: identity(of: origin),
                            sourcePorts: PortSet(self.options.clientSourcePorts), options: self.options)
                    )
                }.first { $0.1.allowed.contains(.tcp, route.listenerPort) }
                guard let (client, front) = admitted else { continue }
                var backendServices = ServiceSet()
                backendServices.insert(.tcp, PortSet(route.backendPort...route.backendPort))
                let step = TraceStep(
                    kind: .publicIP, resource: gateway.id, resourceName: gateway.name, rule: route.rule, decision: .forward,
                    rules: [.pub(4)],
                    event: .gatewayListener(
                        gateway: gateway.name, listener: route.listener, listenerProtocol: route.listenerProtocol, frontend: publicAddress,
                        port: route.listenerPort, rule: route.rule, backend: dst.address, backendPort: route.backendPort,
                        backendProtocol: route.backendProtocol))
                let leg = hopLeg(services: backendServices, sender: identity(of: origin), stages: outboundStages(origin), via: [step])
                let legs = travel(leg, from: gwSubnet, to: dst, depth: 0)
                guard let first = legs.first else { continue }
                var services = ServiceSet()
                var allowedBy = front.contributions.filter { $0.services.contains(.tcp, route.listenerPort) }
                for l in legs { services = services.union(l.services); allowedBy += l.allowedBy.filter { !allowedBy.contains($0) } }
                var hop = Hop(
                    from: AttackNode.internetID, to: target.id, services: services, allowedBy: allowedBy, via: first.via,
                    witness: WitnessFlow(
                        source: client, destination: publicAddress, translatedDestination: dst.address, proto: .tcp,
                        port: route.listenerPort, sourcePort: options.clientSourcePorts.lowerBound))
                hop.firewallRules = legs.flatMap(\.firewallRules)
                hop.findings = legs.flatMap(\.findings) + [.event(wafFinding(gateway))]
                hops.append(hop)
            }
        }
        return hops
    }

    /// Internet -> gateway listener: the listener's NSG check, then the backend connection
    /// judged as a flow from the gateway subnet to the first backend.
    func applicationGatewayFlow(query: FlowQuery, sourcePort: UInt16, trace: inout [TraceStep]) -> FlowResult? {
        for gateway in topology.applicationGateways.values.sorted(by: { $0.id < $1.id }) {
            for route in gateway.routes where route.publicIP.flatMap({ topology.publicIPs[$0]?.address }) == query.destination {
                guard query.proto == .tcp, route.listenerPort == query.destinationPort, let origin = gatewayPlacement(gateway) else { continue }
                func finish(_ d: Disposition) -> FlowResult { FlowResult(query: query, disposition: d, trace: trace, sourcePort: sourcePort) }
                trace.append(
                    TraceStep(
                        kind: .publicIP, resource: gateway.id, resourceName: gateway.name, rule: route.rule, decision: .forward,
                        rules: [.pub(4)],
                        event: .gatewayListenerReached(
                            gateway: gateway.name, listener: route.listener, frontend: query.destination, port: route.listenerPort, rule: route.rule,
                            waf: gateway.webApplicationFirewall)))
                let packet = Packet(
                    source: EndpointIdentity(address: query.source), destination: identity(of: origin), proto: .tcp,
                    sourcePort: sourcePort, destinationPort: route.listenerPort)
                if !passes(inboundStages(origin), packet, trace: &trace) { return finish(.deniedInbound) }
                guard let backend = gatewayBackends(route).first else {
                    trace.append(
                        TraceStep(
                            kind: .note, resource: gateway.id, resourceName: gateway.name, decision: .drop, event: .gatewayWithoutBackend(rule: route.rule)))
                    return finish(.noRoute)
                }
                trace.append(
                    TraceStep(
                        kind: .note, resource: gateway.id, resourceName: gateway.name, decision: .forward,
                        event: .gatewayBackendConnection(
                            from: origin.address, backend: backend, port: route.backendPort, backendProtocol: route.backendProtocol)))
                guard
                    let inner = try? verdict(
                        FlowQuery(
                            source: origin.address, destination: backend, proto: .tcp, destinationPort: route.backendPort,
                            sourcePort: sourcePort))
                else { return finish(.noRoute) }
                trace += inner.trace.dropFirst()
                return finish(inner.disposition)
            }
        }
        return nil
    }

    /// What the gateway's WAF means for a path: Detection mode only logs.
    func wafFinding(_ gateway: ApplicationGateway) -> TraceEvent { .webApplicationFirewall(gateway: gateway.name, gateway.webApplicationFirewall) }

    /// A public address that belongs to a gateway or load balancer but matched no listener or
    /// rule: the Internet reaches nothing there.
    func unpublishedFrontend(_ address: IPAddress, query: FlowQuery, sourcePort: UInt16, trace: inout [TraceStep]) -> FlowResult? {
        let gateway = topology.applicationGateways.values.sorted { $0.id < $1.id }.first { g in
            g.routes.contains { $0.publicIP.flatMap { topology.publicIPs[$0]?.address } == address }
        }
        guard let gateway else { return nil }
        trace.append(
            TraceStep(
                kind: .publicIP, resource: gateway.id, resourceName: gateway.name, decision: .drop,
                event: .gatewayWithoutListener(
                    gateway: gateway.name, proto: query.proto, port: query.destinationPort, frontend: address, privateFrontend: false)))
        return FlowResult(query: query, disposition: .deniedInbound, trace: trace, sourcePort: sourcePort)
    }
}

extension EstateIndex {
    /// Routing rules whose listener sits on a private frontend at `address`.
    func privateListeners(_ address: IPAddress) -> [(ApplicationGateway, ApplicationGateway.Route)] {
        topology.applicationGateways.values.sorted { $0.id < $1.id }.flatMap { g in g.routes.filter { $0.privateAddress == address }.map { (g, $0) } }
    }

    func privateListenerStep(_ gateway: ApplicationGateway, _ route: ApplicationGateway.Route, frontend: IPAddress, backend: IPAddress) -> TraceStep {
        TraceStep(
            kind: .note, resource: gateway.id, resourceName: gateway.name, rule: route.rule, decision: .forward,
            rules: [.pub(3), .pub(4)],
            event: .privateGatewayListener(
                gateway: gateway.name, listener: route.listener, listenerProtocol: route.listenerProtocol, frontend: frontend, port: route.listenerPort,
                rule: route.rule, backend: backend, backendPort: route.backendPort, backendProtocol: route.backendProtocol))
    }

    /// Host -> private Application Gateway listener -> backend: the client's flow to the
    /// frontend address is judged as a flow to that address in the gateway subnet (source
    /// NSGs, routes, appliances, the gateway subnet's inbound NSG); the backend connection
    /// then starts in the gateway subnet (PUB-3, PUB-4). Nil when no listener uses the address.
    func privateApplicationGatewayFlow(query: FlowQuery, sourcePort: UInt16) throws(QueryError) -> FlowResult? {
        let listeners = privateListeners(query.destination)
        guard !listeners.isEmpty else { return nil }
        let front = try judge(query, resolveFrontends: false)
        guard front.disposition == .accepted else { return front }
        var trace = front.trace
        func finish(_ d: Disposition) -> FlowResult { FlowResult(query: query, disposition: d, trace: trace, sourcePort: sourcePort) }
        guard let (gateway, route) = listeners.first(where: { query.proto == .tcp && $0.1.listenerPort == query.destinationPort }),
            let origin = gatewayPlacement(gateway)
        else {
            trace.append(
                TraceStep(
                    kind: .note, resource: listeners[0].0.id, resourceName: listeners[0].0.name, decision: .drop,
                    event: .gatewayWithoutListener(
                        gateway: listeners[0].0.name, proto: query.proto, port: query.destinationPort, frontend: query.destination, privateFrontend: true)))
            return finish(.deniedInbound)
        }
        guard let backend = gatewayBackends(route).first else {
            trace.append(
                TraceStep(kind: .note, resource: gateway.id, resourceName: gateway.name, decision: .drop, event: .gatewayWithoutBackend(rule: route.rule)))
            return finish(.noRoute)
        }
        trace.append(privateListenerStep(gateway, route, frontend: query.destination, backend: backend))
        trace.append(TraceStep(kind: .note, resource: gateway.id, resourceName: gateway.name, decision: .info, event: wafFinding(gateway)))
        let inner = try judge(
            FlowQuery(source: origin.address, destination: backend, proto: .tcp, destinationPort: route.backendPort, sourcePort: sourcePort),
            resolveFrontends: false)
        trace += inner.trace.dropFirst()
        return finish(inner.disposition)
    }

    /// Host -> private Application Gateway listener -> backend host, for the attack graph:
    /// the client must reach the listener (its NSGs, routes, the gateway subnet's inbound
    /// NSG), then the gateway reaches the backend as the source (PUB-3, PUB-4). A way around
    /// NSGs that block the client from the backend directly.
    func privateApplicationGatewayHops(from source: AttackNode, to target: AttackNode) -> [Hop] {
        guard source.kind == .hosts, let src = source.representative, let srcSubnet = src.subnet,
            target.kind == .hosts || target.kind == .privateEndpoint, let dst = target.representative, target.network != nil,
            privateEndpointApproved(target)
        else { return [] }
        var hops: [Hop] = []
        for gateway in topology.applicationGateways.values.sorted(by: { $0.id < $1.id }) where gateway.routes.contains(where: { $0.privateAddress != nil }) {
            guard let origin = gatewayPlacement(gateway), let gwSubnet = origin.subnet, topology.subnets[gwSubnet] != nil,
                gwSubnet != srcSubnet
            else { continue }
            for route in gateway.routes {
                guard let frontend = route.privateAddress, gatewayBackends(route).contains(dst.address) else { continue }
                var listenerServices = ServiceSet()
                listenerServices.insert(.tcp, PortSet(route.listenerPort...route.listenerPort))
                let toListener = travel(
                    hopLeg(services: listenerServices, sender: identity(of: src), stages: outboundStages(src)), from: srcSubnet,
                    to: .vacant(subnet: gwSubnet, address: frontend), depth: 0)
                guard let reached = toListener.first else { continue }
                var backendServices = ServiceSet()
                backendServices.insert(.tcp, PortSet(route.backendPort...route.backendPort))
                let leg = hopLeg(
                    services: backendServices, sender: identity(of: origin), stages: outboundStages(origin),
                    via: reached.via + [privateListenerStep(gateway, route, frontend: frontend, backend: dst.address)])
                let legs = travel(leg, from: gwSubnet, to: dst, depth: 0)
                guard let first = legs.first else { continue }
                var services = ServiceSet()
                var allowedBy: [RuleContribution] = []
                for l in toListener + legs { allowedBy += l.allowedBy.filter { !allowedBy.contains($0) } }
                for l in legs { services = services.union(l.services) }
                var hop = Hop(
                    from: source.id, to: target.id, services: services, allowedBy: allowedBy, via: first.via,
                    witness: WitnessFlow(
                        source: src.address, destination: frontend, translatedDestination: dst.address, proto: .tcp,
                        port: route.listenerPort, sourcePort: options.clientSourcePorts.lowerBound))
                hop.firewallRules = toListener.flatMap(\.firewallRules) + legs.flatMap(\.firewallRules)
                hop.findings = toListener.flatMap(\.findings) + legs.flatMap(\.findings) + [.event(wafFinding(gateway))]
                hops.append(hop)
            }
        }
        return hops
    }
}

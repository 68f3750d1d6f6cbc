import TopologyModel

/// Where routing takes a packet that leaves a subnet.
enum Forwarding {
    /// Into `network` (the source's own, or a peer's), with the steps that got it there.
    case delivered(network: ResourceID, steps: [TraceStep], peering: ResourceID?)
    /// Out to the Internet.
    case internet(steps: [TraceStep])
    case dropped(Disposition, steps: [TraceStep])
    /// To a virtual appliance (firewall or NVA) at this address, for the caller to resolve.
    case appliance(IPAddress?, steps: [TraceStep])
    /// Out through a virtual network gateway to an on-premises network.
    case onPremises(steps: [TraceStep])
}

/// The outcome of a route lookup (RT-12..14) with the peering checks (PEER-1, PEER-7).
enum RouteDecision {
    case noRoute
    case local(EffectiveRoute)
    case peeringDown(EffectiveRoute)
    /// `forwarded`: nil when the source is inside the sending VNet, else whether the
    /// receiving side accepts forwarded traffic.
    case peering(EffectiveRoute, peering: VirtualNetworkPeering, reverse: VirtualNetworkPeering, remote: ResourceID, forwarded: Bool?)
    case notPublic(EffectiveRoute)
    case internet(EffectiveRoute)
    case blackHole(EffectiveRoute)
    case appliance(EffectiveRoute, IPAddress?)
    case onPremises(EffectiveRoute)
    case gatewayWithoutNetwork(EffectiveRoute)
    /// Through a Virtual WAN hub's router (VWAN-9, VWAN-10); from a hub itself, where its
    /// firewall sends what it lets through.
    case hub(EffectiveRoute, HubPassage)

    var route: EffectiveRoute? {
        switch self {
        case .noRoute: nil
        case .local(let r), .peeringDown(let r), .peering(let r, _, _, _, _), .notPublic(let r), .internet(let r), .blackHole(let r),
            .appliance(let r, _), .onPremises(let r), .gatewayWithoutNetwork(let r), .hub(let r, _):
            r
        }
    }
}

extension EstateIndex {
    /// Routes a packet from a subnet toward `destination` (RT-12/13 lookup), across at most
    /// one peering (PEER-2: peering is not transitive).
    /// - Parameter viaGateway: the packet came in through a virtual network gateway, which
    ///   needs no `allowForwardedTraffic` to cross a peering (PEER-7).
    func forward(from subnetID: ResourceID, source: IPAddress, to destination: IPAddress, viaGateway: Bool = false) -> Forwarding {
        let decision = routeDecision(from: subnetID, source: source, to: destination, viaGateway: viaGateway)
        if case .hub(_, let passage) = decision, isHub(subnetID) { return forward(through: passage, destination: destination, steps: []) }
        guard let subnet = topology.subnets[subnetID] else { return .dropped(.noRoute, steps: []) }
        guard let route = decision.route else {
            return .dropped(
                .noRoute,
                steps: [
                    TraceStep(
                        kind: .route, resource: subnetID, resourceName: subnet.name, decision: .drop,
                        event: .noRoute(destination))
                ])
        }
        let routeStep = { (decision: TraceStep.Decision, outcome: TraceEvent.RouteOutcome) in
            TraceStep(
                kind: .route, resource: route.resource ?? subnetID, resourceName: route.name, decision: decision,
                event: .route(TraceEvent.Route(route), subnet: subnet.name, outcome: outcome))
        }
        switch decision {
        case .noRoute:
            return .dropped(.noRoute, steps: [])
        case .local:
            return .delivered(network: subnet.network, steps: [routeStep(.forward, .taken)], peering: nil)
        case .peeringDown:
            return .dropped(.noRoute, steps: [routeStep(.drop, .peeringNotLive)])
        case .peering(_, let peering, let reverse, let remote, let forwarded):
            var steps = [routeStep(.forward, .taken)]
            if let group = peering.connectivityConfiguration {
                steps.append(
                    TraceStep(
                        kind: .peering, resource: group, resourceName: group.name, decision: .forward, rules: [.avnm(14)],
                        event: .connectedGroup(configuration: group.name)))
            } else {
                steps.append(
                    TraceStep(
                        kind: .peering, resource: peering.id, resourceName: peering.name, decision: .forward,
                        rules: [.peer(1)], event: .peeringConnected(peering: peering.name, reverse: reverse.name)))
            }
            switch forwarded {
            case false?:
                steps.append(
                    TraceStep(
                        kind: .peering, resource: reverse.id, resourceName: reverse.name, decision: .drop,
                        rules: [.peer(7)], event: .forwardedTrafficRefused(source: source, reverse: reverse.name)))
                return .dropped(.deniedForwarded, steps: steps)
            case true? where peering.connectivityConfiguration == nil:
                steps.append(
                    TraceStep(
                        kind: .peering, resource: reverse.id, resourceName: reverse.name, decision: .forward,
                        rules: [.peer(7)], event: .forwardedTrafficAccepted))
            case true?, nil:
                // AVNM-15 (unconfirmed): a connected group has no flag for forwarded traffic and
                // is taken to carry it.
                break
            }
            return .delivered(network: remote, steps: steps, peering: peering.id)
        case .notPublic:
            return .dropped(.noRoute, steps: [routeStep(.drop, .notPublic(destination))])
        case .internet:
            return .internet(steps: [routeStep(.forward, .taken)])
        case .blackHole:
            return .dropped(.noRoute, steps: [routeStep(.drop, .blackHole)])
        case .appliance(_, let ip):
            return .appliance(ip, steps: [routeStep(.forward, .taken)])
        case .onPremises:
            return .onPremises(steps: [routeStep(.forward, .toOnPremises)])
        case .gatewayWithoutNetwork:
            return .dropped(.noRoute, steps: [routeStep(.drop, .noOnPremisesNetwork(destination))])
        case .hub(_, let passage):
            return forward(through: passage, destination: destination, steps: [routeStep(.forward, .taken)])
        }
    }

    /// What a hub's router did, as trace steps, and where it leaves the packet.
    private func forward(through passage: HubPassage, destination: IPAddress, steps: [TraceStep]) -> Forwarding {
        let wan = topology.virtualWAN
        let hubName = wan.hubs[passage.hub]?.name ?? passage.hub.name
        let tableName = passage.table.map { hubRouting.tableNames[$0] ?? $0.name }
        let remote = passage.remoteHub.map { wan.hubs[$0]?.name ?? $0.name }
        var rules: [RuleCode] = passage.table == nil ? [] : [.vwan(7), .vwan(9)]
        if passage.remoteHub != nil { rules.append(.vwan(8)) }
        var steps = steps
        func step(_ decision: TraceStep.Decision, _ nextHop: String, extra: [RuleCode] = []) -> TraceStep {
            TraceStep(
                kind: .route, resource: passage.table ?? passage.hub, resourceName: hubName, decision: decision, rules: rules + extra,
                event: .hubRoute(
                    hub: hubName, table: tableName, route: passage.route?.name, prefix: passage.route?.prefix, nextHop: nextHop, remoteHub: remote))
        }
        switch passage.end {
        case .deliver(let connection, let network):
            let name = wan.connections[connection]?.name ?? connection.name
            steps.append(step(.forward, "connection \(name) into \(topology.networks[network]?.name ?? network.name)", extra: [.vwan(10)]))
            return .delivered(network: network, steps: steps, peering: nil)
        case .firewall(let firewall, let address):
            steps.append(step(.forward, "firewall \(topology.firewalls[firewall]?.name ?? firewall.name)", extra: [.vwan(19)]))
            return .appliance(address, steps: steps)
        case .appliance(let address, let connection):
            let name = wan.connections[connection]?.name ?? connection.name
            let tunnel: [RuleCode] = passage.table == nil && hubRouting.forcedTunnels[passage.hub] != nil ? [.vwan(24)] : []
            steps.append(step(.forward, "static route of connection \(name) to \(address.map { "\($0)" } ?? "no address")", extra: [.vwan(12)] + tunnel))
            return .appliance(address, steps: steps)
        case .internet:
            steps.append(step(.forward, "the Internet"))
            if hubRouting.forcedTunnels[passage.hub] != nil, let firewall = wan.hubs[passage.hub]?.firewall {
                let name = topology.firewalls[firewall]?.name ?? firewall.name
                steps.append(
                    TraceStep(
                        kind: .note, resource: firewall, resourceName: name, decision: .forward, rules: [.vwan(24)],
                        event: .hubTunnelThroughFirewall(hub: hubName, firewall: name)))
            }
            return .internet(steps: steps)
        case .tunnelWithoutExit(let firewall):
            let name = topology.firewalls[firewall]?.name ?? firewall.name
            steps.append(
                TraceStep(
                    kind: .route, resource: firewall, resourceName: name, decision: .drop, rules: [.vwan(24)],
                    event: .hubTunnelWithoutExit(hub: hubName, firewall: name)))
            return .dropped(.noRoute, steps: steps)
        case .noRoute:
            steps.append(
                TraceStep(
                    kind: .route, resource: passage.table ?? passage.hub, resourceName: hubName, decision: .drop, rules: [.vwan(16)],
                    event: .hubNoRoute(hub: hubName, table: tableName, destination: destination)))
            return .dropped(.noRoute, steps: steps)
        }
    }

    /// Where the route lookup sends a packet, without the trace: what ``forward(from:source:to:viaGateway:)``
    /// explains, and the hop screen uses as is.
    func routeDecision(from subnetID: ResourceID, source: IPAddress, to destination: IPAddress, viaGateway: Bool = false) -> RouteDecision {
        if isHub(subnetID) {
            let passage = hubPassageAfterFirewall(hub: subnetID, destination: destination)
            let route = EffectiveRoute(
                prefix: IPPrefix(address: destination, length: destination.isV4 ? 32 : 128), nextHop: .virtualHub(hub: subnetID, table: nil),
                source: .system, resource: subnetID, name: "virtual hub \(topology.virtualWAN.hubs[subnetID]?.name ?? subnetID.name)")
            return .hub(route, passage)
        }
        guard let route = routes(of: subnetID).lookup(destination) else { return .noRoute }
        return routeDecision(from: subnetID, source: source, to: destination, viaGateway: viaGateway, route: route)
    }

    /// The same, for the route the lookup chose, when the caller already knows it.
    func routeDecision(
        from subnetID: ResourceID, source: IPAddress, to destination: IPAddress, viaGateway: Bool = false, route: EffectiveRoute
    )
        -> RouteDecision
    {
        guard let subnet = topology.subnets[subnetID] else { return .noRoute }
        switch route.nextHop {
        case .vnetLocal:
            return .local(route)
        case .vnetPeering(let peeringID, let remote, _):
            return peeringDecision(route, peeringID, remote: remote, from: subnet, source: source, viaGateway: viaGateway)
        case .internet:
            return AddressSet.nonPublic.contains(destination) ? .notPublic(route) : .internet(route)
        case .none:
            return .blackHole(route)
        case .virtualAppliance(let ip):
            // RT-7: a packet addressed to the appliance itself is delivered to it, not
            // forwarded by it, over the VNet or the peering that holds its address.
            if ip == destination {
                if topology.networks[subnet.network]?.addresses.contains(destination) == true { return .local(route) }
                for id in topology.peeringsByNetwork[subnet.network] ?? [] {
                    guard let peering = topology.peerings[id], livePeerings[id] != nil, let remote = peering.remoteNetwork,
                        AddressSet(prefixes: remoteSpace(of: peering)).contains(destination)
                    else { continue }
                    return peeringDecision(route, id, remote: remote, from: subnet, source: source, viaGateway: viaGateway)
                }
            }
            return .appliance(route, ip)
        case .virtualNetworkGateway:
            return onPremises.contains(destination) ? .onPremises(route) : .gatewayWithoutNetwork(route)
        case .virtualHub(let hub, let table):
            return .hub(route, hubPassage(hub: hub, table: table, destination: destination))
        }
    }

    /// Across a peering: dropped when it is not live (PEER-1); traffic whose source lies
    /// outside the sending VNet was forwarded by an appliance there, and the receiving side
    /// must allow forwarded traffic (PEER-7).
    private func peeringDecision(
        _ route: EffectiveRoute, _ peeringID: ResourceID, remote: ResourceID, from subnet: Subnet, source: IPAddress,
        viaGateway: Bool
    ) -> RouteDecision {
        guard let peering = topology.peerings[peeringID], let reverseID = livePeerings[peeringID],
            let reverse = topology.peerings[reverseID]
        else { return .peeringDown(route) }
        var forwarded: Bool?
        if !viaGateway, !(topology.networks[subnet.network]?.addresses ?? .empty).contains(source) {
            forwarded = reverse.allowForwardedTraffic || (options.lenientForwardedTraffic && peering.allowForwardedTraffic)
        }
        return .peering(route, peering: peering, reverse: reverse, remote: remote, forwarded: forwarded)
    }

    /// RT-7: a virtual-appliance next hop must be directly connected: in the subnet's own
    /// VNet or a live peer. Resolved on the VNet and peering ranges, not through UDRs.
    func applianceReachable(from subnetID: ResourceID, _ address: IPAddress) -> Bool {
        if reachableThroughHub(from: subnetID, address) { return true }
        guard let network = topology.subnets[subnetID].flatMap({ topology.networks[$0.network] }) else { return false }
        if network.addresses.contains(address) { return true }
        for id in topology.peeringsByNetwork[network.id] ?? [] {
            guard let peering = topology.peerings[id], livePeerings[id] != nil else { continue }
            if AddressSet(prefixes: remoteSpace(of: peering)).contains(address) { return true }
        }
        return false
    }
}

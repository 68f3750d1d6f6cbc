import TopologyModel

/// Where a destination's reply goes first. The reply is routed on its own, by the
/// responder's subnet (RT-18), so a path that works one way can fail on the way back.
/// Firewalls are named by any key: resource IDs in the full evaluation, numbers in the lean
/// one, so both apply the one rule, ``returns(lastFirewall:holdsState:)``.
enum ReplyWayOf<Firewall: Hashable>: Hashable {
    /// A system route into the VNet or a peer, a gateway, or straight out to the Internet;
    /// also any private endpoint, which answers the client directly whatever its subnet's
    /// routes (PE-8).
    case direct
    /// A network virtual appliance or load balancer: whether it keeps state, and where it
    /// sends the reply, is not in the input.
    case appliance
    /// An Azure Firewall, which keeps state (FW-11) and drops what it has not seen begin.
    case firewall(Firewall)
    /// Nowhere: a `None` route, a private address sent to the Internet, a peering that is
    /// not live, no route at all.
    case lost

    /// RT-18, FW-11: whether the reply comes back. A firewall that forwarded the request
    /// without SNAT, last, must see the reply first (an appliance may pass it back there, so
    /// it is given the benefit of the doubt); otherwise a reply that meets a firewall
    /// returns only if that firewall holds the connection's state, and one with no way
    /// back never returns.
    func returns(lastFirewall: Firewall?, holdsState: (Firewall) -> Bool) -> Bool {
        if let last = lastFirewall {
            switch self {
            case .firewall(let id): return id == last
            case .appliance: return true
            case .direct, .lost: return false
            }
        }
        switch self {
        case .direct, .appliance: return true
        case .firewall(let id): return holdsState(id)
        case .lost: return false
        }
    }
}

typealias ReplyWay = ReplyWayOf<ResourceID>

/// What became of the request on its way in that decides whether its reply may come back.
struct RequestPath: Hashable, Sendable {
    /// The request came from the Internet through this public address.
    var publicEntry: PublicEntry?
    /// The firewalls that forwarded the request: they hold the connection's state (FW-11),
    /// under the client's address or, after SNAT, under their own (FW-15).
    var statefulFirewalls: [ResourceID] = []
    /// The last device the request passed, when it was such a firewall: the reply must
    /// reach it first.
    var lastFirewall: ResourceID?

    mutating func passedFirewall(_ id: ResourceID, snat: Bool) {
        if !statefulFirewalls.contains(id) { statefulFirewalls.append(id) }
        lastFirewall = snat ? nil : id
    }

    mutating func passedAppliance() { lastFirewall = nil }
}

/// The outcome of the return-path check.
enum ReplyVerdict {
    case returns
    /// The reply may return, with something worth saying (it meets an appliance whose
    /// state and routes are unknown).
    case returnsWithFinding(TraceEvent)
    /// No connection is made: the step names the route that takes the reply away.
    case dropped(TraceStep)
}

extension EstateIndex {
    /// Where the reply from `destination` to `client` goes first, and by which route.
    func replyWay(from destination: Placement, to client: IPAddress) -> (way: ReplyWay, route: EffectiveRoute?) {
        guard let subnet = destination.subnet else { return (.direct, nil) }
        if case .host(let e) = destination, topology.interfaces[e.interface]?.privateEndpoint != nil { return (.direct, nil) }
        return replyWay(routeDecision(from: subnet, source: destination.address, to: client), subnet: subnet)
    }

    /// Where a route decision takes a reply first.
    private func replyWay(_ decision: RouteDecision, subnet: ResourceID) -> (way: ReplyWay, route: EffectiveRoute?) {
        switch decision {
        case .local, .peering, .internet, .onPremises: return (.direct, decision.route)
        case .appliance(let route, let address):
            // RT-7: a next hop that is not reachable, or whose NIC does not forward, drops the
            // reply like a `None` route.
            guard let address, applianceReachable(from: subnet, address) else { return (.lost, route) }
            if let firewall = firewallsByAddress[address] { return (.firewall(firewall), route) }
            if let endpoint = topology.endpointsByAddress[address] {
                return (topology.interfaces[endpoint.interface]?.ipForwarding == true ? .appliance : .lost, route)
            }
            return (internalFrontend(address) != nil ? .appliance : .lost, route)
        case .noRoute, .peeringDown, .notPublic, .blackHole, .gatewayWithoutNetwork: return (.lost, decision.route)
        case .hub(let route, let passage):
            switch passage.end {
            case .deliver, .internet: return (.direct, route)
            case .firewall(let firewall, _): return (.firewall(firewall), route)
            case .appliance(let address, _):
                guard let address, let endpoint = topology.endpointsByAddress[address] else { return (.lost, route) }
                return (topology.interfaces[endpoint.interface]?.ipForwarding == true ? .appliance : .lost, route)
            case .noRoute, .tunnelWithoutExit: return (.lost, route)
            }
        }
    }

    /// RT-18 (and PE-8 for private endpoints): a stateful firewall must see the reply of
    /// every connection it forwarded, first; one that never saw the request drops the
    /// reply. A reply with no route back makes no connection either. `client` is the
    /// address the destination saw as the source.
    func returnVerdict(_ path: RequestPath, from destination: Placement, to client: IPAddress) -> ReplyVerdict {
        let (way, route) = replyWay(from: destination, to: client)
        func name(_ id: ResourceID) -> String { topology.firewalls[id]?.name ?? id.name }
        let shown = route.map(TraceEvent.Route.init)
        func drop(_ event: TraceEvent, _ rules: [RuleCode] = [.rt(18)]) -> ReplyVerdict {
            .dropped(
                TraceStep(
                    kind: .route, resource: route?.resource ?? destination.subnet, resourceName: route?.name ?? "return path",
                    decision: .drop, rules: rules, event: event))
        }
        if let entry = path.publicEntry {
            return publicReply(entry, from: destination, to: client)
        }
        let privateEndpoint: ResourceID? = {
            if case .host(let e) = destination { return topology.interfaces[e.interface]?.privateEndpoint }
            return nil
        }()
        if way.returns(lastFirewall: path.lastFirewall, holdsState: path.statefulFirewalls.contains) {
            if let last = path.lastFirewall, way == .appliance {
                return .returnsWithFinding(.replyThroughAppliance(from: destination.address, to: client, route: shown, firewall: name(last)))
            }
            return .returns
        }
        if let last = path.lastFirewall {
            if let privateEndpoint {
                return drop(
                    .privateEndpointBypassesFirewall(
                        endpoint: topology.privateEndpoints[privateEndpoint]?.name ?? privateEndpoint.name, client: client, firewall: name(last)),
                    [.pe(8), .fw(18)])
            }
            return drop(.replyBypassesFirewall(from: destination.address, to: client, route: shown, firewall: name(last)))
        }
        if case .firewall(let id) = way {
            return drop(.replyIntoFirewall(from: destination.address, to: client, route: shown, firewall: name(id)))
        }
        return drop(.replyWithoutWayBack(from: destination.address, to: client, route: shown))
    }
}

extension EstateIndex {
    /// RT-16: the reply to an Internet client leaves by the responder subnet's routes; only
    /// the Internet route takes it back through the public IP or load balancer that
    /// translated the request. Any other route (a default route to an appliance or a
    /// gateway, `None`) takes it elsewhere, and the connection is never made.
    func publicReply(_ entry: PublicEntry, from destination: Placement, to client: IPAddress) -> ReplyVerdict {
        guard let subnet = destination.subnet, let route = routes(of: subnet).lookup(client), route.nextHop != .internet else { return .returns }
        return .dropped(
            TraceStep(
                kind: .route, resource: route.resource ?? subnet, resourceName: route.name, decision: .drop, rules: [.rt(16)],
                event: .replyAvoidsEntry(from: destination.address, to: client, route: TraceEvent.Route(route), entry: entry.kind, name: entry.name)))
    }
}

extension EstateIndex {
    /// The way of the reply from `destination` to every IPv4 client, as intervals: where
    /// each starts and its way, adjacent intervals with the same way merged. The way changes
    /// only at the bounds of the subnet's route prefixes, of the non-public and on-premises
    /// ranges (which decide an Internet or gateway route), and at the appliance addresses
    /// (a packet to an appliance itself is delivered, RT-7).
    ///
    /// - Complexity: O(R log R) route decisions for R routes in the subnet's table.
    func replyIntervals(of destination: Placement) -> [(start: UInt32, way: ReplyWay)] {
        guard let subnet = destination.subnet else { return [(0, .direct)] }
        if case .host(let e) = destination, topology.interfaces[e.interface]?.privateEndpoint != nil { return [(0, .direct)] }
        var starts: [UInt32] = [0]
        func add(_ low: UInt32, _ high: UInt32) {
            starts.append(low)
            if high < .max { starts.append(high + 1) }
        }
        for route in routes(of: subnet).routes {
            guard case .v4(let base) = route.prefix.address else { continue }
            let end = UInt64(base) + (UInt64(1) << UInt64(32 - route.prefix.length)) - 1
            add(base, UInt32(end))
            if case .virtualAppliance(.v4(let ip)?) = route.nextHop { add(ip, ip) }
        }
        for range in AddressSet.nonPublic.v4.intervals { add(range.lowerBound, range.upperBound) }
        for range in onPremises.v4.intervals { add(range.lowerBound, range.upperBound) }
        // Behind a hub route, the hubs' tables and connections decide (VWAN-9, VWAN-12, VWAN-19):
        // their prefixes cut the space too.
        if let network = topology.subnets[subnet]?.network, let wan = wan(of: subnet), hubRouting.connectionByNetwork[network] != nil {
            for prefix in hubRouting.wanPrefixes[wan] ?? [] {
                guard case .v4(let base) = prefix.address else { continue }
                add(base, UInt32(UInt64(base) + (UInt64(1) << UInt64(32 - prefix.length)) - 1))
            }
        }
        starts.sortAndRemoveDuplicates()
        // The chosen route per interval of the subnet's table, read in one sweep.
        let table = routes(of: subnet)
        var routeStarts: [UInt32] = [], winners: [Int32] = []
        table.intervals(starts: &routeStarts, winners: &winners)
        var result: [(start: UInt32, way: ReplyWay)] = []
        var r = 0
        for start in starts {
            while r + 1 < routeStarts.count && routeStarts[r + 1] <= start { r += 1 }
            let way: ReplyWay
            if winners[r] < 0 {
                way = .lost
            } else {
                let client = IPAddress.v4(start)
                let decision = routeDecision(from: subnet, source: destination.address, to: client, route: table.routes[Int(winners[r])])
                way = replyWay(decision, subnet: subnet).way
            }
            if result.last?.way != way { result.append((start, way)) }
        }
        return result
    }
}

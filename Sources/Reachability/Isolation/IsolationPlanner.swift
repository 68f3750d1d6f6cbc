import TopologyModel

extension ReachabilityGraph {
    /// The fewest changes that close every attack path (of any length) the `deny` policies
    /// forbid while every `require` flow keeps its services: a minimum cut of the attack
    /// graph (docs/isolate.md).
    ///
    /// Deny policies with the same targets and services are one cut with their sources
    /// together, which is exact; groups that differ are cut one after another, each reusing
    /// the changes made for the ones before at no cost (an approximation of the
    /// multi-commodity cut, which is NP-hard).
    ///
    /// - Parameters:
    ///   - denies: `deny` policies; others are ignored.
    ///   - requires: `require` policies whose direct hops must keep their services.
    /// - Returns: the plan, or its conflicts.
    /// - Complexity: O(H) hop explanations for the H hops out of sources and pivots, and one
    ///   max-flow of O(V² · E) per group over V nodes and candidate changes and E hops.
    public func isolationPlan(denying denies: [Policy], keeping requires: [Policy], topology: Topology) -> IsolationPlan {
        var planner = IsolationPlanner(graph: self, topology: topology)
        return planner.plan(denies: denies, requires: requires)
    }
}

/// Builds and cuts the flow networks of ``ReachabilityGraph/isolationPlan(denying:keeping:topology:)``.
struct IsolationPlanner {
    let graph: ReachabilityGraph
    let topology: Topology
    private var gadgets: [IsolationGadget.Key: IsolationGadget] = [:]
    private var chains: [String: [IsolationGadget.Key]?] = [:]

    /// A change is worth this much; what is left below it orders equal counts (narrow before
    /// broad, inbound at the target before outbound at the source).
    static let unit: Int64 = 1 << 20

    init(graph: ReachabilityGraph, topology: Topology) {
        self.graph = graph
        self.topology = topology
    }

    /// Deny policies cut together: same targets, same services into them.
    struct Group {
        var policies: [String]
        var sources: Set<String>
        let targets: Set<String>
        let services: ServiceSet?
    }

    mutating func plan(denies: [Policy], requires: [Policy]) -> IsolationPlan {
        var groups: [Group] = []
        for policy in denies {
            guard case .deny(let from, let to, let services) = policy.kind else { continue }
            let sources = Set(from.flatMap { $0.select(in: graph, topology: topology) })
            let targets = Set(to.flatMap { $0.select(in: graph, topology: topology) })
            if let i = groups.firstIndex(where: { $0.targets == targets && $0.services == services }) {
                groups[i].policies.append(policy.id)
                groups[i].sources.formUnion(sources)
            } else {
                groups.append(Group(policies: [policy.id], sources: sources, targets: targets, services: services))
            }
        }
        protect(requires)
        var conflicts: [IsolationConflict] = []
        for group in groups { conflicts += cut(group) }
        var changes: [IsolationChange] = []
        var failures: [String] = []
        var used: [ResourceID: Set<Int>] = [:]
        var created: Set<ResourceID> = []
        if conflicts.isEmpty {
            for key in gadgets.keys.sorted() where gadgets[key]!.chosen {
                do throws(PlanFailure) {
                    changes.append(try change(gadgets[key]!, used: &used, created: &created))
                } catch { failures.append(error.message) }
            }
        }
        return IsolationPlan(changes: changes, conflicts: conflicts, failures: failures, groups: groups.map(\.policies))
    }

    // MARK: Requirements

    /// Marks the gadgets every `require` flow's direct hops pass: a change there may not deny
    /// the services the flow needs. Every hop that carries them counts, not only one per
    /// source (conservative where a source has several).
    mutating func protect(_ requires: [Policy]) {
        for policy in requires {
            guard case .require(let from, let to, let services) = policy.kind else { continue }
            let targets = Set(to.flatMap { $0.select(in: graph, topology: topology) })
            for source in Set(from.flatMap { $0.select(in: graph, topology: topology) }).sorted() {
                for hop in graph.hops(from: source) where targets.contains(hop.to) && services.subtracting(hop.services).isEmpty {
                    for key in chain(hop) ?? [] {
                        gadgets[key]!.protect = gadgets[key]!.protect.union(services)
                        gadgets[key]!.protectors.insert(policy.id)
                    }
                }
            }
        }
    }

    // MARK: The cut

    /// The hops of a group that can be on a violating path, with the services a change must
    /// deny on each: into a target, what the policy counts; into a pivot, everything.
    func relevantHops(_ group: Group) -> [(hop: Hop, deny: ServiceSet)] {
        var result: [(Hop, ServiceSet)] = []
        for node in graph.nodes where !group.targets.contains(node.id) && (group.sources.contains(node.id) || node.canPivot) {
            for hop in graph.hops(from: node.id) {
                let deny: ServiceSet
                if group.targets.contains(hop.to) {
                    deny = group.services.map { hop.services.intersection($0) } ?? hop.services
                } else if graph.node(hop.to)?.canPivot == true {
                    deny = hop.services
                } else {
                    continue
                }
                if !deny.isEmpty { result.append((hop, deny)) }
            }
        }
        return result
    }

    /// Cuts one group: max-flow from its sources to its targets, each hop a chain of the
    /// changes that would remove it.
    mutating func cut(_ group: Group) -> [IsolationConflict] {
        let hops = relevantHops(group)
        // What each change would deny if chosen for this group too.
        var prospective: [IsolationGadget.Key: ServiceSet] = [:]
        for (hop, deny) in hops {
            for key in chain(hop) ?? [] { prospective[key, default: gadgets[key]!.deny] = prospective[key, default: gadgets[key]!.deny].union(deny) }
        }
        var capacity: [IsolationGadget.Key: Int64] = [:]
        for (key, deny) in prospective { capacity[key] = cost(gadgets[key]!, denying: deny) }

        let nodeCount = graph.nodes.count
        var network = MinimumCut(vertices: nodeCount + 2)
        let source = nodeCount, sink = nodeCount + 1
        var ends: [IsolationGadget.Key: (enter: Int, leave: Int, edge: Int)] = [:]
        for key in capacity.keys.sorted() {
            let enter = network.addVertex(), leave = network.addVertex()
            ends[key] = (enter, leave, network.addEdge(from: enter, to: leave, capacity: capacity[key]!))
        }
        for id in group.sources.sorted() where !group.targets.contains(id) {
            if let i = graph.index(of: id) { network.addEdge(from: source, to: i, capacity: MinimumCut.infinity) }
        }
        for id in group.targets.sorted() { if let i = graph.index(of: id) { network.addEdge(from: i, to: sink, capacity: MinimumCut.infinity) } }
        for (hop, _) in hops {
            guard let from = graph.index(of: hop.from), let to = graph.index(of: hop.to) else { continue }
            var at = from
            for key in chain(hop) ?? [] {
                network.addEdge(from: at, to: ends[key]!.enter, capacity: MinimumCut.infinity)
                at = ends[key]!.leave
            }
            network.addEdge(from: at, to: to, capacity: MinimumCut.infinity)
        }
        let flow = network.maximumFlow(from: source, to: sink)
        if flow >= MinimumCut.infinity { return conflicts(group, hops: hops, capacity: capacity) }
        let side = network.sinkSide(sink)
        let cutEdges = Set(network.crossing(into: side))
        for key in ends.keys.sorted() where cutEdges.contains(ends[key]!.edge) {
            gadgets[key]!.chosen = true
            gadgets[key]!.deny = prospective[key]!
            for id in group.policies where !gadgets[key]!.policies.contains(id) { gadgets[key]!.policies.append(id) }
        }
        // Every hop of the group through a chosen change is cut by it.
        for (hop, deny) in hops {
            for key in chain(hop) ?? [] where gadgets[key]!.chosen && cutEdges.contains(ends[key]!.edge) {
                let cut = CutHop(from: hop.from, to: hop.to, services: deny)
                if !gadgets[key]!.cuts.contains(cut) { gadgets[key]!.cuts.append(cut) }
            }
        }
        return []
    }

    /// What a change costs, given the services it would deny: infinite when a `require`
    /// flow needs one of them or no free priority is left, nothing when an earlier group
    /// chose it.
    func cost(_ gadget: IsolationGadget, denying deny: ServiceSet) -> Int64 {
        // Removing a peering or a way out stops everything over it, whatever the hops carried.
        let denied: ServiceSet =
            switch gadget.key {
            case .peering, .privateSubnet: .everything
            default: deny.asDenied
            }
        if !denied.intersection(gadget.protect).isEmpty { return MinimumCut.infinity }
        if gadget.chosen { return 0 }
        switch gadget.key {
        case .publicAccess: return Self.unit
        case .peering: return Self.unit + 4
        case .privateSubnet: return Self.unit + 3
        case .inbound(let subnet, let from, _), .outbound(let subnet, _, let from):
            let outbound: Int64 = if case .outbound = gadget.key { 1 } else { 0 }
            guard let s = topology.subnets[subnet] else { return MinimumCut.infinity }
            if let nsg = s.securityGroup {
                guard let group = topology.securityGroups[nsg] else { return MinimumCut.infinity }
                let taken = Set(group.rules(outbound == 1 ? .outbound : .inbound).map(\.priority))
                guard (100..<gadget.bound).contains(where: { !taken.contains($0) }) else { return MinimumCut.infinity }
            }
            return Self.unit * (s.securityGroup == nil ? 2 : 1) + outbound + (from.isBroad ? 2 : 0)
        }
    }

    /// A path of changes no cut removes, for each group that has one, with the `require`
    /// flows that make its hops uncuttable.
    mutating func conflicts(_ group: Group, hops: [(hop: Hop, deny: ServiceSet)], capacity: [IsolationGadget.Key: Int64]) -> [IsolationConflict] {
        var uncut: [String: [Hop]] = [:]
        for (hop, _) in hops where (chain(hop) ?? []).allSatisfy({ capacity[$0]! >= MinimumCut.infinity }) { uncut[hop.from, default: []].append(hop) }
        var parent: [String: Hop] = [:]
        var frontier = group.sources.sorted().filter { !group.targets.contains($0) }
        var seen = Set(frontier)
        while !frontier.isEmpty {
            var next: [String] = []
            for id in frontier {
                for hop in uncut[id] ?? [] where !seen.contains(hop.to) {
                    seen.insert(hop.to)
                    parent[hop.to] = hop
                    if group.targets.contains(hop.to) {
                        var path = [hop]
                        while let p = parent[path[0].from] { path.insert(p, at: 0) }
                        let requirements = Set(path.flatMap { (chain($0) ?? []).flatMap { gadgets[$0]!.protectors } }).sorted()
                        return [
                            IsolationConflict(
                                policy: group.policies.joined(separator: ", "), nodes: [path[0].from] + path.map(\.to), requirements: requirements)
                        ]
                    }
                    next.append(hop.to)
                }
            }
            frontier = next.sorted()
        }
        return []
    }

    // MARK: Candidate changes per hop

    /// The changes that would each remove a hop, in the order it passes them (outbound at the
    /// source, then inbound at the destination); nil when none would. Creates their gadgets.
    mutating func chain(_ hop: Hop) -> [IsolationGadget.Key]? {
        let memo = hop.from + "\u{0}" + hop.to
        if let known = chains[memo] { return known }
        guard let from = graph.node(hop.from), let to = graph.node(hop.to) else { return nil }
        var keys: [IsolationGadget.Key] = []
        var bounds: [IsolationGadget.Key: Int] = [:]
        let events = hop.via.map(\.event)
        if to.kind == .asset, let asset = to.asset {
            if from.kind != .privateEndpoint { keys.append(.publicAccess(asset)) }
        } else {
            if from.kind == .hosts || from.kind == .vacantSubnet, let subnet = from.subnet, !events.contains(where: Self.translatesDestination),
                let destination = Self.peer(of: to)
            {
                let key = IsolationGadget.Key.outbound(subnet: subnet, from: .subnet(subnet), to: destination)
                keys.append(key)
                bounds[key] = bound(hop, subnet: subnet, direction: .outbound)
            }
            if from.kind == .hosts || from.kind == .vacantSubnet, let subnet = from.subnet,
                events.contains(where: { if case .outbound(.defaultAccess) = $0 { true } else { false } })
            {
                keys.append(.privateSubnet(subnet))
            }
            for step in hop.via where step.kind == .peering && step.decision == .forward {
                if let id = step.resource, let key = peeringKey(id), !keys.contains(key) { keys.append(key) }
            }
            if to.kind == .hosts || to.kind == .vacantSubnet || to.kind == .privateEndpoint, let subnet = to.subnet, let s = topology.subnets[subnet],
                to.kind != .privateEndpoint || s.privateEndpointNetworkPolicies.appliesSecurityGroups,
                let destination = Self.peer(of: to), let seen = Self.seenSource(events) ?? Self.peer(of: from)
            {
                let key = IsolationGadget.Key.inbound(subnet: subnet, from: seen, to: destination)
                keys.append(key)
                bounds[key] = bound(hop, subnet: subnet, direction: .inbound)
            }
        }
        for key in keys where gadgets[key] == nil { gadgets[key] = IsolationGadget(key: key) }
        for (key, b) in bounds { gadgets[key]!.bound = min(gadgets[key]!.bound, b) }
        let result: [IsolationGadget.Key]? = keys.isEmpty ? nil : keys
        chains[memo] = result
        return result
    }

    /// A peering's key: the side whose ID sorts first.
    func peeringKey(_ id: ResourceID) -> IsolationGadget.Key? {
        guard let peering = topology.peerings[id] else { return nil }
        return .peering(min(id, reverse(of: peering)?.id ?? id))
    }

    /// The other side of a peering: the remote VNet's peering back to this one.
    func reverse(of peering: VirtualNetworkPeering) -> VirtualNetworkPeering? {
        guard let remote = peering.remoteNetwork else { return nil }
        return (topology.peeringsByNetwork[remote] ?? []).compactMap { topology.peerings[$0] }.filter { $0.remoteNetwork == peering.localNetwork }.min {
            $0.id < $1.id
        }
    }

    /// The lowest priority of a custom allow rule of the subnet's NSG in that direction that
    /// lets the hop through (NSG-x: first match, so a deny below it decides first).
    func bound(_ hop: Hop, subnet: ResourceID, direction: TrafficDirection) -> Int {
        guard let nsg = topology.subnets[subnet]?.securityGroup else { return 4097 }
        let priorities = hop.allowedBy.filter { $0.securityGroup == nsg && $0.direction == direction && !$0.rule.isDefault }.map(\.rule.priority)
        return min(priorities.min() ?? 4097, 4097)
    }

    /// The addresses an NSG sees for a node.
    static func peer(of node: AttackNode) -> IsolationGadget.Peer? {
        switch node.kind {
        case .internet: return .internet
        case .onPremises: return .anySource
        case .privateEndpoint:
            let addresses = node.endpoints.map(\.address).sorted { $0.description < $1.description }
            return addresses.isEmpty ? node.subnet.map { .subnet($0) } : .addresses(addresses)
        case .hosts, .vacantSubnet: return node.subnet.map { .subnet($0) }
        case .asset: return nil
        }
    }

    /// The source address a hop arrives with when an appliance translates it (a firewall's
    /// SNAT, FW-9; an Application Gateway's own address): the NSG at the destination sees that
    /// address, not the client's.
    static func seenSource(_ events: [TraceEvent]) -> IsolationGadget.Peer? {
        var seen: IsolationGadget.Peer? = nil
        for event in events {
            switch event {
            case .throughFirewall(_, let snat?, _), .firewallAllows(_, _, _, let snat?, _): seen = .address(snat)
            case .dnatTranslation(_, _, _, _, _, _, _, let source), .dnatRule(_, _, _, _, _, _, _, let source, _): seen = .address(source)
            case .gatewayBackendConnection(let source, _, _, _): seen = .address(source)
            default: break
            }
        }
        return seen
    }

    /// Whether the destination address on the way is not the destination node's own (a load
    /// balancer's frontend, DNAT, a gateway listener, a Private Link service): an outbound
    /// rule at the source naming the destination's address would not match.
    static func translatesDestination(_ event: TraceEvent) -> Bool {
        switch event {
        case .throughLoadBalancer, .internalLoadBalancerRule, .loadBalancerNextHop, .publicLoadBalancerRule, .publishedBackend, .floatingIP,
            .dnatRule, .dnatTranslation, .gatewayListener, .gatewayListenerReached, .privateGatewayListener, .privateLinkService:
            return true
        default: return false
        }
    }
}

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
    /// Every candidate change met so far, by what it matches.
    private(set) var gadgets: [IsolationGadget.Key: IsolationGadget] = [:]
    private var chains: [String: [IsolationGadget.Key]?] = [:]

    /// A change is worth this much; what is left below it orders equal counts (narrow before
    /// broad, inbound at the target before outbound at the source).
    static let unit: Int64 = 1 << 20

    /// The Standard virtual WAN each hub-connected VNet belongs to.
    private let wanOfNetwork: [ResourceID: ResourceID]

    init(graph: ReachabilityGraph, topology: Topology) {
        self.graph = graph
        self.topology = topology
        var wans: [ResourceID: ResourceID] = [:]
        for connection in topology.virtualWAN.connections.values {
            guard let wan = topology.virtualWAN.hubs[connection.hub]?.wan, topology.virtualWAN.wans[wan]?.standard ?? true else { continue }
            wans[connection.network] = wan
        }
        wanOfNetwork = wans
    }

    /// Deny policies cut together: same targets, same services into them.
    struct Group {
        var policies: [String]
        var sources: Set<String>
        let targets: Set<String>
        let services: ServiceSet?
    }

    mutating func plan(denies: [Policy], requires: [Policy]) -> IsolationPlan {
        let groups = groups(denies)
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

    /// The deny policies in groups cut together, in the order first met.
    func groups(_ denies: [Policy]) -> [Group] {
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
        return groups
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
                    for key in (chain(hop) ?? []) + returnPeerings(hop) {
                        gadgets[key]!.protect = gadgets[key]!.protect.union(services)
                        gadgets[key]!.protectors.insert(policy.id)
                    }
                }
            }
        }
    }

    // MARK: The cut

    /// A hop of a group that can be on a violating path, with the services a change must deny
    /// on it: into a target, what the policy counts; into a pivot, everything.
    struct RelevantHop {
        let hop: Hop
        let deny: ServiceSet
        /// A reach one way only (RT-16, RT-18) into a target, standing in as a hop for its
        /// connectionless services: a deny policy counts them.
        let oneWay: Bool
    }

    func relevantHops(_ group: Group) -> [RelevantHop] {
        var result: [RelevantHop] = []
        func active(_ id: String) -> Bool { !group.targets.contains(id) && (group.sources.contains(id) || graph.node(id)?.canPivot == true) }
        for node in graph.nodes where active(node.id) {
            for hop in graph.hops(from: node.id) {
                let deny: ServiceSet
                if group.targets.contains(hop.to) {
                    deny = group.services.map { hop.services.intersection($0) } ?? hop.services
                } else if graph.node(hop.to)?.canPivot == true {
                    deny = hop.services
                } else {
                    continue
                }
                if !deny.isEmpty { result.append(RelevantHop(hop: hop, deny: deny, oneWay: false)) }
            }
        }
        for reach in graph.oneWay where group.targets.contains(reach.to) && active(reach.from) {
            let carried = reach.services.connectionless
            let deny = group.services.map { carried.intersection($0) } ?? carried
            guard !deny.isEmpty else { continue }
            let hop = Hop(from: reach.from, to: reach.to, services: carried, allowedBy: reach.allowedBy, via: reach.via, witness: reach.witness)
            result.append(RelevantHop(hop: hop, deny: deny, oneWay: true))
        }
        return result
    }

    /// Cuts one group: max-flow from its sources to its targets, each hop a chain of the
    /// changes that would remove it.
    mutating func cut(_ group: Group) -> [IsolationConflict] {
        let hops = relevantHops(group)
        // What each change would deny if chosen for this group too.
        var prospective: [IsolationGadget.Key: ServiceSet] = [:]
        for r in hops {
            for key in chain(r.hop, oneWay: r.oneWay) ?? [] {
                prospective[key, default: gadgets[key]!.deny] = prospective[key, default: gadgets[key]!.deny].union(r.deny)
            }
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
        for r in hops {
            guard let from = graph.index(of: r.hop.from), let to = graph.index(of: r.hop.to) else { continue }
            var at = from
            for key in chain(r.hop, oneWay: r.oneWay) ?? [] {
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
        for r in hops {
            for key in chain(r.hop, oneWay: r.oneWay) ?? [] where gadgets[key]!.chosen && cutEdges.contains(ends[key]!.edge) {
                let cut = CutHop(from: r.hop.from, to: r.hop.to, services: r.deny)
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
    mutating func conflicts(_ group: Group, hops: [RelevantHop], capacity: [IsolationGadget.Key: Int64]) -> [IsolationConflict] {
        var uncut: [String: [RelevantHop]] = [:]
        for r in hops where (chain(r.hop, oneWay: r.oneWay) ?? []).allSatisfy({ capacity[$0]! >= MinimumCut.infinity }) {
            uncut[r.hop.from, default: []].append(r)
        }
        var parent: [String: RelevantHop] = [:]
        var frontier = group.sources.sorted().filter { !group.targets.contains($0) }
        var seen = Set(frontier)
        while !frontier.isEmpty {
            var next: [String] = []
            for id in frontier {
                for r in uncut[id] ?? [] where !seen.contains(r.hop.to) {
                    seen.insert(r.hop.to)
                    parent[r.hop.to] = r
                    if group.targets.contains(r.hop.to) {
                        var path = [r]
                        while let p = parent[path[0].hop.from] { path.insert(p, at: 0) }
                        let requirements = Set(path.flatMap { (chain($0.hop, oneWay: $0.oneWay) ?? []).flatMap { gadgets[$0]!.protectors } }).sorted()
                        return [
                            IsolationConflict(
                                policy: group.policies.joined(separator: ", "), nodes: [path[0].hop.from] + path.map(\.hop.to), requirements: requirements)
                        ]
                    }
                    next.append(r.hop.to)
                }
            }
            frontier = next.sorted()
        }
        return []
    }

    // MARK: Candidate changes per hop

    /// The changes that would each remove a hop, in the order it passes them (outbound at the
    /// source, then inbound at the destination); nil when none would. Creates their gadgets.
    mutating func chain(_ hop: Hop, oneWay: Bool = false) -> [IsolationGadget.Key]? {
        let memo = hop.from + "\u{0}" + hop.to + (oneWay ? "\u{0}one-way" : "")
        if let known = chains[memo] { return known }
        guard let from = graph.node(hop.from), let to = graph.node(hop.to) else { return nil }
        var keys: [IsolationGadget.Key] = []
        var bounds: [IsolationGadget.Key: Int] = [:]
        let events = hop.via.map(\.event)
        // A hop that unites several ways (two firewalls, a public IP and DNAT) lists the steps
        // of all of them: a change on one way's path (a peering, a translated source) leaves
        // the others, so only what judges every way at its ends is a candidate.
        let several = Self.hasSeveralWays(events, from: from)
        // AVNM-4: what a security admin AlwaysAllow delivers never meets the NSGs of its side,
        // so a deny rule there cannot cut it.
        func delivered(_ direction: TrafficDirection) -> Bool {
            hop.allowedBy.contains { $0.level == .admin && $0.direction == direction && $0.rule.access == .alwaysAllow }
        }
        if to.kind == .asset, let asset = to.asset {
            if from.kind != .privateEndpoint { keys.append(.publicAccess(asset)) }
        } else {
            if from.kind == .hosts || from.kind == .vacantSubnet, let subnet = from.subnet, !events.contains(where: Self.translatesDestination),
                !delivered(.outbound), let destination = Self.peer(of: to)
            {
                let key = IsolationGadget.Key.outbound(subnet: subnet, from: .subnet(subnet), to: destination)
                keys.append(key)
                bounds[key] = bound(hop, subnet: subnet, direction: .outbound)
            }
            if !several, from.kind == .hosts || from.kind == .vacantSubnet, let subnet = from.subnet,
                events.contains(where: { if case .outbound(.defaultAccess) = $0 { true } else { false } })
            {
                keys.append(.privateSubnet(subnet))
            }
            for step in hop.via where !several && step.kind == .peering && step.decision == .forward {
                if let id = step.resource, let key = peeringKey(id), !keys.contains(key) { keys.append(key) }
            }
            if to.kind == .hosts || to.kind == .vacantSubnet || to.kind == .privateEndpoint, let subnet = to.subnet, let s = topology.subnets[subnet],
                to.kind != .privateEndpoint || s.privateEndpointNetworkPolicies.appliesSecurityGroups, !delivered(.inbound),
                let destination = Self.peer(of: to), let seen = several ? .anySource : Self.seenSource(events) ?? Self.peer(of: from)
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

    /// The peerings between a hop's two VNets, which its replies may take even when the
    /// requests go another way (RT-16, RT-18): removing one can leave the hop one way only.
    mutating func returnPeerings(_ hop: Hop) -> [IsolationGadget.Key] {
        guard let a = graph.node(hop.from)?.network, let b = graph.node(hop.to)?.network, a != b else { return [] }
        let keys = (topology.peeringsByNetwork[a] ?? []).filter { topology.peerings[$0]?.remoteNetwork == b }.compactMap(peeringKey)
        for key in keys where gadgets[key] == nil { gadgets[key] = IsolationGadget(key: key) }
        return keys
    }

    /// A peering's key: the side whose ID sorts first.
    func peeringKey(_ id: ResourceID) -> IsolationGadget.Key? {
        // A connected group (AVNM-14) has no peering resource to remove.
        guard let peering = topology.peerings[id], peering.connectivityConfiguration == nil else { return nil }
        // Two spokes of one Standard WAN keep the hub's way between them without the peering
        // (VWAN-15, VWAN-17): removing it is no cut.
        if let remote = peering.remoteNetwork, let wan = wanOfNetwork[peering.localNetwork], wanOfNetwork[remote] == wan { return nil }
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
        // A created NSG holds its baseline rules from 4094 inbound, at 4096 outbound
        // (IsolationChange.baselineRules).
        guard let nsg = topology.subnets[subnet]?.securityGroup else { return direction == .inbound ? 4094 : 4096 }
        let priorities = hop.allowedBy.filter { $0.securityGroup == nsg && $0.direction == direction && !$0.rule.isDefault }.map(\.rule.priority)
        return min(priorities.min() ?? 4097, 4097)
    }

    /// Whether a hop's steps come from more than one way: more than one way in from the
    /// Internet (public IPs, DNAT, gateway listeners, load balancer rules), or more than one
    /// route lookup in the source's own subnet.
    static func hasSeveralWays(_ events: [TraceEvent], from: AttackNode) -> Bool {
        var entries = 0, lookups = 0
        for event in events {
            switch event {
            case .publicIPTranslated, .publicIPMapped, .dnatRule, .dnatTranslation, .gatewayListenerReached, .publicLoadBalancerRule, .publishedBackend:
                entries += 1
            case .route(_, let subnet, _) where subnet == from.subnetName:
                lookups += 1
            default: break
            }
        }
        return entries > 1 || lookups > 1
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

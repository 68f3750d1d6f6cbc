import Dispatch
import ParallelSupport
import TopologyModel

extension EstateIndex {
    /// The attack graph of this estate, built from `base`, the graph of `previous`, where
    /// this estate differs from it in the rules of some NSGs only: every hop out of or into
    /// a node those NSGs judge is evaluated again, every other hop, one-way reach and
    /// explanation is the base's, since nothing on its way changed. Any other difference —
    /// another resource, the options, the nodes (NSG prefixes also decide how hosts are
    /// grouped), or an NSG that judges traffic passing through (an appliance's, an
    /// Application Gateway's subnet, a Private Link service's backends) — builds the graph
    /// whole, as ``graph(lean:)`` does.
    ///
    /// - Complexity: O(R) to compare the two models' R resources and O(E) to group E
    ///   endpoints into nodes; then O(N · D) full hop evaluations for N nodes of which D are
    ///   judged by a changed NSG, and a copy of the base graph's arrays.
    public func graph(reusing base: ReachabilityGraph, of previous: EstateIndex) -> ReachabilityGraph {
        reuse(base, of: previous) ?? graph()
    }

    /// ``graph(reusing:of:)``, or nil where the graph must be built whole.
    func reuse(_ base: ReachabilityGraph, of previous: EstateIndex) -> ReachabilityGraph? {
        guard options == previous.options, let changed = topology.securityGroupChanges(since: previous.topology) else { return nil }
        let nodes = buildNodes()
        guard nodes == base.nodes, let dirty = judged(by: changed, in: nodes) else { return nil }
        let sources = nodes.indices.filter { [.hosts, .internet, .onPremises].contains(nodes[$0].kind) }
        let targets = nodes.indices.filter { ![.internet, .asset, .onPremises].contains(nodes[$0].kind) }
        let isSource = Set(sources)
        let dirtyTargets = targets.filter { dirty.contains($0) }
        let dropped = dirty.sorted()
        let privateGateways = topology.applicationGateways.values.contains { $0.routes.contains { $0.privateAddress != nil } }
        let assets = nodes.filter { $0.kind == .asset }
        var grouped: [Int: [OneWayReach]] = [:]
        for reach in base.oneWay { if let s = base.index(of: reach.from) { grouped[s, default: []].append(reach) } }
        let oneWayFrom = grouped
        let slots = Slots<ReachabilityGraph.Outgoing>(count: nodes.count)
        DispatchQueue.concurrentPerform(iterations: nodes.count) { s in
            guard isSource.contains(s) else {
                slots.store(base.outgoing(of: s, oneWay: oneWayFrom[s] ?? [], dropping: []), at: s)
                return
            }
            let rowIsDirty = dirty.contains(s)
            var found = base.outgoing(of: s, oneWay: oneWayFrom[s] ?? [], dropping: rowIsDirty ? nil : dropped)
            for t in rowIsDirty ? targets : dirtyTargets where t != s {
                let hop: Hop?
                switch nodes[s].kind {
                case .internet:
                    let entry = internetEntry(to: nodes[t])
                    hop = entry.hop
                    if let oneWay = entry.oneWay { found.oneWay.append(oneWay) }
                case .onPremises:
                    hop = onPremisesHop(to: nodes[t])
                default:
                    let gateways = privateGateways ? privateApplicationGatewayHops(from: nodes[s], to: nodes[t]) : []
                    let reach = internalReach(from: nodes[s], to: nodes[t])
                    if let oneWay = reach.oneWay { found.oneWay.append(oneWay) }
                    hop = merged(reach.hop, gateways)
                }
                if let hop { found.eager.append(hop) }
            }
            if rowIsDirty, nodes[s].kind == .hosts {
                // The ways out and to the services' public endpoints start with the host's own
                // outbound NSGs.
                let id = nodes[s].id
                found.eager += egressHops([nodes[s]]) + assetHops([nodes[s]] + assets).filter { $0.from == id }
            }
            slots.store(found, at: s)
        }
        let outgoing = nodes.indices.map { slots.take(at: $0) ?? ReachabilityGraph.Outgoing() }
        let explainer = HopExplainer(index: self, nodes: nodes)
        return ReachabilityGraph(nodes: nodes, outgoing: outgoing, services: base.serviceTable, store: base.store.map { _ in HopStore(explainer: explainer) })
    }

    /// The nodes whose own stages (their subnet's NSG or their NICs') use one of `groups`,
    /// or nil when one of them also judges traffic on its way elsewhere: on an NVA's NIC or
    /// subnet (RT-7, NSG-9), an Application Gateway's subnet (PUB-4), a gateway or firewall
    /// subnet, or a Private Link service's backends (PLS-2).
    func judged(by groups: Set<ResourceID>, in nodes: [AttackNode]) -> Set<Int>? {
        guard !groups.isEmpty else { return [] }
        var transit: Set<ResourceID> = []
        for nic in topology.interfaces.values where nic.ipForwarding {
            if let group = nic.securityGroup { transit.insert(group) }
            for configuration in nic.ipConfigurations {
                if let group = configuration.subnet.flatMap({ topology.subnets[$0]?.securityGroup }) { transit.insert(group) }
            }
        }
        for gateway in topology.applicationGateways.values {
            if let group = gateway.subnet.flatMap({ topology.subnets[$0]?.securityGroup }) { transit.insert(group) }
        }
        let middleboxSubnets = topology.firewalls.values.flatMap(\.subnets) + topology.gateways.values.compactMap(\.subnet)
        for subnet in middleboxSubnets {
            if let group = topology.subnets[subnet]?.securityGroup { transit.insert(group) }
        }
        for service in topology.privateLinkServices.values {
            for (_, _, backend) in linkServiceBackends(service) {
                if let group = topology.interfaces[backend.interface]?.securityGroup { transit.insert(group) }
                if let group = topology.subnets[backend.subnet]?.securityGroup { transit.insert(group) }
            }
        }
        guard transit.isDisjoint(with: groups) else { return nil }
        var result: Set<Int> = []
        for (i, node) in nodes.enumerated() {
            let subnetGroup = node.subnet.flatMap { topology.subnets[$0]?.securityGroup }
            let nicGroups = node.endpoints.compactMap { topology.interfaces[$0.interface]?.securityGroup }
            if subnetGroup.map(groups.contains) == true || nicGroups.contains(where: groups.contains) { result.insert(i) }
        }
        return result
    }
}

extension ReachabilityGraph {
    /// What leaves node `s`, as the graph build found it, for the targets `keeping` keeps:
    /// lean runs with their service-table numbers, hops built with their explanation, and
    /// of `oneWay`, the one-way reaches from `s`, those into such targets.
    ///
    /// - Parameter dropping: the targets not kept, in index order (all of them when nil).
    func outgoing(of s: Int, oneWay: [OneWayReach], dropping: [Int]?) -> Outgoing {
        var found = Outgoing()
        guard let dropping else { return found }
        func dropped(_ t: Int) -> Bool {
            let i = dropping.partitionedIndex { $0 >= t }
            return i < dropping.count && dropping[i] == t
        }
        for k in outRange[s] {
            let n = payload[k]
            if n < 0 {
                if !dropped(Int(hopTarget[k])) { found.eager.append(eager[Int(-1 - n)]) }
                continue
            }
            // The run without the dropped targets it covers: binary search for the first.
            var start = hopTarget[k]
            let end = start + hopSpan[k]
            var d = dropping.partitionedIndex { $0 >= Int(start) }
            while d < dropping.count && dropping[d] < Int(end) {
                let cut = Int32(dropping[d])
                if cut > start { found.lean.append(HopRun(target: start, span: cut - start, services: n)) }
                start = cut + 1
                d += 1
            }
            if start < end { found.lean.append(HopRun(target: start, span: end - start, services: n)) }
        }
        found.oneWay = oneWay.filter { nodeIndex[$0.to].map { !dropped($0) } == true }
        return found
    }
}

extension Array where Element == Int {
    /// The first position whose element satisfies `belongs`, for an array partitioned so
    /// that those elements come last.
    func partitionedIndex(where belongs: (Int) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if belongs(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}

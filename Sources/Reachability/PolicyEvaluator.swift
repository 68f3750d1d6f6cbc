import TopologyModel

/// Regions Azure has retired: policies and resources that name them describe an estate
/// that cannot exist any more (Microsoft Cloud Deutschland closed on 29 October 2021).
public let retiredRegions: [String: String] = [
    "germanycentral": "Microsoft Cloud Deutschland, closed in October 2021",
    "germanynortheast": "Microsoft Cloud Deutschland, closed in October 2021",
]

extension ReachabilityGraph {
    /// Judges policies against this graph.
    ///
    /// - Parameter maxHops: longest attack path considered, as for ``paths(_:topology:)``.
    /// - Returns: one verdict per policy, in the order given.
    /// - Complexity: O(P · S · (N + H)) for P policies whose selectors pick S nodes, over N
    ///   nodes and H hops.
    public func evaluate(_ policies: [Policy], topology: Topology, maxHops: Int = 8) -> [PolicyVerdict] {
        let evaluator = PolicyEvaluator(graph: self, topology: topology, maxHops: maxHops)
        return policies.map(evaluator.evaluate)
    }
}

struct PolicyEvaluator {
    let graph: ReachabilityGraph
    let topology: Topology
    let maxHops: Int

    init(graph: ReachabilityGraph, topology: Topology, maxHops: Int) {
        self.graph = graph
        self.topology = topology
        self.maxHops = maxHops
    }

    func evaluate(_ policy: Policy) -> PolicyVerdict {
        var empty: [Selector] = []
        func select(_ selectors: [Selector]) -> [String] {
            var ids = Set<String>()
            for s in selectors {
                let picked = s.select(in: graph, topology: topology)
                if picked.isEmpty { empty.append(s) }
                ids.formUnion(picked)
            }
            return ids.sorted()
        }
        var violations: [PolicyViolation] = []
        var notes: [String] = []
        switch policy.kind {
        case .deny(let from, let to, let services):
            let sources = select(from), targets = Set(select(to))
            for source in sources where !targets.contains(source) {
                // A path counts where it enters the target zone: targets are not pivots.
                let search = search(from: source, avoiding: targets)
                for target in targets.sorted() where target != source {
                    guard
                        let path = path(
                            to: target, in: search, from: source, avoiding: targets,
                            final: { hop in services.map { !hop.services.intersection($0).isEmpty } ?? true })
                    else {
                        if let violation = oneWayViolation(to: target, in: search, from: source, avoiding: targets, services: services) {
                            violations.append(violation)
                        }
                        continue
                    }
                    let last = path.hops.last!
                    let carried = services.map { last.services.intersection($0) } ?? last.services
                    violations.append(
                        PolicyViolation(
                            message:
                                "\(label(source)) reaches \(label(target)) in \(path.hops.count) hop\(path.hops.count == 1 ? "" : "s") (\(carried.summary) into the target): \(path.nodes.joined(separator: " -> "))",
                            path: path, evidence: evidence(path)))
                }
            }
        case .require(let from, let to, let services):
            let sources = select(from), targets = select(to)
            if !targets.isEmpty {
                for source in sources {
                    let direct = graph.hops(from: source).filter { targets.contains($0.to) }
                    if direct.contains(where: { services.subtracting($0.services).isEmpty }) { continue }
                    let best = direct.map { "\($0.to) allows \($0.services.summary)" }
                    violations.append(
                        PolicyViolation(
                            message:
                                "\(label(source)) cannot reach \(targets.count == 1 ? label(targets[0]) : "any of \(targets.count) targets") on \(services.summary)"
                                + (best.isEmpty ? ": no direct hop at all" : " (" + best.joined(separator: "; ") + ")"),
                            path: nil, evidence: []))
                }
            }
        case .maxExposure(let zone, let allowed):
            for id in select(zone) {
                guard let hop = graph.hop(from: AttackNode.internetID, to: id) else { continue }
                let excess = hop.services.subtracting(allowed)
                guard !excess.isEmpty else { continue }
                let path = AttackPath(nodes: [AttackNode.internetID, id], hops: [hop])
                violations.append(
                    PolicyViolation(
                        message: "the Internet reaches \(label(id)) on \(excess.summary), beyond the allowed \(allowed.isEmpty ? "nothing" : allowed.summary)",
                        path: path, evidence: evidence(path)))
            }
        case .residency(let resources, let regions):
            let allowed = Set(regions.map { $0.lowercased() })
            for region in regions where retiredRegions[region.lowercased()] != nil {
                notes.append("stale input: the policy names \(region), a region Azure has retired (\(retiredRegions[region.lowercased()]!))")
            }
            let selected = select(resources)
            for id in selected {
                guard let node = graph.node(id), let region = node.region else { continue }
                if retiredRegions[region] != nil {
                    notes.append("stale input: \(label(id)) sits in \(region), a region Azure has retired (\(retiredRegions[region]!))")
                }
                if !allowed.contains(region) {
                    violations.append(
                        PolicyViolation(
                            message: "\(label(id)) sits in \(region), outside \(regions.joined(separator: ", "))",
                            path: nil, evidence: placeEvidence(node)))
                }
            }
            let zone = Set(selected)
            for source in selected {
                // Other selected nodes are sources of their own: do not pivot through them.
                let search = search(from: source, avoiding: zone)
                for node in graph.nodes where node.id != source {
                    guard let region = node.region, !allowed.contains(region), search.distance[node.id] != nil || graph.hasIncoming(node.id),
                        let path = path(to: node.id, in: search, from: source, avoiding: zone, final: { _ in true })
                    else { continue }
                    // Report the first hop that leaves the allowed regions, not every node beyond it.
                    let firstOutside = path.nodes.dropFirst().firstIndex { graph.node($0)?.region.map { !allowed.contains($0) } ?? false }
                    guard firstOutside == path.nodes.count - 1 else { continue }
                    violations.append(
                        PolicyViolation(
                            message: "traffic can leave \(label(source)) for \(label(node.id)) in \(region): \(path.nodes.joined(separator: " -> "))",
                            path: path, evidence: evidence(path)))
                }
            }
        }
        if !empty.isEmpty && violations.isEmpty {
            notes.append("holds vacuously: \(empty.map(\.description).joined(separator: ", ")) select\(empty.count == 1 ? "s" : "") nothing in this estate")
        }
        return PolicyVerdict(policy: policy, violations: violations, emptySelectors: empty, notes: notes)
    }

    func label(_ id: String) -> String { id }

    /// A deny policy is a gate: where no connection reaches the target but a packet does
    /// (the reply cannot return, RT-16, RT-18), the connectionless part of it (UDP, ICMP,
    /// other protocols) still delivers a payload, which is enough for some exploits. Such
    /// a last hop violates the policy like a hop would; TCP, which needs its handshake, does not.
    func oneWayViolation(to target: String, in search: Search, from source: String, avoiding: Set<String>, services: ServiceSet?) -> PolicyViolation? {
        for reach in graph.oneWay(into: target) {
            let carried = services.map { reach.services.connectionless.intersection($0) } ?? reach.services.connectionless
            guard !carried.isEmpty, let w = carried.witness, let d = search.distance[reach.from], d + 1 <= maxHops,
                reach.from == source || (graph.node(reach.from)?.canPivot == true && !avoiding.contains(reach.from))
            else { continue }
            var nodes = [reach.from]
            while let p = search.parent[nodes[0]] { nodes.insert(p, at: 0) }
            nodes.append(target)
            let witness = WitnessFlow(
                source: reach.witness.source, destination: reach.witness.destination, translatedDestination: reach.witness.translatedDestination,
                proto: w.proto, port: w.port, sourcePort: w.proto.hasPorts ? reach.witness.sourcePort : nil)
            var last = Hop(from: reach.from, to: target, services: carried, allowedBy: reach.allowedBy, via: reach.via + [reach.reply], witness: witness)
            last.findings = [.oneWayOnly(reply: reach.reply)]
            let hops = zip(nodes, nodes.dropFirst()).dropLast().compactMap { graph.hop(from: $0, to: $1) } + [last]
            let path = AttackPath(nodes: nodes, hops: hops)
            return PolicyViolation(
                message:
                    "\(label(source)) reaches \(label(target)) one way only in \(hops.count) hop\(hops.count == 1 ? "" : "s") (\(carried.summary) into the target, without replies): \(nodes.joined(separator: " -> "))",
                path: path, evidence: evidence(path))
        }
        return nil
    }

    // MARK: Search

    /// Distances and predecessors by node index (-1: not reached), read by node ID.
    struct Search {
        let graph: ReachabilityGraph
        var depth: [Int32]
        var parentIndex: [Int32]

        var distance: Lookup<Int> { Lookup { id in graph.index(of: id).flatMap { depth[$0] >= 0 ? Int(depth[$0]) : nil } } }
        var parent: Lookup<String> { Lookup { id in graph.index(of: id).flatMap { parentIndex[$0] >= 0 ? graph.nodes[Int(parentIndex[$0])].id : nil } } }

        struct Lookup<Value> {
            let read: (String) -> Value?
            subscript(_ id: String) -> Value? { read(id) }
        }
    }

    /// Breadth-first from one node; only hosts and private endpoints are pivots (as in
    /// path search), and the nearest predecessor with the smallest ID is kept. Walks the
    /// graph's arrays by node index: no hop is built (a gate over a large estate searches
    /// from every source).
    func search(from source: String, avoiding: Set<String> = []) -> Search {
        var result = Search(graph: graph, depth: Array(repeating: -1, count: graph.nodes.count), parentIndex: Array(repeating: -1, count: graph.nodes.count))
        guard let start = graph.index(of: source) else { return result }
        let avoided = Set(avoiding.compactMap { graph.index(of: $0) })
        result.depth[start] = 0
        var frontier = [start]
        var depth: Int32 = 0
        while !frontier.isEmpty && Int(depth) < maxHops - 1 {
            depth += 1
            var next: [Int] = []
            for i in frontier where i == start || (graph.nodes[i].canPivot && !avoided.contains(i)) {
                for k in graph.outRange[i] {
                    for target in graph.targets(ofEntry: k, from: i) {
                        let t = Int(target)
                        guard result.depth[t] < 0 else { continue }
                        result.depth[t] = depth
                        result.parentIndex[t] = Int32(i)
                        next.append(t)
                    }
                }
            }
            // Visit the next level in ID order, so the predecessor kept is the smallest ID.
            frontier = next.sorted { graph.rank[$0] < graph.rank[$1] }
        }
        return result
    }

    /// The shortest path to `target` whose last hop passes `final`.
    func path(to target: String, in search: Search, from source: String, avoiding: Set<String> = [], final: (Hop) -> Bool) -> AttackPath? {
        var best: (Int, String, Hop)? = nil
        for hop in graph.hops(into: target) where final(hop) {
            guard let d = search.distance[hop.from], d + 1 <= maxHops,
                hop.from == source || (graph.node(hop.from)?.canPivot == true && !avoiding.contains(hop.from))
            else { continue }
            if best == nil || (d, hop.from) < (best!.0, best!.1) { best = (d, hop.from, hop) }
        }
        guard let (_, last, finalHop) = best else { return nil }
        var nodes = [last]
        while let p = search.parent[nodes[0]] { nodes.insert(p, at: 0) }
        nodes.append(target)
        let hops = zip(nodes, nodes.dropFirst()).dropLast().compactMap { graph.hop(from: $0, to: $1) } + [finalHop]
        return AttackPath(nodes: nodes, hops: hops)
    }

    // MARK: Evidence

    /// The resources that open a path, the hop into the target first.
    func evidence(_ path: AttackPath) -> [Evidence] {
        var seen = Set<String>()
        var result: [Evidence] = []
        func add(_ e: Evidence) { if seen.insert(e.resource.key).inserted { result.append(e) } }
        for hop in path.hops.reversed() {
            for c in hop.allowedBy where !c.rule.isDefault {
                let id = c.rule.id ?? ResourceID(c.securityGroup.text + "/securityRules/" + c.rule.name)
                add(
                    Evidence(
                        resource: id,
                        text: "NSG rule \(c.rule.name) (\(c.securityGroupName), \(c.direction.rawValue.lowercased()), priority \(c.rule.priority))",
                        origin: c.rule.origin ?? topology.securityGroups[c.securityGroup]?.origin))
            }
            for f in hop.firewallRules where f.action != .deny {
                add(
                    Evidence(
                        resource: f.firewall,
                        text: "firewall rule \([f.group, f.collection, f.rule].compactMap { $0 }.joined(separator: "/")) on \(f.firewallName)",
                        origin: topology.firewalls[f.firewall]?.origin))
            }
            for step in hop.via where [.peering, .publicIP, .route].contains(step.kind) {
                guard let id = step.resource else { continue }
                add(Evidence(resource: id, text: "\(step.kind.rawValue) \(step.resourceName)", origin: origin(of: id)))
            }
            for c in hop.allowedBy where c.rule.isDefault {
                add(
                    Evidence(
                        resource: c.securityGroup, text: "default rule \(c.rule.name) of \(c.securityGroupName)",
                        origin: topology.securityGroups[c.securityGroup]?.origin))
            }
        }
        return result
    }

    func placeEvidence(_ node: AttackNode) -> [Evidence] {
        if let asset = node.asset { return [Evidence(resource: asset, text: node.label, origin: origin(of: asset))] }
        if let network = node.network {
            return [Evidence(resource: network, text: "virtual network \(node.networkName ?? network.name)", origin: origin(of: network))]
        }
        return []
    }

    func origin(of id: ResourceID) -> SourceLocation? {
        let lookups: [(ResourceID) -> SourceLocation?] = [
            { topology.peerings[$0]?.origin }, { topology.publicIPs[$0]?.origin }, { topology.routeTables[$0]?.origin },
            { topology.networks[$0]?.origin }, { topology.subnets[$0]?.origin }, { topology.securityGroups[$0]?.origin },
            { topology.firewalls[$0]?.origin }, { topology.storageAccounts[$0]?.origin }, { topology.serviceResources[$0]?.origin },
            { topology.privateEndpoints[$0]?.origin }, { topology.interfaces[$0]?.origin }, { topology.loadBalancers[$0]?.origin },
            { topology.applicationGateways[$0]?.origin },
        ]
        for lookup in lookups { if let found = lookup(id) { return found } }
        if let parent = id.parent, let table = topology.routeTables[parent], let route = table.routes.first(where: { $0.id == id }) {
            return route.origin ?? table.origin
        }
        // A child (a route, a rule collection group) points at its parent.
        return id.parent.flatMap { parent in lookups.lazy.compactMap { $0(parent) }.first }
    }
}

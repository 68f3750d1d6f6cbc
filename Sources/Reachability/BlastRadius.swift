import TopologyModel

/// Everything an attacker who holds some nodes can reach: each node with the fewest hops
/// it takes and the services on the hops that first reach it.
public struct BlastRadius: Sendable {
    public struct Entry: Sendable, Hashable {
        public let node: String
        public let hops: Int
        /// Union of the services of every hop that reaches the node at that distance.
        public let services: ServiceSet
        /// The nodes those hops come from, sorted.
        public let via: [String]
    }

    public let from: [Selector]
    public let sources: [String]
    /// Sorted by region, VNet, hop count, node ID.
    public let entries: [Entry]
    public let emptySelectors: [Selector]
}

extension ReachabilityGraph {
    /// A breadth-first search from every selected node at once; only hosts and private
    /// endpoints are pivots (as in ``paths(_:topology:)``), the Internet and on-premises
    /// only starts.
    ///
    /// - Complexity: O(N + H) for N nodes and H hops.
    public func blastRadius(from selectors: [Selector], topology: Topology, maxHops: Int = 8) -> BlastRadius {
        var empty: [Selector] = []
        var sources = Set<String>()
        for s in selectors {
            let picked = s.select(in: self, topology: topology)
            if picked.isEmpty { empty.append(s) }
            sources.formUnion(picked)
        }
        var distance: [String: Int] = [:]
        for s in sources { distance[s] = 0 }
        var services: [String: ServiceSet] = [:]
        var via: [String: Set<String>] = [:]
        var frontier = sources.sorted()
        var depth = 0
        while !frontier.isEmpty && depth < maxHops {
            depth += 1
            var next: [String] = []
            for id in frontier where sources.contains(id) || node(id)?.canPivot == true {
                for hop in hops(from: id) {
                    if let d = distance[hop.to] {
                        if d == depth {
                            services[hop.to] = services[hop.to]!.union(hop.services)
                            via[hop.to, default: []].insert(id)
                        }
                        continue
                    }
                    distance[hop.to] = depth
                    services[hop.to] = hop.services
                    via[hop.to] = [id]
                    next.append(hop.to)
                }
            }
            frontier = next.sorted()
        }
        let entries = distance.compactMap { id, d -> BlastRadius.Entry? in
            guard d > 0 else { return nil }
            return BlastRadius.Entry(node: id, hops: d, services: services[id] ?? ServiceSet(), via: (via[id] ?? []).sorted())
        }.sorted { a, b in
            let na = node(a.node), nb = node(b.node)
            return (na?.region ?? "~", na?.networkName ?? "~", a.hops, a.node) < (nb?.region ?? "~", nb?.networkName ?? "~", b.hops, b.node)
        }
        return BlastRadius(from: selectors, sources: sources.sorted(), entries: entries, emptySelectors: empty)
    }
}

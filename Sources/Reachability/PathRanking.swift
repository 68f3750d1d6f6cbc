import TopologyModel

/// How dangerous an attack path is, as a documented sum (docs/solver.md, "Ranking"), so
/// reviews start with the worst path and two runs rank alike.
///
/// `score = 100 - 10·(hops - 1) + 20·(entry hop reaches a management port)
///          + 10·(last hop reaches a management port) + 10·(some hop is open to every service)
///          + 5·(some hop crosses a region) - 15·(some hop is inspected by an Azure Firewall)`
///
/// Management ports are TCP 22 (SSH), 3389 (RDP), 5985 and 5986 (WinRM): reaching them
/// gives a shell. Every extra hop is another control the attacker must beat, so shorter
/// paths rank higher whatever the other factors. A hop counts as inspected when it passes
/// an Azure Firewall and does not also arrive on an instance public IP (which bypasses it).
public struct RiskScore: Sendable, Hashable, Comparable {
    public let total: Int
    public let hops: Int
    public let managementEntry: Bool
    public let managementTarget: Bool
    public let wideOpen: Bool
    public let crossRegion: Bool
    public let inspected: Bool

    public static let managementPorts: PortSet = PortSet([22...22, 3389...3389, 5985...5986])

    public init(path: AttackPath, graph: ReachabilityGraph) {
        hops = path.hops.count
        func management(_ hop: Hop) -> Bool { hop.services.ports[.tcp].map { $0.overlaps(Self.managementPorts) } ?? false }
        managementEntry = path.hops.first.map(management) ?? false
        managementTarget = path.hops.count > 1 && (path.hops.last.map(management) ?? false)
        wideOpen = path.hops.contains { $0.services.isEverything }
        crossRegion = path.hops.contains { hop in
            guard let a = graph.node(hop.from)?.region, let b = graph.node(hop.to)?.region else { return false }
            return a != b
        }
        inspected = path.hops.contains { hop in
            (!hop.firewallRules.isEmpty || hop.via.contains { $0.kind == .firewall }) && !hop.via.contains { $0.kind == .publicIP }
        }
        var total = 100 - 10 * (hops - 1)
        if managementEntry { total += 20 }
        if managementTarget { total += 10 }
        if wideOpen { total += 10 }
        if crossRegion { total += 5 }
        if inspected { total -= 15 }
        self.total = total
    }

    public static func < (a: RiskScore, b: RiskScore) -> Bool { a.total < b.total }
}

/// The answer for one entry selector and one target selector.
public struct PairRanking: Sendable {
    public let from: Selector
    public let to: Selector
    public let reachable: Bool
    /// Best first, at most the limit asked for.
    public let paths: [(path: AttackPath, score: RiskScore)]
    /// How many distinct paths there were before the limit.
    public let candidates: Int
}

extension PathResult {
    /// Ranks the paths of this answer per entry selector and target selector, riskiest
    /// first (ties: fewer hops, then node IDs), keeping `limit` per pair.
    ///
    /// The candidates are the shortest paths per entry/target node pair that ``ReachabilityGraph/paths(_:topology:)``
    /// found; a longer path through a management port is ranked among them only when it is
    /// the shortest for its pair.
    ///
    /// - Complexity: O(P log P) for P paths, plus selector matching.
    public func ranked(graph: ReachabilityGraph, topology: Topology, limit: Int?) -> [PairRanking] {
        var result: [PairRanking] = []
        for from in query.from {
            let sources = Set(from.select(in: graph, topology: topology))
            for to in query.to {
                let targets = Set(to.select(in: graph, topology: topology))
                var seen = Set<[String]>()
                let candidates = paths.filter { p in
                    guard let first = p.nodes.first, let last = p.nodes.last, sources.contains(first), targets.contains(last) else { return false }
                    return seen.insert(p.nodes).inserted
                }
                let scored = candidates.map { ($0, RiskScore(path: $0, graph: graph)) }.sorted { a, b in
                    if a.1.total != b.1.total { return a.1.total > b.1.total }
                    if a.0.hops.count != b.0.hops.count { return a.0.hops.count < b.0.hops.count }
                    return a.0.nodes.lexicographicallyPrecedes(b.0.nodes)
                }
                result.append(
                    PairRanking(
                        from: from, to: to, reachable: !scored.isEmpty,
                        paths: limit.map { Array(scored.prefix($0)) } ?? scored, candidates: scored.count))
            }
        }
        return result
    }
}

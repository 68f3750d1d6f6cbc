import TopologyModel

/// How dangerous an attack path is, as a documented sum (docs/solver.md, "Ranking"), so
/// reviews start with the worst path and two runs rank alike.
///
/// `score = 100 - 10·hops + 20·(management ports reachable on the entry hop)
///          + 10·(management ports reachable on later hops) + 10·(hops open to every service)
///          + 5·(hops that cross a region) - 15·(hops inspected by an Azure Firewall)`
///
/// Management ports are TCP 22 (SSH), 3389 (RDP), 5985 and 5986 (WinRM): an attacker who
/// reaches them gets a shell. Short paths rank above long ones; a firewall on the way
/// lowers the score because it inspects and logs, even where it allows.
public struct RiskScore: Sendable, Hashable, Comparable {
    public let total: Int
    public let hops: Int
    public let managementEntry: Bool
    public let managementLater: Int
    public let wideOpenHops: Int
    public let crossRegionHops: Int
    public let inspectedHops: Int

    public static let managementPorts: PortSet = PortSet([22...22, 3389...3389, 5985...5986])

    public init(path: AttackPath, graph: ReachabilityGraph) {
        hops = path.hops.count
        func management(_ hop: Hop) -> Bool { hop.services.ports[.tcp].map { $0.overlaps(Self.managementPorts) } ?? false }
        managementEntry = path.hops.first.map(management) ?? false
        managementLater = path.hops.dropFirst().filter(management).count
        wideOpenHops = path.hops.filter(\.services.isEverything).count
        crossRegionHops = path.hops.filter { hop in
            guard let a = graph.node(hop.from)?.region, let b = graph.node(hop.to)?.region else { return false }
            return a != b
        }.count
        inspectedHops = path.hops.filter { !$0.firewallRules.isEmpty || $0.via.contains { $0.kind == .firewall } }.count
        total = 100 - 10 * hops + (managementEntry ? 20 : 0) + 10 * managementLater + 10 * wideOpenHops + 5 * crossRegionHops - 15 * inspectedHops
    }

    /// The factors that moved the score, for reports.
    public var factors: [String] {
        var f = ["\(hops) hop\(hops == 1 ? "" : "s")"]
        if managementEntry { f.append("management port on the entry hop") }
        if managementLater > 0 { f.append("management port on \(managementLater) later hop\(managementLater == 1 ? "" : "s")") }
        if wideOpenHops > 0 { f.append("\(wideOpenHops) hop\(wideOpenHops == 1 ? "" : "s") open to every service") }
        if crossRegionHops > 0 { f.append("\(crossRegionHops) cross-region hop\(crossRegionHops == 1 ? "" : "s")") }
        if inspectedHops > 0 { f.append("\(inspectedHops) hop\(inspectedHops == 1 ? "" : "s") through a firewall") }
        return f
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
                result.append(PairRanking(from: from, to: to, reachable: !scored.isEmpty,
                                          paths: limit.map { Array(scored.prefix($0)) } ?? scored, candidates: scored.count))
            }
        }
        return result
    }
}

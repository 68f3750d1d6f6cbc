import TopologyModel

/// A lateral-movement route: nodes from an entry point to a target and the hop between
/// each consecutive pair.
public struct AttackPath: Sendable, Hashable {
    public let nodes: [String]
    public let hops: [Hop]
}

/// What `paths` asks.
public struct PathQuery: Sendable, Hashable {
    public let from: [Selector]
    public let to: [Selector]
    /// Longest path considered, in hops.
    public let maxHops: Int
    /// How many shortest paths to keep per entry/target pair.
    public let limitPerPair: Int
    /// At most this many paths in all, the first in the result's order (fewest hops, then
    /// node IDs); nil keeps every one. Large estates have millions of entry/target node
    /// pairs: the whole-estate analysis keeps the shortest and ranks those.
    public let maxPaths: Int?

    public init(from: [Selector], to: [Selector], maxHops: Int = 8, limitPerPair: Int = 10, maxPaths: Int? = nil) {
        self.from = from
        self.to = to
        self.maxHops = maxHops
        self.limitPerPair = limitPerPair
        self.maxPaths = maxPaths
    }
}

/// The answer: the nodes selected, the paths found, and selectors that selected nothing.
public struct PathResult: Sendable {
    public let query: PathQuery
    public let sources: [String]
    public let targets: [String]
    public let paths: [AttackPath]
    /// Selectors that picked no node: the answer for them is simply "not reachable".
    public let emptySelectors: [Selector]
    /// Paths were left out to respect ``PathQuery/maxPaths``.
    public var truncated: Bool = false

    /// A selection of another answer's paths (reports that draw only some).
    public init(query: PathQuery, sources: [String], targets: [String], paths: [AttackPath], emptySelectors: [Selector], truncated: Bool = false) {
        self.query = query
        self.sources = sources
        self.targets = targets
        self.paths = paths
        self.emptySelectors = emptySelectors
        self.truncated = truncated
    }

    public var reachable: Bool { !paths.isEmpty }
}

extension ReachabilityGraph {
    /// For every entry/target pair, the shortest attack paths (up to `limitPerPair`,
    /// at most `maxHops` long). Only nodes with hosts are pivots: an attacker who reaches
    /// a host may move on from it; the Internet is only ever a start.
    ///
    /// Sorted by length, then by node IDs: same input, same order.
    ///
    /// - Complexity: O(S · (N + H)) breadth-first searches for S sources over N nodes and
    ///   H hops, plus the paths emitted.
    public func paths(_ query: PathQuery, topology: Topology) -> PathResult {
        var empty: [Selector] = []
        func select(_ selectors: [Selector]) -> [String] {
            var ids = Set<String>()
            for s in selectors {
                let picked = s.select(in: self, topology: topology)
                if picked.isEmpty { empty.append(s) }
                ids.formUnion(picked)
            }
            return ids.sorted()
        }
        let sources = select(query.from)
        let targets = select(query.to)
        let targetSet = Set(targets)
        var result: [AttackPath] = []
        func order(_ a: AttackPath, _ b: AttackPath) -> Bool {
            (a.nodes.count, a.nodes.joined(separator: "\u{1}")) < (b.nodes.count, b.nodes.joined(separator: "\u{1}"))
        }
        var truncated = false
        for source in sources {
            // Breadth-first layers with every shortest predecessor.
            var distance: [String: Int] = [source: 0]
            var predecessors: [String: [String]] = [:]
            var frontier = [source]
            var depth = 0
            while !frontier.isEmpty && depth < query.maxHops {
                depth += 1
                var next: [String] = []
                for id in frontier {
                    if id != source && (node(id)?.canPivot != true) { continue }
                    for hop in hops(from: id) {
                        if let d = distance[hop.to] {
                            if d == depth { predecessors[hop.to, default: []].append(id) }
                            continue
                        }
                        distance[hop.to] = depth
                        predecessors[hop.to] = [id]
                        next.append(hop.to)
                    }
                }
                frontier = next.sorted()
            }
            for target in targets where target != source && targetSet.contains(target) {
                guard distance[target] != nil else { continue }
                var found: [[String]] = []
                func walk(_ id: String, _ suffix: [String]) {
                    if found.count >= query.limitPerPair { return }
                    if id == source { found.append([source] + suffix); return }
                    for p in (predecessors[id] ?? []).sorted() { walk(p, [id] + suffix) }
                }
                walk(target, [])
                for nodes in found {
                    let pathHops = zip(nodes, nodes.dropFirst()).compactMap { hop(from: $0, to: $1) }
                    result.append(AttackPath(nodes: nodes, hops: pathHops))
                }
            }
            // Keep the best `maxPaths` of everything so far: the same paths as truncating at
            // the end, in bounded memory.
            if let cap = query.maxPaths, result.count > 2 * cap {
                result.sort(by: order)
                result.removeLast(result.count - cap)
                truncated = true
            }
        }
        result.sort(by: order)
        if let cap = query.maxPaths, result.count > cap {
            result.removeLast(result.count - cap)
            truncated = true
        }
        return PathResult(query: query, sources: sources, targets: targets, paths: result, emptySelectors: empty, truncated: truncated)
    }
}

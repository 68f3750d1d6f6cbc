import Dispatch
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

    /// Works out every hop's explanation now, on every core. Reports read them all, one
    /// after another, and each is a full evaluation of its hop (rules, routes, firewall);
    /// done here, the Markdown summary no longer pays for them one at a time.
    public func explainHops() {
        let hops = paths.flatMap(\.hops)
        DispatchQueue.concurrentPerform(iterations: hops.count) { _ = hops[$0].witness }
    }
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
        let targetIndices = targets.compactMap { nodeIndex[$0] }
        let pivot = nodes.map { $0.canPivot }
        // Paths as node indices, ordered as their ID lists are (length, then IDs): ranks
        // compare like IDs.
        func order(_ a: [Int32], _ b: [Int32]) -> Bool {
            if a.count != b.count { return a.count < b.count }
            for (x, y) in zip(a, b) where x != y { return rank[Int(x)] < rank[Int(y)] }
            return false
        }
        var result: [[Int32]] = []
        var truncated = false
        // One breadth-first search per entry node, over integer arrays reused between them.
        var distance = Array(repeating: Int32(-1), count: nodes.count)
        var touched: [Int] = []
        var isTarget = Array(repeating: false, count: nodes.count)
        for t in targetIndices { isTarget[t] = true }
        // Sources are searched in ID order, so once `maxPaths` paths are kept, a later source
        // can only add paths shorter than the longest kept one: an equal-length path of its
        // own sorts after every kept path, which all start at an earlier source.
        var depthLimit = query.maxHops
        for sourceID in sources {
            guard let source = nodeIndex[sourceID] else { continue }
            for i in touched { distance[i] = -1 }
            touched = [source]
            distance[source] = 0
            var frontier = [source]
            var depth: Int32 = 0
            var unreached = targetIndices.count - (isTarget[source] ? 1 : 0)
            // The search stops at the layer that reaches the last target: every shortest
            // path is known then.
            while !frontier.isEmpty && depth < depthLimit && unreached > 0 {
                depth += 1
                var next: [Int] = []
                for u in frontier where u == source || pivot[u] {
                    for k in outRange[u] {
                        for target in self.targets(ofEntry: k, from: u) {
                            let v = Int(target)
                            guard distance[v] < 0 else { continue }
                            distance[v] = depth
                            touched.append(v)
                            next.append(v)
                            if isTarget[v] { unreached -= 1 }
                        }
                    }
                }
                frontier = next
            }
            if depthLimit < query.maxHops && !truncated {
                // Paths this source has beyond the limit would be cut: say so if there are any.
                truncated = reachesTarget(from: source, within: query.maxHops, isTarget: isTarget, pivot: pivot)
            }
            // Every shortest path, walked back from the target: a predecessor is one step
            // closer and was expanded (the entry itself, or a pivot), in ID order.
            let before = result.count
            for target in targetIndices where target != source && distance[target] > 0 {
                var found = 0
                var suffix: [Int32] = []
                func walk(_ v: Int) {
                    if found >= query.limitPerPair { return }
                    if v == source {
                        result.append([Int32(source)] + suffix.reversed())
                        found += 1
                        return
                    }
                    suffix.append(Int32(v))
                    predecessors: for run in incoming[v] {
                        for r in run.first...run.last {
                            let u = Int(self.sources[Int(r)])
                            guard u != v, distance[u] == distance[v] - 1, u == source || pivot[u] else { continue }
                            walk(u)
                            if found >= query.limitPerPair { break predecessors }
                        }
                    }
                    suffix.removeLast()
                }
                walk(target)
            }
            // Keep the best `maxPaths` of everything so far: the same paths as truncating at
            // the end, in bounded memory. Nothing changes for a source that added no path
            // (most of them, once the depth limit has come down).
            if let cap = query.maxPaths, result.count != before {
                if result.count > 2 * cap {
                    result.sort(by: order)
                    result.removeLast(result.count - cap)
                    truncated = true
                }
                if result.count >= cap {
                    // The longest path that can still make the cut, in hops: one less than
                    // the longest of the best `cap` so far.
                    let kept: Int
                    if result.count == cap {
                        kept = result.reduce(0) { max($0, $1.count) }
                    } else {
                        result.sort(by: order)
                        kept = result[cap - 1].count
                    }
                    depthLimit = min(depthLimit, kept - 2)
                }
            }
        }
        result.sort(by: order)
        if let cap = query.maxPaths, result.count > cap {
            result.removeLast(result.count - cap)
            truncated = true
        }
        let paths = result.map { path in
            AttackPath(nodes: path.map { nodes[Int($0)].id }, hops: zip(path, path.dropFirst()).compactMap { hop(Int($0), Int($1)) })
        }
        return PathResult(query: query, sources: sources, targets: targets, paths: paths, emptySelectors: empty, truncated: truncated)
    }

    /// Whether some target lies within `limit` hops of `source` (pivots only in between).
    private func reachesTarget(from source: Int, within limit: Int, isTarget: [Bool], pivot: [Bool]) -> Bool {
        var seen: Set<Int> = [source]
        var frontier = [source]
        var depth = 0
        while !frontier.isEmpty && depth < limit {
            depth += 1
            var next: [Int] = []
            for u in frontier where u == source || pivot[u] {
                for k in outRange[u] {
                    for target in targets(ofEntry: k, from: u) {
                        let v = Int(target)
                        guard v != source, seen.insert(v).inserted else { continue }
                        if isTarget[v] { return true }
                        next.append(v)
                    }
                }
            }
            frontier = next
        }
        return false
    }
}

/// A flow network with integer capacities, cut by max-flow (Dinic's algorithm).
///
/// The isolation planner builds one per group of deny policies: changes are the finite edges,
/// everything a change cannot remove is ``infinity``. The cut returned is the one nearest the
/// sink (the set of vertices that can still reach the sink in the residual network), so among
/// cuts of equal cost the one closest to the targets wins.
struct MinimumCut {
    /// A capacity no sum of finite ones reaches.
    static let infinity: Int64 = 1 << 52

    struct Edge {
        let to: Int
        var capacity: Int64
        let original: Int64
    }

    private(set) var edges: [Edge] = []
    private var outgoing: [[Int]]

    init(vertices: Int) { outgoing = Array(repeating: [], count: vertices) }

    var vertexCount: Int { outgoing.count }

    /// Adds a vertex and returns its number.
    mutating func addVertex() -> Int {
        outgoing.append([])
        return outgoing.count - 1
    }

    /// Adds a directed edge and its residual twin; returns the edge's number.
    @discardableResult
    mutating func addEdge(from: Int, to: Int, capacity: Int64) -> Int {
        edges.append(Edge(to: to, capacity: capacity, original: capacity))
        outgoing[from].append(edges.count - 1)
        edges.append(Edge(to: from, capacity: 0, original: 0))
        outgoing[to].append(edges.count - 1)
        return edges.count - 2
    }

    /// The tail of an edge (its twin points back to it).
    func tail(of edge: Int) -> Int { edges[edge ^ 1].to }

    /// Pushes the maximum flow from `source` to `sink`; stops once it reaches ``infinity``.
    ///
    /// - Returns: the flow's value, at most ``infinity``.
    /// - Complexity: O(V² · E) in the worst case; far less on the layered networks built here.
    mutating func maximumFlow(from source: Int, to sink: Int) -> Int64 {
        var total: Int64 = 0
        while total < Self.infinity {
            var level = Array(repeating: -1, count: vertexCount)
            level[source] = 0
            var queue = [source], head = 0
            while head < queue.count {
                let v = queue[head]
                head += 1
                for e in outgoing[v] where edges[e].capacity > 0 && level[edges[e].to] < 0 {
                    level[edges[e].to] = level[v] + 1
                    queue.append(edges[e].to)
                }
            }
            guard level[sink] >= 0 else { break }
            var next = Array(repeating: 0, count: vertexCount)
            while total < Self.infinity {
                let pushed = augment(source, sink: sink, limit: Self.infinity - total, level: level, next: &next)
                if pushed == 0 { break }
                total += pushed
            }
        }
        return min(total, Self.infinity)
    }

    /// One blocking-flow step, iterative so a long path cannot overflow the stack.
    private mutating func augment(_ source: Int, sink: Int, limit: Int64, level: [Int], next: inout [Int]) -> Int64 {
        var path: [Int] = []
        var v = source
        while true {
            if v == sink {
                let amount = path.reduce(limit) { min($0, edges[$1].capacity) }
                for e in path {
                    edges[e].capacity -= amount
                    edges[e ^ 1].capacity += amount
                }
                return amount
            }
            var advanced = false
            while next[v] < outgoing[v].count {
                let e = outgoing[v][next[v]]
                if edges[e].capacity > 0 && level[edges[e].to] == level[v] + 1 {
                    path.append(e)
                    v = edges[e].to
                    advanced = true
                    break
                }
                next[v] += 1
            }
            if advanced { continue }
            // Dead end: retreat and never try this vertex again in this phase.
            guard let last = path.popLast() else { return 0 }
            v = tail(of: last)
            next[v] += 1
        }
    }

    /// The vertices that can still reach `sink` in the residual network (after
    /// ``maximumFlow(from:to:)``): the sink side of the minimum cut nearest the sink.
    func sinkSide(_ sink: Int) -> [Bool] {
        var reaches = Array(repeating: false, count: vertexCount)
        reaches[sink] = true
        var stack = [sink]
        while let v = stack.popLast() {
            // An edge u -> v with residual capacity lets u reach v; its twin sits in v's list.
            for twin in outgoing[v] {
                let forward = twin ^ 1
                let u = edges[twin].to
                if edges[forward].capacity > 0 && !reaches[u] {
                    reaches[u] = true
                    stack.append(u)
                }
            }
        }
        return reaches
    }

    /// The original edges that cross from outside `side` into it: a minimum cut when `side`
    /// is ``sinkSide(_:)`` after a maximum flow.
    func crossing(into side: [Bool]) -> [Int] {
        stride(from: 0, to: edges.count, by: 2).filter { e in edges[e].original > 0 && !side[tail(of: e)] && side[edges[e].to] }
    }
}

import Dispatch
import ParallelSupport
import TopologyModel

/// The attack graph of an estate: nodes and every allowed hop between them.
///
/// A whole estate has millions of hops, so the graph keeps them as integer arrays (source,
/// target, an index into a table of distinct service sets) and makes a ``Hop`` only when
/// one is asked for; a hop the lean evaluation found is explained when its trace is read.
public struct ReachabilityGraph: Sendable {
    /// Sorted by ID; the Internet first.
    public let nodes: [AttackNode]
    let nodeIndex: [String: Int]
    /// By node index: the position of the node's ID in ID order (the Internet is not always
    /// first there), so searches can sort by integers.
    let rank: [Int32]
    /// By node index: the range of hop positions that leave the node. Hops are ordered by
    /// (from, to) ID.
    let outRange: [Range<Int>]
    /// By hop position: the target's node index. A hop's source is the node whose
    /// `outRange` holds the position (found through `sources`, no array per hop: at 1,000
    /// spokes one would be 56 MB).
    let hopTarget: [Int32]
    /// Node indices in rank (ID) order: their `outRange`s follow each other in this order.
    let sources: [Int32]
    /// By hop position: `n >= 0` is a lean hop with services `serviceTable[n]`; `n < 0` is
    /// `eager[-1 - n]`, a hop built with its explanation.
    let payload: [Int32]
    let serviceTable: [ServiceSet]
    let eager: [Hop]
    let store: HopStore?
    /// By node index: the nodes with a hop into it, in ID order.
    let incoming: [[Int32]]

    /// The hops leaving one node as the graph build found them: lean ones as (target node
    /// index, service table index), 8 bytes each, and hops built with their explanation.
    struct Outgoing {
        var lean: [(target: Int32, services: Int32)] = []
        var eager: [Hop] = []
        var oneWay: [OneWayReach] = []
        /// One-way reaches the lean evaluation found, as lean hops are kept.
        var leanOneWay: [(target: Int32, services: Int32)] = []
    }

    /// Pairs where requests arrive but replies cannot return (RT-16): not hops, since no
    /// connection is made, but a one-way payload (UDP) may still arrive. In (from, to) order.
    public let oneWay: [OneWayReach]
    /// By target ID: the positions in `oneWay` of the reaches into it (a gate asks per target,
    /// and an estate holds a number of one-way reaches quadratic in its size).
    private let oneWayInto: [String: [Int32]]

    /// The one-way reaches into `target`, in (from, to) order.
    public func oneWay(into target: String) -> [OneWayReach] { (oneWayInto[target] ?? []).map { oneWay[Int($0)] } }

    /// The positions in ``oneWay`` of the reaches into `target`, in order.
    public func oneWayPositions(into target: String) -> [Int] { (oneWayInto[target] ?? []).map(Int.init) }

    /// A graph of fully built hops (tests, small estates).
    init(nodes: [AttackNode], hops: [Hop]) {
        let index = NodeCatalog(nodes: nodes).index
        var outgoing = Array(repeating: Outgoing(), count: nodes.count)
        for hop in hops { if let f = index[hop.from] { outgoing[f].eager.append(hop) } }
        self.init(nodes: nodes, outgoing: outgoing, services: [], store: nil)
    }

    /// - Parameter outgoing: by node index. Hops to the same target keep their order, lean
    ///   ones first.
    init(nodes: [AttackNode], outgoing: consuming [Outgoing], services: [ServiceSet], store: HopStore?) {
        self.nodes = nodes
        var reaches = outgoing.flatMap(\.oneWay)
        for (s, found) in outgoing.enumerated() where !found.leanOneWay.isEmpty {
            guard let store else { preconditionFailure("a lean one-way reach needs the store that explains it") }
            for (t, n) in found.leanOneWay {
                let target = Int(t), reached = services[Int(n)]
                reaches.append(
                    OneWayReach(from: nodes[s].id, to: nodes[target].id, services: reached) {
                        store.oneWayExplanation(s, target, services: reached)
                    })
            }
        }
        oneWay = reaches.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        var into: [String: [Int32]] = [:]
        for (i, reach) in oneWay.enumerated() { into[reach.to, default: []].append(Int32(i)) }
        oneWayInto = into
        let nodeIndex = NodeCatalog(nodes: nodes).index
        self.nodeIndex = nodeIndex
        var rank = Array(repeating: Int32(0), count: nodes.count)
        let order = nodes.indices.sorted { nodes[$0].id < nodes[$1].id }
        for (position, i) in order.enumerated() { rank[i] = Int32(position) }
        self.rank = rank
        serviceTable = services
        self.store = store
        let count = nodes.count, ranks = rank
        var outgoing = outgoing
        // Each source's hops in target order (stable by target ID, lean hops first on ties):
        // lean lists are sorted in place where the build did not find them in order, eager
        // hops are numbered and sorted. Sources are independent: on every core, in runs.
        let built = Slots<[(target: Int32, hop: Hop)]>(count: count)
        let run = 64, runs = (count + run - 1) / run
        outgoing.withUnsafeMutableBufferPointer { lists in
            let lists = Shared(lists)
            DispatchQueue.concurrentPerform(iterations: runs) { r in
                for from in r * run..<min(count, (r + 1) * run) {
                    let lean = lists.value[from].lean
                    if zip(lean, lean.dropFirst()).contains(where: { ranks[Int($0.target)] > ranks[Int($1.target)] }) {
                        lists.value[from].lean = lean.enumerated().sorted { a, b in
                            let ra = ranks[Int(a.element.target)], rb = ranks[Int(b.element.target)]
                            return ra != rb ? ra < rb : a.offset < b.offset
                        }.map(\.element)
                    }
                    let eagerHops = lists.value[from].eager
                    guard !eagerHops.isEmpty else { continue }
                    built.store(
                        eagerHops.compactMap { hop in nodeIndex[hop.to].map { (target: Int32($0), hop: hop) } }.enumerated().sorted { a, b in
                            let ra = ranks[Int(a.element.target)], rb = ranks[Int(b.element.target)]
                            return ra != rb ? ra < rb : a.offset < b.offset
                        }.map(\.element), at: from)
                    lists.value[from].eager = []
                }
            }
        }
        // Where each source's hops go, sources in ID order; eager hops are numbered in the
        // same order.
        var outRange = Array(repeating: 0..<0, count: count)
        var eagerBase = Array(repeating: 0, count: count)
        var total = 0, eagerTotal = 0
        for from in order {
            let eagerCount = built.value(at: from)?.count ?? 0
            outRange[from] = total..<total + outgoing[from].lean.count + eagerCount
            total = outRange[from].upperBound
            eagerBase[from] = eagerTotal
            eagerTotal += eagerCount
        }
        // The merge, on every core: each source writes its own slice. A source's lists are
        // let go once copied (they are most of the graph's size).
        let ranges = outRange, bases = eagerBase
        var hopTarget = Array(repeating: Int32(0), count: total), payload = Array(repeating: Int32(0), count: total)
        hopTarget.withUnsafeMutableBufferPointer { targets in
            payload.withUnsafeMutableBufferPointer { payloads in
                outgoing.withUnsafeMutableBufferPointer { lists in
                    let shared = Shared((targets: targets, payloads: payloads, lists: lists))
                    DispatchQueue.concurrentPerform(iterations: runs) { r in
                        let (targets, payloads, lists) = shared.value
                        for from in r * run..<min(count, (r + 1) * run) {
                            let lean = lists[from].lean
                            lists[from] = Outgoing()
                            let eagerList = built.value(at: from) ?? []
                            var i = 0, j = 0, k = ranges[from].lowerBound
                            while i < lean.count || j < eagerList.count {
                                if j == eagerList.count || (i < lean.count && ranks[Int(lean[i].target)] <= ranks[Int(eagerList[j].target)]) {
                                    targets[k] = lean[i].target
                                    payloads[k] = lean[i].services
                                    i += 1
                                } else {
                                    targets[k] = eagerList[j].target
                                    payloads[k] = Int32(-(bases[from] + j + 1))
                                    j += 1
                                }
                                k += 1
                            }
                        }
                    }
                }
            }
        }
        var eager: [Hop] = []
        eager.reserveCapacity(eagerTotal)
        for from in order { if let list = built.take(at: from) { eager += list.map(\.hop) } }
        self.outRange = outRange
        incoming = Self.incoming(hopTarget: hopTarget, outRange: outRange, order: order, count: nodes.count)
        sources = order.map { Int32($0) }
        self.hopTarget = hopTarget
        self.payload = payload
        self.eager = eager
    }

    /// Each node's incoming hops' sources, in source ID order (sources are visited in
    /// `order`). At 1,000 spokes these are 14 million entries scattered over 20,000 lists:
    /// filled on every core, each core taking the targets of its own share, every list sized
    /// exactly up front (growing them by doubling raised the peak).
    static func incoming(hopTarget: [Int32], outRange: [Range<Int>], order: [Int], count: Int) -> [[Int32]] {
        var counts = Array(repeating: 0, count: count)
        for t in hopTarget { counts[Int(t)] += 1 }
        var lists = counts.map { n -> [Int32] in
            var list: [Int32] = []
            list.reserveCapacity(n)
            return list
        }
        let shares = 2
        lists.withUnsafeMutableBufferPointer { lists in
            let lists = Shared(lists)
            DispatchQueue.concurrentPerform(iterations: shares) { share in
                // Targets are split by index, so every list is written by one share only.
                let low = count * share / shares, high = count * (share + 1) / shares
                hopTarget.withUnsafeBufferPointer { targets in
                    for from in order {
                        for k in outRange[from] {
                            let t = Int(targets[k])
                            if t >= low && t < high { lists.value[t].append(Int32(from)) }
                        }
                    }
                }
            }
        }
        return lists
    }

    /// How many hops the graph has.
    public var hopCount: Int { hopTarget.count }

    /// Every hop, sorted by (from, to). Builds each one: prefer ``hops(from:)``,
    /// ``hop(from:to:)`` or ``forEachHop(_:)`` on large estates.
    public var hops: [Hop] { hopTarget.indices.map(hop(at:)) }

    public func node(_ id: String) -> AttackNode? { nodeIndex[id].map { nodes[$0] } }
    /// The hops into a node, in (from, to) order.
    func hops(into id: String) -> [Hop] {
        guard let t = nodeIndex[id] else { return [] }
        var result: [Hop] = []
        var previous: Int32 = -1
        for u in incoming[t] where u != previous {
            previous = u
            for k in positions(Int(u), t) { result.append(hop(at: k)) }
        }
        return result
    }

    func hasIncoming(_ id: String) -> Bool { nodeIndex[id].map { !incoming[$0].isEmpty } ?? false }

    /// The position of a node in ``nodes``.
    public func index(of id: String) -> Int? { nodeIndex[id] }
    public func hops(from id: String) -> [Hop] { nodeIndex[id].map { outRange[$0].map(hop(at:)) } ?? [] }
    public func hop(from: String, to: String) -> Hop? {
        guard let f = nodeIndex[from], let t = nodeIndex[to] else { return nil }
        return hop(f, t)
    }

    /// Each hop's ends (node indices into ``nodes``) and services, in (from, to) order,
    /// without building the hops.
    public func forEachHop(_ body: (_ from: Int, _ to: Int, _ services: ServiceSet) -> Void) {
        for from in sources {
            for k in outRange[Int(from)] {
                let p = payload[k]
                body(Int(from), Int(hopTarget[k]), p >= 0 ? serviceTable[Int(p)] : eager[Int(-1 - p)].services)
            }
        }
    }

    /// The services of the hops leaving node `from` (an index into ``nodes``), by target
    /// node index in target ID order, without building the hops; the first hop where a pair
    /// has two, as ``hop(from:to:)``.
    func outgoingServices(_ from: Int) -> [(target: Int, services: ServiceSet)] {
        var result: [(target: Int, services: ServiceSet)] = []
        result.reserveCapacity(outRange[from].count)
        for k in outRange[from] {
            let t = Int(hopTarget[k])
            if result.last?.target == t { continue }
            let p = payload[k]
            result.append((t, p >= 0 ? serviceTable[Int(p)] : eager[Int(-1 - p)].services))
        }
        return result
    }

    func hop(at k: Int) -> Hop {
        let p = payload[k]
        if p < 0 { return eager[Int(-1 - p)] }
        let s = source(ofHopAt: k), t = Int(hopTarget[k])
        let services = serviceTable[Int(p)]
        guard let store else { preconditionFailure("a lean hop needs the store that explains it") }
        return Hop(from: nodes[s].id, to: nodes[t].id, services: services) { store.explanation(s, t, services: services) }
    }

    /// The node a hop position leaves: the last node, in rank order, whose range starts at
    /// or before the position (empty ranges start where the next one does).
    func source(ofHopAt k: Int) -> Int {
        var low = 0, high = sources.count
        while low < high {
            let mid = (low + high) / 2
            if outRange[Int(sources[mid])].lowerBound <= k { low = mid + 1 } else { high = mid }
        }
        return Int(sources[low - 1])
    }

    /// The hop between two node indices (the first, should a pair have two).
    func hop(_ from: Int, _ to: Int) -> Hop? {
        let found = positions(from, to)
        return found.isEmpty ? nil : hop(at: found.lowerBound)
    }

    /// The positions of the hops from one node index to another: a binary search among the
    /// source's hops, which are in target ID order.
    func positions(_ from: Int, _ to: Int) -> Range<Int> {
        let key = rank[to]
        var low = outRange[from].lowerBound, high = outRange[from].upperBound
        while low < high {
            let mid = (low + high) / 2
            if rank[Int(hopTarget[mid])] < key { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < outRange[from].upperBound && hopTarget[end] == Int32(to) { end += 1 }
        return low..<end
    }
}

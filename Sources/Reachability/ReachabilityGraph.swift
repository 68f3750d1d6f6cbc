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
    /// By node index: the range of entry positions that leave the node. An entry is a
    /// ``HopRun``: one hop or a run of neighbouring targets with the same services. Entries
    /// are ordered by the rank of their first target and do not overlap, but for hops of one
    /// pair that two entries hold (lean first), which meet at that target.
    let outRange: [Range<Int>]
    /// By entry position: the first target's node index. An entry's source is the node whose
    /// `outRange` holds the position (found through `sources`, no array per entry).
    let hopTarget: [Int32]
    /// By entry position: how many node indices the entry covers from `hopTarget` on; a run
    /// may pass over its own source, which is not a hop.
    let hopSpan: [Int32]
    /// Node indices in rank (ID) order: their `outRange`s follow each other in this order.
    let sources: [Int32]
    /// By entry position: `n >= 0` is a lean run with services `serviceTable[n]`; `n < 0` is
    /// `eager[-1 - n]`, a hop built with its explanation (a run of one).
    let payload: [Int32]
    let serviceTable: [ServiceSet]
    let eager: [Hop]
    let store: HopStore?
    /// By node index: the nodes with a hop into it, as runs of ranks (first, last), in rank
    /// order; a run may pass over the node itself, which is not its own predecessor.
    let incoming: [[(first: Int32, last: Int32)]]
    /// How many hops the graph has.
    public let hopCount: Int

    /// The hops leaving one node as the graph build found them: lean ones as runs of targets
    /// with a service table index, in target order, and hops built with their explanation.
    struct Outgoing {
        var lean: [HopRun] = []
        var eager: [Hop] = []
        var oneWay: [OneWayReach] = []
        /// One-way reaches the lean evaluation found, as lean hops are kept.
        var leanOneWay: [(target: Int32, services: Int32)] = []
    }

    /// Pairs where requests arrive but replies cannot return (RT-16): not hops, since no
    /// connection is made, but a one-way payload (UDP) may still arrive. In (from, to) order.
    public let oneWay: OneWayReaches
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

    /// The reaches of every source, lean and built, in (from, to) order: by the ranks of their
    /// nodes, which order as their IDs do.
    static func oneWayReaches(
        _ outgoing: [Outgoing], nodes: [AttackNode], nodeIndex: [String: Int], rank: [Int32], services: [ServiceSet], store: HopStore?
    ) -> OneWayReaches {
        var entries: [OneWayReaches.Entry] = []
        var eager: [OneWayReach] = []
        entries.reserveCapacity(outgoing.reduce(0) { $0 + $1.leanOneWay.count + $1.oneWay.count })
        for (s, found) in outgoing.enumerated() {
            for (t, n) in found.leanOneWay { entries.append(.init(source: Int32(s), target: t, payload: n)) }
            for reach in found.oneWay {
                guard let from = nodeIndex[reach.from], let to = nodeIndex[reach.to] else {
                    preconditionFailure("a one-way reach between nodes the graph does not hold: \(reach.from) -> \(reach.to)")
                }
                entries.append(.init(source: Int32(from), target: Int32(to), payload: -1 - Int32(eager.count)))
                eager.append(reach)
            }
        }
        // One pair reached twice keeps built reaches first, then lean ones, each in the order found.
        let order = entries.indices.sorted { i, j in
            let a = entries[i], b = entries[j]
            let x = (rank[Int(a.source)], rank[Int(a.target)]), y = (rank[Int(b.source)], rank[Int(b.target)])
            if x != y { return x < y }
            if (a.payload < 0) != (b.payload < 0) { return a.payload < 0 }
            return a.payload < 0 ? a.payload > b.payload : i < j
        }
        entries = order.map { entries[$0] }
        return OneWayReaches(entries: entries, eager: eager, nodes: nodes, services: services, store: store)
    }

    /// - Parameter outgoing: by node index. Hops to the same target keep their order, lean
    ///   ones first.
    init(nodes: [AttackNode], outgoing: consuming [Outgoing], services: [ServiceSet], store: HopStore?) {
        self.nodes = nodes
        let nodeIndex = NodeCatalog(nodes: nodes).index
        self.nodeIndex = nodeIndex
        var rank = Array(repeating: Int32(0), count: nodes.count)
        let order = nodes.indices.sorted { nodes[$0].id < nodes[$1].id }
        for (position, i) in order.enumerated() { rank[i] = Int32(position) }
        self.rank = rank
        oneWay = Self.oneWayReaches(outgoing, nodes: nodes, nodeIndex: nodeIndex, rank: rank, services: services, store: store)
        var into: [Int32: [Int32]] = [:]
        for i in oneWay.indices { into[oneWay.target(at: i), default: []].append(Int32(i)) }
        oneWayInto = Dictionary(uniqueKeysWithValues: into.map { (nodes[Int($0.key)].id, $0.value) })
        serviceTable = services
        self.store = store
        let count = nodes.count, ranks = rank
        var outgoing = outgoing
        // Each source's eager hops are numbered and sorted by target (stable by target ID);
        // lean runs come in target order. Sources are independent: on every core, in runs.
        let built = Slots<[(target: Int32, hop: Hop)]>(count: count)
        let run = 64, runs = (count + run - 1) / run
        outgoing.withUnsafeMutableBufferPointer { lists in
            let lists = Shared(lists)
            DispatchQueue.concurrentPerform(iterations: runs) { r in
                for from in r * run..<min(count, (r + 1) * run) {
                    let lean = lists.value[from].lean
                    if zip(lean, lean.dropFirst()).contains(where: { ranks[Int($0.target)] > ranks[Int($1.target)] }) {
                        lists.value[from].lean = lean.sorted { ranks[Int($0.target)] < ranks[Int($1.target)] }
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
        // Each source's entries: its lean runs and eager hops merged in target order, a run
        // cut where an eager hop's target falls inside it (so that entries meet at most at one
        // target). Sources are independent.
        let merged = Slots<[(entry: HopRun, eager: Bool)]>(count: count)
        outgoing.withUnsafeMutableBufferPointer { lists in
            let lists = Shared(lists)
            DispatchQueue.concurrentPerform(iterations: runs) { r in
                for from in r * run..<min(count, (r + 1) * run) {
                    let lean = lists.value[from].lean
                    lists.value[from].lean = []
                    let eagerList = built.value(at: from) ?? []
                    guard !eagerList.isEmpty else {
                        merged.store(lean.map { ($0, false) }, at: from)
                        continue
                    }
                    merged.store(Self.merge(lean: lean, eager: eagerList.map(\.target), ranks: ranks), at: from)
                }
            }
        }
        // Where each source's entries go, sources in ID order; eager hops are numbered in the
        // same order.
        var outRange = Array(repeating: 0..<0, count: count)
        var eagerBase = Array(repeating: 0, count: count)
        var total = 0, eagerTotal = 0
        for from in order {
            let entryCount = merged.value(at: from)?.count ?? 0
            outRange[from] = total..<total + entryCount
            total = outRange[from].upperBound
            eagerBase[from] = eagerTotal
            eagerTotal += built.value(at: from)?.count ?? 0
        }
        let ranges = outRange, bases = eagerBase
        var hopTarget = Array(repeating: Int32(0), count: total), hopSpan = Array(repeating: Int32(0), count: total)
        var payload = Array(repeating: Int32(0), count: total)
        let hops = Slots<Int>(count: runs)
        hopTarget.withUnsafeMutableBufferPointer { targets in
            hopSpan.withUnsafeMutableBufferPointer { spans in
                payload.withUnsafeMutableBufferPointer { payloads in
                    let shared = Shared((targets: targets, spans: spans, payloads: payloads))
                    DispatchQueue.concurrentPerform(iterations: runs) { r in
                        let (targets, spans, payloads) = shared.value
                        var counted = 0
                        for from in r * run..<min(count, (r + 1) * run) {
                            var k = ranges[from].lowerBound, j = 0
                            for (entry, isEager) in merged.take(at: from) ?? [] {
                                targets[k] = entry.target
                                spans[k] = entry.span
                                if isEager {
                                    payloads[k] = Int32(-(bases[from] + j + 1))
                                    j += 1
                                } else {
                                    payloads[k] = entry.services
                                }
                                counted += Int(entry.span) - (entry.covers(Int32(from)) ? 1 : 0)
                                k += 1
                            }
                        }
                        hops.store(counted, at: r)
                    }
                }
            }
        }
        var eager: [Hop] = []
        eager.reserveCapacity(eagerTotal)
        for from in order { if let list = built.take(at: from) { eager += list.map(\.hop) } }
        self.outRange = outRange
        hopCount = (0..<runs).reduce(0) { $0 + (hops.value(at: $1) ?? 0) }
        incoming = Self.incoming(hopTarget: hopTarget, hopSpan: hopSpan, outRange: outRange, order: order, rank: rank)
        sources = order.map { Int32($0) }
        self.hopTarget = hopTarget
        self.hopSpan = hopSpan
        self.payload = payload
        self.eager = eager
    }

    /// One source's lean runs and eager hops (both in target rank order) merged in target
    /// order, lean first where both hold a target, a run cut after each eager hop's target
    /// rank that falls inside it.
    static func merge(lean: [HopRun], eager: [Int32], ranks: [Int32]) -> [(entry: HopRun, eager: Bool)] {
        var result: [(entry: HopRun, eager: Bool)] = []
        result.reserveCapacity(lean.count + eager.count)
        var i = 0, j = 0
        var current = lean.first
        while current != nil || j < eager.count {
            guard let run = current else {
                result.append((HopRun(target: eager[j], span: 1, services: -1), true))
                j += 1
                continue
            }
            let first = ranks[Int(run.target)], last = ranks[Int(run.end - 1)]
            if j == eager.count || last <= ranks[Int(eager[j])] {
                result.append((run, false))
                i += 1
                current = i < lean.count ? lean[i] : nil
            } else if ranks[Int(eager[j])] < first {
                result.append((HopRun(target: eager[j], span: 1, services: -1), true))
                j += 1
            } else {
                // The run's first target ranks at or before the eager hop's and its last after:
                // keep the targets up to that rank apart (ranks grow with indices in a run).
                let key = ranks[Int(eager[j])]
                var cut = run.target
                while ranks[Int(cut)] <= key { cut += 1 }
                result.append((HopRun(target: run.target, span: cut - run.target, services: run.services), false))
                current = HopRun(target: cut, span: run.end - cut, services: run.services)
            }
        }
        return result
    }

    /// Each node's predecessors as runs of ranks, in rank order (sources are visited in
    /// `order`, the rank order). Filled on every core, each core taking the targets of its own
    /// share of node indices, so every list is written by one share only.
    static func incoming(hopTarget: [Int32], hopSpan: [Int32], outRange: [Range<Int>], order: [Int], rank: [Int32]) -> [[(first: Int32, last: Int32)]] {
        let count = rank.count
        var lists = Array(repeating: [(first: Int32, last: Int32)](), count: count)
        let shares = 2
        lists.withUnsafeMutableBufferPointer { lists in
            let lists = Shared(lists)
            DispatchQueue.concurrentPerform(iterations: shares) { share in
                let low = Int32(count * share / shares), high = Int32(count * (share + 1) / shares)
                for from in order {
                    let r = rank[from], source = Int32(from)
                    for k in outRange[from] {
                        let first = max(hopTarget[k], low), end = min(hopTarget[k] + hopSpan[k], high)
                        guard first < end else { continue }
                        for t in first..<end where t != source {
                            let target = Int(t)
                            if let last = lists.value[target].last {
                                if last.last == r { continue }
                                if last.last == r - 1 || (last.last == r - 2 && rank[target] == r - 1) {
                                    lists.value[target][lists.value[target].count - 1].last = r
                                    continue
                                }
                            }
                            lists.value[target].append((r, r))
                        }
                    }
                }
            }
        }
        return lists
    }

    /// The targets of entry `k`, which leaves `from`: the indices it covers but `from`.
    func targets(ofEntry k: Int, from: Int) -> EntryTargets {
        EntryTargets(position: hopTarget[k], end: hopTarget[k] + hopSpan[k], source: Int32(from))
    }

    /// The predecessors of node `v` (node indices), in rank order.
    func predecessors(of v: Int) -> [Int] {
        var result: [Int] = []
        for run in incoming[v] {
            for r in run.first...run.last {
                let u = Int(sources[Int(r)])
                if u != v { result.append(u) }
            }
        }
        return result
    }

    /// Every hop, sorted by (from, to). Builds each one: prefer ``hops(from:)``,
    /// ``hop(from:to:)`` or ``forEachHop(_:)`` on large estates.
    public var hops: [Hop] { sources.flatMap { entries(from: Int($0)) } }

    public func node(_ id: String) -> AttackNode? { nodeIndex[id].map { nodes[$0] } }
    /// The hops into a node, in (from, to) order.
    func hops(into id: String) -> [Hop] {
        guard let t = nodeIndex[id] else { return [] }
        return predecessors(of: t).flatMap { u in positions(u, t).map { hop(entry: $0, from: u, to: t) } }
    }

    func hasIncoming(_ id: String) -> Bool { nodeIndex[id].map { !incoming[$0].isEmpty } ?? false }

    /// The position of a node in ``nodes``.
    public func index(of id: String) -> Int? { nodeIndex[id] }
    public func hops(from id: String) -> [Hop] { nodeIndex[id].map(entries(from:)) ?? [] }
    public func hop(from: String, to: String) -> Hop? {
        guard let f = nodeIndex[from], let t = nodeIndex[to] else { return nil }
        return hop(f, t)
    }

    /// The hops leaving node index `from`, in target order.
    private func entries(from: Int) -> [Hop] {
        outRange[from].flatMap { k in targets(ofEntry: k, from: from).map { hop(entry: k, from: from, to: Int($0)) } }
    }

    /// Each hop's ends (node indices into ``nodes``) and services, in (from, to) order,
    /// without building the hops.
    public func forEachHop(_ body: (_ from: Int, _ to: Int, _ services: ServiceSet) -> Void) {
        for from in sources {
            let s = Int(from)
            for k in outRange[s] {
                let p = payload[k]
                let services = p >= 0 ? serviceTable[Int(p)] : eager[Int(-1 - p)].services
                for t in targets(ofEntry: k, from: s) { body(s, Int(t), services) }
            }
        }
    }

    /// The hops as the graph keeps them: a source, a range of target node indices that all get
    /// the same services, in (from, to) order, as ``forEachHop(_:)`` would visit them. The
    /// source itself is never a target, even where the range holds its index. Whole-estate
    /// summaries (diagrams of a flat network) count and unite hops a run at a time.
    public func forEachHopRun(_ body: (_ from: Int, _ targets: Range<Int>, _ services: ServiceSet) -> Void) {
        for from in sources {
            let s = Int(from)
            for k in outRange[s] {
                let p = payload[k]
                body(s, Int(hopTarget[k])..<Int(hopTarget[k] + hopSpan[k]), p >= 0 ? serviceTable[Int(p)] : eager[Int(-1 - p)].services)
            }
        }
    }

    /// The services of the hops leaving node `from` (an index into ``nodes``), by target
    /// node index in target ID order, without building the hops; the first hop where a pair
    /// has two, as ``hop(from:to:)``.
    func outgoingServices(_ from: Int) -> [(target: Int, services: ServiceSet)] {
        var result: [(target: Int, services: ServiceSet)] = []
        for k in outRange[from] {
            let p = payload[k]
            let services = p >= 0 ? serviceTable[Int(p)] : eager[Int(-1 - p)].services
            for t in targets(ofEntry: k, from: from) where result.last?.target != Int(t) { result.append((Int(t), services)) }
        }
        return result
    }

    /// The hop of entry `k` (which leaves `from`) into `to`, a target it covers.
    func hop(entry k: Int, from s: Int, to t: Int) -> Hop {
        let p = payload[k]
        if p < 0 { return eager[Int(-1 - p)] }
        let services = serviceTable[Int(p)]
        guard let store else { preconditionFailure("a lean hop needs the store that explains it") }
        return Hop(from: nodes[s].id, to: nodes[t].id, services: services) { store.explanation(s, t, services: services) }
    }

    /// The hop between two node indices (the first, should a pair have two).
    func hop(_ from: Int, _ to: Int) -> Hop? {
        positions(from, to).first.map { hop(entry: $0, from: from, to: to) }
    }

    /// The positions of the entries that hold a hop from one node index to another: a binary
    /// search among the source's entries, whose last targets' ranks never fall.
    func positions(_ from: Int, _ to: Int) -> [Int] {
        guard from != to else { return [] }
        let key = rank[to], target = Int32(to)
        let range = outRange[from]
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let mid = (low + high) / 2
            if rank[Int(hopTarget[mid] + hopSpan[mid] - 1)] < key { low = mid + 1 } else { high = mid }
        }
        var found: [Int] = []
        while low < range.upperBound && rank[Int(hopTarget[low])] <= key {
            if target >= hopTarget[low] && target < hopTarget[low] + hopSpan[low] { found.append(low) }
            low += 1
        }
        return found
    }
}

/// The targets of one entry of the graph: its node indices but its source's.
struct EntryTargets: Sequence, IteratorProtocol {
    var position: Int32
    let end: Int32
    let source: Int32

    mutating func next() -> Int32? {
        if position == source { position += 1 }
        guard position < end else { return nil }
        defer { position += 1 }
        return position
    }
}

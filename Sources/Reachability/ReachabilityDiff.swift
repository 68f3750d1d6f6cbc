import TopologyModel

/// What a change does to reachability: attack paths it opens and closes, hops whose
/// services grow or shrink, and entry/target pairs that become reachable or unreachable.
///
/// Paths are compared by existence, not by membership in each side's top-k list: a path
/// is *opened* when one of its hops does not exist before the change, *closed* when one
/// of its hops does not exist after it.
public struct ReachabilityDiff: Sendable {
    /// A hop present on both sides (or only one) with different services.
    public struct HopChange: Sendable, Hashable {
        public let from: String
        public let to: String
        /// Nil when the hop does not exist on that side.
        public let before: Hop?
        public let after: Hop?
        public let added: ServiceSet
        public let removed: ServiceSet
    }

    /// A pair reachable one way only (RT-16, RT-18) whose services differ.
    public struct OneWayChange: Sendable, Hashable {
        public let from: String
        public let to: String
        public let before: OneWayReach?
        public let after: OneWayReach?
        public let added: ServiceSet
        public let removed: ServiceSet
    }

    /// An entry/target pair whose reachability flipped.
    public struct PairChange: Sendable, Hashable {
        public let source: String
        public let target: String
        /// True: reachable after the change only; false: before only.
        public let nowReachable: Bool
    }

    /// Paths (from the changed side's answer) that the base does not have.
    public let opened: [AttackPath]
    /// Paths (from the base's answer) that the changed estate does not have.
    public let closed: [AttackPath]
    /// Hops whose services differ, sorted by (from, to).
    public let changedHops: [HopChange]
    public let pairs: [PairChange]
    /// Pairs reachable one way only whose services differ, sorted by (from, to): a change
    /// can open a way for single packets without opening a connection.
    public let oneWay: [OneWayChange]

    public var isEmpty: Bool { opened.isEmpty && closed.isEmpty && changedHops.isEmpty && pairs.isEmpty && oneWay.isEmpty }

    /// Compares two answers to the same path query.
    ///
    /// - Complexity: O(H + P·L) for H hops in the two graphs and P paths of length L.
    public init(base: ReachabilityGraph, basePaths: PathResult, changed: ReachabilityGraph, changedPaths: PathResult) {
        func exists(_ path: AttackPath, in graph: ReachabilityGraph) -> Bool {
            zip(path.nodes, path.nodes.dropFirst()).allSatisfy { graph.hop(from: $0, to: $1) != nil }
        }
        opened = changedPaths.paths.filter { !exists($0, in: base) }
        closed = basePaths.paths.filter { !exists($0, in: changed) }
        // Hops are compared by their services through the graphs' arrays, node by node in
        // one ID order for both sides; only a pair whose services differ becomes a `Hop`
        // (building every hop of two 1,000-spoke graphs took minutes and gigabytes).
        let ids = Array(Set(base.nodes.map(\.id)).union(changed.nodes.map(\.id))).sorted()
        var order: [String: Int] = [:]
        order.reserveCapacity(ids.count)
        for (i, id) in ids.enumerated() { order[id] = i }
        let baseOrder = base.nodes.map { order[$0.id]! }, changedOrder = changed.nodes.map { order[$0.id]! }
        var hops: [HopChange] = []
        for id in ids {
            let before = base.index(of: id).map { base.outgoingServices($0) } ?? []
            let after = changed.index(of: id).map { changed.outgoingServices($0) } ?? []
            var i = 0, j = 0
            while i < before.count || j < after.count {
                let b = i < before.count ? baseOrder[before[i].target] : Int.max
                let a = j < after.count ? changedOrder[after[j].target] : Int.max
                let target = ids[min(a, b)]
                let servicesBefore = b <= a ? before[i].services : ServiceSet()
                let servicesAfter = a <= b ? after[j].services : ServiceSet()
                if b <= a { i += 1 }
                if a <= b { j += 1 }
                guard servicesBefore != servicesAfter else { continue }
                hops.append(
                    HopChange(
                        from: id, to: target, before: base.hop(from: id, to: target), after: changed.hop(from: id, to: target),
                        added: servicesAfter.subtracting(servicesBefore), removed: servicesBefore.subtracting(servicesAfter)))
            }
        }
        changedHops = hops.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        var reaches: [String: (before: OneWayReach?, after: OneWayReach?)] = [:]
        for reach in base.oneWay { reaches[reach.from + "\u{1}" + reach.to, default: (nil, nil)].before = reach }
        for reach in changed.oneWay { reaches[reach.from + "\u{1}" + reach.to, default: (nil, nil)].after = reach }
        oneWay = reaches.values.compactMap { pair -> OneWayChange? in
            let b = pair.before?.services ?? ServiceSet(), a = pair.after?.services ?? ServiceSet()
            guard a != b, let any = pair.after ?? pair.before else { return nil }
            return OneWayChange(from: any.from, to: any.to, before: pair.before, after: pair.after, added: a.subtracting(b), removed: b.subtracting(a))
        }.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        func reachablePairs(_ result: PathResult) -> Set<[String]> {
            Set(result.paths.compactMap { p in p.nodes.first.flatMap { first in p.nodes.last.map { [first, $0] } } })
        }
        let before = reachablePairs(basePaths), after = reachablePairs(changedPaths)
        var flipped: [PairChange] = []
        for pair in after.subtracting(before) { flipped.append(PairChange(source: pair[0], target: pair[1], nowReachable: true)) }
        for pair in before.subtracting(after) { flipped.append(PairChange(source: pair[0], target: pair[1], nowReachable: false)) }
        pairs = flipped.sorted { ($0.source, $0.target) < ($1.source, $1.target) }
    }
}

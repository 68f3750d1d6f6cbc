import TopologyModel

extension LeanHopEvaluator {
    /// Evaluates the hops from source `s` to every target at once, into `scratch.row`.
    ///
    /// The targets are met in address order, so the source's outbound map and its routes
    /// (flattened to address intervals, each with the route longest-prefix match picks there)
    /// are walked with a cursor instead of searched per target. What is left per target is
    /// the binary search in its inbound map and one read of the per-source memo. The answers
    /// are those of ``verdict(_:_:scratch:)`` target by target (tested).
    func row(_ s: Int, scratch: inout Scratch) {
        if scratch.row.count != nodeCount { scratch.row = Array(repeating: -1, count: nodeCount) }
        let sf = facts[s]
        let span = outSpan[s]
        scratch.begin(s, routes: subnets[s].map { index.routes(of: $0) } ?? RouteTableView(routes: []), hubTables: hubTableNumber)
        guard sf.hosts, case .v4(let src)? = sf.address, let subnet = subnets[s], span.count > 0, bounds[Int(span.start)] == 0 else {
            for t in walkOrder { scratch.row[Int(t)] = Self.code(verdict(s, Int(t), scratch: &scratch)) }
            for t in oneByOne { scratch.row[Int(t)] = Self.code(verdict(s, Int(t), scratch: &scratch)) }
            return
        }
        Self.flatten(scratch.routes, starts: &scratch.routeStarts, winners: &scratch.routeAt)
        for i in scratch.row.indices { scratch.row[i] = -1 }
        let source = IPAddress.v4(src)
        let outEnd = Int(span.start + span.count)
        let walked = walkOrder.count
        var o = Int(span.start), r = 0
        // The inbound pieces for the source's address: moved forward from the previous
        // source's by the map bounds in between (none within an atom), searched afresh only
        // when the addresses go down.
        if let at = scratch.arrivingAddress, at <= src {
            var e = Self.upperBound(arrivalBounds, at)
            while e < arrivalBounds.count && arrivalBounds[e] <= src {
                scratch.arriving[Int(arrivalWalk[e])] = arrivalPiece[e]
                e += 1
            }
        } else {
            scratch.arriving = Self.inboundPieces(for: src, spans: walkSpan, bounds: bounds, pieces: pieces)
        }
        scratch.arrivingAddress = src
        // Fixed for the whole walk: kept out of `scratch`, which the loop passes on mutably.
        let routeStarts = scratch.routeStarts, routeAt = scratch.routeAt, arrivingPieces = scratch.arriving
        // Hops evaluated through the memo lately, in a small direct-mapped table: targets in
        // address order cycle through a few keys (a VNet's subnets, one after the other, and
        // the same pattern in the next VNet), so a few hundred slots answer nearly every step
        // and the memo is asked once in a hundred (1,000 spokes: 0.9 of 74 million steps).
        var recentA = [UInt64](repeating: .max, count: 256), recentB = [UInt64](repeating: .max, count: 256)
        var recentResults = [Int32](repeating: -1, count: 256)
        // And before that table, the key of the step before.
        var lastA = UInt64.max, lastB = UInt64.max, lastResult: Int32 = -1
        // Everything read per target is laid out by walk position, and the inbound maps in
        // walk order: the loop reads memory front to back and writes only the hops found.
        bounds.withUnsafeBufferPointer { bounds in
            pieces.withUnsafeBufferPointer { pieces in
                for k in 0..<walked {
                    let address = walkAddress[k]
                    while o + 1 < outEnd && bounds[o + 1] <= address { o += 1 }
                    while r + 1 < routeStarts.count && routeStarts[r + 1] <= address { r += 1 }
                    let leaving = pieces[o]
                    let route = Int(routeAt[r])
                    if emptyPiece[Int(leaving)] || route < 0 { continue }
                    let t = Int(walkOrder[k])
                    if t == s { continue }
                    let destination = IPAddress.v4(address)
                    // Never a route's own appliance address: those targets are asked one by one.
                    let hubTable = scratch.hubRoutes[route]
                    let first =
                        hubTable >= 0
                        ? hubLegs[Int(hubTable)][k]
                        : scratch.legs[route] ?? leg(route, subnet: subnet, source: source, destination: destination, scratch: &scratch)
                    if let settled = settled(first, network: walkNetwork[k]) {
                        if settled != -1 { scratch.row[t] = settled }
                        continue
                    }
                    let signature = if case .firewall(let f) = first { walkSignature[f * walked + k] } else { Int32(-1) }
                    let arriving = arrivingPieces[k]
                    if hubTable >= 0 {
                        // A hub route's leg changes with the target: the step caches below,
                        // keyed by the route, would mix its legs up.
                        let result = resolve(
                            first, leaving: leaving, arriving: arriving, signature: signature, source: source, destination: destination,
                            scratch: &scratch)
                        if result != -1 { scratch.row[t] = result }
                        continue
                    }
                    let result: Int32
                    let a = UInt64(UInt32(bitPattern: leaving)) << 32 | UInt64(UInt32(bitPattern: arriving))
                    let b = UInt64(UInt32(truncatingIfNeeded: route)) << 32 | UInt64(UInt32(bitPattern: signature))
                    if a == lastA && b == lastB {
                        // Two steps in three at 1,000 spokes: the next target in the same VNet.
                        result = lastResult
                    } else {
                        let slot = Int(truncatingIfNeeded: ((a ^ (b &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
                        if recentA[slot] == a && recentB[slot] == b {
                            result = recentResults[slot]
                        } else {
                            result = resolve(
                                first, leaving: leaving, arriving: arriving, signature: signature, source: source,
                                destination: destination, scratch: &scratch)
                            recentA[slot] = a
                            recentB[slot] = b
                            recentResults[slot] = result
                        }
                        lastA = a
                        lastB = b
                        lastResult = result
                    }
                    if result != -1 { scratch.row[t] = result }
                }
            }
        }
        for t in oneByOne { scratch.row[Int(t)] = Self.code(verdict(s, Int(t), scratch: &scratch)) }
        revisitVariants(s, scratch: &scratch)
    }

    /// The pairs where ASG conditions replace a node's own map (``ExposureVariants``): the
    /// walk read the own maps, so these are evaluated again, one by one.
    private func revisitVariants(_ s: Int, scratch: inout Scratch) {
        if variants.isEmpty { return }
        for c in variants.outboundClasses[s] {
            for t in variants.targetsOfClass[Int(c)] where Int(t) != s { scratch.row[Int(t)] = Self.code(verdict(s, Int(t), scratch: &scratch)) }
        }
        let own = peerClass[s]
        guard own >= 0 else { return }
        for t in variants.inboundTargets[Int(own)] where Int(t) != s { scratch.row[Int(t)] = Self.code(verdict(s, Int(t), scratch: &scratch)) }
    }

    /// Each walked target's inbound piece for one source address (walked targets have a
    /// map, and maps start at 0).
    private static func inboundPieces(for address: UInt32, spans: [(start: Int32, count: Int32)], bounds: [UInt32], pieces: [Int32]) -> [Int32] {
        bounds.withUnsafeBufferPointer { bounds in
            spans.map { span in
                var low = Int(span.start), high = low + Int(span.count)
                while low < high {
                    let mid = (low &+ high) >> 1
                    if bounds[mid] <= address { low = mid + 1 } else { high = mid }
                }
                return pieces[low - 1]
            }
        }
    }

    /// The number of elements of a sorted array that are at most `value`.
    static func upperBound(_ sorted: [UInt32], _ value: UInt32) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) >> 1
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func code(_ verdict: LeanVerdict) -> Int32 {
        switch verdict {
        case .none: -1
        case .services(let n): n
        case .oneWay(let n): oneWayCode(n)
        case .unknown: -2
        }
    }

    /// A route table as IPv4 intervals: where each interval starts, and the index of the
    /// route ``RouteTableView/lookupIndex(_:)`` picks for its addresses (-1: none). No route
    /// prefix starts or ends inside an interval, so every address of one matches the same
    /// routes and gets the same answer (RT-11 to RT-14 included).
    static func flatten(_ table: RouteTableView, starts: inout [UInt32], winners: inout [Int32]) {
        table.intervals(starts: &starts, winners: &winners)
    }
}

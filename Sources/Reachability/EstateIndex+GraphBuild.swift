import Dispatch
import ParallelSupport
import TopologyModel

extension EstateIndex {
    /// Builds the attack graph.
    ///
    /// - Parameter lean: evaluate hops between hosts with the ``LeanHopEvaluator`` and
    ///   explain each only when it is read; false evaluates every pair in full, with its
    ///   explanation (tests compare both ways).
    /// - Complexity: O(E) to group E endpoints, O(N · R) to map the NSGs of N nodes with R
    ///   rules each, then O(N²) lean evaluations (binary searches, a route lookup and, through
    ///   a firewall, a cached decision per address class); pairs the lean evaluation cannot
    ///   follow get the full evaluation, linear in the rules of the NSGs on the hop.
    public func graph(lean useLean: Bool = true) -> ReachabilityGraph {
        let nodes = buildNodes()
        let sources = nodes.indices.filter { [.hosts, .internet, .onPremises].contains(nodes[$0].kind) }
        let targets = nodes.indices.filter { ![.internet, .asset, .onPremises].contains(nodes[$0].kind) }
        let lean = useLean ? LeanHopEvaluator(index: self, nodes: nodes, sources: sources, targets: targets) : nil
        let explainer = HopExplainer(index: self, nodes: nodes)
        // Sources are independent: evaluate them on every core. Each slot is written by one
        // iteration only; the hops are sorted when the graph is built, so the result does not
        // depend on scheduling.
        let slots = OutgoingSlots(count: sources.count)
        let privateGateways = topology.applicationGateways.values.contains { $0.routes.contains { $0.privateAddress != nil } }
        // Runs of neighbouring sources, in address order, go to one worker, which keeps one
        // scratch for every run it takes: a row carries the inbound side of the previous one
        // forward (see LeanHopEvaluator.row), and the firewall decisions cached for one run
        // serve the next. Each source's hops go to its own slot, so the order of work does
        // not change the result.
        let run = 16
        let byAddress = sources.indices.sorted { a, b in
            let x = nodes[sources[a]].representative?.address, y = nodes[sources[b]].representative?.address
            switch (x, y) {
            case let (x?, y?): return x != y ? x < y : a < b
            case (nil, _?): return true
            case (_?, nil): return false
            case (nil, nil): return a < b
            }
        }
        Parallel.perform(chunks: (sources.count + run - 1) / run, state: { LeanHopEvaluator.Scratch() }) { scratch, chunk in
            for position in chunk * run..<min(sources.count, (chunk + 1) * run) {
                let i = byAddress[position]
                let s = sources[i]
                let kind = nodes[s].kind
                var found = ReachabilityGraph.Outgoing()
                if kind == .hosts, let lean { lean.row(s, scratch: &scratch) }
                let rows = kind == .hosts && lean != nil
                if rows && !privateGateways {
                    // The row holds every answer: read it in target order, taking the lean
                    // hops as they are and evaluating in full only what the lean walk could
                    // not tell (-2).
                    let row = scratch.row
                    for t in targets where t != s {
                        let result = row[t]
                        if result >= 0 {
                            found.lean.append(hopTo: Int32(t), services: result, from: Int32(s))
                        } else if result <= -3 {
                            found.leanOneWay.append((Int32(t), -3 - result))
                        } else if result != -1 {
                            let reach = internalReach(from: nodes[s], to: nodes[t])
                            if let hop = reach.hop { found.eager.append(hop) }
                            if let oneWay = reach.oneWay { found.oneWay.append(oneWay) }
                        }
                    }
                    slots.store(found, services: scratch.results, at: i)
                    continue
                }
                for t in targets where t != s {
                    let hop: Hop?
                    switch kind {
                    case .internet:
                        let entry = internetEntry(to: nodes[t])
                        hop = entry.hop
                        if let oneWay = entry.oneWay { found.oneWay.append(oneWay) }
                    case .onPremises: hop = onPremisesHop(to: nodes[t])
                    default:
                        let gateways = privateGateways ? privateApplicationGatewayHops(from: nodes[s], to: nodes[t]) : []
                        let result = rows ? scratch.row[t] : -2
                        if result == -1 {
                            if gateways.isEmpty { continue }
                            hop = merged(nil, gateways)
                        } else if result >= 0 && gateways.isEmpty {
                            found.lean.append(hopTo: Int32(t), services: result, from: Int32(s))
                            continue
                        } else {
                            let reach = internalReach(from: nodes[s], to: nodes[t])
                            if let oneWay = reach.oneWay { found.oneWay.append(oneWay) }
                            hop = merged(reach.hop, gateways)
                        }
                    }
                    if let hop { found.eager.append(hop) }
                }
                slots.store(found, services: rows ? scratch.results : [], at: i)
            }
        }
        // One table of distinct service sets for the whole graph.
        var table: [ServiceSet] = []
        var ids: [LeanServices: Int32] = [:]
        var outgoing = Array(repeating: ReachabilityGraph.Outgoing(), count: nodes.count)
        for (i, s) in sources.enumerated() {
            var (found, local) = slots.take(at: i)
            let remap = local.map { services -> Int32 in
                if let id = ids[services] { return id }
                ids[services] = Int32(table.count)
                table.append(services.serviceSet)
                return Int32(table.count - 1)
            }
            for k in found.lean.indices { found.lean[k].services = remap[Int(found.lean[k].services)] }
            for k in found.leanOneWay.indices { found.leanOneWay[k].services = remap[Int(found.leanOneWay[k].services)] }
            outgoing[s] = found
        }
        let index = NodeCatalog(nodes: nodes).index
        for hop in assetHops(nodes) + privateLinkServiceHops(nodes) + egressHops(nodes) {
            if let f = index[hop.from] { outgoing[f].eager.append(hop) }
        }
        return ReachabilityGraph(nodes: nodes, outgoing: outgoing, services: table, store: useLean ? HopStore(explainer: explainer) : nil)
    }
}

import Dispatch
import Synchronization
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
    private let payload: [Int32]
    private let serviceTable: [ServiceSet]
    private let eager: [Hop]
    private let store: HopStore?
    /// By node index: the nodes with a hop into it, in ID order.
    let incoming: [[Int32]]

    /// The hops leaving one node as the graph build found them: lean ones as (target node
    /// index, service table index), 8 bytes each, and hops built with their explanation.
    struct Outgoing {
        var lean: [(target: Int32, services: Int32)] = []
        var eager: [Hop] = []
        var oneWay: [OneWayReach] = []
    }

    /// Pairs where requests arrive but replies cannot return (RT-16): not hops, since no
    /// connection is made, but a one-way payload (UDP) may still arrive. In (from, to) order.
    public let oneWay: [OneWayReach]

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
        oneWay = outgoing.flatMap(\.oneWay).sorted { ($0.from, $0.to) < ($1.from, $1.to) }
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
                    built.store(eagerHops.compactMap { hop in nodeIndex[hop.to].map { (target: Int32($0), hop: hop) } }.enumerated().sorted { a, b in
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
        // Runs of neighbouring sources, in address order, go to one thread with one scratch:
        // a row carries the inbound side of the previous one forward (see
        // LeanHopEvaluator.row). Each source's hops go to its own slot, so the order of work
        // does not change the result.
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
        DispatchQueue.concurrentPerform(iterations: (sources.count + run - 1) / run) { chunk in
            var scratch = LeanHopEvaluator.Scratch()
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
                    var hits = 0
                    for t in targets where row[t] >= 0 { hits += 1 }
                    found.lean.reserveCapacity(hits)
                    for t in targets where t != s {
                        let result = row[t]
                        if result >= 0 {
                            found.lean.append((Int32(t), result))
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
                            found.lean.append((Int32(t), result))
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
            outgoing[s] = found
        }
        let index = NodeCatalog(nodes: nodes).index
        for hop in assetHops(nodes) + privateLinkServiceHops(nodes) + egressHops(nodes) {
            if let f = index[hop.from] { outgoing[f].eager.append(hop) }
        }
        return ReachabilityGraph(nodes: nodes, outgoing: outgoing, services: table, store: useLean ? HopStore(explainer: explainer) : nil)
    }

    /// On-premises -> host: in through the gateway's subnet, its routes (RT-21), across
    /// gateway transit (no forwarded-traffic flag needed, PEER-7) to the host's NSGs.
    func onPremisesHop(to target: AttackNode) -> Hop? {
        guard target.kind == .hosts || target.kind == .privateEndpoint, let dst = target.representative, let network = target.network,
              let dstSubnet = dst.subnet, privateEndpointApproved(target) else { return nil }
        var services = ServiceSet()
        var allowedBy: [RuleContribution] = []
        var firewallRules: [FirewallContribution] = []
        var findings: [String] = []
        var first: (client: IPAddress, leg: Leg)?
        // Every on-premises network, and in each every class of clients the way can tell
        // apart (the destination's NSGs and routes, firewall rules): the hop is their union.
        var cuts = sourceCuts(of: inboundStages(dst)) + routeCuts(of: dstSubnet)
        for firewall in topology.firewalls.values.sorted(by: { $0.id < $1.id }) { cuts += firewallCuts(firewall, destinations: false) }
        var vnets = AddressSet.empty
        for n in topology.networks.values { vnets = vnets.union(n.addresses) }
        for (_, entry) in onPremisesByNetwork.sorted(by: { $0.key < $1.key }) {
            guard let subnet = topology.gateways[entry.gateway]?.subnet, topology.subnets[subnet] != nil else { continue }
            let space = AddressSet(prefixes: entry.prefixes).subtracting(vnets)
            for client in AddressAtoms(space: space, cuts: cuts).witnesses where answersOnPremises(from: dstSubnet, client) {
                let prefix = entry.prefixes.first { $0.contains(client) } ?? entry.prefixes[0]
                var leg = Leg(services: .everything, sender: EndpointIdentity(address: client), stages: [])
                leg.viaGateway = true
                leg.via = [TraceStep(kind: .note, resource: entry.gateway, resourceName: topology.gateways[entry.gateway]?.name ?? entry.gateway.name,
                                     decision: .forward, detail: "from on-premises \(prefix) through virtual network gateway \(topology.gateways[entry.gateway]?.name ?? entry.gateway.name)")]
                let legs = travel(leg, from: subnet, to: dst, network: network, depth: 0)
                guard let arrived = legs.first, arrived.services.witness != nil else { continue }
                if first == nil { first = (client, arrived) }
                for l in legs {
                    services = services.union(l.services)
                    allowedBy += l.allowedBy.filter { !allowedBy.contains($0) }
                    firewallRules += l.firewallRules.filter { !firewallRules.contains($0) }
                    findings += l.findings.filter { !findings.contains($0) }
                }
            }
        }
        guard let (client, leg) = first, let w = leg.services.witness else { return nil }
        var hop = Hop(from: AttackNode.onPremisesID, to: target.id, services: services, allowedBy: allowedBy, via: leg.via,
                      witness: WitnessFlow(source: client, destination: dst.address, translatedDestination: nil, proto: w.proto, port: w.port,
                                           sourcePort: w.proto.hasPorts ? options.clientSourcePorts.lowerBound : nil))
        hop.firewallRules = firewallRules
        hop.findings = findings
        return hop
    }

    /// Private endpoint -> its target resource when the connection is Approved (PE-2, PE-4),
    /// and Internet -> a storage account whose public endpoint admits any network (ST-2,
    /// ST-3; authentication is still required, ST-4).
    func assetHops(_ nodes: [AttackNode]) -> [Hop] {
        let assets = Dictionary(nodes.compactMap { n in n.asset.map { ($0, n) } }, uniquingKeysWith: { a, _ in a })
        var hops: [Hop] = []
        for node in nodes where node.kind == .privateEndpoint {
            guard let e = node.endpoints.first, let peID = topology.interfaces[e.interface]?.privateEndpoint,
                  let pe = topology.privateEndpoints[peID] else { continue }
            for connection in pe.connections where connection.state.carriesTraffic {
                guard let asset = assets[connection.target] else { continue }
                var services = ServiceSet()
                services.insert(.tcp, PortSet(443...443))
                hops.append(Hop(from: node.id, to: asset.id, services: services, allowedBy: [],
                                via: [TraceStep(kind: .note, resource: pe.id, resourceName: pe.name, decision: .forward,
                                                detail: "private endpoint \(pe.name) (\(e.address)) maps to \(connection.target.name) \(connection.groupIDs.joined(separator: ",")), connection Approved (PE-1, PE-2)")],
                                witness: WitnessFlow(source: e.address, destination: e.address, translatedDestination: nil, proto: .tcp, port: 443, sourcePort: nil)))
            }
        }
        // SE-1..SE-3: hosts in a subnet with a Microsoft.Storage service endpoint that the
        // account's virtualNetworkRules admit reach its public endpoint with their private
        // address, on the service-endpoint route, bypassing any 0.0.0.0/0 appliance (SE-2).
        for account in topology.storageAccounts.values.sorted(by: { $0.id < $1.id }) {
            guard let asset = assets[account.id], account.publicNetworkAccess?.admitsPublicTraffic ?? true else { continue }
            for node in nodes where node.kind == .hosts {
                guard let subnetID = node.subnet, let subnet = topology.subnets[subnetID],
                      subnet.serviceEndpoints.contains(.storage),
                      account.virtualNetworkRules.contains(subnetID) || (account.defaultAction ?? .allow) == .allow,
                      let src = node.representative else { continue }
                // The outbound NSGs still apply; the service's addresses are Internet-tagged.
                let storageAddress = publicRepresentative(avoiding: .empty)
                let outcome = PolicyChain.evaluate(outboundStages(src), source: identity(of: src), destination: EndpointIdentity(address: storageAddress),
                                                   sourcePorts: PortSet(options.clientSourcePorts), options: options)
                var allowedServices = ServiceSet()
                allowedServices.insert(.tcp, PortSet([80...80, 443...443]))
                allowedServices = allowedServices.intersection(outcome.allowed)
                guard !allowedServices.isEmpty, let w = allowedServices.witness else { continue }
                var hop = Hop(from: node.id, to: asset.id, services: allowedServices, allowedBy: outcome.contributions,
                              via: [TraceStep(kind: .route, resource: subnetID, resourceName: subnet.name, decision: .forward,
                                              detail: "service endpoint Microsoft.Storage on subnet \(subnet.name): VirtualNetworkServiceEndpoint route to the storage public endpoint, source keeps its private address (SE-1)")],
                              witness: WitnessFlow(source: src.address, destination: storageAddress, translatedDestination: nil, proto: w.proto, port: w.port,
                                                   sourcePort: options.clientSourcePorts.lowerBound))
                hop.findings = [account.virtualNetworkRules.contains(subnetID)
                    ? "admitted by the account's virtualNetworkRules for this subnet (SE-3); service-endpoint routes bypass 0.0.0.0/0 firewall routes (SE-2)"
                    : "the account admits every network (defaultAction Allow); service-endpoint routes bypass 0.0.0.0/0 firewall routes (SE-2)"]
                hops.append(hop)
            }
        }
        // KV-1, KV-2, ACR-1: public endpoints of key vaults and registries.
        for service in topology.serviceResources.values.sorted(by: { $0.id < $1.id }) {
            guard let asset = assets[service.id] else { continue }
            guard service.publicNetworkAccess?.admitsPublicTraffic ?? true, (service.defaultAction ?? .allow) == .allow else { continue }
            var services = ServiceSet()
            services.insert(.tcp, PortSet(443...443))
            var findings = ["public endpoint open to every network: publicNetworkAccess=\(service.publicNetworkAccess?.azureName ?? "(unset, Enabled)"), default action \(service.defaultAction?.azureName ?? "(no network rules: any network)")" + (service.kind == .keyVault ? " (KV-1, KV-2)" : " (ACR-1)")]
            if service.adminUserEnabled { findings.append("adminUserEnabled=true: a static admin credential can push and pull every repository (ACR-1)") }
            if service.anonymousPullEnabled { findings.append("anonymousPullEnabled=true: anyone can pull images without credentials (ACR-1)") }
            if service.kind == .keyVault { findings.append("requests still need Entra ID and vault access (KV-2)") }
            var hop = Hop(from: AttackNode.internetID, to: asset.id, services: services, allowedBy: [],
                          via: [TraceStep(kind: .note, resource: service.id, resourceName: service.name, decision: .allow,
                                          detail: "\(service.kind.rawValue) \(service.name) public endpoint")],
                          witness: WitnessFlow(source: publicRepresentative(avoiding: .empty), destination: publicRepresentative(avoiding: .empty),
                                               translatedDestination: nil, proto: .tcp, port: 443, sourcePort: options.clientSourcePorts.lowerBound))
            hop.findings = findings
            hops.append(hop)
        }
        for account in topology.storageAccounts.values.sorted(by: { $0.id < $1.id }) {
            guard let asset = assets[account.id] else { continue }
            let defaultAction = account.defaultAction ?? .allow
            // With defaultAction Deny, IP rules still admit the public addresses they list (ST-3).
            let admitted = account.ipRules.intersection(.publicSpace)
            guard account.publicNetworkAccess?.admitsPublicTraffic ?? true, defaultAction == .allow || !admitted.isEmpty else { continue }
            var services = ServiceSet()
            services.insert(.tcp, PortSet([80...80, 443...443]))
            var findings = defaultAction == .allow
                ? ["public endpoint open to every network: publicNetworkAccess=\(account.publicNetworkAccess?.azureName ?? "(unset, Enabled)"), networkAcls.defaultAction=\(account.defaultAction?.azureName ?? "(unset, Allow)") (ST-2, ST-3); a private endpoint does not close it (PE-4)"]
                : ["public endpoint open only to the Internet addresses in networkAcls.ipRules: \(admitted.rangeDescriptions.joined(separator: ", ")) (defaultAction Deny, ST-3)"]
            let open = account.containers.filter { $0.value.isAnonymous }.keys.sorted()
            switch account.allowBlobPublicAccess {
            case true?:
                findings.append("allowBlobPublicAccess=true: " + (open.isEmpty ? "containers set to Blob or Container would be readable anonymously (ST-1)"
                    : "anonymous read of containers " + open.map { "\($0) (\(account.containers[$0]!.rawValue))" }.joined(separator: ", ") + " (ST-1)"))
            case nil:
                findings.append("allowBlobPublicAccess unset: older accounts may allow anonymous containers (ST-1, uncertain)"
                    + (open.isEmpty ? "" : "; containers with public access: " + open.joined(separator: ", ")))
            default:
                findings.append("requests still need credentials (key, SAS or Entra ID; ST-4)"
                    + (open.isEmpty ? "" : "; containers " + open.joined(separator: ", ") + " ask for public access, which allowBlobPublicAccess=false overrides (ST-1)"))
            }
            if account.containers["$web"] != nil {
                findings.append("static website container $web is readable anonymously whatever allowBlobPublicAccess says (ST-1)")
            }
            var hop = Hop(from: AttackNode.internetID, to: asset.id, services: services, allowedBy: [],
                          via: [TraceStep(kind: .note, resource: account.id, resourceName: account.name, decision: .allow,
                                          detail: "storage account \(account.name) public endpoint")],
                          witness: WitnessFlow(source: defaultAction == .allow ? publicRepresentative(avoiding: .empty) : admitted.first ?? publicRepresentative(avoiding: .empty),
                                               destination: publicRepresentative(avoiding: .empty),
                                               translatedDestination: nil, proto: .tcp, port: 443, sourcePort: options.clientSourcePorts.lowerBound))
            hop.findings = findings
            hops.append(hop)
        }
        return hops
    }

    /// PE-2: a private endpoint carries traffic only on an Approved connection.
    func privateEndpointApproved(_ node: AttackNode) -> Bool {
        guard node.kind == .privateEndpoint, let e = node.endpoints.first,
              let peID = topology.interfaces[e.interface]?.privateEndpoint, let pe = topology.privateEndpoints[peID] else { return true }
        return pe.connections.contains { $0.state.carriesTraffic }
    }

    /// One way a hop's traffic can travel: the services still allowed, the source address
    /// the next NSGs see, the NSG stages of the current leg (same source), and what has
    /// been passed.
    struct Leg {
        var services: ServiceSet
        var sender: EndpointIdentity
        var stages: [PolicyStage]
        var allowedBy: [RuleContribution] = []
        var firewallRules: [FirewallContribution] = []
        var via: [TraceStep] = []
        var findings: [String] = []
        /// The packet came in through a virtual network gateway (PEER-7 does not apply).
        var viaGateway = false
        /// The stateful devices that must see the reply (RT-18).
        var path = RequestPath()
        /// Set when the request arrives but its reply cannot return: the step that drops the
        /// reply. Such a leg is no hop; it is reachable one way only.
        var reply: TraceStep?
    }

    func internalHop(from source: AttackNode, to target: AttackNode) -> Hop? { internalReach(from: source, to: target).hop }

    /// The hop between two nodes of the estate, and what arrives one way only (RT-18).
    func internalReach(from source: AttackNode, to target: AttackNode) -> (hop: Hop?, oneWay: OneWayReach?) {
        guard let src = source.representative, let dst = target.representative, let subnet = src.subnet,
              let targetNetwork = target.network, privateEndpointApproved(target) else { return (nil, nil) }
        let start = Leg(services: .everything, sender: identity(of: src), stages: outboundStages(src))
        let all = travelAll(start, from: subnet, to: dst, network: targetNetwork, depth: 0)
        let legs = all.filter { $0.reply == nil }
        let oneWay = Self.oneWay(all.filter { $0.reply != nil }, from: source.id, to: target.id, source: src.address, destination: dst.address,
                                 sourcePort: options.clientSourcePorts.lowerBound)
        guard !legs.isEmpty else { return (nil, oneWay) }
        var services = ServiceSet()
        var allowedBy: [RuleContribution] = []
        var firewallRules: [FirewallContribution] = []
        var findings: [String] = []
        for leg in legs {
            services = services.union(leg.services)
            for c in leg.allowedBy where !allowedBy.contains(c) { allowedBy.append(c) }
            for f in leg.firewallRules where !firewallRules.contains(f) { firewallRules.append(f) }
            for f in leg.findings where !findings.contains(f) { findings.append(f) }
        }
        let first = legs[0]
        guard let witness = first.services.witness else { return (nil, oneWay) }
        var hop = Hop(from: source.id, to: target.id, services: services, allowedBy: allowedBy, via: first.via,
                      witness: WitnessFlow(source: src.address, destination: dst.address, translatedDestination: nil,
                                           proto: witness.proto, port: witness.port,
                                           sourcePort: witness.proto.hasPorts ? options.clientSourcePorts.lowerBound : nil))
        hop.firewallRules = firewallRules
        hop.findings = findings
        return (hop, oneWay)
    }

    /// Legs whose requests arrive but whose replies are dropped, as one reach: their
    /// services and rules united, the first one's way and reply.
    static func oneWay(_ legs: [Leg], from: String, to: String, source: IPAddress, destination: IPAddress, sourcePort: UInt16) -> OneWayReach? {
        guard let first = legs.first, let reply = first.reply, let w = first.services.witness else { return nil }
        var services = ServiceSet()
        var allowedBy: [RuleContribution] = []
        for leg in legs {
            services = services.union(leg.services)
            for c in leg.allowedBy where !allowedBy.contains(c) { allowedBy.append(c) }
        }
        return OneWayReach(from: from, to: to, services: services, allowedBy: allowedBy, via: first.via, reply: reply,
                           witness: WitnessFlow(source: source, destination: destination, translatedDestination: nil, proto: w.proto, port: w.port,
                                                sourcePort: w.proto.hasPorts ? sourcePort : nil))
    }

    /// Follows routes from `subnet` toward `destination`, through firewalls (whose rules
    /// split the services and may SNAT them) and NVAs (whose NSGs join the current leg),
    /// and returns every leg that arrives with some service allowed.
    func travel(_ leg: Leg, from subnet: ResourceID, to destination: Placement, network: ResourceID, depth: Int) -> [Leg] {
        travelAll(leg, from: subnet, to: destination, network: network, depth: depth).filter { $0.reply == nil }
    }

    /// ``travel(_:from:to:network:depth:)``, with the legs whose replies cannot return
    /// (each with its `reply` step).
    func travelAll(_ leg: Leg, from subnet: ResourceID, to destination: Placement, network: ResourceID, depth: Int) -> [Leg] {
        let target = identity(of: destination)
        let clientPorts = PortSet(options.clientSourcePorts)
        func close(_ leg: Leg, extra: [PolicyStage]) -> Leg? {
            let outcome = PolicyChain.evaluate(leg.stages + extra, source: leg.sender, destination: target, sourcePorts: clientPorts, options: options)
            var next = leg
            next.services = leg.services.intersection(outcome.allowed)
            guard !next.services.isEmpty else { return nil }
            for c in outcome.contributions {
                let kept = c.services.intersection(next.services)
                if !kept.isEmpty {
                    next.allowedBy.append(RuleContribution(securityGroup: c.securityGroup, securityGroupName: c.securityGroupName, level: c.level,
                                                           direction: c.direction, rule: c.rule, services: kept))
                }
            }
            next.stages = []
            return next
        }
        switch forward(from: subnet, source: leg.sender.address, to: destination.address, viaGateway: leg.viaGateway) {
        case .delivered(let arrived, let steps, _):
            guard arrived == network else { return [] }
            var arriving = leg
            arriving.via += steps
            guard var done = close(arriving, extra: inboundStages(destination)) else { return [] }
            switch returnVerdict(done.path, from: destination, to: done.sender.address) {
            case .returns: break
            case .returnsWithFinding(let text): done.findings.append(text)
            case .dropped(let step): done.reply = step
            }
            return [done]
        case .appliance(let nextHop, let steps):
            guard depth < Self.applianceLimit, let nextHop else { return [] }
            guard applianceReachable(from: subnet, nextHop) else { return [] }
            var moving = leg
            moving.via += steps
            if let firewall = firewall(at: nextHop) {
                guard let before = close(moving, extra: []), let fwSubnet = firewall.subnets.first, topology.subnets[fwSubnet] != nil else { return [] }
                let outcome = firewallServices(firewall, source: leg.sender.address, destination: destination.address)
                var legs: [Leg] = []
                for part in outcome.parts {
                    var next = before
                    next.viaGateway = false
                    next.services = before.services.intersection(part.services)
                    guard !next.services.isEmpty else { continue }
                    next.firewallRules += part.contributions.compactMap { c in
                        let kept = c.services.intersection(next.services)
                        return kept.isEmpty ? nil : FirewallContribution(firewall: c.firewall, firewallName: c.firewallName, collection: c.collection,
                                                                         group: c.group, rule: c.rule, kind: c.kind, action: c.action, services: kept, fqdn: c.fqdn)
                    }
                    let snatAddress = firewall.privateAddresses.first ?? nextHop
                    next.via.append(TraceStep(kind: .firewall, resource: firewall.id, resourceName: firewall.name, decision: .allow,
                                              detail: "through Azure Firewall \(firewall.name)" + (part.snat ? ", SNAT to \(snatAddress) (FW-15)" : ", client address kept (FW-15)") + modes(firewall)))
                    if part.snat { next.sender = EndpointIdentity(address: snatAddress, network: topology.subnets[fwSubnet]?.network) }
                    next.path.passedFirewall(firewall.id, snat: part.snat)
                    if firewall.intrusionDetectionMode == .deny {
                        next.findings.append("firewall \(firewall.name) runs IDPS in Deny mode: signatures may still drop this traffic (FW-13)")
                    }
                    legs += travelAll(next, from: fwSubnet, to: destination, network: network, depth: depth + 1)
                }
                return legs
            }
            var applianceEndpoint = topology.endpointsByAddress[nextHop]
            if applianceEndpoint == nil, let (lb, frontend) = internalFrontend(nextHop), let (rule, backend) = internalBackend(lb, frontend, proto: nil, port: nil) {
                moving.via.append(TraceStep(kind: .appliance, resource: lb.id, resourceName: lb.name, rule: rule.name, decision: .forward,
                                            detail: "next hop \(nextHop) is internal load balancer \(lb.name); backend \(backend.address) (RT-7, PUB-3)"))
                applianceEndpoint = backend
            }
            guard let appliance = applianceEndpoint, let nic = topology.interfaces[appliance.interface], nic.ipForwarding else { return [] }
            let placement = Placement.host(appliance)
            moving.viaGateway = false
            moving.path.passedAppliance()
            moving.stages += inboundStages(placement) + outboundStages(placement)
            moving.via.append(TraceStep(kind: .appliance, resource: nic.id, resourceName: nic.name, decision: .forward,
                                        detail: "through network virtual appliance \(nic.name) (\(nextHop)), IP forwarding on"))
            return travelAll(moving, from: appliance.subnet, to: destination, network: network, depth: depth + 1)
        case .internet, .dropped, .onPremises:
            return []
        }
    }

    /// Every way in from the Internet to a node as one hop, and what arrives one way only.
    func internetEntry(to target: AttackNode) -> (hop: Hop?, oneWay: OneWayReach?) {
        let direct = directInternetEntry(to: target)
        return (merged(direct.hop, dnatHops(to: target) + loadBalancerHops(to: target) + applicationGatewayHops(to: target)), direct.oneWay)
    }

    /// One hop from a direct hop and the hops through middleboxes between the same nodes:
    /// services, rules, steps and findings united; the direct hop's witness wins.
    func merged(_ direct: Hop?, _ others: [Hop]) -> Hop? {
        guard var hop = direct ?? others.first else { return nil }
        for other in others where other != hop {
            hop = Hop(from: hop.from, to: hop.to, services: hop.services.union(other.services), allowedBy: hop.allowedBy.joined(other.allowedBy),
                      via: hop.via + other.via.filter { !hop.via.contains($0) }, witness: hop.witness,
                      firewallRules: hop.firewallRules.joined(other.firewallRules),
                      findings: hop.findings + other.findings.filter { !hop.findings.contains($0) })
        }
        return hop
    }

    /// Internet -> a NIC's own public IP (PUB-1, NSG-40), and the clients whose requests arrive but whose
    /// replies the subnet's routes send elsewhere (RT-16: reachable one way only).
    func directInternetEntry(to target: AttackNode) -> (hop: Hop?, oneWay: OneWayReach?) {
        guard target.kind == .hosts, let dst = target.representative, case .host(let endpoint) = dst,
              let pip = endpoint.publicIP, let publicAddress = pip.address else { return (nil, nil) }
        let stages = inboundStages(dst)
        let pipStep = TraceStep(kind: .publicIP, resource: pip.id, resourceName: pip.name, decision: .forward,
                                detail: "\(pip.sku == .standard ? "Standard" : "Basic") public IP \(publicAddress) -> \(endpoint.address)")
        if stages.isEmpty && pip.sku == .standard { return (nil, nil) }  // NSG-40
        var allowed = ServiceSet()
        var contributions: [RuleContribution] = []
        var witness: WitnessFlow?
        var oneWay: OneWayReach?
        for sourceAddress in internetWitnesses(family: endpoint.address, cuts: sourceCuts(of: stages) + routeCuts(of: endpoint.subnet)) {
            let outcome = PolicyChain.evaluate(stages, source: EndpointIdentity(address: sourceAddress), destination: identity(of: dst),
                                               sourcePorts: PortSet(options.clientSourcePorts), options: options)
            guard let w = outcome.allowed.witness else { continue }
            if let reply = asymmetricReturn(from: endpoint, to: sourceAddress, publicIP: pip) {
                let flow = WitnessFlow(source: sourceAddress, destination: publicAddress, translatedDestination: endpoint.address,
                                       proto: w.proto, port: w.port, sourcePort: outcome.witnessSourcePort)
                oneWay = OneWayReach(from: AttackNode.internetID, to: target.id, services: (oneWay?.services ?? ServiceSet()).union(outcome.allowed),
                                     allowedBy: (oneWay?.allowedBy ?? []).joined(outcome.contributions), via: [pipStep], reply: oneWay?.reply ?? reply,
                                     witness: oneWay?.witness ?? flow)
                continue
            }
            allowed = allowed.union(outcome.allowed)
            for c in outcome.contributions where !contributions.contains(where: { $0.rule == c.rule && $0.securityGroup == c.securityGroup }) {
                contributions.append(c)
            }
            if witness == nil {
                witness = WitnessFlow(source: sourceAddress, destination: publicAddress, translatedDestination: endpoint.address,
                                      proto: w.proto, port: w.port, sourcePort: outcome.witnessSourcePort)
            }
        }
        guard let witness else { return (nil, oneWay) }
        return (Hop(from: AttackNode.internetID, to: target.id, services: allowed, allowedBy: contributions, via: [pipStep], witness: witness), oneWay)
    }

    /// Internet -> firewall public IP -> DNAT -> a host (PUB-5, FW-9, FW-17).
    func dnatHops(to target: AttackNode) -> [Hop] {
        guard target.kind == .hosts || target.kind == .privateEndpoint, let dst = target.representative else { return [] }
        var hops: [Hop] = []
        for firewall in topology.firewalls.values.sorted(by: { $0.id < $1.id }) {
            let publicAddresses = firewall.publicIPs.compactMap { topology.publicIPs[$0]?.address }
            guard !publicAddresses.isEmpty, let fwSubnet = firewall.subnets.first, topology.subnets[fwSubnet] != nil else { continue }
            for collection in firewall.collections(.dnat) {
                for rule in collection.rules where rule.translatedAddress == dst.address {
                    guard let frontend = publicAddresses.first(where: { rule.destinations.contains($0) }) else { continue }
                    var translated = ServiceSet()
                    for proto in rule.protocols.members where proto.hasPorts {
                        translated.insert(proto, rule.translatedPort.map { PortSet($0...$0) } ?? rule.ports)
                    }
                    var services = ServiceSet()
                    var allowedBy: [RuleContribution] = []
                    var firstArrival: (client: IPAddress, leg: Leg)?
                    var findings: [String] = []
                    for client in dnatClients(rule.sources, firewall: firewall, frontend: frontend, destination: dst) {
                        let snat = options.dnatPreservesClientAddress ? EndpointIdentity(address: client)
                            : EndpointIdentity(address: firewall.privateAddresses.first ?? frontend, network: topology.subnets[fwSubnet]?.network)
                        let dnatStep = TraceStep(kind: .firewall, resource: firewall.id, resourceName: firewall.name, rule: "\(collection.name)/\(rule.name)",
                                                 decision: .forward,
                                                 detail: "Azure Firewall \(firewall.name) DNAT rule \(rule.name) (collection \(collection.name)): \(frontend):\(rule.ports.portDescription) -> \(dst.address):\(rule.translatedPort.map(String.init) ?? rule.ports.portDescription); the destination sees \(snat.address) (FW-9, FW-17)")
                        var leg = Leg(services: translated, sender: snat, stages: [], via: [dnatStep])
                        leg.path.passedFirewall(firewall.id, snat: !options.dnatPreservesClientAddress)
                        let legs = travel(leg, from: fwSubnet, to: dst, network: target.network!, depth: 1)
                        guard let first = legs.first, first.services.witness != nil else { continue }
                        if firstArrival == nil { firstArrival = (client, first) }
                        for l in legs { services = services.union(l.services); allowedBy += l.allowedBy.filter { !allowedBy.contains($0) } }
                        findings += legs.flatMap(\.findings).filter { !findings.contains($0) }
                    }
                    guard let (client, first) = firstArrival, let w = first.services.witness else { continue }
                    let frontPort = rule.translatedPort == nil ? w.port : (rule.ports.first ?? w.port)
                    var hop = Hop(from: AttackNode.internetID, to: target.id, services: services, allowedBy: allowedBy, via: first.via,
                                  witness: WitnessFlow(source: client, destination: frontend, translatedDestination: dst.address, proto: w.proto,
                                                       port: frontPort, sourcePort: options.clientSourcePorts.lowerBound))
                    hop.findings = findings
                    hop.firewallRules = [FirewallContribution(firewall: firewall.id, firewallName: firewall.name, collection: collection.name,
                                                              group: collection.group, rule: rule.name, kind: .dnat, action: .dnat, services: services, fqdn: nil)]
                    hops.append(hop)
                }
            }
        }
        return hops
    }

    /// The Internet clients a DNAT rule admits, one per class of them that the rest of the
    /// way can tell apart: when the firewall SNATs (FW-17, the default) the destination sees
    /// the firewall, so any one client stands for all; when it keeps the client address,
    /// the destination's NSGs and routes read it.
    func dnatClients(_ sources: FirewallAddressMatch, firewall: Firewall, frontend: IPAddress, destination: Placement) -> [IPAddress] {
        let family = frontend.isV4 ? AddressSet(v4: internetSpace.v4) : AddressSet(v6: internetSpace.v6)
        let admitted = sources.any ? family : sources.addresses.intersection(family)
        guard !admitted.isEmpty else { return [] }
        guard options.dnatPreservesClientAddress else { return [admitted.contains(Self.preferredPublic) ? Self.preferredPublic : admitted.first!] }
        var cuts = sourceCuts(of: inboundStages(destination))
        if let subnet = destination.subnet { cuts += routeCuts(of: subnet) }
        cuts += firewallCuts(firewall, destinations: false)
        return AddressAtoms(space: admitted, cuts: cuts, preferred: Self.preferredPublic).witnesses
    }
}

/// Explains hops the lean evaluation found, on demand: the full evaluation of the pair.
final class HopExplainer: Sendable {
    let index: EstateIndex
    let nodes: [AttackNode]

    init(index: EstateIndex, nodes: [AttackNode]) {
        self.index = index
        self.nodes = nodes
    }

    func explanation(_ source: Int, _ target: Int, services: ServiceSet) -> Hop.Explanation {
        if let hop = index.internalHop(from: nodes[source], to: nodes[target]) {
            return Hop.Explanation(allowedBy: hop.allowedBy, via: hop.via, witness: hop.witness, firewallRules: hop.firewallRules, findings: hop.findings)
        }
        // Not reached: the lean and full evaluations agree on every pair (tests). Should they
        // ever differ, the hop still names a concrete flow.
        let src = nodes[source].representative?.address ?? .v4(0), dst = nodes[target].representative?.address ?? .v4(0)
        let w = services.witness
        return Hop.Explanation(allowedBy: [], via: [], witness: WitnessFlow(source: src, destination: dst, translatedDestination: nil, proto: w?.proto ?? .tcp,
                                                                            port: w?.port ?? 0, sourcePort: nil),
                               firewallRules: [], findings: ["the full evaluation found no hop here; report this estate as a bug"])
    }
}

/// One result slot per source for the parallel graph build: written once each, from
/// different threads, read after all are done.
final class OutgoingSlots: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<(ReachabilityGraph.Outgoing, [LeanServices])>

    init(count: Int) {
        buffer = .allocate(capacity: max(count, 1))
        buffer.initialize(repeating: (ReachabilityGraph.Outgoing(), []))
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    /// - Parameter services: the service sets the lean hops number.
    func store(_ outgoing: ReachabilityGraph.Outgoing, services: [LeanServices], at index: Int) { buffer[index] = (outgoing, services) }

    /// The slot's content, leaving it empty (the graph build frees memory as it goes).
    func take(at index: Int) -> (ReachabilityGraph.Outgoing, [LeanServices]) {
        let value = buffer[index]
        buffer[index] = (ReachabilityGraph.Outgoing(), [])
        return value
    }
}

/// Explanations of lean hops, computed on first read and kept, shared by every copy of
/// the graph.
final class HopStore: Sendable {
    private let explainer: HopExplainer
    private let cache = Mutex<[Int64: Hop.Explanation]>([:])

    init(explainer: HopExplainer) { self.explainer = explainer }

    func explanation(_ source: Int, _ target: Int, services: ServiceSet) -> Hop.Explanation {
        let key = Int64(source) << 32 | Int64(target)
        if let known = cache.withLock({ $0[key] }) { return known }
        let computed = explainer.explanation(source, target, services: services)
        cache.withLock { $0[key] = computed }
        return computed
    }
}

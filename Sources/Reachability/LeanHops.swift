import Dispatch
import ParallelSupport
import TopologyModel

/// The services a hop between two nodes carries, computed without its explanation, or
/// `unknown` when the way is one the lean evaluation does not follow. Services are an index
/// into the ``LeanHopEvaluator/Scratch`` of the evaluation.
enum LeanVerdict: Sendable, Equatable {
    case none
    case services(Int32)
    /// Requests arrive with these services but no reply returns (RT-18, PE-8): no hop, a
    /// one-way reach.
    case oneWay(Int32)
    case unknown

    /// A result code as pair evaluations pass it: -1 none, -2 unknown, n >= 0 a hop with
    /// result n, -3 - n a one-way reach with result n.
    init(code: Int32) {
        switch code {
        case -1: self = .none
        case -2: self = .unknown
        case ...(-3): self = .oneWay(-3 - code)
        default: self = .services(code)
        }
    }
}

/// Hop services without traces, for every pair of nodes of an estate.
///
/// ``EstateIndex/internalHop(from:to:)`` follows a hop with its whole explanation (rules,
/// routes, firewall rules, findings). Most pairs of a large estate have no hop, and the
/// explanation is most of the cost, so the graph asks this first. It follows the same
/// way: the source's outbound NSGs (an ``ExposureMap`` by destination), the route and
/// peering checks (``RouteDecision``), at most one Azure Firewall (its rules judged once
/// per class of source and destination addresses they cannot tell apart, split by SNAT,
/// FW-15), the leg from the firewall, and the target's inbound NSGs (a map by source).
/// NVAs, internal load balancers as next hops, chained appliances, IPv6 and NSG rules that
/// a map cannot represent answer `unknown`, and the caller evaluates in full.
///
/// Everything that depends on one side only (maps, the firewall's class of each target,
/// the route from each firewall to each target) is computed once per node. Service sets are
/// numbered once, and each source remembers the intersections it has computed, so a pair
/// costs two binary searches in flat integer arrays, one route lookup and a few integer-keyed
/// dictionary reads, and allocates nothing.
struct LeanHopEvaluator: Sendable {
    let index: EstateIndex
    /// What a pair evaluation needs of each node, by node index.
    let facts: [Facts]
    /// By node index: the subnet of the node's representative.
    let subnets: [ResourceID?]
    /// Every node's exposure maps, flattened: by node index the span of `bounds`/`pieces`
    /// (count -1: no map, evaluate in full).
    let outSpan: [(start: Int32, count: Int32)]
    let inSpan: [(start: Int32, count: Int32)]
    /// By node index: the node's class among peers that ASG conditions tell apart (-1: in
    /// no ASG), and the spans of the maps that replace the node's own for some classes.
    let peerClass: [Int32]
    let variants: ExposureVariants
    let bounds: [UInt32]
    let pieces: [Int32]
    /// The distinct service sets of the maps.
    let table: [LeanServices]
    /// By piece number (what `pieces` holds): its service set in `table`, and the way the
    /// target's reply takes back to the addresses of the piece (``replyClass(_:_:)``).
    /// Outbound pieces return directly.
    let pieceServices: [Int32]
    let pieceReply: [Int32]
    let firewalls: [FirewallClasses]
    private let firewallNumber: [ResourceID: Int]
    /// The hub tables spokes are associated with, numbered, and by number and walk position,
    /// where each sends the walked target (VWAN-9): one hub lookup per table and target, not
    /// per pair.
    let hubTableNumber: [ResourceID: Int32]
    let hubLegs: [[SourceLeg]]
    private let networkNumber: [ResourceID: Int]
    /// Per firewall, by node index: the class of the target's address as a destination; and
    /// by class, the rules that name it.
    let destinationClass: [[Int32]]
    let destinationClassBits: [[FirewallClasses.Bits]]
    /// Per firewall, by node index: where the route from the firewall's subnet takes traffic
    /// to the target, for a sender inside the firewall's VNet (after SNAT) and outside it.
    let onward: [[(inside: LegEnd, outside: LegEnd)]]
    /// The targets the row walk meets in address order (a plain IPv4 address, an inbound
    /// map, a VNet, approved), their addresses, and the other targets, evaluated one by one.
    let walkOrder: [Int32]
    let walkAddress: [UInt32]
    let oneByOne: [Int32]
    /// By walk position: the target's inbound map span and VNet, and per firewall
    /// (`firewall * walkOrder.count + position`) its leg signature.
    let walkSpan: [(start: Int32, count: Int32)]
    let walkNetwork: [Int32]
    let walkSignature: [Int32]
    /// Every bound of the walked targets' inbound maps but their first (0), in address order:
    /// the address, the walk position of the target, and the piece that starts there. Two
    /// source addresses no bound separates (an atom) fall in the same piece of every inbound
    /// map; a thread moving from one source address to a higher one applies just the bounds
    /// in between to the inbound pieces it holds, instead of searching every map again.
    let arrivalBounds: [UInt32]
    let arrivalWalk: [Int32]
    let arrivalPiece: [Int32]
    /// By `firewall * nodeCount + node`: the number of what the firewall's leg to the target
    /// depends on (its destination class, the inbound piece for the firewall's address, how
    /// both legs end), -1 when the map has no piece for the firewall's address.
    let legSignature: [Int32]
    let signatures: [LegSignature]
    /// By piece number: whether its service set is empty (read without copying the set).
    let emptyPiece: [Bool]
    let nodeCount: Int

    struct LegSignature: Hashable {
        let firewall: Int32
        let destinationClass: Int32
        let fromFirewall: Int32
        /// How the legs from the firewall end for the target: 0 delivered, 1 elsewhere, 2
        /// unknown, 3 at another Azure Firewall, whose own signature for the target (which
        /// follows no further firewall) is `insideNext` or `outsideNext`.
        let insideLeg: UInt8
        let outsideLeg: UInt8
        var insideNext: Int32 = -1
        var outsideNext: Int32 = -1
    }

    /// Plain values only: read for every pair.
    struct Facts {
        var address: IPAddress?
        var network: Int32 = -1
        var hosts = false
        var approved = true
    }

    init(index: EstateIndex, nodes: [AttackNode], sources: [Int], targets: [Int]) {
        self.index = index
        let options = index.options
        let out = Slots<ExposureFamily>(count: nodes.count)
        DispatchQueue.concurrentPerform(iterations: sources.count) { i in
            let node = nodes[sources[i]]
            guard node.kind == .hosts, let src = node.representative else { return }
            out.store(
                ExposureFamily.build(stages: index.outboundStages(src), own: index.identity(of: src), direction: .outbound, options: options),
                at: sources[i])
        }
        let into = Slots<ExposureFamily>(count: nodes.count)
        DispatchQueue.concurrentPerform(iterations: targets.count) { i in
            guard let dst = nodes[targets[i]].representative else { return }
            into.store(
                ExposureFamily.build(stages: index.inboundStages(dst), own: index.identity(of: dst), direction: .inbound, options: options),
                at: targets[i])
        }
        let peerClasses = PeerClasses(nodes: nodes, index: index)
        peerClass = peerClasses.classOf
        // The maps for the peer classes whose members some ASG condition meets: outbound by
        // the target's class (hosts only), inbound by the source's.
        let outVariantMaps = peerClasses.variants(of: out, for: sources, peers: targets)
        let inVariantMaps = peerClasses.variants(of: into, for: targets, peers: sources.filter { nodes[$0].kind == .hosts })
        let list = index.topology.firewalls.values.sorted { $0.id < $1.id }
        let firewallNumber = Dictionary(uniqueKeysWithValues: list.enumerated().map { ($0.element.id, $0.offset) })
        // RT-18: the way each target's reply takes back to each source address, by subnet
        // (every host of a subnet has its routes; private endpoints answer directly).
        let replySubnets = Array(
            Set(
                targets.compactMap { t -> ResourceID? in
                    guard nodes[t].kind != .privateEndpoint, let dst = nodes[t].representative else { return nil }
                    return dst.subnet
                })
        ).sorted()
        // A reply's way depends on the subnet's VNet and route table only: asked once per pair.
        var keyOf: [EstateIndex.RouteKey: Int] = [:], replyKeys: [ResourceID] = [], replyGroup: [Int] = []
        for subnet in replySubnets {
            let key = EstateIndex.RouteKey(network: index.topology.subnets[subnet]?.network ?? subnet, table: index.topology.subnets[subnet]?.routeTable)
            if let known = keyOf[key] {
                replyGroup.append(known)
            } else {
                keyOf[key] = replyKeys.count
                replyGroup.append(replyKeys.count)
                replyKeys.append(subnet)
            }
        }
        let replyFound = Slots<[(start: UInt32, way: ReplyWay)]>(count: replyKeys.count)
        let keySubnets = replyKeys
        DispatchQueue.concurrentPerform(iterations: keySubnets.count) { i in
            replyFound.store(index.replyIntervals(of: .vacant(subnet: keySubnets[i], address: .v4(0))), at: i)
        }
        var replyBySubnet: [ResourceID: (bounds: [UInt32], classes: [Int32])] = [:]
        var replyByKey: [Int: (bounds: [UInt32], classes: [Int32])] = [:]
        for (i, subnet) in replySubnets.enumerated() {
            let k = replyGroup[i]
            if let known = replyByKey[k] {
                replyBySubnet[subnet] = known
                continue
            }
            let intervals = replyFound.value(at: k) ?? [(0, .direct)]
            let found = (intervals.map(\.start), intervals.map { Self.replyClass($0.way, firewallNumber) })
            replyByKey[k] = found
            replyBySubnet[subnet] = found
        }
        var table: [LeanServices] = [], numbers: [LeanServices: Int32] = [:]
        var pieceServices: [Int32] = [], pieceReply: [Int32] = [], pieceNumbers: [UInt64: Int32] = [:]
        var bounds: [UInt32] = [], pieces: [Int32] = []
        func number(_ services: LeanServices, reply: Int32) -> Int32 {
            let n: Int32
            if let known = numbers[services] {
                n = known
            } else {
                n = Int32(table.count)
                numbers[services] = n
                table.append(services)
            }
            let key = UInt64(UInt32(bitPattern: n)) << 32 | UInt64(UInt32(bitPattern: reply))
            if let p = pieceNumbers[key] { return p }
            pieceNumbers[key] = Int32(pieceServices.count)
            pieceServices.append(n)
            pieceReply.append(reply)
            return Int32(pieceServices.count - 1)
        }
        // A map's pieces, each split where the way of the reply changes, numbered by their
        // services and that way.
        func flatten(_ map: ExposureMap?, replies: (bounds: [UInt32], classes: [Int32])? = nil) -> (start: Int32, count: Int32) {
            guard let map else { return (0, -1) }
            let start = Int32(bounds.count)
            guard let replies, replies.bounds.count > 1, let low = map.bounds.first else {
                bounds += map.bounds
                for services in map.services { pieces.append(number(services, reply: replies?.classes.first ?? Self.returnsDirect)) }
                return (start, Int32(map.bounds.count))
            }
            var merged = map.bounds + replies.bounds.filter { $0 >= low }
            merged.sortAndRemoveDuplicates()
            var i = 0, j = 0, last: Int32 = -1
            for bound in merged {
                while i + 1 < map.bounds.count && map.bounds[i + 1] <= bound { i += 1 }
                while j + 1 < replies.bounds.count && replies.bounds[j + 1] <= bound { j += 1 }
                let piece = number(map.services[i], reply: replies.classes[j])
                if piece == last { continue }
                bounds.append(bound)
                pieces.append(piece)
                last = piece
            }
            return (start, Int32(bounds.count) - start)
        }
        func replies(_ t: Int) -> (bounds: [UInt32], classes: [Int32])? {
            guard nodes[t].kind != .privateEndpoint, let subnet = nodes[t].representative?.subnet else { return nil }
            return replyBySubnet[subnet]
        }
        let networkNumber = Dictionary(uniqueKeysWithValues: index.topology.networks.keys.sorted().enumerated().map { ($0.element, $0.offset) })
        self.networkNumber = networkNumber
        let facts = nodes.map { node in
            Facts(
                address: node.representative?.address, network: node.network.flatMap { networkNumber[$0] }.map(Int32.init) ?? -1,
                hosts: node.kind == .hosts, approved: index.privateEndpointApproved(node))
        }
        self.facts = facts
        // The targets the row walk meets, in address order; their inbound maps are laid out
        // in that order too, so a walk reads them front to back.
        // A target at a route's own appliance address is asked one by one: RT-7 delivers to it
        // what the route forwards for every other destination, so its leg is not the route's.
        var applianceAddresses = Set<UInt32>()
        for table in index.topology.routeTables.values {
            for route in table.routes where route.nextHop == .virtualAppliance {
                if case .v4(let value)? = route.nextHopAddress { applianceAddresses.insert(value) }
            }
        }
        var walk: [(address: UInt32, node: Int32)] = [], single: [Int32] = []
        for t in targets {
            let f = facts[t]
            if case .v4(let value)? = f.address, !applianceAddresses.contains(value), f.network >= 0, f.approved,
                let map = into.value(at: t)?.base, map.bounds.first == 0
            {
                walk.append((value, Int32(t)))
            } else {
                single.append(Int32(t))
            }
        }
        walk.sort { ($0.address, $0.node) < ($1.address, $1.node) }
        walkOrder = walk.map(\.node)
        walkAddress = walk.map(\.address)
        oneByOne = single
        var inSpan = Array(repeating: (start: Int32(0), count: Int32(-1)), count: nodes.count)
        for t in walkOrder { inSpan[Int(t)] = flatten(into.value(at: Int(t))?.base, replies: replies(Int(t))) }
        for t in nodes.indices where inSpan[t].count < 0 { inSpan[t] = flatten(into.value(at: t)?.base, replies: replies(t)) }
        self.inSpan = inSpan
        outSpan = nodes.indices.map { flatten(out.value(at: $0)?.base) }
        var variants = ExposureVariants(nodeCount: nodes.count, classCount: peerClasses.count)
        for (s, list) in outVariantMaps {
            for (classes, map) in list {
                let span = flatten(map)
                for c in classes { variants.addOutbound(node: s, peerClass: c, span: span) }
            }
        }
        for (t, list) in inVariantMaps {
            for (classes, map) in list {
                let span = flatten(map, replies: replies(t))
                for c in classes { variants.addInbound(node: t, peerClass: c, span: span) }
            }
        }
        for t in targets where peerClasses.classOf[t] >= 0 { variants.targetsOfClass[Int(peerClasses.classOf[t])].append(Int32(t)) }
        self.variants = variants
        self.bounds = bounds
        self.pieces = pieces
        self.table = table
        subnets = nodes.map { $0.representative?.subnet }
        walkSpan = walkOrder.map { inSpan[Int($0)] }
        var arrivals: [(bound: UInt32, walk: Int32, piece: Int32)] = []
        for (k, span) in walkSpan.enumerated() where span.count > 1 {
            for j in Int(span.start) + 1..<Int(span.start + span.count) { arrivals.append((bounds[j], Int32(k), pieces[j])) }
        }
        arrivals.sort { ($0.bound, $0.walk) < ($1.bound, $1.walk) }
        arrivalBounds = arrivals.map(\.bound)
        arrivalWalk = arrivals.map(\.walk)
        arrivalPiece = arrivals.map(\.piece)
        walkNetwork = walkOrder.map { facts[Int($0)].network }
        firewalls = list.map { FirewallClasses($0, index: index) }
        self.firewallNumber = firewallNumber
        let hubTables = Array(Set(index.hubRouting.association.values)).sorted()
        hubTableNumber = Dictionary(uniqueKeysWithValues: hubTables.enumerated().map { ($0.element, Int32($0.offset)) })
        let walkedAddresses = walk.map(\.address)
        hubLegs = hubTables.map { table in
            let hub = index.hubRouting.tableHub[table] ?? table
            return walkedAddresses.map { address in
                Self.hubLeg(index.hubPassage(hub: hub, table: table, destination: .v4(address)), networks: networkNumber, firewalls: firewallNumber)
            }
        }
        var classes: [[Int32]] = [], destinationBits: [[FirewallClasses.Bits]] = []
        var onward: [[(inside: LegEnd, outside: LegEnd)]] = []
        for classifier in firewalls {
            var ids: [FirewallClasses.Bits: Int32] = [:]
            var classBits: [FirewallClasses.Bits] = []
            var perNode = Array(repeating: Int32(-1), count: nodes.count)
            var legs = Array(repeating: (inside: LegEnd.gone, outside: LegEnd.gone), count: nodes.count)
            let fwSubnet = classifier.firewall.subnets.first
            let inside = classifier.snatAddress
            let outside = IntervalSet<UInt32>.full.subtracting(classifier.space.v4).first.map { IPAddress.v4($0) }
            // Each target's rule bits and legs are independent: found on every core, numbered
            // in target order.
            let found = Slots<(bits: FirewallClasses.Bits, legs: (inside: LegEnd, outside: LegEnd)?)>(count: targets.count)
            DispatchQueue.concurrentPerform(iterations: targets.count) { i in
                guard let address = nodes[targets[i]].representative?.address else { return }
                let legs = fwSubnet.map { fwSubnet in
                    (
                        Self.onwardLeg(index, networkNumber, firewallNumber, index.routeDecision(from: fwSubnet, source: inside, to: address), from: fwSubnet),
                        outside.map {
                            Self.onwardLeg(index, networkNumber, firewallNumber, index.routeDecision(from: fwSubnet, source: $0, to: address), from: fwSubnet)
                        } ?? .appliance
                    )
                }
                found.store((classifier.destinationBits(address), legs), at: i)
            }
            for (i, t) in targets.enumerated() {
                guard let (bits, targetLegs) = found.value(at: i) else { continue }
                if let id = ids[bits] {
                    perNode[t] = id
                } else {
                    perNode[t] = Int32(ids.count)
                    ids[bits] = Int32(ids.count)
                    classBits.append(bits)
                }
                if let targetLegs { legs[t] = targetLegs }
            }
            classes.append(perNode)
            destinationBits.append(classBits)
            onward.append(legs)
        }
        destinationClass = classes
        self.destinationClassBits = destinationBits
        self.onward = onward
        nodeCount = nodes.count
        emptyPiece = pieceServices.map { table[Int($0)].isEmpty }
        self.pieceServices = pieceServices
        self.pieceReply = pieceReply
        var signatureNumber: [LegSignature: Int32] = [:], signatureList: [LegSignature] = []
        func numbered(_ key: LegSignature) -> Int32 {
            if let n = signatureNumber[key] { return n }
            signatureNumber[key] = Int32(signatureList.count)
            signatureList.append(key)
            return Int32(signatureList.count - 1)
        }
        // Two passes: the signatures of legs that end at a second firewall name that
        // firewall's own signature for the target, in which a third firewall is unknown.
        var terminalSignature = Array(repeating: Int32(-1), count: firewalls.count * nodes.count)
        var legSignature = Array(repeating: Int32(-1), count: firewalls.count * nodes.count)
        for chained in [false, true] {
            for (f, classifier) in firewalls.enumerated() {
                for t in targets {
                    guard let fromFirewall = Self.piece(inSpan[t], classifier.snatAddress, bounds: bounds, pieces: pieces) else { continue }
                    let network = facts[t].network
                    func state(_ end: LegEnd) -> (UInt8, Int32) {
                        switch end {
                        case .delivered(let n): return (n == network ? 0 : 1, -1)
                        case .gone: return (1, -1)
                        case .appliance: return (2, -1)
                        case .firewall(let next):
                            let signature = chained ? terminalSignature[next * nodes.count + t] : -1
                            return signature >= 0 ? (3, signature) : (2, -1)
                        }
                    }
                    let inside = state(onward[f][t].inside), outside = state(onward[f][t].outside)
                    let key = LegSignature(
                        firewall: Int32(f), destinationClass: classes[f][t], fromFirewall: fromFirewall,
                        insideLeg: inside.0, outsideLeg: outside.0, insideNext: inside.1, outsideNext: outside.1)
                    if chained { legSignature[f * nodes.count + t] = numbered(key) } else { terminalSignature[f * nodes.count + t] = numbered(key) }
                }
            }
        }
        self.legSignature = legSignature
        signatures = signatureList
        let walkOrder = walkOrder, firewallCount = firewalls.count
        walkSignature = (0..<firewallCount).flatMap { f in walkOrder.map { legSignature[f * nodes.count + Int($0)] } }
    }

    /// Per-thread memory about one source: its route table, what each of its routes leads
    /// to, the decisions of the firewalls on its way, and the service sets of its hops.
    struct Scratch {
        var source = -1
        var routes = RouteTableView(routes: [])
        /// By route index: where the route leads, once asked.
        var legs: [SourceLeg?] = []
        /// By route index: the appliance address of a `VirtualAppliance` route (RT-7).
        var appliances: [IPAddress?] = []
        /// By route index: the number of the hub table a route leads to (-1: none), whose leg
        /// depends on the destination, not on the route alone.
        var hubRoutes: [Int32] = []
        /// Per firewall: whether the source lies in the firewall's VNet, and the class of
        /// its address among the firewall's rules (both for the current source).
        var inside: [Int: Bool] = [:]
        var sourceClass: [Int: Int32] = [:]
        /// Kept across the sources one scratch serves (a run of neighbours in address order):
        /// source classes by their rule bits, and the firewalls' decisions by firewall, source
        /// class and destination class, which are all a decision depends on (FW-2, FW-6, FW-7).
        var sourceClassNumber: [SourceClassKey: Int32] = [:]
        /// By `second * firewalls + first`: the class, among the second firewall's rules, of
        /// the first one's SNAT address.
        var firewallSenderClass: [Int: Int32] = [:]
        var decisions: [DecisionKey: [(services: LeanServices, snat: Bool)]] = [:]

        /// By source class number: the rules that name the class.
        var sourceClassBits: [FirewallClasses.Bits] = []
        /// The firewalls' decisions by firewall, the rules that name both addresses, and
        /// the SNAT exemption: all a decision depends on.
        var decisionsByRules: [RulesKey: [(services: LeanServices, snat: Bool)]] = [:]

        struct SourceClassKey: Hashable {
            let firewall: Int
            let bits: FirewallClasses.Bits
        }

        struct RulesKey: Hashable {
            let firewall: Int32
            let rules: FirewallClasses.Bits
        }

        struct DecisionKey: Hashable {
            let firewall: Int32
            let sourceClass: Int32
            let destinationClass: Int32
        }
        /// Results by their inputs: (outbound piece, inbound piece) for direct hops,
        /// (outbound piece and leg signature, inbound piece) through a firewall; an index
        /// into `results`, -1 for nothing, -2 for unknown.
        var memo = PairMemo()
        /// The distinct service sets of this source's hops.
        private(set) var results: [LeanServices] = []
        var resultNumber: [LeanServices: Int32] = [:]
        /// By node index, after ``LeanHopEvaluator/row(_:scratch:)``: the result of the hop
        /// to that node (an index into `results`), -1 for none, -2 when the lean evaluation
        /// cannot tell.
        var row: [Int32] = []
        /// The source's routes as address intervals: where each starts, and the route index
        /// that wins there (-1: none).
        var routeStarts: [UInt32] = []
        var routeAt: [Int32] = []
        /// By walk position: the inbound piece of each walked target for source address
        /// `arrivingAddress` (nil: none computed yet).
        var arriving: [Int32] = []
        var arrivingAddress: UInt32? = nil

        init() {}

        mutating func begin(_ s: Int, routes: RouteTableView, hubTables: [ResourceID: Int32]) {
            source = s
            self.routes = routes
            legs = Array(repeating: nil, count: routes.routes.count)
            appliances = routes.routes.map { if case .virtualAppliance(let address) = $0.nextHop { address } else { nil } }
            hubRoutes = routes.routes.map { route in
                guard case .virtualHub(_, let table?) = route.nextHop else { return -1 }
                return hubTables[table] ?? -1
            }
            inside.removeAll(keepingCapacity: true)
            sourceClass.removeAll(keepingCapacity: true)
            memo.removeAll()
            results.removeAll(keepingCapacity: true)
            resultNumber.removeAll(keepingCapacity: true)
        }

        mutating func number(_ services: LeanServices) -> Int32 {
            if services.isEmpty { return -1 }
            if let n = resultNumber[services] { return n }
            resultNumber[services] = Int32(results.count)
            results.append(services)
            return Int32(results.count - 1)
        }
    }

    /// Where one route of the source's table takes its traffic.
    enum SourceLeg { case delivered(Int32), gone, firewall(Int), unknown }

    /// The service-set number of the map piece holding `address`; nil without a map or for IPv6.
    func piece(_ span: (start: Int32, count: Int32), _ address: IPAddress) -> Int32? {
        Self.piece(span, address, bounds: bounds, pieces: pieces)
    }

    static func piece(_ span: (start: Int32, count: Int32), _ address: IPAddress, bounds: [UInt32], pieces: [Int32]) -> Int32? {
        guard span.count >= 0, case .v4(let value) = address else { return nil }
        var low = Int(span.start), high = Int(span.start + span.count)
        let first = low
        while low < high {
            let mid = (low + high) / 2
            if bounds[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low > first ? pieces[low - 1] : nil
    }

    /// The services of the hop from node `s` to node `t` as ``EstateIndex/internalHop(from:to:)``
    /// would find them.
    func verdict(_ s: Int, _ t: Int, scratch: inout Scratch) -> LeanVerdict {
        let sf = facts[s], tf = facts[t]
        guard sf.hosts, let srcAddress = sf.address, let dstAddress = tf.address, tf.network >= 0, tf.approved,
            let subnet = subnets[s]
        else { return .none }
        let leavingSpan = variants.outbound(s, peerClass[t]) ?? outSpan[s]
        let arrivingSpan = variants.inbound(t, peerClass[s]) ?? inSpan[t]
        guard let leaving = piece(leavingSpan, dstAddress), arrivingSpan.count >= 0 else { return .unknown }
        if emptyPiece[Int(leaving)] { return .none }
        if scratch.source != s { scratch.begin(s, routes: index.routes(of: subnet), hubTables: hubTableNumber) }
        guard let r = scratch.routes.lookupIndex(dstAddress) else { return .none }
        let first = leg(r, subnet: subnet, source: srcAddress, destination: dstAddress, scratch: &scratch)
        if let settled = settled(first, network: tf.network) { return settled == -2 ? .unknown : .none }
        guard let arriving = piece(arrivingSpan, srcAddress) else { return .unknown }
        let signature = if case .firewall(let f) = first { legSignature[f * nodeCount + t] } else { Int32(-1) }
        let result = resolve(
            first, leaving: leaving, arriving: arriving, signature: signature, source: srcAddress, destination: dstAddress,
            scratch: &scratch)
        return LeanVerdict(code: result)
    }

    /// The service set of a map piece.
    func services(_ piece: Int32) -> LeanServices { table[Int(pieceServices[Int(piece)])] }

    /// The code of a one-way reach with result `n` (see ``LeanVerdict/init(code:)``).
    static func oneWayCode(_ n: Int32) -> Int32 { -3 - n }

    /// The code of a pair whose arriving services split into those whose replies return and
    /// those whose replies are lost: a hop, a one-way reach, nothing, or (both at once) left
    /// to the full evaluation.
    static func code(returned: LeanServices, lost: LeanServices, scratch: inout Scratch) -> Int32 {
        if lost.isEmpty { return scratch.number(returned) }
        if !returned.isEmpty { return -2 }
        return oneWayCode(scratch.number(lost))
    }

    /// A reply way as a number: a firewall's number, or one of these.
    static let returnsDirect: Int32 = -1
    static let returnsNowhere: Int32 = -2
    static let returnsThroughAppliance: Int32 = -3

    /// The way a reply class stands for, with firewalls by number.
    static func replyWay(_ code: Int32) -> ReplyWayOf<Int32> {
        switch code {
        case returnsDirect: .direct
        case returnsNowhere: .lost
        case returnsThroughAppliance: .appliance
        default: .firewall(code)
        }
    }

    /// RT-18 on reply classes: the rule the full evaluation applies
    /// (``ReplyWayOf/returns(lastFirewall:holdsState:)``).
    static func returns(_ reply: Int32, lastFirewall: Int32?, holding stateful: [Int32?] = []) -> Bool {
        replyWay(reply).returns(lastFirewall: lastFirewall) { stateful.contains($0) }
    }

    static func replyClass(_ way: ReplyWay, _ firewallNumber: [ResourceID: Int]) -> Int32 {
        switch way {
        case .direct: returnsDirect
        case .lost: returnsNowhere
        case .appliance: returnsThroughAppliance
        case .firewall(let id): firewallNumber[id].map(Int32.init) ?? returnsThroughAppliance
        }
    }

    /// Where route `r` of the source's table leads, asked once per source and route. Only
    /// the route matters: the destination changes the outcome only between ways that end
    /// the hop (Internet, gateway).
    ///
    /// RT-7 is the exception: a packet addressed to the route's appliance itself is
    /// delivered to it, so that destination's leg is neither served from nor kept for the
    /// route's other destinations.
    func leg(_ r: Int, subnet: ResourceID, source: IPAddress, destination: IPAddress, scratch: inout Scratch) -> SourceLeg {
        // A hub's route leads where the hub's table sends each destination (VWAN-9): asked
        // for each, never kept for the route.
        if case .virtualHub(let hub, let table) = scratch.routes.routes[r].nextHop {
            return hubLeg(index.hubPassage(hub: hub, table: table, destination: destination))
        }
        let toAppliance = scratch.appliances[r] == destination
        if !toAppliance, let known = scratch.legs[r] { return known }
        let leg = sourceLeg(index.routeDecision(from: subnet, source: source, to: destination), from: subnet)
        if !toAppliance { scratch.legs[r] = leg }
        return leg
    }

    /// How a hop ends when its first leg alone decides: -1 none (the leg goes elsewhere), -2
    /// unknown; nil when the target's inbound NSGs have a say.
    func settled(_ leg: SourceLeg, network: Int32) -> Int32? {
        switch leg {
        case .gone: -1
        case .unknown: -2
        case .delivered(let delivered): delivered == network ? nil : -1
        case .firewall: nil
        }
    }

    /// The result number of a hop the first leg does not settle, given the source's
    /// outbound piece, the target's inbound piece for the source's address and, through a
    /// firewall, the target's leg signature: -1 none, -2 unknown.
    func resolve(
        _ leg: SourceLeg, leaving: Int32, arriving: Int32, signature: Int32, source: IPAddress, destination: IPAddress,
        scratch: inout Scratch
    ) -> Int32 {
        guard case .firewall = leg else {
            let key = UInt64(UInt32(bitPattern: leaving)) << 32 | UInt64(UInt32(bitPattern: arriving))
            if let known = scratch.memo.value(key, .max) { return known }
            // RT-18: a reply that meets a firewall that never saw the request, or no route, makes
            // no connection: reachable one way only. Where nothing arrives there is neither a
            // hop nor a one-way reach, whatever the reply.
            let reply = pieceReply[Int(arriving)]
            let arrived = services(leaving).intersection(services(arriving))
            let result =
                arrived.isEmpty
                ? -1
                : Self.returns(reply, lastFirewall: nil) ? scratch.number(arrived) : Self.oneWayCode(scratch.number(arrived))
            scratch.memo.insert(key, .max, result)
            return result
        }
        guard signature >= 0 else { return -2 }
        let key = UInt64(UInt32(bitPattern: leaving)) << 32 | UInt64(UInt32(bitPattern: signature))
        if let known = scratch.memo.value(key, UInt64(UInt32(bitPattern: arriving))) { return known }
        let result = throughFirewall(
            leaving: leaving, signatures[Int(signature)], fromSource: arriving, source: source,
            destination: destination, scratch: &scratch)
        scratch.memo.insert(key, UInt64(UInt32(bitPattern: arriving)), result)
        return result
    }

    /// A hop through Azure Firewall: what the source's NSGs let out, the firewall's decision
    /// for the destination's class (FW-2, FW-6, FW-7), and the target's NSGs for the address
    /// each part arrives from (the firewall's after SNAT, FW-15; the source's otherwise).
    private func throughFirewall(
        leaving: Int32, _ signature: LegSignature, fromSource: Int32, source: IPAddress, destination: IPAddress,
        scratch: inout Scratch
    ) -> Int32 {
        let f = Int(signature.firewall)
        let classifier = firewalls[f]
        let sourceClass: Int32
        if let known = scratch.sourceClass[f] {
            sourceClass = known
        } else {
            sourceClass = senderClass(f, sender: source, scratch: &scratch)
            scratch.sourceClass[f] = sourceClass
        }
        let parts = decision(f, senderClass: sourceClass, signature, scratch: &scratch)
        let sourceInside: Bool
        if let known = scratch.inside[f] {
            sourceInside = known
        } else {
            sourceInside = classifier.space.contains(source)
            scratch.inside[f] = sourceInside
        }
        var total = LeanServices.none, lost = LeanServices.none
        for part in parts {
            let carried = services(leaving).intersection(part.services)
            if carried.isEmpty { continue }
            switch part.snat || sourceInside ? signature.insideLeg : signature.outsideLeg {
            case 0:
                // RT-18: without SNAT the reply must come back through this firewall; after
                // SNAT it goes to the firewall's own address, and must not meet another.
                let arrival = part.snat ? signature.fromFirewall : fromSource
                let arrived = carried.intersection(services(arrival))
                if arrived.isEmpty { continue }
                let reply = pieceReply[Int(arrival)]
                let returns =
                    part.snat
                    ? Self.returns(reply, lastFirewall: nil, holding: [signature.firewall])
                    : Self.returns(reply, lastFirewall: signature.firewall)
                if returns { total = total.union(arrived) } else { lost = lost.union(arrived) }
            case 1: continue
            case 3:
                // On to a second firewall, with the address this one sent (FW-15).
                let inside = part.snat || sourceInside
                let next = signatures[Int(inside ? signature.insideNext : signature.outsideNext)]
                guard
                    let more = secondFirewall(
                        carried, next, sender: part.snat ? classifier.snatAddress : source, senderFirewall: part.snat ? f : nil,
                        arrival: part.snat ? signature.fromFirewall : fromSource, statefulFirst: part.snat ? nil : Int32(f),
                        destination: destination, scratch: &scratch)
                else { return -2 }
                total = total.union(more.returned)
                lost = lost.union(more.lost)
            default: return -2
            }
        }
        return Self.code(returned: total, lost: lost, scratch: &scratch)
    }

    /// The number of the class of `sender` among firewall `f`'s rules (FW-2, FW-6), in the
    /// numbering the scratch keeps across sources.
    private func senderClass(_ f: Int, sender: IPAddress, scratch: inout Scratch) -> Int32 {
        let key = Scratch.SourceClassKey(firewall: f, bits: firewalls[f].sourceBits(sender))
        if let n = scratch.sourceClassNumber[key] { return n }
        let n = Int32(scratch.sourceClassNumber.count)
        scratch.sourceClassNumber[key] = n
        scratch.sourceClassBits.append(key.bits)
        return n
    }

    /// Firewall `f`'s decision for a sender of a class and the signature's destination class,
    /// taken once per scratch for each such pair of classes.
    private func decision(_ f: Int, senderClass: Int32, _ signature: LegSignature, scratch: inout Scratch) -> [(services: LeanServices, snat: Bool)] {
        let key = Scratch.DecisionKey(firewall: Int32(f), sourceClass: senderClass, destinationClass: signature.destinationClass)
        if let known = scratch.decisions[key] { return known }
        // Classes of many spokes share the rules that name both sides (often only the wide
        // ones): decide once per such set.
        let both = scratch.sourceClassBits[Int(senderClass)].meeting(destinationClassBits[f][Int(signature.destinationClass)])
        let rulesKey = Scratch.RulesKey(firewall: Int32(f), rules: both)
        let parts: [(services: LeanServices, snat: Bool)]
        if let known = scratch.decisionsByRules[rulesKey] {
            parts = known
        } else {
            parts = firewalls[f].decide(both)
            scratch.decisionsByRules[rulesKey] = parts
        }
        scratch.decisions[key] = parts
        return parts
    }

    /// The part of a hop that a first firewall sends on to a second: that firewall's decision
    /// for the address it receives (the source's, or the first firewall's after SNAT), its
    /// legs to the target (a third firewall is left to the full evaluation), and the reply's
    /// way (RT-18: without SNAT here it must come back through this firewall; after SNAT it
    /// may meet only the first, when that one kept the client's address). The services that
    /// arrive, split by whether their replies return; nil: unknown.
    private func secondFirewall(
        _ carried: LeanServices, _ signature: LegSignature, sender: IPAddress, senderFirewall: Int?, arrival: Int32, statefulFirst: Int32?,
        destination: IPAddress, scratch: inout Scratch
    ) -> (returned: LeanServices, lost: LeanServices)? {
        let f = Int(signature.firewall)
        let classifier = firewalls[f]
        let cacheKey = senderFirewall.map { f * firewalls.count + $0 }
        let known = cacheKey.map { scratch.firewallSenderClass[$0] } ?? scratch.sourceClass[f]
        let number = known ?? senderClass(f, sender: sender, scratch: &scratch)
        if let cacheKey { scratch.firewallSenderClass[cacheKey] = number } else { scratch.sourceClass[f] = number }
        let parts = decision(f, senderClass: number, signature, scratch: &scratch)
        let senderInside = classifier.space.contains(sender)
        var total = LeanServices.none, lost = LeanServices.none
        for part in parts {
            let passed = carried.intersection(part.services)
            if passed.isEmpty { continue }
            switch part.snat || senderInside ? signature.insideLeg : signature.outsideLeg {
            case 0:
                let at = part.snat ? signature.fromFirewall : arrival
                let arrived = passed.intersection(services(at))
                if arrived.isEmpty { continue }
                let reply = pieceReply[Int(at)]
                let returns =
                    part.snat
                    ? Self.returns(reply, lastFirewall: nil, holding: [statefulFirst, signature.firewall])
                    : Self.returns(reply, lastFirewall: signature.firewall)
                if returns { total = total.union(arrived) } else { lost = lost.union(arrived) }
            case 1: continue
            default: return nil
            }
        }
        return (total, lost)
    }

    /// The first leg from the source's subnet. Only the route matters: the destination
    /// changes the outcome only between ways that end this hop (Internet, gateway).
    /// Where a hub's router takes the first leg: into a connected VNet, or to a hub firewall
    /// the lean walk follows like any other; a connection's appliance is left to the full walk.
    func hubLeg(_ passage: HubPassage) -> SourceLeg { Self.hubLeg(passage, networks: networkNumber, firewalls: firewallNumber) }

    static func hubLeg(_ passage: HubPassage, networks: [ResourceID: Int], firewalls: [ResourceID: Int]) -> SourceLeg {
        switch passage.end {
        case .deliver(_, let network): networks[network].map { .delivered(Int32($0)) } ?? .gone
        case .firewall(let id, _): firewalls[id].map { .firewall($0) } ?? .unknown
        case .appliance: .unknown
        case .internet, .noRoute, .tunnelWithoutExit: .gone
        }
    }

    func sourceLeg(_ decision: RouteDecision, from subnet: ResourceID) -> SourceLeg {
        if case .hub(_, let passage) = decision { return hubLeg(passage) }
        guard case .appliance(_, let address) = decision else {
            switch Self.leg(index, networkNumber, decision, from: subnet) {
            case .delivered(let network): return .delivered(network)
            case .gone: return .gone
            case .appliance, .firewall: return .unknown
            }
        }
        guard let nextHop = address, index.applianceReachable(from: subnet, nextHop) else { return .gone }
        guard let id = index.firewallsByAddress[nextHop], let f = firewallNumber[id] else { return .unknown }
        guard let fwSubnet = firewalls[f].firewall.subnets.first, index.topology.subnets[fwSubnet] != nil || index.isHub(fwSubnet) else { return .gone }
        return .firewall(f)
    }

    enum LegEnd { case delivered(Int32), gone, appliance, firewall(Int) }

    /// A route decision as the end of a leg, as ``EstateIndex/forward(from:source:to:viaGateway:)``
    /// reads it: into a VNet, nowhere this hop can use, or on to another appliance.
    fileprivate static func leg(_ index: EstateIndex, _ networks: [ResourceID: Int], _ decision: RouteDecision, from subnet: ResourceID) -> LegEnd {
        switch decision {
        case .local:
            guard let network = index.topology.subnets[subnet].flatMap({ networks[$0.network] }) else { return .gone }
            return .delivered(Int32(network))
        case .peering(_, _, _, let remote, let forwarded):
            guard forwarded != false, let network = networks[remote] else { return .gone }
            return .delivered(Int32(network))
        case .appliance:
            return .appliance
        case .hub(_, let passage):
            // After a hub firewall: into the connected VNet that holds the target; on to
            // another hub's firewall, an appliance, or nowhere.
            switch passage.end {
            case .deliver(_, let network): return networks[network].map { .delivered(Int32($0)) } ?? .gone
            case .firewall, .appliance: return .appliance
            case .internet, .noRoute, .tunnelWithoutExit: return .gone
            }
        case .noRoute, .peeringDown, .notPublic, .internet, .blackHole, .onPremises, .gatewayWithoutNetwork:
            return .gone
        }
    }

    /// A leg from a firewall's subnet: as ``leg(_:_:_:from:)``, and at an Azure Firewall the
    /// route's next hop reaches, that firewall (as ``EstateIndex/travelAll(_:from:to:network:depth:)``
    /// follows it).
    fileprivate static func onwardLeg(
        _ index: EstateIndex, _ networks: [ResourceID: Int], _ firewalls: [ResourceID: Int], _ decision: RouteDecision, from subnet: ResourceID
    ) -> LegEnd {
        if case .hub(_, let passage) = decision, case .firewall(let id, _) = passage.end { return firewalls[id].map { .firewall($0) } ?? .appliance }
        guard case .appliance(_, let address) = decision else { return leg(index, networks, decision, from: subnet) }
        guard let nextHop = address, index.applianceReachable(from: subnet, nextHop) else { return .gone }
        guard let id = index.firewallsByAddress[nextHop], let f = firewalls[id], let firewall = index.topology.firewalls[id] else { return .appliance }
        guard let fwSubnet = firewall.subnets.first, index.topology.subnets[fwSubnet] != nil || index.isHub(fwSubnet) else { return .gone }
        return .firewall(f)
    }
}

extension LeanServices {
    init(_ services: ServiceSet) {
        self = .none
        for (proto, ports) in services.entries { insert(proto, ports) }
    }

    func intersection(_ other: LeanServices) -> LeanServices {
        LeanServices(tcp: tcp.intersection(other.tcp), udp: udp.intersection(other.udp), portless: portless & other.portless)
    }
}

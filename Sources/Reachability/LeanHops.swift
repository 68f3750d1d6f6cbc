import Dispatch
import TopologyModel

/// The services a hop between two nodes carries, computed without its explanation, or
/// `unknown` when the way is one the lean evaluation does not follow.
enum LeanVerdict: Sendable, Equatable {
    case none
    case services(LeanServices)
    case unknown
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
/// the route from each firewall to each target) is computed once per node, so a pair costs
/// two binary searches, one route lookup and a few dictionary reads.
struct LeanHopEvaluator: Sendable {
    let index: EstateIndex
    /// What a pair evaluation needs of each node, by node index.
    private let facts: [Facts]
    private let outbound: [ExposureMap?]
    private let inbound: [ExposureMap?]
    private let firewalls: [FirewallClasses]
    private let firewallNumber: [ResourceID: Int]
    private let networkNumber: [ResourceID: Int]
    /// Per firewall, by node index: the class of the target's address as a destination.
    private let destinationClass: [[Int]]
    /// Per firewall, by node index: where the route from the firewall's subnet takes traffic
    /// to the target, for a sender inside the firewall's VNet (after SNAT) and outside it.
    private let onward: [[(inside: LegEnd, outside: LegEnd)]]

    private struct Facts {
        var address: IPAddress?
        var subnet: ResourceID?
        var network = -1
        var hosts = false
        var approved = true
    }

    init(index: EstateIndex, nodes: [AttackNode], sources: [Int], targets: [Int]) {
        self.index = index
        let options = index.options
        let out = MapSlots(count: nodes.count)
        DispatchQueue.concurrentPerform(iterations: sources.count) { i in
            let node = nodes[sources[i]]
            guard node.kind == .hosts, let src = node.representative else { return }
            out.store(ExposureMap.build(stages: index.outboundStages(src), own: index.identity(of: src), direction: .outbound, options: options), at: sources[i])
        }
        let into = MapSlots(count: nodes.count)
        DispatchQueue.concurrentPerform(iterations: targets.count) { i in
            guard let dst = nodes[targets[i]].representative else { return }
            into.store(ExposureMap.build(stages: index.inboundStages(dst), own: index.identity(of: dst), direction: .inbound, options: options), at: targets[i])
        }
        outbound = nodes.indices.map { out.value(at: $0) }
        inbound = nodes.indices.map { into.value(at: $0) }
        let networkNumber = Dictionary(uniqueKeysWithValues: index.topology.networks.keys.sorted().enumerated().map { ($0.element, $0.offset) })
        self.networkNumber = networkNumber
        facts = nodes.map { node in
            Facts(address: node.representative?.address, subnet: node.representative?.subnet, network: node.network.flatMap { networkNumber[$0] } ?? -1,
                  hosts: node.kind == .hosts, approved: index.privateEndpointApproved(node))
        }
        let list = index.topology.firewalls.values.sorted { $0.id < $1.id }
        firewalls = list.map { FirewallClasses($0, index: index) }
        firewallNumber = Dictionary(uniqueKeysWithValues: list.enumerated().map { ($0.element.id, $0.offset) })
        var classes: [[Int]] = []
        var onward: [[(inside: LegEnd, outside: LegEnd)]] = []
        for classifier in firewalls {
            var ids: [[Bool]: Int] = [:]
            var perNode = Array(repeating: -1, count: nodes.count)
            var legs = Array(repeating: (inside: LegEnd.gone, outside: LegEnd.gone), count: nodes.count)
            let fwSubnet = classifier.firewall.subnets.first
            let inside = classifier.firewall.privateAddresses.first ?? .v4(0)
            let outside = IntervalSet<UInt32>.full.subtracting(classifier.space.v4).first.map { IPAddress.v4($0) }
            for t in targets {
                guard let address = nodes[t].representative?.address else { continue }
                let bits = classifier.destinationBits(address)
                if let id = ids[bits] { perNode[t] = id } else { perNode[t] = ids.count; ids[bits] = ids.count }
                if let fwSubnet {
                    legs[t] = (Self.leg(index, networkNumber, index.routeDecision(from: fwSubnet, source: inside, to: address), from: fwSubnet),
                               outside.map { Self.leg(index, networkNumber, index.routeDecision(from: fwSubnet, source: $0, to: address), from: fwSubnet) } ?? .appliance)
                }
            }
            classes.append(perNode)
            onward.append(legs)
        }
        destinationClass = classes
        self.onward = onward
    }

    /// Per-thread memory about one source: its route table, what each of its routes leads
    /// to, and the decisions of the firewalls on its way.
    struct Scratch {
        fileprivate var source = -1
        fileprivate var routes = RouteTableView(routes: [])
        fileprivate var legs: [Int: SourceLeg] = [:]
        /// Per firewall, by destination class.
        fileprivate var decisions: [Int: [Int: [(services: LeanServices, snat: Bool)]]] = [:]
    }

    /// Where one route of the source's table takes its traffic.
    fileprivate enum SourceLeg { case delivered(Int), gone, firewall(Int), unknown }

    /// The services of the hop from node `s` to node `t` as ``EstateIndex/internalHop(from:to:)``
    /// would find them.
    func verdict(_ s: Int, _ t: Int, scratch: inout Scratch) -> LeanVerdict {
        let sf = facts[s], tf = facts[t]
        guard sf.hosts, let srcAddress = sf.address, let subnet = sf.subnet, let dstAddress = tf.address, tf.network >= 0, tf.approved else { return .none }
        guard let outMap = outbound[s], let inMap = inbound[t], let leaving = outMap.lookup(dstAddress) else { return .unknown }
        if leaving.isEmpty { return .none }
        if scratch.source != s {
            scratch = Scratch()
            scratch.source = s
            scratch.routes = index.routes(of: subnet)
        }
        guard let r = scratch.routes.lookupIndex(dstAddress) else { return .none }
        let leg: SourceLeg
        if let known = scratch.legs[r] { leg = known } else {
            leg = sourceLeg(index.routeDecision(from: subnet, source: srcAddress, to: dstAddress), from: subnet)
            scratch.legs[r] = leg
        }
        switch leg {
        case .gone:
            return .none
        case .unknown:
            return .unknown
        case .delivered(let network):
            guard network == tf.network else { return .none }
            guard let arriving = inMap.lookup(srcAddress) else { return .unknown }
            return Self.result(leaving.intersection(arriving))
        case .firewall(let f):
            let classifier = firewalls[f]
            let dstClass = destinationClass[f][t]
            let parts: [(services: LeanServices, snat: Bool)]
            if let known = scratch.decisions[f]?[dstClass] { parts = known } else {
                parts = index.firewallServices(classifier.firewall, source: srcAddress, destination: dstAddress).parts.map { (LeanServices($0.services), $0.snat) }
                scratch.decisions[f, default: [:]][dstClass] = parts
            }
            var total = LeanServices.none
            for part in parts {
                let carried = leaving.intersection(part.services)
                if carried.isEmpty { continue }
                // FW-15: SNAT parts continue from the firewall's first private address.
                let sender = part.snat ? classifier.snatAddress : srcAddress
                let legs = onward[f][t]
                switch part.snat || classifier.space.contains(sender) ? legs.inside : legs.outside {
                case .delivered(let arrived):
                    guard arrived == tf.network else { continue }
                    guard let arriving = inMap.lookup(sender) else { return .unknown }
                    total = total.union(carried.intersection(arriving))
                case .gone:
                    continue
                case .appliance:
                    return .unknown
                }
            }
            return Self.result(total)
        }
    }

    /// The first leg from the source's subnet. Only the route matters: the destination
    /// changes the outcome only between ways that end this hop (Internet, gateway).
    private func sourceLeg(_ decision: RouteDecision, from subnet: ResourceID) -> SourceLeg {
        guard case .appliance(_, let address) = decision else {
            switch Self.leg(index, networkNumber, decision, from: subnet) {
            case .delivered(let network): return .delivered(network)
            case .gone: return .gone
            case .appliance: return .unknown
            }
        }
        guard let nextHop = address, index.applianceReachable(from: subnet, nextHop) else { return .gone }
        guard let id = index.firewallsByAddress[nextHop], let f = firewallNumber[id] else { return .unknown }
        guard let fwSubnet = firewalls[f].firewall.subnets.first, index.topology.subnets[fwSubnet] != nil else { return .gone }
        return .firewall(f)
    }

    private static func result(_ services: LeanServices) -> LeanVerdict { services.isEmpty ? .none : .services(services) }

    fileprivate enum LegEnd { case delivered(Int), gone, appliance }

    /// A route decision as the end of a leg, as ``EstateIndex/forward(from:source:to:viaGateway:)``
    /// reads it: into a VNet, nowhere this hop can use, or on to another appliance.
    fileprivate static func leg(_ index: EstateIndex, _ networks: [ResourceID: Int], _ decision: RouteDecision, from subnet: ResourceID) -> LegEnd {
        switch decision {
        case .local:
            guard let network = index.topology.subnets[subnet].flatMap({ networks[$0.network] }) else { return .gone }
            return .delivered(network)
        case .peering(_, _, _, let remote, let forwarded):
            guard forwarded != false, let network = networks[remote] else { return .gone }
            return .delivered(network)
        case .appliance:
            return .appliance
        case .noRoute, .peeringDown, .notPublic, .internet, .blackHole, .onPremises, .gatewayWithoutNetwork:
            return .gone
        }
    }
}

/// The classes of addresses one firewall's rules cannot tell apart: two sources the same
/// rules name, or two destinations the same rules name (by address or through the FQDNs
/// the input resolves) with the same SNAT exemption, get the same decision (FW-2, FW-6,
/// FW-7, FW-15).
final class FirewallClasses: Sendable {
    let firewall: Firewall
    let index: EstateIndex
    /// The address space of the firewall's VNet.
    let space: AddressSet
    /// The source address traffic leaves with after SNAT (FW-15).
    let snatAddress: IPAddress
    private let rules: [(kind: FirewallRuleCollection.Kind, rule: FirewallRule)]

    init(_ firewall: Firewall, index: EstateIndex) {
        self.firewall = firewall
        self.index = index
        snatAddress = firewall.privateAddresses.first ?? .v4(0)
        space = firewall.subnets.first.flatMap { index.topology.subnets[$0] }.flatMap { index.topology.networks[$0.network]?.addresses } ?? .empty
        rules = firewall.collections(.network).flatMap { c in c.rules.map { (FirewallRuleCollection.Kind.network, $0) } }
            + firewall.collections(.application).flatMap { c in c.rules.map { (FirewallRuleCollection.Kind.application, $0) } }
    }

    func sourceBits(_ source: IPAddress) -> [Bool] { rules.map { $0.rule.sources.contains(source) } }

    func destinationBits(_ destination: IPAddress) -> [Bool] {
        let names = index.names(of: destination)
        var bits = rules.map { entry -> Bool in
            switch entry.kind {
            case .network:
                return entry.rule.destinations.contains(destination) || (firewall.dnsProxy && index.fqdnNames(entry.rule.fqdns, destination))
            default:
                return entry.rule.fqdns.contains { p in p == "*" || names.contains { EstateIndex.fqdn(p, matches: $0) } }
            }
        }
        bits.append(firewall.snatPrivateRanges.contains(destination))
        return bits
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

/// One map slot per node for the parallel build: each written once, by one thread.
private final class MapSlots: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<ExposureMap?>

    init(count: Int) {
        buffer = .allocate(capacity: max(count, 1))
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func store(_ map: ExposureMap?, at index: Int) { buffer[index] = map }
    func value(at index: Int) -> ExposureMap? { buffer[index] }
}

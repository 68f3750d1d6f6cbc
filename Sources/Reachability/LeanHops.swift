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
/// this map cannot represent answer `unknown`, and the caller evaluates in full.
struct LeanHopEvaluator: Sendable {
    let index: EstateIndex
    private let outbound: [String: ExposureMap]
    private let inbound: [String: ExposureMap]
    /// Per firewall: the address classes its rules distinguish.
    private let firewalls: [ResourceID: FirewallClasses]

    init(index: EstateIndex, sources: [AttackNode], targets: [AttackNode]) {
        self.index = index
        let options = index.options
        let out = MapSlots(count: sources.count)
        DispatchQueue.concurrentPerform(iterations: sources.count) { i in
            guard sources[i].kind == .hosts, let src = sources[i].representative else { return }
            out.store(ExposureMap.build(stages: index.outboundStages(src), own: index.identity(of: src), direction: .outbound, options: options), at: i)
        }
        let into = MapSlots(count: targets.count)
        DispatchQueue.concurrentPerform(iterations: targets.count) { i in
            guard let dst = targets[i].representative else { return }
            into.store(ExposureMap.build(stages: index.inboundStages(dst), own: index.identity(of: dst), direction: .inbound, options: options), at: i)
        }
        var outbound: [String: ExposureMap] = [:]
        for (i, node) in sources.enumerated() { if let map = out.value(at: i) { outbound[node.id] = map } }
        var inbound: [String: ExposureMap] = [:]
        for (i, node) in targets.enumerated() { if let map = into.value(at: i) { inbound[node.id] = map } }
        self.outbound = outbound
        self.inbound = inbound
        var firewalls: [ResourceID: FirewallClasses] = [:]
        for firewall in index.topology.firewalls.values { firewalls[firewall.id] = FirewallClasses(firewall, index: index) }
        self.firewalls = firewalls
    }

    /// Per-thread memory of firewall decisions by address class.
    struct Scratch {
        var decisions: [FirewallClasses.Key: [(services: LeanServices, snat: Bool)]] = [:]
    }

    /// The services of the hop `source` -> `target` as ``EstateIndex/internalHop(from:to:)``
    /// would find them.
    func verdict(from source: AttackNode, to target: AttackNode, scratch: inout Scratch) -> LeanVerdict {
        guard source.kind == .hosts, let src = source.representative, let dst = target.representative, let subnet = src.subnet,
              let network = target.network else { return .none }
        guard index.privateEndpointApproved(target) else { return .none }
        guard let outMap = outbound[source.id], let inMap = inbound[target.id], let leaving = outMap.lookup(dst.address) else { return .unknown }
        if leaving.isEmpty { return .none }
        let first = index.routeDecision(from: subnet, source: src.address, to: dst.address)
        guard case .appliance(_, let applianceAddress) = first else {
            guard case .delivered(let arrived) = leg(first, from: subnet), arrived == network else { return .none }
            guard let arriving = inMap.lookup(src.address) else { return .unknown }
            return Self.result(leaving.intersection(arriving))
        }
        guard let nextHop = applianceAddress, index.applianceReachable(from: subnet, nextHop) else { return .none }
        guard let firewall = index.firewall(at: nextHop), let classes = firewalls[firewall.id],
              let key = classes.key(source: src.address, destination: dst.address) else { return .unknown }
        guard let fwSubnet = firewall.subnets.first, index.topology.subnets[fwSubnet] != nil else { return .none }
        let parts: [(services: LeanServices, snat: Bool)]
        if let known = scratch.decisions[key] {
            parts = known
        } else {
            parts = index.firewallServices(firewall, source: src.address, destination: dst.address).parts.map { (LeanServices($0.services), $0.snat) }
            scratch.decisions[key] = parts
        }
        var total = LeanServices.none
        for part in parts {
            let carried = leaving.intersection(part.services)
            if carried.isEmpty { continue }
            // FW-15: SNAT parts continue from the firewall's first private address.
            let sender = part.snat ? (firewall.privateAddresses.first ?? nextHop) : src.address
            switch leg(index.routeDecision(from: fwSubnet, source: sender, to: dst.address), from: fwSubnet) {
            case .delivered(let arrived):
                guard arrived == network else { continue }
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

    private static func result(_ services: LeanServices) -> LeanVerdict { services.isEmpty ? .none : .services(services) }

    private enum LegEnd { case delivered(ResourceID), gone, appliance }

    /// A route decision as the end of a leg, as ``EstateIndex/forward(from:source:to:viaGateway:)``
    /// reads it: into a VNet, nowhere this hop can use, or on to another appliance.
    private func leg(_ decision: RouteDecision, from subnet: ResourceID) -> LegEnd {
        switch decision {
        case .local:
            guard let network = index.topology.subnets[subnet]?.network else { return .gone }
            return .delivered(network)
        case .peering(_, _, _, let remote, let forwarded):
            return forwarded == false ? .gone : .delivered(remote)
        case .appliance:
            return .appliance
        case .noRoute, .peeringDown, .notPublic, .internet, .blackHole, .onPremises, .gatewayWithoutNetwork:
            return .gone
        }
    }
}

/// The classes of addresses one firewall's rules cannot tell apart: two sources in the same
/// class (the same rules name them) and two destinations in the same class (the same rules
/// name them, the same FQDN rules resolve to them, the same SNAT exemption) get the same
/// decision (FW-2, FW-6, FW-7, FW-15).
struct FirewallClasses: Sendable {
    struct Key: Hashable, Sendable {
        let firewall: ResourceID
        let source: [Bool]
        let destination: [Bool]
    }

    let firewall: Firewall
    let index: EstateIndex
    private let rules: [(kind: FirewallRuleCollection.Kind, rule: FirewallRule)]

    init(_ firewall: Firewall, index: EstateIndex) {
        self.firewall = firewall
        self.index = index
        rules = firewall.collections(.network).flatMap { c in c.rules.map { (FirewallRuleCollection.Kind.network, $0) } }
            + firewall.collections(.application).flatMap { c in c.rules.map { (FirewallRuleCollection.Kind.application, $0) } }
    }

    /// Nil when the rules name something the classes do not capture.
    func key(source: IPAddress, destination: IPAddress) -> Key? {
        let names = index.names(of: destination)
        var destinationClass = rules.map { entry -> Bool in
            switch entry.kind {
            case .network:
                return entry.rule.destinations.contains(destination) || (firewall.dnsProxy && index.fqdnNames(entry.rule.fqdns, destination))
            default:
                return entry.rule.fqdns.contains { p in p == "*" || names.contains { EstateIndex.fqdn(p, matches: $0) } }
            }
        }
        destinationClass.append(firewall.snatPrivateRanges.contains(destination))
        return Key(firewall: firewall.id, source: rules.map { $0.rule.sources.contains(source) }, destination: destinationClass)
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

import TopologyModel

extension AuditFinding {
    /// Every catalog finding the estate proves, ordered by code, then by subject name and ID,
    /// then by the hop's ends or the rule's priority.
    ///
    /// - Parameters:
    ///   - index: the estate the graph was built from.
    ///   - paths: the attack paths; their targets are the training zone, their entry nodes
    ///     (other than the Internet) the frontends.
    ///   - exfiltration: the ways out from the targets to the Internet.
    /// - Complexity: O(resources + H + E) where H is the hops out of the Internet, out of the
    ///   entry nodes and on the listed paths, and E the cost of ``RuleSetExposure/evaluate(_:sources:)``
    ///   from the Internet and the VirtualNetwork tag.
    public static func evaluate(index: EstateIndex, graph: ReachabilityGraph, paths: PathResult, exfiltration: PathResult?) -> [AuditFinding] {
        let topology = index.topology
        let targets = Set(paths.targets)
        let zone = ZoneContext(graph: graph, topology: topology, paths: paths, exfiltration: exfiltration)
        var found = exposures(graph: graph, topology: topology, paths: paths, targets: targets)
        found += pathFindings(paths: paths, exfiltration: exfiltration)
        found += egress(exfiltration: exfiltration, graph: graph, topology: topology, targets: targets)
        found += unfilteredPeerings(paths: paths, topology: topology, targets: targets)
        found += forwardedTransit(paths: paths, graph: graph, topology: topology, targets: targets)
        found += gatewayTransit(index: index, graph: graph, paths: paths, zone: zone)
        let exposures = RuleSetExposure.evaluate(index, sources: ruleOrderSources)
        found += ruleOrder(exposures, topology: topology, zone: zone)
        found += broadSources(exposures, index: index, zone: zone)
        found += subnets(topology, zone: zone)
        found += edges(topology, zone: zone)
        found += assets(topology, zone: zone)
        found += hardening(topology, zone: zone)
        found += inferenceEndpoints(topology, zone: zone)
        found += foreignPrivateEndpoints(topology, zone: zone)
        found += mutableImages(topology, zone: zone)
        return found.sorted { a, b in a.sortKey < b.sortKey }
    }

    var sortKey: SortKey {
        var ends = ("", "")
        switch evidence {
        case .reach(let hop, _): ends = (hop.from, hop.to)
        case .ruleOrder(let order): ends = (Self.padded(order.rule.priority), order.rule.name)
        case .broadSource(let broad): ends = (Self.padded(broad.rule.priority), broad.rule.name + "\u{0}" + broad.attachment)
        default: break
        }
        return SortKey(code: code, name: subject?.name.lowercased() ?? "", id: subject?.id.key ?? "", from: ends.0, to: ends.1)
    }

    /// A rule priority that sorts as text (NSG priorities are at most 4096, defaults 65500).
    static func padded(_ priority: Int) -> String {
        let text = String(priority)
        return String(repeating: "0", count: max(0, 5 - text.count)) + text
    }

    struct SortKey: Comparable {
        let code: Code, name: String, id: String, from: String, to: String
        static func < (a: SortKey, b: SortKey) -> Bool { (a.code, a.name, a.id, a.from, a.to) < (b.code, b.name, b.id, b.from, b.to) }
    }

    /// The ports of the exposure findings (catalog §2, NET-001 to NET-005; the data and ML
    /// lists are the catalog's proposal).
    static let exposedPorts: [(code: Code, services: ServiceSet)] = [
        (.sshFromInternet, services([(.tcp, [22])])),
        (.rdpFromInternet, services([(.tcp, [3389])])),
        (.winRMFromInternet, services([(.tcp, [5985, 5986])])),
        (
            .dataPortFromInternet,
            services([(.tcp, [445, 1433, 3306, 5432, 5601, 6379, 6380, 9042, 9200, 9300, 11211, 27017]), (.udp, [1434])])
        ),
    ]
    /// Ray, vLLM, Ollama, Jupyter, TensorBoard, MLflow, Gradio, Triton (NET-005).
    static let machineLearningPorts = services([(.tcp, [5000, 6006, 6379, 7860, 8000, 8001, 8002, 8265, 8888, 10001, 11434])])

    static func services(_ list: [(IPProtocol, [UInt16])]) -> ServiceSet {
        var set = ServiceSet()
        for (proto, ports) in list { set.insert(proto, PortSet(ports.map { $0...$0 })) }
        return set
    }

    /// NET-001 to NET-006: hops from the Internet into hosts, on the ports of each finding;
    /// NET-005 also from the entry nodes into the targets.
    static func exposures(graph: ReachabilityGraph, topology: Topology, paths: PathResult, targets: Set<String>) -> [AuditFinding] {
        var found: [AuditFinding] = []
        func subject(_ id: String) -> PostureNote.Subject? {
            graph.node(id).flatMap { node in node.subnet.map { PostureNote.Subject(id: $0, name: node.id, origin: topology.subnets[$0]?.origin) } }
        }
        for hop in graph.hops(from: AttackNode.internetID) where graph.node(hop.to)?.kind == .hosts {
            let inZone = targets.contains(hop.to)
            for (code, ports) in exposedPorts + [(.machineLearningPort, machineLearningPorts)] {
                let matched = hop.services.intersection(ports)
                guard !matched.isEmpty else { continue }
                found.append(AuditFinding(code: code, subject: subject(hop.to), evidence: .reach(hop, matched: matched), inTargetZone: inZone))
            }
            if hop.services.ports[.tcp]?.isFull == true || hop.services.ports[.udp]?.isFull == true {
                found.append(
                    AuditFinding(code: .allPortsFromInternet, subject: subject(hop.to), evidence: .reach(hop, matched: hop.services), inTargetZone: inZone))
            }
        }
        for source in paths.sources where source != AttackNode.internetID && !targets.contains(source) {
            for hop in graph.hops(from: source) where targets.contains(hop.to) {
                let matched = hop.services.intersection(machineLearningPorts)
                guard !matched.isEmpty else { continue }
                found.append(AuditFinding(code: .machineLearningPort, subject: subject(hop.to), evidence: .reach(hop, matched: matched), inTargetZone: true))
            }
        }
        return found
    }

    /// PATH-001 to PATH-003: one finding each when such paths exist.
    static func pathFindings(paths: PathResult, exfiltration: PathResult?) -> [AuditFinding] {
        func finding(_ code: Code, _ list: [AttackPath]) -> AuditFinding? {
            guard !list.isEmpty else { return nil }
            let entries = Set(list.compactMap(\.nodes.first)).count, ends = Set(list.compactMap(\.nodes.last)).count
            return AuditFinding(code: code, subject: nil, evidence: .paths(count: list.count, entries: entries, targets: ends), inTargetZone: true)
        }
        let fromInternet = paths.paths.filter { $0.nodes.first == AttackNode.internetID }
        let fromEntries = paths.paths.filter { $0.nodes.first != AttackNode.internetID }
        return [
            finding(.internetToTargets, fromInternet), finding(.entriesToTargets, fromEntries), finding(.targetsToInternet, exfiltration?.paths ?? []),
        ].compactMap { $0 }
    }

    /// EDGE-004: a target's hop straight to the Internet that no Azure Firewall carries
    /// (default outbound access, a NAT gateway, a public IP, or a route around the firewall).
    static func egress(exfiltration: PathResult?, graph: ReachabilityGraph, topology: Topology, targets: Set<String>) -> [AuditFinding] {
        var seen = Set<[String]>(), found: [AuditFinding] = []
        for path in exfiltration?.paths ?? [] {
            for hop in path.hops where targets.contains(hop.from) && hop.to == AttackNode.internetID && seen.insert([hop.from, hop.to]).inserted {
                guard !hop.via.contains(where: { $0.kind == .firewall }) && hop.firewallRules.isEmpty else { continue }
                let subnet = graph.node(hop.from)?.subnet.flatMap { topology.subnets[$0] }
                found.append(
                    AuditFinding(
                        code: .egressBypassesFirewall, subject: subnet.map { subject($0, topology) }, evidence: .reach(hop, matched: hop.services),
                        inTargetZone: true))
            }
        }
        return found
    }

    /// NET-011: a hop of an attack path from an entry node (a frontend) into a target across
    /// a peering, on every service: nothing between the two filters. One finding per
    /// peering, with the first such hop as its evidence.
    static func unfilteredPeerings(paths: PathResult, topology: Topology, targets: Set<String>) -> [AuditFinding] {
        let entries = Set(paths.sources).subtracting([AttackNode.internetID])
        var seen = Set<ResourceID>(), found: [AuditFinding] = []
        for path in paths.paths {
            for hop in path.hops where entries.contains(hop.from) && targets.contains(hop.to) && hop.services.isEverything {
                guard let peering = hop.via.first(where: { $0.kind == .peering }), let id = peering.resource, seen.insert(id).inserted else { continue }
                let subject = PostureNote.Subject(id: id, name: peering.resourceName, origin: topology.peerings[id]?.origin)
                found.append(AuditFinding(code: .unfilteredPeering, subject: subject, evidence: .reach(hop, matched: hop.services), inTargetZone: true))
            }
        }
        return found
    }
}

/// Which subnets, firewalls and data stores belong to the training zone: the targets'
/// subnets, the firewalls that attack paths or ways out pass, and the crown jewels.
struct ZoneContext {
    let subnets: Set<ResourceID>
    let firewalls: Set<ResourceID>
    /// Storage accounts, key vaults and registries that hold or unlock the training zone's
    /// data: targets of the analysis themselves, reached by a private endpoint in a training
    /// subnet, or admitting one through a service endpoint rule.
    let assets: Set<ResourceID>

    init(graph: ReachabilityGraph, topology: Topology, paths: PathResult, exfiltration: PathResult?) {
        subnets = Set(paths.targets.compactMap { graph.node($0)?.subnet })
        var firewalls = Set<ResourceID>()
        for path in paths.paths + (exfiltration?.paths ?? []) {
            for hop in path.hops {
                firewalls.formUnion(hop.firewallRules.map(\.firewall))
                firewalls.formUnion(hop.via.filter { $0.kind == .firewall }.compactMap(\.resource))
            }
        }
        self.firewalls = firewalls.filter { topology.firewalls[$0] != nil }
        var assets = Set(paths.targets.compactMap { graph.node($0)?.asset })
        for endpoint in topology.privateEndpoints.values where endpoint.subnet.map(subnets.contains) ?? false {
            assets.formUnion(endpoint.connections.map(\.target))
        }
        for account in topology.storageAccounts.values where account.virtualNetworkRules.contains(where: subnets.contains) { assets.insert(account.id) }
        self.assets = assets.filter { topology.storageAccounts[$0] != nil || topology.serviceResources[$0] != nil }
    }
}

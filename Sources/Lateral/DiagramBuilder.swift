import GraphvizRender
import Reachability
import TopologyModel

/// Draws an attack graph: regions and VNets as clusters, node groups inside them, the
/// Internet outside, peerings, and hops (attack-path hops highlighted).
public enum DiagramBuilder {
    /// - Parameters:
    ///   - paths: the selected paths; their hops are highlighted and their ends marked.
    ///   - showAllHops: also draw hops inside one VNet that lie on no path (noisy).
    ///   - detail: what one box stands for; past ``DiagramDetail/subnetLimit`` nodes `auto`
    ///     draws VNets, past ``DiagramDetail/vnetLimit`` VNets regions. Path nodes and
    ///     targets stay at subnet detail.
    public static func diagram(
        estate: Estate, graph: ReachabilityGraph, paths: PathResult?, title: String,
        showAllHops: Bool = false, detail: DiagramDetail = .auto
    ) -> Diagram {
        let topology = estate.topology
        var diagram = Diagram(title: title)
        let pathNodes = Set((paths?.paths ?? []).flatMap(\.nodes))
        let sources = Set(paths?.sources ?? [])
        let targets = Set(paths?.targets ?? [])

        let regions = Set(graph.nodes.compactMap(\.region)).sorted()
        for region in regions {
            diagram.clusters.append(.init(id: "region:" + region, label: region.isEmpty ? "(no region)" : region, parent: nil, role: .region))
        }
        let networks = Set(graph.nodes.compactMap(\.network)).sorted()
        for id in networks {
            guard let network = topology.networks[id] else { continue }
            let anyTarget = graph.nodes.contains { $0.network == id && targets.contains($0.id) }
            let space = network.addressSpace.map(\.description).joined(separator: ", ")
            let tags = network.tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            diagram.clusters.append(
                .init(
                    id: "vnet:" + id.key, label: "\(network.name)  \(space)\(tags.isEmpty ? "" : "  [\(tags)]")",
                    parent: "region:" + network.location, role: anyTarget ? .target : .network))
        }
        for node in graph.nodes {
            diagram.nodes.append(
                box(
                    node, topology: topology, sources: sources, targets: targets, cluster: node.network.map { "vnet:" + $0.key },
                    highlighted: pathNodes.contains(node.id)))
        }
        let level = detail.resolved(nodes: graph.nodes.count { $0.network != nil }, networks: networks.count)
        let qualifies = hopFilter(graph, showAllHops: showAllHops)
        // Hops by node index: a whole estate has millions, so no strings per hop.
        var pathHops = Set<Int64>()
        for path in paths?.paths ?? [] {
            for hop in path.hops { if let f = graph.index(of: hop.from), let t = graph.index(of: hop.to) { pathHops.insert(Int64(f) << 32 | Int64(t)) } }
        }
        if level == .subnet {
            graph.forEachHop { f, t, services in
                if pathHops.contains(Int64(f) << 32 | Int64(t)) {
                    diagram.edges.append(.init(from: graph.nodes[f].id, to: graph.nodes[t].id, label: services.summary, role: .attackPath))
                } else if qualifies(f, t) {
                    diagram.edges.append(.init(from: graph.nodes[f].id, to: graph.nodes[t].id, label: services.summary, role: .reachability))
                }
            }
        } else {
            // Collapsed diagrams group the other hops by box (``collapse``): only the attack
            // paths' hops are drawn here, found run by run in the order the hops have.
            let pathTargets = Self.targetsBySource(pathHops)
            graph.forEachHopRun { f, run, services in
                guard let targets = pathTargets[f] else { return }
                for t in targets where run.contains(t) && t != f {
                    diagram.edges.append(.init(from: graph.nodes[f].id, to: graph.nodes[t].id, label: services.summary, role: .attackPath))
                }
            }
        }
        // One peering edge per VNet pair, between the first node of each VNet.
        let firstNode = Dictionary(graph.nodes.compactMap { n in n.network.map { ($0, n.id) } }, uniquingKeysWith: { a, _ in a })
        var drawn = Set<String>()
        for peering in topology.peerings.values.sorted(by: { $0.id < $1.id }) {
            guard let remote = peering.remoteNetwork, let a = firstNode[peering.localNetwork], let b = firstNode[remote] else { continue }
            let pair = [peering.localNetwork.key, remote.key].sorted().joined(separator: "|")
            let live = estate.index.livePeerings[peering.id] != nil
            if drawn.contains(pair) { continue }
            if !live,
                topology.peerings.values.contains(where: {
                    $0.localNetwork == remote && $0.remoteNetwork == peering.localNetwork && estate.index.livePeerings[$0.id] != nil
                })
            {
                continue
            }
            drawn.insert(pair)
            diagram.edges.append(
                .init(from: a, to: b, label: live ? "peering" : "peering \(peering.name): \(peering.state)", role: live ? .peering : .brokenPeering))
        }
        addHubs(to: &diagram, estate: estate, firstNode: firstNode)
        guard level != .subnet else { return diagram }
        return collapse(diagram, to: level, topology: topology, graph: graph, keep: pathNodes.union(targets), hops: qualifies, pathHops: pathHops)
    }

    /// One node's box: its role (Internet, entry, target, hosts, firewall...) and its label
    /// (subnet, prefixes, and the NICs, gateway or firewall it holds).
    static func box(
        _ node: AttackNode, topology: Topology, sources: Set<String>, targets: Set<String>, cluster: String?, highlighted: Bool
    ) -> Diagram.Node {
        var role: Diagram.NodeRole
        if node.kind == .internet {
            role = .internet
        } else if targets.contains(node.id) {
            role = .target
        } else if sources.contains(node.id) {
            role = .entry
        } else if node.kind == .vacantSubnet {
            role = .vacant
        } else if node.kind == .privateEndpoint {
            role = .privateEndpoint
        } else if node.kind == .asset {
            role = .asset
        } else {
            role = .hosts
        }
        var label =
            node.kind == .internet
            ? "Internet"
            : node.kind == .asset
                ? node.label : node.kind == .privateEndpoint ? node.id.split(separator: ":").last.map(String.init) ?? node.id : (node.subnetName ?? node.id)
        if node.kind != .privateEndpoint, let subnet = node.subnet.flatMap({ topology.subnets[$0] }) {
            label += "  " + subnet.prefixes.map(\.description).joined(separator: ", ")
        }
        if node.kind == .hosts {
            let names = node.endpoints.map { e in
                (topology.interfaces[e.interface]?.name ?? e.interface.name) + " \(e.address)" + (e.publicIP?.address.map { " pip \($0)" } ?? "")
            }
            label += " | " + (names.count <= 3 ? names.joined(separator: "; ") : names.prefix(3).joined(separator: "; ") + "; +\(names.count - 3) more")
        } else if node.kind == .vacantSubnet {
            let firewalls = topology.firewalls.values.filter { fw in fw.subnets.contains { $0 == node.subnet } }.sorted { $0.id < $1.id }
            let gateways = topology.applicationGateways.values.filter { $0.subnet == node.subnet }.sorted { $0.id < $1.id }
            if !gateways.isEmpty {
                label +=
                    " | " + gateways.map { "Application Gateway \($0.name)" + ($0.webApplicationFirewall.map { " (\($0))" } ?? "") }.joined(separator: "; ")
            } else if firewalls.isEmpty {
                label += " (no hosts)"
            } else {
                label +=
                    " | "
                    + firewalls.map { fw in
                        "Azure Firewall \(fw.name)" + (fw.skuTier.map { " \($0)" } ?? "") + " "
                            + fw.privateAddresses.map(\.description).joined(separator: ", ")
                    }.joined(separator: "; ")
                role = .firewall
            }
        }
        return .init(id: node.id, label: label, cluster: cluster, role: role, highlighted: highlighted)
    }

    /// Which hops off the attack paths a diagram draws: between VNets into hosts and
    /// assets, and out of private endpoints (all of them with `showAllHops`).
    /// `from << 32 | to` pairs by source, each source's targets in index order.
    static func targetsBySource(_ pairs: Set<Int64>) -> [Int: [Int]] {
        var result: [Int: [Int]] = [:]
        for pair in pairs { result[Int(pair >> 32), default: []].append(Int(pair & 0xFFFF_FFFF)) }
        return result.mapValues { $0.sorted() }
    }

    static func hopFilter(_ graph: ReachabilityGraph, showAllHops: Bool) -> (Int, Int) -> Bool {
        var numbers: [ResourceID: Int] = [:]
        let network = graph.nodes.map { node in
            node.network.map { id in
                numbers[id]
                    ?? {
                        numbers[id] = numbers.count; return numbers.count - 1
                    }()
            } ?? -1
        }
        let kind = graph.nodes.map(\.kind)
        return { f, t in
            showAllHops || (!(network[f] >= 0 && network[f] == network[t]) && (kind[t] == .hosts || kind[t] == .asset)) || kind[f] == .privateEndpoint
        }
    }
}

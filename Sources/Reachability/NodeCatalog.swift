import Dispatch
import ParallelSupport
import TopologyModel

/// The nodes of an estate's attack graph, without its hops: what selectors resolve against.
///
/// Building it costs a grouping pass over the endpoints, not the pair evaluation the graph
/// needs, so commands that only pick subnets or nodes (`routes`) do not build the graph.
public struct NodeCatalog: Sendable {
    /// Sorted by ID; the Internet first. IDs are unique.
    public let nodes: [AttackNode]
    let index: [String: Int]

    init(nodes: [AttackNode]) {
        self.nodes = nodes
        var index: [String: Int] = [:]
        index.reserveCapacity(nodes.count)
        for (i, node) in nodes.enumerated() { index[node.id] = i }
        self.index = index
    }

    public func node(_ id: String) -> AttackNode? { index[id].map { nodes[$0] } }
}

extension EstateIndex {
    /// The attack graph's nodes, each with an ID no other node has.
    ///
    /// - Complexity: O(E log E) for E endpoints.
    public func nodeCatalog() -> NodeCatalog { NodeCatalog(nodes: buildNodes()) }

    /// VNet names as shown in node IDs: the name alone where it is unique, else qualified by
    /// resource group, then by subscription and resource group, then by the whole resource ID.
    func networkDisplayNames() -> [ResourceID: String] {
        let networks = topology.networks.values.sorted { $0.id < $1.id }
        let chosen = NodeIdentity.unique(
            networks.map { network in
                var candidates = [network.name]
                if let group = network.id.resourceGroup {
                    candidates.append(group + "/" + network.name)
                    if let subscription = network.id.subscription { candidates.append(subscription + "/" + group + "/" + network.name) }
                }
                candidates.append(network.id.text)
                return candidates
            })
        var names: [ResourceID: String] = [:]
        for (network, name) in zip(networks, chosen) { names[network.id] = name }
        return names
    }

    func buildNodes() -> [AttackNode] {
        var nodes: [AttackNode] = []
        var candidates: [[String]] = []
        func add(_ node: AttackNode, _ more: [String]) {
            nodes.append(node)
            candidates.append([node.id] + more)
        }
        add(
            AttackNode(
                id: AttackNode.internetID, kind: .internet, label: "Internet", network: nil, networkName: nil,
                subnet: nil, subnetName: nil, region: nil, endpoints: [], representative: nil), [])
        let names = networkDisplayNames()
        // Each subnet's nodes depend on that subnet alone: found on every core, gathered in
        // subnet order.
        let subnets = topology.subnets.values.sorted(by: { $0.id < $1.id })
        let perSubnet = Slots<[(AttackNode, [String])]>(count: subnets.count)
        DispatchQueue.concurrentPerform(iterations: subnets.count) { i in
            perSubnet.store(self.nodes(of: subnets[i], names: names), at: i)
        }
        for i in subnets.indices { for (node, more) in perSubnet.take(at: i) ?? [] { add(node, more) } }
        // Assets: the resources behind private endpoints and public endpoints (storage).
        for account in topology.storageAccounts.values.sorted(by: { $0.id < $1.id }) {
            var node = AttackNode(
                id: "asset:" + account.name, kind: .asset, label: "storage account \(account.name)", network: nil,
                networkName: nil, subnet: nil, subnetName: nil, region: account.location, endpoints: [], representative: nil)
            node.asset = account.id
            add(node, ["asset:" + account.id.text])
        }
        for service in topology.serviceResources.values.sorted(by: { $0.id < $1.id }) {
            var node = AttackNode(
                id: "asset:" + service.name, kind: .asset, label: "\(service.kind.rawValue) \(service.name)", network: nil,
                networkName: nil, subnet: nil, subnetName: nil, region: service.location, endpoints: [], representative: nil)
            node.asset = service.id
            add(node, ["asset:" + service.id.text])
        }
        if !onPremises.isEmpty {
            add(
                AttackNode(
                    id: AttackNode.onPremisesID, kind: .onPremises, label: "on-premises (" + onPremises.rangeDescriptions.joined(separator: ", ") + ")",
                    network: nil, networkName: nil, subnet: nil, subnetName: nil, region: nil, endpoints: [], representative: nil), [])
        }
        let ids = NodeIdentity.unique(candidates)
        for i in nodes.indices { nodes[i].id = ids[i] }
        return [nodes[0]] + nodes.dropFirst().sorted { $0.id < $1.id }
    }

    /// The nodes standing for one subnet, each with the IDs to fall back on should its
    /// preferred one be taken: one per private endpoint, one per group of hosts that policy
    /// cannot tell apart, or one vacant node when it holds no NIC at all.
    private func nodes(of subnet: Subnet, names: [ResourceID: String]) -> [(AttackNode, [String])] {
        var nodes: [(AttackNode, [String])] = []
        guard let network = topology.networks[subnet.network] else { return nodes }
        let base = "\(names[network.id] ?? network.name)/\(subnet.name)"
        let all = topology.endpointsBySubnet[subnet.id] ?? []
        let endpoints = all.filter { topology.interfaces[$0.interface]?.privateEndpoint == nil }
        for pe in all {
            guard let peID = topology.interfaces[pe.interface]?.privateEndpoint else { continue }
            let name = topology.privateEndpoints[peID]?.name ?? peID.name
            nodes.append(
                (
                    AttackNode(
                        id: "\(base):\(name)", kind: .privateEndpoint, label: "\(base) [private endpoint \(name)]",
                        network: network.id, networkName: names[network.id], subnet: subnet.id, subnetName: subnet.name,
                        region: network.location, endpoints: [pe], representative: .host(pe)),
                    ["\(base):\(name)/\(pe.configuration.id.name)", "\(base):\(pe.configuration.id.text)"]
                ))
        }
        if endpoints.isEmpty {
            // A subnet holding only private endpoints has no host to stand for.
            guard all.isEmpty, let first = subnet.prefixes.first else { return nodes }
            // The first usable address no NIC holds stands for a host placed there.
            var address = Self.firstUsable(first)
            for _ in 0..<64 where topology.endpointsByAddress[address] != nil { address = Self.next(address) }
            nodes.append(
                (
                    AttackNode(
                        id: base, kind: .vacantSubnet, label: base + " (no hosts)", network: network.id,
                        networkName: names[network.id], subnet: subnet.id, subnetName: subnet.name,
                        region: network.location, endpoints: [],
                        representative: .vacant(subnet: subnet.id, address: address)),
                    [subnet.id.text]
                ))
            return nodes
        }
        var groups: [[InterfaceEndpoint]] = []
        var keyIndex: [GroupKey: Int] = [:]
        for endpoint in endpoints {
            let key = groupKey(endpoint)
            if let i = keyIndex[key] { groups[i].append(endpoint) } else { keyIndex[key] = groups.count; groups.append([endpoint]) }
        }
        for group in groups {
            let nicNames = group.map { topology.interfaces[$0.interface]?.name ?? $0.interface.name }
            let first = group[0].configuration.id
            let id = groups.count == 1 ? base : "\(base):\(nicNames[0])"
            let shown = nicNames.count <= 3 ? nicNames.joined(separator: ", ") : nicNames.prefix(2).joined(separator: ", ") + " +\(nicNames.count - 2)"
            nodes.append(
                (
                    AttackNode(
                        id: id, kind: .hosts, label: "\(base) [\(shown)]", network: network.id,
                        networkName: names[network.id], subnet: subnet.id, subnetName: subnet.name,
                        region: network.location, endpoints: group, representative: .host(group[0])),
                    ["\(base):\(nicNames[0])/\(first.name)", "\(base):\(first.text)"]
                ))
        }
        return nodes
    }

    struct GroupKey: Hashable {
        let securityGroup: ResourceID?
        let asgs: [ResourceID]
        let publicSKU: String?
        let atom: Int
        let tags: [String]
    }

    func groupKey(_ endpoint: InterfaceEndpoint) -> GroupKey {
        let nic = topology.interfaces[endpoint.interface]
        return GroupKey(
            securityGroup: nic?.securityGroup,
            asgs: endpoint.configuration.applicationSecurityGroups + (loadBalancerMemberships[endpoint.configuration.id] ?? []),
            publicSKU: endpoint.publicIP.map { $0.sku.rawValue + ($0.address == nil ? "-unknown" : "") },
            atom: literalAtom(of: endpoint.address),
            tags: (nic?.tags ?? [:]).map { "\($0.key.lowercased())=\($0.value)" }.sorted())
    }

    /// Azure reserves the first four addresses of a subnet; the first host is `.4`.
    static func firstUsable(_ prefix: IPPrefix) -> IPAddress {
        switch prefix.address {
        case .v4(let v): return .v4(prefix.length <= 29 ? v + 4 : v)
        case .v6(let v): return .v6(prefix.length <= 125 ? v + 4 : v)
        }
    }

    static func next(_ address: IPAddress) -> IPAddress {
        switch address {
        case .v4(let v): return .v4(v &+ 1)
        case .v6(let v): return .v6(v &+ 1)
        }
    }
}

/// Chooses node IDs that no two nodes share, from readable names down to resource IDs.
///
/// Display names repeat (a NIC's IP configurations in one subnet, the same VNet name in two
/// resource groups or subscriptions, two assets of one name), and a graph keyed by a
/// repeated name merges or loses nodes. Every node offers IDs from the most readable to
/// one built from a resource ID; a node keeps its first choice unless another node wants
/// the same, in which case all of them move to their next choice, so neither side of a
/// clash keeps the ambiguous name.
enum NodeIdentity {
    /// - Parameter candidates: per node, its IDs in order of preference; the last should be
    ///   unique (built from a resource ID).
    /// - Returns: one ID per node, unique; should even the last choices clash (an input
    ///   with one resource ID twice), they are told apart by `#2`, `#3`... in input order.
    /// - Complexity: O(N · C) for N nodes with C candidates each.
    static func unique(_ candidates: [[String]]) -> [String] {
        var level = Array(repeating: 0, count: candidates.count)
        var chosen = candidates.map { $0.first ?? "" }
        while true {
            var holders: [String: [Int]] = [:]
            for (i, id) in chosen.enumerated() { holders[id.lowercased(), default: []].append(i) }
            var moved = false
            for (_, group) in holders where group.count > 1 {
                for i in group where level[i] + 1 < candidates[i].count {
                    level[i] += 1
                    chosen[i] = candidates[i][level[i]]
                    moved = true
                }
            }
            if !moved { break }
        }
        var taken = Set(chosen.map { $0.lowercased() })
        var seen: Set<String> = []
        for i in chosen.indices where !seen.insert(chosen[i].lowercased()).inserted {
            var n = 2
            while taken.contains((chosen[i] + "#\(n)").lowercased()) { n += 1 }
            chosen[i] += "#\(n)"
            taken.insert(chosen[i].lowercased())
            seen.insert(chosen[i].lowercased())
        }
        return chosen
    }
}

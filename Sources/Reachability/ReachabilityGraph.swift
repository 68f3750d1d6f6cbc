import TopologyModel

/// The attack graph of an estate: nodes and every allowed hop between them.
public struct ReachabilityGraph: Sendable {
    /// Sorted by ID; the Internet first.
    public let nodes: [AttackNode]
    /// Sorted by (from, to).
    public let hops: [Hop]
    let nodeIndex: [String: Int]
    let outgoing: [String: [Hop]]

    init(nodes: [AttackNode], hops: [Hop]) {
        self.nodes = nodes
        self.hops = hops.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        nodeIndex = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($0.element.id, $0.offset) })
        outgoing = Dictionary(grouping: self.hops, by: \.from)
    }

    public func node(_ id: String) -> AttackNode? { nodeIndex[id].map { nodes[$0] } }
    public func hops(from id: String) -> [Hop] { outgoing[id] ?? [] }
    public func hop(from: String, to: String) -> Hop? { hops(from: from).first { $0.to == to } }
}

extension EstateIndex {
    /// Builds the attack graph.
    ///
    /// - Complexity: O(E) to group E endpoints, then O(N²) hop evaluations for N nodes
    ///   (groups, not hosts), each linear in the rules of the NSGs on the hop.
    public func graph() -> ReachabilityGraph {
        let nodes = buildNodes()
        var hops: [Hop] = []
        for source in nodes where source.kind == .hosts || source.kind == .internet {
            for target in nodes where target.id != source.id && target.kind != .internet {
                if let hop = source.kind == .internet ? internetHop(to: target) : internalHop(from: source, to: target) {
                    hops.append(hop)
                }
            }
        }
        return ReachabilityGraph(nodes: nodes, hops: hops)
    }

    /// VNet names as shown in node IDs: the name, qualified by resource group when two
    /// VNets share it.
    func networkDisplayNames() -> [ResourceID: String] {
        let byName = Dictionary(grouping: topology.networks.values, by: { $0.name.lowercased() })
        var names: [ResourceID: String] = [:]
        for network in topology.networks.values {
            if (byName[network.name.lowercased()]?.count ?? 0) > 1 {
                names[network.id] = (network.id.resourceGroup.map { $0 + "/" } ?? "") + network.name
            } else {
                names[network.id] = network.name
            }
        }
        return names
    }

    func buildNodes() -> [AttackNode] {
        var nodes = [AttackNode(id: AttackNode.internetID, kind: .internet, label: "Internet", network: nil, networkName: nil,
                                subnet: nil, subnetName: nil, region: nil, endpoints: [], representative: nil)]
        let names = networkDisplayNames()
        for subnet in topology.subnets.values.sorted(by: { $0.id < $1.id }) {
            guard let network = topology.networks[subnet.network] else { continue }
            let base = "\(names[network.id] ?? network.name)/\(subnet.name)"
            let all = topology.endpointsBySubnet[subnet.id] ?? []
            let endpoints = all.filter { topology.interfaces[$0.interface]?.privateEndpoint == nil }
            for pe in all where topology.interfaces[pe.interface]?.privateEndpoint != nil {
                let peID = topology.interfaces[pe.interface]!.privateEndpoint!
                let name = topology.privateEndpoints[peID]?.name ?? peID.name
                nodes.append(AttackNode(id: "\(base):\(name)", kind: .privateEndpoint, label: "\(base) [private endpoint \(name)]",
                                        network: network.id, networkName: names[network.id], subnet: subnet.id, subnetName: subnet.name,
                                        region: network.location, endpoints: [pe], representative: .host(pe)))
            }
            if endpoints.isEmpty {
                // A subnet holding only private endpoints has no host to stand for.
                guard all.isEmpty, let first = subnet.prefixes.first else { continue }
                // The first usable address no NIC holds stands for a host placed there.
                var address = Self.firstUsable(first)
                for _ in 0..<64 where topology.endpointsByAddress[address] != nil { address = Self.next(address) }
                nodes.append(AttackNode(id: base, kind: .vacantSubnet, label: base + " (no hosts)", network: network.id,
                                        networkName: names[network.id], subnet: subnet.id, subnetName: subnet.name,
                                        region: network.location, endpoints: [],
                                        representative: .vacant(subnet: subnet.id, address: address)))
                continue
            }
            var groups: [[InterfaceEndpoint]] = []
            var keyIndex: [GroupKey: Int] = [:]
            for endpoint in endpoints {
                let key = groupKey(endpoint)
                if let i = keyIndex[key] { groups[i].append(endpoint) } else { keyIndex[key] = groups.count; groups.append([endpoint]) }
            }
            for group in groups {
                let nicNames = group.map { topology.interfaces[$0.interface]?.name ?? $0.interface.name }
                let id = groups.count == 1 ? base : "\(base):\(nicNames[0])"
                let shown = nicNames.count <= 3 ? nicNames.joined(separator: ", ") : nicNames.prefix(2).joined(separator: ", ") + " +\(nicNames.count - 2)"
                nodes.append(AttackNode(id: id, kind: .hosts, label: "\(base) [\(shown)]", network: network.id,
                                        networkName: names[network.id], subnet: subnet.id, subnetName: subnet.name,
                                        region: network.location, endpoints: group, representative: .host(group[0])))
            }
        }
        return [nodes[0]] + nodes.dropFirst().sorted { $0.id < $1.id }
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
        return GroupKey(securityGroup: nic?.securityGroup, asgs: endpoint.configuration.applicationSecurityGroups,
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

    /// PE-2: a private endpoint carries traffic only on an Approved connection.
    func privateEndpointApproved(_ node: AttackNode) -> Bool {
        guard node.kind == .privateEndpoint, let e = node.endpoints.first,
              let peID = topology.interfaces[e.interface]?.privateEndpoint, let pe = topology.privateEndpoints[peID] else { return true }
        return pe.connections.contains { $0.status == "approved" }
    }

    func internalHop(from source: AttackNode, to target: AttackNode) -> Hop? {
        guard let src = source.representative, let dst = target.representative, let subnet = src.subnet,
              let targetNetwork = target.network, privateEndpointApproved(target) else { return nil }
        guard case .delivered(let network, let steps, _) = forward(from: subnet, source: src.address, to: dst.address),
              network == targetNetwork else { return nil }
        let stages = outboundStages(src) + inboundStages(dst)
        let outcome = PolicyChain.evaluate(stages, source: identity(of: src), destination: identity(of: dst),
                                           sourcePorts: PortSet(options.clientSourcePorts), options: options)
        guard let witness = outcome.allowed.witness else { return nil }
        return Hop(from: source.id, to: target.id, services: outcome.allowed, allowedBy: outcome.contributions, via: steps,
                   witness: WitnessFlow(source: src.address, destination: dst.address, translatedDestination: nil,
                                        proto: witness.proto, port: witness.port, sourcePort: outcome.witnessSourcePort))
    }

    func internetHop(to target: AttackNode) -> Hop? {
        guard target.kind == .hosts, let dst = target.representative, case .host(let endpoint) = dst,
              let pip = endpoint.publicIP, let publicAddress = pip.address else { return nil }
        let stages = inboundStages(dst)
        let pipStep = TraceStep(kind: .publicIP, resource: pip.id, resourceName: pip.name, decision: .forward,
                                detail: "\(pip.sku == .standard ? "Standard" : "Basic") public IP \(publicAddress) -> \(endpoint.address)")
        if stages.isEmpty && pip.sku == .standard { return nil }  // NSG-40
        var allowed = ServiceSet()
        var contributions: [RuleContribution] = []
        var witness: WitnessFlow?
        for sourceAddress in internetRepresentatives(for: stages) {
            let outcome = PolicyChain.evaluate(stages, source: EndpointIdentity(address: sourceAddress), destination: identity(of: dst),
                                               sourcePorts: PortSet(options.clientSourcePorts), options: options)
            guard let w = outcome.allowed.witness else { continue }
            allowed = allowed.union(outcome.allowed)
            for c in outcome.contributions where !contributions.contains(where: { $0.rule == c.rule && $0.securityGroup == c.securityGroup }) {
                contributions.append(c)
            }
            if witness == nil {
                witness = WitnessFlow(source: sourceAddress, destination: publicAddress, translatedDestination: endpoint.address,
                                      proto: w.proto, port: w.port, sourcePort: outcome.witnessSourcePort)
            }
        }
        guard let witness else { return nil }
        return Hop(from: AttackNode.internetID, to: target.id, services: allowed, allowedBy: contributions, via: [pipStep], witness: witness)
    }

    /// One Internet address per class of sources the NSGs can tell apart: a generic one
    /// named by no literal prefix, plus the first public address of each atom that some
    /// literal prefix covers.
    func internetRepresentatives(for stages: [PolicyStage]) -> [IPAddress] {
        let literal = literalPrefixes(of: stages)
        var result = [publicRepresentative(avoiding: literal)]
        var bounds = Set<UInt32>()
        for r in literal.v4.intervals { bounds.insert(r.lowerBound); if r.upperBound < .max { bounds.insert(r.upperBound + 1) } }
        let sorted = bounds.sorted()
        for (i, low) in sorted.enumerated() where literal.v4.contains(low) {
            let high = i + 1 < sorted.count ? sorted[i + 1] - 1 : UInt32.max
            let piece = AddressSet(v4: IntervalSet(low...high)).intersection(.publicSpace)
            if let first = piece.first, !result.contains(first) { result.append(first) }
        }
        return result
    }
}

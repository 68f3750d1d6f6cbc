import TopologyModel

/// Picks attack-graph nodes: `internet`, `subnet:VNET/SUBNET`, `vnet:NAME`,
/// `tag:KEY=VALUE`, `cidr:PREFIX`, or an ARM resource ID.
public enum Selector: Sendable, Hashable, CustomStringConvertible {
    case internet
    /// On-premises networks connected through gateways.
    case onPremises
    case subnet(network: String, subnet: String)
    case network(String)
    case tag(key: String, value: String)
    case cidr(IPPrefix)
    case resource(ResourceID)
    /// A resource behind private or public endpoints, by name (`asset:NAME`).
    case asset(String)

    /// - Throws: ``QueryError`` for text that is not a selector.
    public init(parsing text: String) throws(QueryError) {
        let lower = text.lowercased()
        func value(_ prefix: String) -> String { String(text.dropFirst(prefix.count)) }
        if lower == "internet" { self = .internet; return }
        if lower == "onprem" || lower == "on-premises" { self = .onPremises; return }
        if text.hasPrefix("/") {
            // `/` and `//` trim to no ID at all, which nothing is named by.
            let id = ResourceID(text)
            guard !id.text.isEmpty else { throw QueryError("selector '\(text)': expected a resource ID (/subscriptions/...)") }
            self = .resource(id)
            return
        }
        if lower.hasPrefix("subnet:") {
            let parts = value("subnet:").split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw QueryError("selector '\(text)': expected subnet:VNET/SUBNET")
            }
            self = .subnet(network: String(parts[0]), subnet: String(parts[1]))
            return
        }
        if lower.hasPrefix("vnet:") {
            guard !value("vnet:").isEmpty else { throw QueryError("selector '\(text)': expected vnet:NAME") }
            self = .network(value("vnet:"))
            return
        }
        if lower.hasPrefix("tag:") {
            let body = value("tag:")
            guard let eq = body.firstIndex(of: "="), eq != body.startIndex else { throw QueryError("selector '\(text)': expected tag:KEY=VALUE") }
            self = .tag(key: String(body[..<eq]), value: String(body[body.index(after: eq)...]))
            return
        }
        if lower.hasPrefix("asset:") {
            guard !value("asset:").isEmpty else { throw QueryError("selector '\(text)': expected asset:NAME") }
            self = .asset(value("asset:"))
            return
        }
        if lower.hasPrefix("cidr:") {
            guard let prefix = IPPrefix(value("cidr:")) else { throw QueryError("selector '\(text)': '\(value("cidr:"))' is not a CIDR block") }
            self = .cidr(prefix)
            return
        }
        throw QueryError(
            "unknown selector '\(text)': use internet, on-premises, subnet:VNET/SUBNET, vnet:NAME, tag:KEY=VALUE, cidr:PREFIX, asset:NAME or a resource ID")
    }

    public var description: String {
        switch self {
        case .internet: return "internet"
        case .onPremises: return "on-premises"
        case .subnet(let v, let s): return "subnet:\(v)/\(s)"
        case .network(let v): return "vnet:\(v)"
        case .tag(let k, let v): return "tag:\(k)=\(v)"
        case .cidr(let p): return "cidr:\(p)"
        case .resource(let id): return id.text
        case .asset(let name): return "asset:\(name)"
        }
    }

    /// The IDs of the nodes this selector picks, sorted.
    ///
    /// - Complexity: O(N + V + I) for N nodes, V VNets and I NICs: a tag is looked for once
    ///   per VNet and NIC, not once per node that refers to them.
    public func select(in graph: ReachabilityGraph, topology: Topology) -> [String] { select(graph.nodes, topology: topology) }

    /// The IDs of the catalogue's nodes this selector picks, sorted.
    public func select(in catalog: NodeCatalog, topology: Topology) -> [String] { select(catalog.nodes, topology: topology) }

    private func select(_ nodes: [AttackNode], topology: Topology) -> [String] {
        let tagged = TaggedResources(self, topology: topology)
        // Nodes are read in place: a node copy is a dozen reference counts, and selections
        // run over every node several times per analysis.
        return nodes.withUnsafeBufferPointer { nodes in
            var ids: [String] = []
            for i in nodes.indices where matches(nodes[i], topology: topology, tagged: tagged) { ids.append(nodes[i].id) }
            return ids
        }
    }

    /// The VNets and NICs a `tag:` selector's tag is on, found once per selection.
    struct TaggedResources {
        var networks: Set<ResourceID> = []
        var interfaces: Set<ResourceID> = []

        init(_ selector: Selector, topology: Topology) {
            guard case .tag(let key, let value) = selector else { return }
            for (id, network) in topology.networks where Selector.has(network.tags, key: key, value: value) { networks.insert(id) }
            for id in topology.interfaces.keys where Selector.has(topology.interfaces[id]!.tags, key: key, value: value) { interfaces.insert(id) }
        }
    }

    /// Tag keys are case-insensitive in Azure; values are compared as written.
    static func has(_ tags: [String: String], key: String, value: String) -> Bool {
        if tags[key] == value { return true }
        let folded = key.lowercased()
        return tags.contains { $0.value == value && $0.key.lowercased() == folded }
    }

    func matches(_ node: borrowing AttackNode, topology: Topology, tagged: TaggedResources) -> Bool {
        if case .internet = self { return node.kind == .internet }
        if case .onPremises = self { return node.kind == .onPremises }
        if node.kind == .asset {
            switch self {
            case .asset(let name): return node.kind == .asset && node.asset?.name.lowercased() == name.lowercased()
            case .resource(let id): return node.asset == id
            case .tag(let key, let value):
                guard let id = node.asset, let tags = topology.storageAccounts[id]?.tags ?? topology.serviceResources[id]?.tags else { return false }
                return Self.has(tags, key: key, value: value)
            default: return false
            }
        }
        guard node.kind != .internet, let networkID = node.network, let network = topology.networks[networkID] else { return false }
        switch self {
        case .internet, .asset, .onPremises:
            return false
        case .subnet(let v, let s):
            return (network.name.lowercased() == v.lowercased() || node.networkName?.lowercased() == v.lowercased())
                && node.subnetName?.lowercased() == s.lowercased()
        case .network(let v):
            return network.name.lowercased() == v.lowercased() || node.networkName?.lowercased() == v.lowercased()
        case .tag:
            return tagged.networks.contains(networkID) || node.endpoints.contains { tagged.interfaces.contains($0.interface) }
        case .cidr(let prefix):
            if node.kind == .vacantSubnet {
                return node.subnet.flatMap { topology.subnets[$0] }.map { $0.addresses.overlaps(prefix.addressSet) } ?? false
            }
            return node.endpoints.contains { prefix.contains($0.address) }
        case .resource(let id):
            if id == networkID || id == node.subnet { return true }
            return node.endpoints.contains { $0.interface == id || $0.configuration.id == id || $0.publicIP?.id == id }
        }
    }
}

import TopologyModel

/// One route in a subnet's effective route table, like Network Watcher's effective routes.
public struct EffectiveRoute: Sendable, Hashable {
    public enum NextHop: Sendable, Hashable {
        case vnetLocal
        /// Across the peering (its ID) into the remote VNet; `connectedGroup` when the pair is
        /// in a Virtual Network Manager connected group instead (AVNM-14: next hop
        /// `ConnectedGroup`, no peering resource).
        case vnetPeering(peering: ResourceID, remote: ResourceID, connectedGroup: Bool = false)
        case internet
        case none
        case virtualAppliance(IPAddress?)
        case virtualNetworkGateway
        /// To a Virtual WAN hub: the hub's router, which forwards by `table` (VWAN-13.2, shown
        /// as `VirtualNetworkGateway`); without a table, the hub's own range over the hidden
        /// peering (VWAN-13.1, shown as `VNetPeering`).
        case virtualHub(hub: ResourceID, table: ResourceID?)

        public var name: String {
            switch self {
            case .vnetLocal: return "VnetLocal"
            case .vnetPeering(_, _, let connectedGroup): return connectedGroup ? "ConnectedGroup" : "VNetPeering"
            case .internet: return "Internet"
            case .none: return "None"
            case .virtualAppliance: return "VirtualAppliance"
            case .virtualNetworkGateway: return "VirtualNetworkGateway"
            case .virtualHub(_, let table): return table == nil ? "VNetPeering" : "VirtualNetworkGateway"
            }
        }
    }

    public enum Source: String, Sendable, Hashable {
        case system = "Default"
        case user = "User"
        /// Learned from a virtual network gateway (static local-network or BGP routes).
        case gateway = "VirtualNetworkGateway"

        /// RT-13: on equal prefixes, user beats gateway beats system.
        var rank: Int {
            switch self {
            case .user: 2;
            case .gateway: 1;
            case .system: 0
            }
        }
    }

    public let prefix: IPPrefix
    public let nextHop: NextHop
    public let source: Source
    /// The UDR or peering that created it, if any.
    public let resource: ResourceID?
    /// A readable name: the UDR's name, or the system route's reason.
    public let name: String
    /// `hasBgpOverride` on a user route: it beats overlapping gateway routes whatever
    /// their length (RT-11).
    public let overridesGatewayRoutes: Bool
    /// RT-9: among user routes of the same prefix, an explicit CIDR (0) beats the service tag
    /// routes, regional before global; lower wins.
    public let tagPrecedence: Int

    /// VNet-local and peering system routes, which gateway routes cannot override (RT-14).
    var isLocalOrPeering: Bool {
        switch nextHop {
        case .vnetLocal, .vnetPeering, .virtualHub(_, nil): return true
        default: return false
        }
    }

    public init(
        prefix: IPPrefix, nextHop: NextHop, source: Source, resource: ResourceID?, name: String, overridesGatewayRoutes: Bool = false,
        tagPrecedence: Int = 0
    ) {
        self.tagPrecedence = tagPrecedence
        self.prefix = prefix
        self.nextHop = nextHop
        self.source = source
        self.resource = resource
        self.name = name
        self.overridesGatewayRoutes = overridesGatewayRoutes
    }
}

/// The effective routes of one subnet, with longest-prefix-match lookup.
public struct RouteTableView: Sendable {
    public let routes: [EffectiveRoute]

    /// RT-12: longest prefix wins; RT-13: on equal prefixes a user route beats a system
    /// route; RT-9: and an explicit CIDR beats a service tag route; RT-11: a `hasBgpOverride` user route beats gateway routes; RT-14: gateway
    /// routes never beat VNet-local or peering routes.
    ///
    /// - Complexity: O(number of routes).
    public func lookup(_ address: IPAddress) -> EffectiveRoute? {
        lookupIndex(address).map { routes[$0] }
    }

    /// The position in ``routes`` of the route ``lookup(_:)`` chooses.
    func lookupIndex(_ address: IPAddress) -> Int? {
        // Indices, not copies: the solver looks up routes for every pair of nodes, and a
        // hub's table holds a route per peering.
        select(routes.indices.lazy.filter { self.routes[$0].prefix.contains(address) })
    }

    /// The route the lookup chooses among `candidates`, the positions of every route whose
    /// prefix holds the address.
    func select<C: Sequence>(_ candidates: C) -> Int? where C.Element == Int {
        var best = -1
        var bestLocal = -1
        var override = -1
        for i in candidates {
            if routes[i].source == .system, routes[i].isLocalOrPeering,
                bestLocal < 0 || routes[i].prefix.length > routes[bestLocal].prefix.length
            {
                bestLocal = i
            }
            if routes[i].overridesGatewayRoutes, override < 0 || routes[i].prefix.length >= routes[override].prefix.length { override = i }
            if best < 0 { best = i; continue }
            if routes[i].prefix.length > routes[best].prefix.length
                || (routes[i].prefix.length == routes[best].prefix.length && routes[i].source.rank > routes[best].source.rank)
                || (routes[i].prefix.length == routes[best].prefix.length && routes[i].source == routes[best].source
                    && routes[i].tagPrecedence < routes[best].tagPrecedence)
            {
                best = i
            }
        }
        guard best >= 0 else { return nil }
        guard routes[best].source == .gateway else { return best }
        // RT-11: a user route with hasBgpOverride beats an overlapping gateway route, even a
        // more specific one (the longest such user route).
        if override >= 0 { return override }
        // RT-14: gateway routes never override VNet-local or peering system routes, even
        // when more specific.
        return bestLocal >= 0 ? bestLocal : best
    }

    /// The IPv4 space cut where the chosen route changes: `starts` (from 0, ascending) and,
    /// for each interval, the position of the route chosen there (-1: none).
    ///
    /// - Complexity: O(R log R + S·D) for R routes, S intervals and D routes holding a point:
    ///   prefixes nest or are disjoint, so one sweep with a stack of the open prefixes finds
    ///   every interval's candidates; a lookup per interval was O(R) each, and a spoke of a
    ///   large Virtual WAN holds a route per connected VNet.
    func intervals(starts: inout [UInt32], winners: inout [Int32]) {
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        var order: [(base: UInt32, end: UInt32, index: Int)] = []
        order.reserveCapacity(routes.count)
        for (i, route) in routes.enumerated() {
            guard case .v4(let base) = route.prefix.address else { continue }
            let end = UInt64(base) + (UInt64(1) << UInt64(32 - route.prefix.length))
            starts.append(base)
            if end <= UInt64(UInt32.max) { starts.append(UInt32(end)) }
            order.append((base, UInt32(end - 1), i))
        }
        starts.sortAndRemoveDuplicates()
        // Wider first on one base, so that the stack holds the nested prefixes outermost first.
        order.sort { ($0.base, $1.end, $0.index) < ($1.base, $0.end, $1.index) }
        winners.removeAll(keepingCapacity: true)
        var open: [(end: UInt32, index: Int)] = []
        var next = 0
        for start in starts {
            while next < order.count && order[next].base <= start {
                while let top = open.last, top.end < order[next].base { open.removeLast() }
                open.append((order[next].end, order[next].index))
                next += 1
            }
            while let top = open.last, top.end < start { open.removeLast() }
            // In table order, as ``lookupIndex(_:)`` meets them: ties go the same way.
            winners.append(select(open.map(\.index).sorted()).map(Int32.init) ?? -1)
        }
    }
}

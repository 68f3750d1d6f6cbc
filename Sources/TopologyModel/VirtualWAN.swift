/// The Virtual WAN side of an estate (VWAN-1 to VWAN-5): WANs, their hubs, the hubs' route
/// tables and the VNet connections. Kept apart from the VNet model because a hub is not a
/// VNet the customer sees: Microsoft runs it, and only its router and firewall decide.
public struct VirtualWANModel: Hashable, Sendable {
    public var wans: [ResourceID: VirtualWAN]
    public var hubs: [ResourceID: VirtualHub]
    public var routeTables: [ResourceID: HubRouteTable]
    public var connections: [ResourceID: HubConnection]

    public init(
        wans: [ResourceID: VirtualWAN] = [:], hubs: [ResourceID: VirtualHub] = [:], routeTables: [ResourceID: HubRouteTable] = [:],
        connections: [ResourceID: HubConnection] = [:]
    ) {
        self.wans = wans
        self.hubs = hubs
        self.routeTables = routeTables
        self.connections = connections
    }

    public var isEmpty: Bool { hubs.isEmpty }
}

/// A virtual WAN. Only a Standard WAN transits VNet to VNet and meshes its hubs (VWAN-6).
public struct VirtualWAN: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let standard: Bool
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, standard: Bool, origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.standard = standard
        self.origin = origin
    }
}

/// A virtual hub of a WAN (VWAN-1); Route Servers, which share the type, are not hubs (VWAN-2).
public struct VirtualHub: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let location: String
    public let wan: ResourceID
    /// The hub's own range, reached from its spokes over the hidden peering (VWAN-13.1).
    public let addressPrefix: IPPrefix?
    /// The secured hub's Azure Firewall (`AZFW_Hub`).
    public let firewall: ResourceID?
    /// Routing intent's policies (VWAN-5); empty without routing intent.
    public let routingPolicies: [HubRoutingPolicy]
    public let origin: SourceLocation?

    public init(
        id: ResourceID, name: String, location: String, wan: ResourceID, addressPrefix: IPPrefix?, firewall: ResourceID?,
        routingPolicies: [HubRoutingPolicy], origin: SourceLocation?
    ) {
        self.id = id
        self.name = name
        self.location = location
        self.wan = wan
        self.addressPrefix = addressPrefix
        self.firewall = firewall
        self.routingPolicies = routingPolicies
        self.origin = origin
    }

    public func policy(_ traffic: HubRoutingPolicy.Traffic) -> HubRoutingPolicy? { routingPolicies.first { $0.traffic == traffic } }
}

/// One routing intent policy: which traffic the hub sends to which security solution (VWAN-5).
public struct HubRoutingPolicy: Hashable, Sendable {
    public enum Traffic: String, Hashable, Sendable {
        case privateTraffic = "PrivateTraffic"
        case internet = "Internet"
    }

    public let name: String
    public let traffic: Traffic
    public let nextHop: ResourceID

    public init(name: String, traffic: Traffic, nextHop: ResourceID) {
        self.name = name
        self.traffic = traffic
        self.nextHop = nextHop
    }
}

/// A hub route table with its static routes and labels (VWAN-4).
public struct HubRouteTable: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let hub: ResourceID
    public let labels: [String]
    public let routes: [HubStaticRoute]
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, hub: ResourceID, labels: [String], routes: [HubStaticRoute], origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.hub = hub
        self.labels = labels
        self.routes = routes
        self.origin = origin
    }

    /// The built-in tables every hub has (VWAN-4).
    public static let defaultName = "defaultRouteTable"
    public static let noneName = "noneRouteTable"
}

/// A static route of a hub route table: CIDR destinations to a firewall or a VNet connection.
public struct HubStaticRoute: Hashable, Sendable {
    public let name: String
    public let destinations: [IPPrefix]
    public let nextHop: ResourceID

    public init(name: String, destinations: [IPPrefix], nextHop: ResourceID) {
        self.name = name
        self.destinations = destinations
        self.nextHop = nextHop
    }
}

/// A hub virtual network connection (VWAN-3): the VNet, where its routes come from and go to.
public struct HubConnection: Hashable, Sendable {
    /// A static route toward an appliance in the connected VNet (VWAN-12).
    public struct StaticRoute: Hashable, Sendable {
        public let name: String
        public let prefixes: [IPPrefix]
        public let nextHopAddress: IPAddress?

        public init(name: String, prefixes: [IPPrefix], nextHopAddress: IPAddress?) {
            self.name = name
            self.prefixes = prefixes
            self.nextHopAddress = nextHopAddress
        }
    }

    public let id: ResourceID
    public let name: String
    public let hub: ResourceID
    public let network: ResourceID
    /// Whether the hub advertises its default route to the VNet (VWAN-14; true by default).
    public let enableInternetSecurity: Bool
    /// nil: the hub's `defaultRouteTable` (VWAN-7).
    public let associatedTable: ResourceID?
    public let propagatedTables: [ResourceID]
    public let propagatedLabels: [String]
    /// Whether the export gave a propagation at all; without one the connection propagates
    /// to `defaultRouteTable` (VWAN-8).
    public let propagationGiven: Bool
    public let staticRoutes: [StaticRoute]
    public let propagateStaticRoutes: Bool
    /// `vnetLocalRouteOverrideCriteria: Equal`: the VNet's own hosts are reached directly, not
    /// through the static route's appliance (VWAN-12).
    public let bypassesNextHopForOwnRanges: Bool
    public let origin: SourceLocation?

    public init(
        id: ResourceID, name: String, hub: ResourceID, network: ResourceID, enableInternetSecurity: Bool, associatedTable: ResourceID?,
        propagatedTables: [ResourceID], propagatedLabels: [String], propagationGiven: Bool, staticRoutes: [StaticRoute],
        propagateStaticRoutes: Bool, bypassesNextHopForOwnRanges: Bool, origin: SourceLocation?
    ) {
        self.id = id
        self.name = name
        self.hub = hub
        self.network = network
        self.enableInternetSecurity = enableInternetSecurity
        self.associatedTable = associatedTable
        self.propagatedTables = propagatedTables
        self.propagatedLabels = propagatedLabels
        self.propagationGiven = propagationGiven
        self.staticRoutes = staticRoutes
        self.propagateStaticRoutes = propagateStaticRoutes
        self.bypassesNextHopForOwnRanges = bypassesNextHopForOwnRanges
        self.origin = origin
    }
}

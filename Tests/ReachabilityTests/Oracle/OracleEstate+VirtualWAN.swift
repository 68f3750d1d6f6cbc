/// Virtual WAN in the specification (azure-semantics-enterprise.md §1): one WAN, its hubs with
/// their route tables, firewalls and routing intent, and the VNets' hub connections.
extension OracleEstate {
    /// A Virtual WAN (VWAN-1): Standard, or Basic, which transits nothing between VNets (VWAN-6).
    struct VirtualWAN: Sendable {
        var name = "wan0"
        var standard: Bool
        var hubs: [Hub] = []
        var connections: [HubConnection] = []

        /// The connection of VNet `v`, if it has one (VWAN-18: one hub per VNet).
        func connection(of v: Int) -> Int? { connections.firstIndex { $0.vnet == v } }
    }

    /// Routing intent's policies (VWAN-5): private traffic, Internet traffic, or both, to the
    /// hub's firewall.
    struct RoutingIntent: Sendable {
        var privateTraffic: Bool
        var internet: Bool
    }

    /// A virtual hub (VWAN-1) in the WAN.
    struct Hub: Sendable {
        var name: String
        var range: OraclePrefix
        /// Its Azure Firewall, by index into the estate's firewalls.
        var firewall: Int?
        var intent: RoutingIntent?
        /// `defaultRouteTable` (label `default`), `noneRouteTable` (label `none`), then custom
        /// tables (VWAN-4).
        var tables: [HubTable]
        /// With intent: whether the export lists `_policy_PrivateTraffic` and
        /// `_policy_PublicTraffic` in `defaultRouteTable`, as Azure shows them (VWAN-20); intent
        /// implies them either way.
        var exportsPolicyRoutes = true
        /// Whether the hub names its firewall in `azureFirewall` (else only the firewall names the
        /// hub, in `virtualHub`).
        var namesFirewall = true

        static let defaultTable = 0
        static let noneTable = 1
    }

    /// A hub route table (VWAN-4): static routes, all to the hub's firewall, and labels.
    struct HubTable: Sendable {
        var name: String
        var labels: [String]
        var routes: [HubStaticRoute] = []
    }

    /// A static route of a hub table: CIDR destinations, next hop the hub's firewall.
    struct HubStaticRoute: Sendable {
        var name: String
        var prefixes: [OraclePrefix]
    }

    /// A table of some hub of the WAN.
    struct HubTableRef: Hashable, Sendable {
        let hub: Int
        let table: Int
    }

    /// How a connection's routing configuration is written (VWAN-3). The meaning is the same
    /// for a given association and propagation: an absent association is `defaultRouteTable`,
    /// absent propagation (or empty ids and labels) is label `default` (VWAN-7, VWAN-8).
    enum RoutingShape: CaseIterable, Sendable {
        /// No `routingConfiguration` at all.
        case omitted
        /// `routingConfiguration` without `propagatedRouteTables`.
        case withoutPropagation
        /// Every field written, empty lists included.
        case full
    }

    /// A hub VNet connection (VWAN-3).
    struct HubConnection: Sendable {
        var name: String
        var vnet: Int
        var hub: Int
        /// `enableInternetSecurity`; nil when the export omits it (true for VNet connections,
        /// VWAN-14).
        var internetSecurity: Bool?
        /// The associated table of its hub (VWAN-7).
        var associated: Int = Hub.defaultTable
        /// `propagatedRouteTables.ids` and `.labels` (VWAN-8).
        var propagatedTables: [HubTableRef] = []
        var labels: [String] = []
        var shape: RoutingShape = .full

        var learnsDefaultRoute: Bool { internetSecurity ?? true }
    }

    /// The hub ranges: outside every VNet of the estate (which are carved from the bottom of
    /// 10/8, 172.16/12 and 192.168/16).
    static func hubRange(_ h: Int) -> OraclePrefix { OraclePrefix(oracleAddress("10.100.0.0") + UInt32(h) << 8, 24) }

    static let privateAggregates = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(OraclePrefix.init)
    static let defaultRoute = OraclePrefix("0.0.0.0/0")
}

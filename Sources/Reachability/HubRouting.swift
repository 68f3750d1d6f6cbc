import TopologyModel

/// What Virtual WAN hubs program: each hub route table's routes after association and
/// propagation (VWAN-7, VWAN-8, VWAN-11), routing intent's policy routes (VWAN-20, VWAN-21),
/// and what a spoke learns from its table (VWAN-13). Derived once per topology.
struct HubRouting: Sendable {
    /// One route of a hub route table.
    struct Route: Sendable, Hashable {
        enum Hop: Sendable, Hashable {
            /// Into the connected VNet (VWAN-10 `VnetConnection`).
            case connection(ResourceID)
            /// To a security solution: the hub's Azure Firewall (VWAN-10).
            case firewall(ResourceID)
            /// A connection of another hub of the WAN, learned through a label (VWAN-8).
            case remoteHub(ResourceID, connection: ResourceID)
        }

        let prefix: IPPrefix
        let hop: Hop
        /// A static route of the table; on equal prefixes it beats a propagated one (VWAN-9).
        let isStatic: Bool
        let name: String
    }

    let model: VirtualWANModel
    /// Each table's routes, by table ID; every hub has its `defaultRouteTable` here, exported
    /// or not.
    let tables: [ResourceID: [Route]]
    /// Table names by ID, including the built-in tables the export left out.
    let tableNames: [ResourceID: String]
    /// The connection of each connected VNet.
    let connectionByNetwork: [ResourceID: ResourceID]
    /// The table each connection's traffic is forwarded by (VWAN-7, VWAN-20).
    let association: [ResourceID: ResourceID]
    /// Every connected VNet's prefixes in each WAN, for where a hub firewall sends what it
    /// lets through.
    let connectedPrefixes: [ResourceID: [(prefix: IPPrefix, connection: ResourceID)]]
    /// The hub of each hub firewall.
    let hubOfFirewall: [ResourceID: ResourceID]
    /// Every prefix of every table, connection and connection static route of each WAN: where
    /// what a hub does with an address can change.
    let wanPrefixes: [ResourceID: [IPPrefix]]
    /// The hub each table belongs to.
    let tableHub: [ResourceID: ResourceID]
    /// The appliance addresses connections' static routes name, by WAN (VWAN-12).
    let staticNextHops: [ResourceID: Set<IPAddress>]
    /// Hubs in forced tunnel mode (VWAN-24: a private policy whose additional prefixes hold
    /// 0.0.0.0/0, no Internet policy), each with the connection whose static default route
    /// the security solution sends Internet traffic to, nil when none is learned.
    let forcedTunnels: [ResourceID: ResourceID?]
    /// What delivery into each connection needs, read once: its VNet, and its static routes
    /// with the VNet's own space when it has any (VWAN-12).
    let deliveries: [ResourceID: Delivery]

    struct Delivery: Sendable {
        let hub: ResourceID
        let network: ResourceID
        let staticRoutes: [HubConnection.StaticRoute]
        let ownSpace: AddressSet
        let bypassesNextHopForOwnRanges: Bool
    }
    /// Longest-prefix indices of `tables` and `connectedPrefixes`.
    private let tableIndex: [ResourceID: PrefixIndex]
    private let connectionIndex: [ResourceID: PrefixIndex]

    static let privateAggregates = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].compactMap { IPPrefix($0) }

    static func defaultTable(of hub: ResourceID) -> ResourceID { ResourceID(hub.text + "/hubRouteTables/" + HubRouteTable.defaultName) }

    init(_ model: VirtualWANModel, networks: [ResourceID: VirtualNetwork], firewalls: [ResourceID: Firewall]) {
        self.model = model
        var names: [ResourceID: String] = [:]
        var tablesOfHub: [ResourceID: [ResourceID]] = [:]
        var hubOfTable: [ResourceID: ResourceID] = [:]
        var labelled: [ResourceID: [String: [ResourceID]]] = [:]  // WAN -> label -> tables
        for table in model.routeTables.values.sorted(by: { $0.id < $1.id }) where model.hubs[table.hub] != nil {
            names[table.id] = table.name
            tablesOfHub[table.hub, default: []].append(table.id)
            hubOfTable[table.id] = table.hub
        }
        var hubOfFirewall: [ResourceID: ResourceID] = [:]
        for hub in model.hubs.values.sorted(by: { $0.id < $1.id }) {
            let table = Self.defaultTable(of: hub.id)
            if names[table] == nil {
                names[table] = HubRouteTable.defaultName
                tablesOfHub[hub.id, default: []].append(table)
                hubOfTable[table] = hub.id
            }
            for id in tablesOfHub[hub.id] ?? [] {
                let name = names[id] ?? id.name
                guard name != HubRouteTable.noneName else { continue }
                var labels = Set(model.routeTables[id]?.labels ?? [])
                if name == HubRouteTable.defaultName { labels.insert("default") }
                for label in labels { labelled[hub.wan, default: [:]][label, default: []].append(id) }
            }
            if let fw = hub.firewall { hubOfFirewall[fw] = hub.id }
        }
        for fw in firewalls.values where fw.subnets.first.map({ model.hubs[$0] != nil }) == true {
            hubOfFirewall[fw.id] = fw.subnets[0]
        }
        self.hubOfFirewall = hubOfFirewall
        self.tableNames = names

        var routes: [ResourceID: [Route]] = [:]
        var forcedTunnel = Set<ResourceID>()
        // VWAN-4 static routes; with routing intent the default table holds the policy routes
        // in place of statics equal to the aggregates (VWAN-20).
        for hub in model.hubs.values {
            let intent = !hub.routingPolicies.isEmpty
            for id in tablesOfHub[hub.id] ?? [] {
                let exported = model.routeTables[id]?.routes ?? []
                var list: [Route] = []
                let isDefault = names[id] == HubRouteTable.defaultName
                let privateHop =
                    intent && isDefault ? hub.policy(.privateTraffic).flatMap { Self.staticHop($0.nextHop, model: model, firewalls: hubOfFirewall) } : nil
                // The private policy's additional prefixes: those of `_policy_PrivateTraffic`,
                // and a default route to the same security solution, which is how forced
                // tunnel mode is exported (VWAN-24: a route of its own, e.g. `private_traffic`).
                var additional: [IPPrefix] = exported.first { $0.name == "_policy_PrivateTraffic" }?.destinations ?? []
                for route in exported {
                    if intent && isDefault && route.name.hasPrefix("_policy_") { continue }
                    guard let hop = Self.staticHop(route.nextHop, model: model, firewalls: hubOfFirewall) else { continue }
                    for prefix in route.destinations {
                        if intent && isDefault && prefix.length == 0 && privateHop != nil && hop == privateHop {
                            additional.append(prefix)
                            continue
                        }
                        if intent && isDefault && (Self.privateAggregates.contains(prefix) || prefix.length == 0) { continue }
                        list.append(Route(prefix: prefix, hop: hop, isStatic: true, name: route.name))
                    }
                }
                if intent && isDefault {
                    if let hop = privateHop {
                        for prefix in Set(Self.privateAggregates + additional).sorted() {
                            list.append(Route(prefix: prefix, hop: hop, isStatic: true, name: "_policy_PrivateTraffic"))
                        }
                        if additional.contains(where: { $0.length == 0 && $0.address.isV4 }) && hub.policy(.internet) == nil {
                            forcedTunnel.insert(hub.id)
                        }
                    }
                    if let policy = hub.policy(.internet), let hop = Self.staticHop(policy.nextHop, model: model, firewalls: hubOfFirewall) {
                        list.append(Route(prefix: IPPrefix("0.0.0.0/0")!, hop: hop, isStatic: true, name: "_policy_PublicTraffic"))
                    }
                }
                routes[id] = list
            }
        }

        var byNetwork: [ResourceID: ResourceID] = [:]
        var association: [ResourceID: ResourceID] = [:]
        var connected: [ResourceID: [(prefix: IPPrefix, connection: ResourceID)]] = [:]
        for connection in model.connections.values.sorted(by: { $0.id < $1.id }) {
            guard let hub = model.hubs[connection.hub], let network = networks[connection.network] else { continue }
            byNetwork[connection.network] = connection.id
            let intent = !hub.routingPolicies.isEmpty
            let defaultTable = Self.defaultTable(of: hub.id)
            // VWAN-21: routing intent decides association and propagation.
            let associated = intent ? defaultTable : (connection.associatedTable.flatMap { routes[$0] != nil ? $0 : nil } ?? defaultTable)
            association[connection.id] = associated
            var own = network.addressSpace
            if connection.propagateStaticRoutes { own += connection.staticRoutes.flatMap(\.prefixes) }
            for prefix in network.addressSpace { connected[hub.wan, default: []].append((prefix, connection.id)) }
            guard model.wans[hub.wan]?.standard ?? true else { continue }
            var targets: [ResourceID] = []
            let wanLabels = labelled[hub.wan] ?? [:]
            if intent {
                // VWAN-20: to label default with an Internet policy alone. With a private
                // policy, Azure propagates to noneRouteTable, yet other hubs still reach the
                // VNet, through this hub's firewall (VWAN-19): the routes go to every default
                // table, and this hub's own drops what its private policy covers (below).
                targets = wanLabels["default"] ?? []
            } else {
                targets = connection.propagatedTables.filter { routes[$0] != nil && names[$0] != HubRouteTable.noneName }
                var labels = connection.propagatedLabels
                if !connection.propagationGiven || (connection.propagatedTables.isEmpty && labels.isEmpty) { labels = ["default"] }
                for label in labels { targets += wanLabels[label] ?? [] }
            }
            for table in Set(targets).sorted() {
                let sameHub = hubOfTable[table] == hub.id
                for prefix in own {
                    // VWAN-11: a default route never leaves its hub.
                    if !sameHub && prefix.length == 0 { continue }
                    routes[table, default: []].append(
                        Route(
                            prefix: prefix, hop: sameHub ? .connection(connection.id) : .remoteHub(hub.id, connection: connection.id),
                            isStatic: false, name: connection.name))
                }
            }
        }
        // A hub with a private policy sends the private prefixes to its security solution,
        // whatever it learned; VWAN-23 (unconfirmed): what the policy does not cover stays
        // reached directly, uninspected, and is named so.
        for hub in model.hubs.values where hub.policy(.privateTraffic) != nil {
            let table = Self.defaultTable(of: hub.id)
            let covered = AddressSet(prefixes: (routes[table] ?? []).filter { $0.isStatic && $0.name == "_policy_PrivateTraffic" }.map(\.prefix))
            routes[table] = (routes[table] ?? []).compactMap { route in
                guard !route.isStatic else { return route }
                if covered.contains(route.prefix.address) && AddressSet(prefixes: [route.prefix]).subtracting(covered).isEmpty { return nil }
                return Route(prefix: route.prefix, hop: route.hop, isStatic: false, name: route.name + " (outside the private traffic prefixes, VWAN-23)")
            }
        }
        let sorted = routes.mapValues { $0.sorted { ($0.prefix, $0.isStatic ? 0 : 1, $0.name) < ($1.prefix, $1.isStatic ? 0 : 1, $1.name) } }
        self.tables = sorted
        // On one prefix the first route wins: static ones sort first (VWAN-9).
        tableIndex = sorted.mapValues { PrefixIndex($0.map(\.prefix)) }
        connectionByNetwork = byNetwork
        self.association = association
        connectedPrefixes = connected
        connectionIndex = connected.mapValues { PrefixIndex($0.map(\.prefix)) }
        tableHub = hubOfTable
        var prefixes: [ResourceID: Set<IPPrefix>] = [:]
        for (table, list) in sorted {
            guard let wan = hubOfTable[table].flatMap({ model.hubs[$0]?.wan }) else { continue }
            for route in list { prefixes[wan, default: []].insert(route.prefix) }
        }
        for (wan, list) in connected { for entry in list { prefixes[wan, default: []].insert(entry.prefix) } }
        for connection in model.connections.values {
            guard let wan = model.hubs[connection.hub]?.wan else { continue }
            for route in connection.staticRoutes { for prefix in route.prefixes { prefixes[wan, default: []].insert(prefix) } }
        }
        // A hub firewall's own address answers for what it SNATed (F13): a point of its own.
        for (firewall, hub) in hubOfFirewall {
            guard let hubModel = model.hubs[hub] else { continue }
            let address = firewalls[firewall]?.privateAddresses.first ?? hubModel.addressPrefix?.address
            if let address { prefixes[hubModel.wan, default: []].insert(IPPrefix(address: address, length: address.isV4 ? 32 : 128)) }
        }
        wanPrefixes = prefixes.mapValues { $0.sorted() }
        var deliveries: [ResourceID: Delivery] = [:]
        for connection in model.connections.values {
            deliveries[connection.id] = Delivery(
                hub: connection.hub, network: connection.network, staticRoutes: connection.staticRoutes,
                ownSpace: connection.staticRoutes.isEmpty ? .empty : networks[connection.network]?.addresses ?? .empty,
                bypassesNextHopForOwnRanges: connection.bypassesNextHopForOwnRanges)
        }
        self.deliveries = deliveries
        // VWAN-24: in forced tunnel mode the security solution sends Internet traffic on by a
        // default route learned from a connection of its own hub (a default route never
        // crosses hubs): a static route of a connection that propagates its static routes.
        var tunnels: [ResourceID: ResourceID?] = Dictionary(uniqueKeysWithValues: forcedTunnel.map { ($0, nil) })
        for connection in model.connections.values.sorted(by: { $0.id < $1.id })
        where tunnels[connection.hub] == .some(nil) && connection.propagateStaticRoutes
            && connection.staticRoutes.contains(where: { $0.prefixes.contains { $0.length == 0 && $0.address.isV4 } })
        {
            tunnels[connection.hub] = .some(connection.id)
        }
        forcedTunnels = tunnels
        var nextHops: [ResourceID: Set<IPAddress>] = [:]
        for connection in model.connections.values {
            guard let wan = model.hubs[connection.hub]?.wan else { continue }
            for route in connection.staticRoutes { if let address = route.nextHopAddress { nextHops[wan, default: []].insert(address) } }
        }
        staticNextHops = nextHops
    }

    private static func staticHop(_ next: ResourceID, model: VirtualWANModel, firewalls: [ResourceID: ResourceID]) -> Route.Hop? {
        if firewalls[next] != nil { return .firewall(next) }
        if model.connections[next] != nil { return .connection(next) }
        return nil
    }

    /// VWAN-9: longest prefix, then a static route over a propagated one.
    ///
    /// - Complexity: O(L) hash lookups for L distinct prefix lengths in the table: the lean
    ///   evaluation asks it for every pair of nodes whose route leads to a hub.
    func lookup(_ table: ResourceID, _ address: IPAddress) -> Route? {
        guard let index = tableIndex[table] else { return nil }
        return index.lookup(address).map { tables[table]![$0] }
    }

    /// The connected VNet of the WAN holding `address`, by longest prefix.
    func connection(in wan: ResourceID, holding address: IPAddress) -> ResourceID? {
        guard let index = connectionIndex[wan] else { return nil }
        return index.lookup(address).map { connectedPrefixes[wan]![$0].connection }
    }

    /// What a spoke learns from its hub (VWAN-13): the hub's range over the hidden peering,
    /// and, unless its route table stops gateway routes (VWAN-13.4), every prefix of its
    /// associated table outside its own ranges, the default route only with
    /// `enableInternetSecurity` (VWAN-14).
    func spokeRoutes(network: VirtualNetwork, propagation: Bool) -> [EffectiveRoute] {
        guard let id = connectionByNetwork[network.id], let connection = model.connections[id], let hub = model.hubs[connection.hub] else { return [] }
        var result: [EffectiveRoute] = []
        if let prefix = hub.addressPrefix {
            result.append(
                EffectiveRoute(
                    prefix: prefix, nextHop: .virtualHub(hub: hub.id, table: nil), source: .system, resource: connection.id,
                    name: "virtual hub \(hub.name) (hub connection \(connection.name))"))
        }
        guard propagation, model.wans[hub.wan]?.standard ?? true, let table = association[id] else { return result }
        var seen = Set<IPPrefix>()
        // One name for the table's routes: a spoke of a large WAN learns thousands.
        let name = "virtual hub \(hub.name) \(tableNames[table] ?? table.name)"
        for route in tables[table] ?? [] where seen.insert(route.prefix).inserted {
            if network.addressSpace.contains(where: { $0.contains(route.prefix) }) { continue }
            if route.prefix.length == 0 && !connection.enableInternetSecurity { continue }
            result.append(
                EffectiveRoute(prefix: route.prefix, nextHop: .virtualHub(hub: hub.id, table: table), source: .gateway, resource: table, name: name))
        }
        return result
    }
}

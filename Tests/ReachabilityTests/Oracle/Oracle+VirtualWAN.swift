/// Virtual WAN for the oracle, from azure-semantics-enterprise.md §1 (the reference routine of
/// §1.6) and the choices docs/azure-model.md's "Virtual WAN" bullet documents where the
/// reference is UNCONFIRMED: the hub tables, the spokes' routes, the hub router's lookup, hub
/// firewalls and the reply's way back through a hub.
extension Oracle {
    typealias Hub = OracleEstate.Hub
    typealias HubTableRef = OracleEstate.HubTableRef

    /// One route of a hub route table.
    struct HubRoute: Sendable {
        enum Hop: Hashable, Sendable {
            /// `VnetConnection`: into connection `c`'s VNet (VWAN-10).
            case connection(Int)
            /// The hub's own firewall (VWAN-10, VWAN-20, VWAN-25).
            case firewall
            /// `RemoteHub`: to connection `c`, on another hub (VWAN-8, VWAN-10).
            case remoteHub(Int)
        }

        let prefix: OraclePrefix
        let hop: Hop
        let isStatic: Bool
    }

    /// Where the hub router takes a packet: the hub firewalls it crosses, in order, and the
    /// VNet it is delivered into, or why it is lost.
    struct HubJourney: Sendable {
        enum End: Sendable {
            case vnet(Int)
            case dropped(String)
        }

        var firewalls: [Int] = []
        var end: End
    }

    /// Every table's routes, `[hub][table]` (§1.6's first two loops).
    static func hubTables(_ estate: OracleEstate) -> [[[HubRoute]]] {
        guard let wan = estate.wan else { return [] }
        var tables = wan.hubs.map { $0.tables.map { _ in [HubRoute]() } }
        for (h, hub) in wan.hubs.enumerated() {
            if let intent = hub.intent {
                // VWAN-20: intent programs defaultRouteTable with `_policy_PrivateTraffic` (the
                // three aggregates) and `_policy_PublicTraffic` (0/0), to its next hop, whether the
                // export lists them or not; VWAN-22: no other static route.
                var prefixes: [OraclePrefix] = intent.privateTraffic ? OracleEstate.privateAggregates : []
                if intent.internet { prefixes.append(OracleEstate.defaultRoute) }
                tables[h][Hub.defaultTable] = prefixes.map { HubRoute(prefix: $0, hop: .firewall, isStatic: true) }
            } else {
                // VWAN-4: a table's static routes, here all to the hub's firewall (VWAN-25).
                for (t, table) in hub.tables.enumerated() {
                    tables[h][t] = table.routes.flatMap(\.prefixes).map { HubRoute(prefix: $0, hop: .firewall, isStatic: true) }
                }
            }
        }
        // VWAN-6: a Basic WAN's hubs carry nothing between VNets.
        guard wan.standard else { return tables }
        for c in wan.connections.indices {
            let connection = wan.connections[c]
            for target in propagationTargets(wan, c) {
                // VWAN-19: a hub with a private policy sends every private packet through its
                // firewall, so its tables learn no VNet range that would pass the firewall by.
                if wan.hubs[target.hub].intent?.privateTraffic == true { continue }
                // VWAN-8, VWAN-10: the connection itself in its own hub, `RemoteHub` elsewhere.
                tables[target.hub][target.table].append(
                    HubRoute(
                        prefix: estate.vnets[connection.vnet].space, hop: target.hub == connection.hub ? .connection(c) : .remoteHub(c),
                        isStatic: false))
            }
        }
        return tables
    }

    /// The tables connection `c` writes its VNet's range into (VWAN-8: ids, plus every table
    /// of the WAN carrying one of its labels, label `default` when it names neither; noneRouteTable
    /// is nowhere). Routing intent decides instead of the connection's own fields (VWAN-21): an
    /// Internet policy alone propagates to label `default`; a private policy to none of its own
    /// hub's tables (VWAN-20) but still to the other hubs' (docs/azure-model.md, VWAN-19: the
    /// hub's VNets are reached from other hubs, through its firewall).
    static func propagationTargets(_ wan: OracleEstate.VirtualWAN, _ c: Int) -> Set<HubTableRef> {
        let connection = wan.connections[c]
        func labelled(_ label: String) -> [HubTableRef] {
            wan.hubs.indices.flatMap { h in
                wan.hubs[h].tables.indices.filter { wan.hubs[h].tables[$0].labels.contains { $0.lowercased() == label.lowercased() } }.map {
                    HubTableRef(hub: h, table: $0)
                }
            }
        }
        var targets: Set<HubTableRef>
        if let intent = wan.hubs[connection.hub].intent {
            targets = Set(labelled("default").filter { !intent.privateTraffic || $0.hub != connection.hub })
        } else {
            targets = Set(connection.propagatedTables).union(connection.labels.flatMap(labelled))
            if connection.propagatedTables.isEmpty && connection.labels.isEmpty { targets.formUnion(labelled("default")) }
        }
        return targets.filter { $0.table != Hub.noneTable }
    }

    /// The table connection `c`'s traffic is looked up in (VWAN-7); with routing intent
    /// always `defaultRouteTable` (VWAN-20, VWAN-21).
    static func associatedTable(_ wan: OracleEstate.VirtualWAN, _ c: Int) -> Int {
        wan.hubs[wan.connections[c].hub].intent != nil ? Hub.defaultTable : wan.connections[c].associated
    }

    /// VWAN-13 for one subnet of a connected VNet: the hub's range over the hidden peering
    /// (13.1); then, unless the WAN is Basic (VWAN-6) or the subnet's route table stops
    /// gateway routes (13.4, RT-10), every prefix of the connection's table as a gateway
    /// route, except the ones equal to or inside the VNet's own range (13.2), and the default
    /// route only with `enableInternetSecurity` (13.3, VWAN-14).
    static func hubCandidates(_ estate: OracleEstate, _ ref: SubnetRef, _ tables: [[[HubRoute]]]) -> [Candidate] {
        guard let wan = estate.wan, let c = wan.connection(of: ref.vnet) else { return [] }
        let connection = wan.connections[c]
        var routes = [Candidate(prefix: wan.hubs[connection.hub].range, hop: .hubRange(connection.hub), user: false)]
        let subnet = estate.vnets[ref.vnet].subnets[ref.subnet]
        guard wan.standard, !(subnet.routeTable.map { estate.routeTables[$0].disableGatewayRoutes } ?? false) else { return routes }
        let space = estate.vnets[ref.vnet].space
        var seen = Set<OraclePrefix>()
        for route in tables[connection.hub][associatedTable(wan, c)]
        where !space.contains(route.prefix) && (route.prefix.length > 0 || connection.learnsDefaultRoute) && seen.insert(route.prefix).inserted {
            routes.append(Candidate(prefix: route.prefix, hop: .hub(c), user: false, gateway: true))
        }
        return routes
    }

    /// VWAN-9: longest prefix in the table, a static route before a learned one of the same
    /// prefix.
    func hubLookup(_ h: Int, _ t: Int, _ destination: UInt32) -> HubRoute? {
        var best: HubRoute?
        for route in hubRoutes[h][t] where route.prefix.contains(destination) {
            guard let current = best else { best = route; continue }
            if route.prefix.length > current.prefix.length || (route.prefix.length == current.prefix.length && route.isStatic && !current.isStatic) {
                best = route
            }
        }
        return best
    }

    /// §1.6 `hub(pkt, T)` for a packet entering through connection `c`, looked up in its
    /// associated table: a connection delivers into its VNet; the hub's firewall inspects, then
    /// sends the packet to the connected VNet of the WAN that holds the destination, else to
    /// the Internet (docs/azure-model.md; no VNet here); `RemoteHub` hands it to the other hub.
    func hubJourney(from c: Int, to destination: UInt32) -> HubJourney {
        let wan = estate.wan!
        let h = wan.connections[c].hub, t = Self.associatedTable(wan, c)
        guard let route = hubLookup(h, t, destination) else {
            return HubJourney(end: .dropped("no route in hub table \(wan.hubs[h].name)/\(wan.hubs[h].tables[t].name)"))
        }
        switch route.hop {
        case .connection(let target):
            return HubJourney(end: .vnet(wan.connections[target].vnet))
        case .remoteHub(let target):
            return remoteArrival(wan.connections[target].hub, wan.connections[target].vnet, destination, firewalls: [])
        case .firewall:
            guard let f = wan.hubs[h].firewall else { return HubJourney(end: .dropped("hub \(wan.hubs[h].name) has no firewall")) }
            guard let target = wan.connections.first(where: { estate.vnets[$0.vnet].space.contains(destination) }) else {
                return HubJourney(firewalls: [f], end: .dropped("no connected VNet holds it after \(estate.firewalls[f].name)"))
            }
            return target.hub == h
                ? HubJourney(firewalls: [f], end: .vnet(target.vnet)) : remoteArrival(target.hub, target.vnet, destination, firewalls: [f])
        }
    }

    /// Arriving at another hub for `vnet`, connected there: through that hub's firewall when its
    /// `defaultRouteTable` sends the destination there (docs/azure-model.md's choice: which
    /// table a remote hub uses is UNCONFIRMED in §1.6), so that inter-hub private traffic crosses
    /// the firewall of each hub with a private policy (VWAN-19); else into the VNet.
    private func remoteArrival(_ h: Int, _ vnet: Int, _ destination: UInt32, firewalls: [Int]) -> HubJourney {
        if hubLookup(h, Hub.defaultTable, destination)?.hop == .firewall, let f = estate.wan!.hubs[h].firewall {
            return HubJourney(firewalls: firewalls + [f], end: .vnet(vnet))
        }
        return HubJourney(firewalls: firewalls, end: .vnet(vnet))
    }

    /// RT-18 through a hub: the reply of a request a firewall forwarded without SNAT must meet
    /// that firewall first (FW-11); a reply that meets a hub firewall which never saw the
    /// request, or finds no route in the hub, is lost, and no connection is made.
    func hubReplyLost(from c: Int, to client: UInt32, stateful: Int?) -> String? {
        let journey = hubJourney(from: c, to: client)
        if let f = stateful {
            guard journey.firewalls.first != f else { return nil }
            let met = journey.firewalls.first.map { "meets \(estate.firewalls[$0].name)" } ?? "crosses the hub uninspected"
            return "RT-18 the reply \(met), not firewall \(estate.firewalls[f].name), which forwarded the request without SNAT"
        }
        if let g = journey.firewalls.first { return "RT-18 the reply meets hub firewall \(estate.firewalls[g].name), which never saw the request" }
        if case .dropped(let why) = journey.end { return "RT-18 the reply is lost in the hub: \(why)" }
        return nil
    }
}

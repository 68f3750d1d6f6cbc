import TopologyModel

/// One route of a virtual hub's route table as `lateral routes --hub` shows it: what the hub
/// programs (VWAN-4, VWAN-8, VWAN-20), the offline counterpart of the hub's effective routes.
public struct HubRouteEntry: Sendable, Hashable {
    public let prefix: IPPrefix
    /// `VnetConnection`, `AzureFirewall` or `RemoteHub` (VWAN-10).
    public let nextHopType: String
    public let nextHop: ResourceID
    public let nextHopName: String
    /// A static route of the table, or one a connection propagated (VWAN-9: static wins ties).
    public let isStatic: Bool
    /// false when another route for the same prefix wins.
    public let active: Bool
    public let name: String
}

/// A virtual hub's route table: its routes and the connections whose traffic it forwards.
public struct HubRouteTableView: Sendable, Hashable {
    public let hub: ResourceID
    public let hubName: String
    public let table: ResourceID
    public let name: String
    /// The connections associated with the table (VWAN-7, VWAN-20).
    public let associated: [ResourceID]
    public let routes: [HubRouteEntry]
}

extension EstateIndex {
    /// The virtual hubs of the estate, by ID.
    public var virtualHubs: [ResourceID] { topology.virtualWAN.hubs.keys.sorted() }

    /// Every route table of a hub, `defaultRouteTable` first, each sorted by prefix.
    public func hubRouteTables(of hub: ResourceID) -> [HubRouteTableView] {
        let wan = topology.virtualWAN
        guard let hubModel = wan.hubs[hub] else { return [] }
        let tables = hubRouting.tableNames.keys.filter { id in
            wan.routeTables[id]?.hub == hub || id == HubRouting.defaultTable(of: hub)
        }
        return tables.sorted { a, b in
            let x = hubRouting.tableNames[a] == HubRouteTable.defaultName, y = hubRouting.tableNames[b] == HubRouteTable.defaultName
            return x != y ? x : a < b
        }.map { table in
            let routes = hubRouting.tables[table] ?? []
            // VWAN-9 among routes of one prefix: a static route, else the first learned one.
            var winners: [IPPrefix: Int] = [:]
            for (i, route) in routes.enumerated() {
                if let w = winners[route.prefix], routes[w].isStatic || !route.isStatic { continue }
                winners[route.prefix] = i
            }
            let entries = routes.enumerated().map { i, route -> HubRouteEntry in
                let active = winners[route.prefix] == i
                let (type, id, name): (String, ResourceID, String) =
                    switch route.hop {
                    case .connection(let c): ("VnetConnection", c, wan.connections[c]?.name ?? c.name)
                    case .firewall(let f): ("AzureFirewall", f, topology.firewalls[f]?.name ?? f.name)
                    case .remoteHub(let h, let c): ("RemoteHub", h, "\(wan.hubs[h]?.name ?? h.name) (\(wan.connections[c]?.name ?? c.name))")
                    }
                return HubRouteEntry(
                    prefix: route.prefix, nextHopType: type, nextHop: id, nextHopName: name, isStatic: route.isStatic, active: active, name: route.name)
            }
            let associated = hubRouting.association.filter { $0.value == table }.map(\.key).sorted()
            return HubRouteTableView(
                hub: hub, hubName: hubModel.name, table: table, name: hubRouting.tableNames[table] ?? table.name, associated: associated, routes: entries)
        }
    }
}

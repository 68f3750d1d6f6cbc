/// The Virtual WAN as ARM resources (VWAN-1, VWAN-3 to VWAN-5; shapes as in the reference's
/// §1.8 fixtures): the WAN, its hubs, their route tables and routing intent, the hub VNet
/// connections. Hub firewalls are written with the estate's other firewalls.
extension OracleEstate {
    private func hubID(_ h: Int) -> String { Self.id("virtualHubs", wan!.hubs[h].name) }
    private func tableID(_ ref: HubTableRef) -> String { "\(hubID(ref.hub))/hubRouteTables/\(wan!.hubs[ref.hub].tables[ref.table].name)" }

    func virtualWANJSON() -> [[String: Any]] {
        guard let wan else { return [] }
        let wanID = Self.id("virtualWans", wan.name)
        var out: [[String: Any]] = [
            [
                "id": wanID, "name": wan.name, "type": "Microsoft.Network/virtualWans", "location": "westeurope",
                "properties": [
                    "type": wan.standard ? "Standard" : "Basic", "virtualHubs": wan.hubs.indices.map { ["id": hubID($0)] },
                    "allowBranchToBranchTraffic": true, "provisioningState": "Succeeded",
                ],
            ]
        ]
        for (h, hub) in wan.hubs.enumerated() {
            var props: [String: Any] = [
                "addressPrefix": hub.range.description, "virtualWan": ["id": wanID], "routingState": "Provisioned",
                "provisioningState": "Succeeded", "sku": wan.standard ? "Standard" : "Basic",
            ]
            let firewallID = hub.firewall.map { Self.id("azureFirewalls", firewalls[$0].name) }
            if let firewallID, hub.namesFirewall { props["azureFirewall"] = ["id": firewallID] }
            out.append(["id": hubID(h), "name": hub.name, "type": "Microsoft.Network/virtualHubs", "location": "westeurope", "properties": props])
            for (t, table) in hub.tables.enumerated() {
                var routes: [(String, [OraclePrefix])] = table.routes.map { ($0.name, $0.prefixes) }
                if let intent = hub.intent, t == Hub.defaultTable, hub.exportsPolicyRoutes {
                    if intent.privateTraffic { routes.append(("_policy_PrivateTraffic", Self.privateAggregates)) }
                    if intent.internet { routes.append(("_policy_PublicTraffic", [Self.defaultRoute])) }
                }
                let routeJSON = routes.map { name, prefixes -> [String: Any] in
                    [
                        "name": name, "destinationType": "CIDR", "destinations": prefixes.map(\.description), "nextHopType": "ResourceId",
                        "nextHop": firewallID ?? "",
                    ]
                }
                out.append([
                    "id": tableID(HubTableRef(hub: h, table: t)), "name": table.name, "type": "Microsoft.Network/virtualHubs/hubRouteTables",
                    "properties": ["routes": routeJSON, "labels": table.labels, "provisioningState": "Succeeded"],
                ])
            }
            if let intent = hub.intent, let firewallID {
                var policies: [[String: Any]] = []
                if intent.privateTraffic { policies.append(["name": "PrivateTrafficPolicy", "destinations": ["PrivateTraffic"], "nextHop": firewallID]) }
                if intent.internet { policies.append(["name": "PublicTrafficPolicy", "destinations": ["Internet"], "nextHop": firewallID]) }
                out.append([
                    "id": "\(hubID(h))/routingIntent/intent", "name": "intent", "type": "Microsoft.Network/virtualHubs/routingIntent",
                    "properties": ["routingPolicies": policies, "provisioningState": "Succeeded"],
                ])
            }
        }
        for connection in wan.connections { out.append(connectionJSON(connection)) }
        return out
    }

    /// A hub VNet connection in its shape (VWAN-3).
    private func connectionJSON(_ connection: HubConnection) -> [String: Any] {
        var props: [String: Any] = ["remoteVirtualNetwork": Self.ref("virtualNetworks", vnets[connection.vnet].name), "provisioningState": "Succeeded"]
        if let security = connection.internetSecurity { props["enableInternetSecurity"] = security }
        if connection.shape != .omitted {
            var routing: [String: Any] = [
                "associatedRouteTable": ["id": tableID(HubTableRef(hub: connection.hub, table: connection.associated))],
                "vnetRoutes": ["staticRoutes": [[String: Any]]()],
            ]
            if connection.shape == .full {
                routing["propagatedRouteTables"] = ["ids": connection.propagatedTables.map { ["id": tableID($0)] }, "labels": connection.labels]
            }
            props["routingConfiguration"] = routing
        }
        return [
            "id": "\(hubID(connection.hub))/hubVirtualNetworkConnections/\(connection.name)", "name": connection.name,
            "type": "Microsoft.Network/virtualHubs/hubVirtualNetworkConnections", "properties": props,
        ]
    }
}

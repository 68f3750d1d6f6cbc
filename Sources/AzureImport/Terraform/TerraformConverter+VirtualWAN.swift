import TopologyModel

/// Virtual WAN's azurerm resources as the REST shapes ImportContext+VirtualWAN reads: WANs,
/// hubs, hub VNet connections, hub route tables and their standalone routes, routing intent,
/// and where a secured hub's firewall sits. Attribute names and defaults follow the azurerm
/// provider's documentation of each resource.
extension TerraformConverter {
    static let virtualWANTypes: [String: String] = [
        "azurerm_virtual_wan": "Microsoft.Network/virtualWans",
        "azurerm_virtual_hub": "Microsoft.Network/virtualHubs",
        "azurerm_virtual_hub_connection": "Microsoft.Network/virtualHubs/hubVirtualNetworkConnections",
        "azurerm_virtual_hub_route_table": "Microsoft.Network/virtualHubs/hubRouteTables",
        "azurerm_virtual_hub_routing_intent": "Microsoft.Network/virtualHubs/routingIntent",
    ]

    /// The hub's children, named under the hub's ID (``children``).
    static let virtualWANChildren: [String: (parent: String, segment: String)] = [
        "azurerm_virtual_hub_connection": ("virtual_hub_id", "hubVirtualNetworkConnections"),
        "azurerm_virtual_hub_route_table": ("virtual_hub_id", "hubRouteTables"),
        "azurerm_virtual_hub_routing_intent": ("virtual_hub_id", "routingIntent"),
    ]

    /// IDs azurerm builds from a resource's own rather than reads from Azure, by type and
    /// attribute: the suffix to the resource's ID. A hub's `default_route_table_id` is its
    /// built-in `defaultRouteTable`, so a plan that creates the hub still knows it.
    static let derivedIDs: [String: [String: String]] = [
        "azurerm_virtual_hub": ["default_route_table_id": "/hubRouteTables/" + HubRouteTable.defaultName]
    ]

    func virtualWANProperties(of instance: TerraformInstance) -> JSONValue? {
        let a = instance.attributes
        var p = ARMObject(offset: instance.offset)
        switch instance.type {
        case "azurerm_virtual_wan":
            // `allow_vnet_to_vnet_traffic` was deprecated in azurerm 2.29 as no longer used by
            // the API and is gone since 3.0: what a 2.x state holds for it reached no WAN.
            p.set("type", a.string("type"))
            p.set("allowBranchToBranchTraffic", a.bool("allow_branch_to_branch_traffic"))
        case "azurerm_virtual_hub":
            p.set("addressPrefix", known(a, "address_prefix", of: instance, "the hub's address prefix"))
            p.set("virtualWan", reference: id(a, "virtual_wan_id", of: instance))
            p.set("sku", a.string("sku"))
            // Legacy hub routes, which the import reports (VWAN-29).
            let legacy = a.blocks("route").map { route -> JSONValue in
                var item = ARMObject(offset: instance.offset)
                item.set("addressPrefixes", route.value("address_prefixes"))
                item.set("nextHopIpAddress", route.string("next_hop_ip_address"))
                return item.value
            }
            if !legacy.isEmpty {
                var table = ARMObject(offset: instance.offset)
                table.set("routes", .array(legacy))
                p.set("routeTable", table.value)
            }
        case "azurerm_virtual_hub_connection":
            p.set("remoteVirtualNetwork", reference: id(a, "remote_virtual_network_id", of: instance))
            // azurerm sends its own default, false, where ARM's is true.
            p.set("enableInternetSecurity", a.bool("internet_security_enabled") ?? false)
            if let routing = a.block("routing") {
                p.set("routingConfiguration", hubRouting(routing, of: instance))
            } else {
                _ = leftToAzure(a, "routing", of: instance, "the hub's defaultRouteTable is taken for association and propagation (VWAN-7, VWAN-8)")
            }
        case "azurerm_virtual_hub_route_table":
            p.set("labels", .array(a.strings("labels").map(JSONValue.string)))
            if !leftToAzure(a, "route", of: instance, "the table's routes are those of its standalone route resources") {
                p.set("routes", .array(a.blocks("route").map { hubRouteItem($0, of: instance) }))
            }
        case "azurerm_virtual_hub_routing_intent":
            p.set("routingPolicies", .array(a.blocks("routing_policy").map { destinationsAndHop($0, of: instance).value }))
        default:
            return nil
        }
        return p.value
    }

    /// A connection's `routing` block as ARM's `routingConfiguration`.
    private func hubRouting(_ r: TerraformAttributes, of instance: TerraformInstance) -> JSONValue {
        var routing = ARMObject(offset: instance.offset)
        if !leftToAzure(r, "associated_route_table_id", of: instance, "the hub's defaultRouteTable is taken (VWAN-7)") {
            routing.set("associatedRouteTable", reference: id(r, "associated_route_table_id", of: instance))
        }
        if let propagated = r.block("propagated_route_table") {
            var tables = ARMObject(offset: instance.offset)
            let ids = leftToAzure(propagated, "route_table_ids", of: instance, "taken as none") ? [] : ids(propagated, "route_table_ids", of: instance)
            tables.set("ids", .array(ids.map { ARMObject.reference($0, offset: instance.offset) }))
            if !leftToAzure(propagated, "labels", of: instance, "taken as none") {
                tables.set("labels", known(propagated, "labels", of: instance, "the propagation labels").flatMap { $0.arrayValue.map(JSONValue.array) })
            }
            routing.set("propagatedRouteTables", tables.value)
        } else {
            _ = leftToAzure(r, "propagated_route_table", of: instance, "it propagates to the default label (VWAN-8)")
        }
        let statics = r.blocks("static_vnet_route").map { route -> JSONValue in
            var item = ARMObject(offset: instance.offset)
            item.set("name", route.string("name"))
            item.set("addressPrefixes", known(route, "address_prefixes", of: instance, "the static route's prefixes"))
            item.set("nextHopIpAddress", known(route, "next_hop_ip_address", of: instance, "the static route's next hop"))
            return item.value
        }
        var config = ARMObject(offset: instance.offset)
        config.set("propagateStaticRoutes", r.bool("static_vnet_propagate_static_routes_enabled"))
        config.set("vnetLocalRouteOverrideCriteria", r.string("static_vnet_local_route_override_criteria"))
        var vnetRoutes = ARMObject(offset: instance.offset)
        if !statics.isEmpty { vnetRoutes.set("staticRoutes", .array(statics)) }
        if !config.isEmpty { vnetRoutes.set("staticRoutesConfig", config.value) }
        if !vnetRoutes.isEmpty { routing.set("vnetRoutes", vnetRoutes.value) }
        return routing.value
    }

    /// A route of a hub route table, inline or its own resource.
    private func hubRouteItem(_ r: TerraformAttributes, of instance: TerraformInstance) -> JSONValue {
        var item = destinationsAndHop(r, of: instance)
        item.set("destinationType", r.string("destinations_type"))
        // `ResourceId`, the only value azurerm takes, is its default.
        item.set("nextHopType", r.string("next_hop_type") ?? "ResourceId")
        return item.value
    }

    /// `{name, destinations, nextHop}`, which hub routes and routing policies share.
    private func destinationsAndHop(_ r: TerraformAttributes, of instance: TerraformInstance) -> ARMObject {
        var item = ARMObject(offset: instance.offset)
        item.set("name", r.string("name"))
        item.set("destinations", known(r, "destinations", of: instance, "the destinations"))
        item.set("nextHop", id(r, "next_hop", of: instance))
        return item
    }

    /// Whether `key`, which azurerm computes when the configuration leaves it out, is left
    /// out and so known only after apply: Azure's default then applies, which the import
    /// assumes for an absent member; a note says what it is.
    private func leftToAzure(_ a: TerraformAttributes, _ key: String, of instance: TerraformInstance, _ meaning: String) -> Bool {
        guard a.isUnknown(key), a.value(key) == nil, !a.expressions.isNull, a.expressions[key] == nil else { return false }
        note(instance, "TF-UNKNOWN-VALUE: \(a.pathTo(key)) is not configured and is known only after apply: \(meaning)", severity: .note)
        return true
    }

    /// `azurerm_virtual_hub_route_table_route`: a route in its table's `routes`, which may be
    /// the hub's built-in `defaultRouteTable` (`route_table_id` set to the hub's
    /// `default_route_table_id`), one no plan declares.
    func hubRoute(_ instance: TerraformInstance) {
        let a = instance.attributes
        guard let table = id(a, "route_table_id", of: instance), !SymbolicValue.isSymbolic(.string(table)), let name = a.string("name") else { return }
        let tableID = ResourceID(table)
        var builtIn: TerraformListItem.BuiltIn?
        if tableID.name == HubRouteTable.defaultName, let hub = tableID.parent {
            let type = "Microsoft.Network/virtualHubs/hubRouteTables"
            var body = ARMObject(offset: instance.offset)
            body.set("id", table)
            body.set("name", HubRouteTable.defaultName)
            body.set("type", type)
            var properties = ARMObject(offset: instance.offset)
            properties.set("labels", .array([.string("default")]))
            properties.set("routes", .array([]))
            body.set("properties", properties.value)
            builtIn = TerraformListItem.BuiltIn(owner: hub, type: type, body: body.value)
        }
        add(
            listItem: TerraformListItem(
                target: table, key: "routes", name: name, item: instance.deletes ? nil : hubRouteItem(a, of: instance), instance: instance,
                builtIn: builtIn))
    }

    /// `virtual_hub { virtual_hub_id, public_ip_count }` of a secured hub's firewall, with the
    /// `private_ip_address` and `public_ip_addresses` azurerm exports from it, as ARM's
    /// `virtualHub` and `hubIPAddresses`.
    func hubPlacement(_ a: TerraformAttributes, of instance: TerraformInstance, into p: inout ARMObject) {
        guard let hub = a.block("virtual_hub") else { return }
        p.set("virtualHub", reference: id(hub, "virtual_hub_id", of: instance))
        var publics = ARMObject(offset: instance.offset)
        publics.set("count", hub.value("public_ip_count"))
        let addresses = hub.strings("public_ip_addresses").map { address -> JSONValue in
            var item = ARMObject(offset: instance.offset)
            item.set("address", address)
            return item.value
        }
        if !addresses.isEmpty { publics.set("addresses", .array(addresses)) }
        var hubAddresses = ARMObject(offset: instance.offset)
        hubAddresses.set("privateIPAddress", known(hub, "private_ip_address", of: instance, "the hub firewall's private address"))
        if !publics.isEmpty { hubAddresses.set("publicIPs", publics.value) }
        if !hubAddresses.isEmpty { p.set("hubIPAddresses", hubAddresses.value) }
    }
}

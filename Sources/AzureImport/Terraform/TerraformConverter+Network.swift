import TopologyModel

/// Virtual networks, subnets, security groups and their rules, route tables and routes,
/// peerings, and the association resources that join them (importers.md §3.5).
extension TerraformConverter {
    /// The `properties` of the ARM resource an instance becomes.
    func properties(of instance: TerraformInstance) -> JSONValue? {
        let a = instance.attributes
        var p = ARMObject(offset: instance.offset)
        switch instance.type {
        case "azurerm_virtual_network":
            var space = ARMObject(offset: instance.offset)
            space.set("addressPrefixes", known(a, "address_space", of: instance, "the address space"))
            p.set("addressSpace", space.value)
            if !a.strings("dns_servers").isEmpty {
                var dhcp = ARMObject(offset: instance.offset)
                dhcp.set("dnsServers", a.value("dns_servers"))
                p.set("dhcpOptions", dhcp.value)
            }
            let subnets = a.blocks("subnet").map { subnet(name: $0.string("name"), $0, parent: instance) }
            if !subnets.isEmpty { p.set("subnets", .array(subnets)) }
        case "azurerm_subnet":
            return subnetProperties(a, of: instance)
        case "azurerm_network_security_group":
            let rules = named(a.blocks("security_rule"), of: instance) { securityRule($0, of: instance) }
            if !rules.isEmpty { p.set("securityRules", .array(rules)) }
        case "azurerm_network_security_rule":
            return securityRule(a, of: instance)
        case "azurerm_application_security_group", "azurerm_ip_group":
            if instance.type == "azurerm_ip_group" { p.set("ipAddresses", a.value("cidrs") ?? .array([])) }
        case "azurerm_route_table":
            let routes = named(a.blocks("route"), of: instance) { routeProperties($0, of: instance) }
            if !routes.isEmpty { p.set("routes", .array(routes)) }
            // 3.x says whether propagation is off, 4.x whether it is on.
            if let disabled = a.bool("disable_bgp_route_propagation") {
                p.set("disableBgpRoutePropagation", disabled)
            } else if let enabled = a.bool("bgp_route_propagation_enabled") {
                p.set("disableBgpRoutePropagation", !enabled)
            }
        case "azurerm_route":
            return routeProperties(a, of: instance)
        case "azurerm_virtual_network_peering":
            let remote = id(a, "remote_virtual_network_id", of: instance)
            p.set("remoteVirtualNetwork", reference: remote)
            p.set("allowVirtualNetworkAccess", a.bool("allow_virtual_network_access") ?? true)
            p.set("allowForwardedTraffic", a.bool("allow_forwarded_traffic") ?? false)
            p.set("allowGatewayTransit", a.bool("allow_gateway_transit") ?? false)
            p.set("useRemoteGateways", a.bool("use_remote_gateways") ?? false)
            if hasReversePeering(of: instance, remote: remote) { p.set("peeringState", "Connected") }
        default:
            return endpointProperties(of: instance)
        }
        return p.value
    }

    /// Child blocks as ARM's nested children: `{"name": …, "properties": …}`.
    private func named(_ blocks: [TerraformAttributes], of instance: TerraformInstance, _ properties: (TerraformAttributes) -> JSONValue) -> [JSONValue] {
        blocks.map { block in
            var item = ARMObject(offset: instance.offset)
            item.set("name", block.string("name"))
            item.set("properties", properties(block))
            return item.value
        }
    }

    /// A `sku` object for the types that have one.
    func sku(of instance: TerraformInstance) -> JSONValue? {
        let a = instance.attributes
        var sku = ARMObject(offset: instance.offset)
        switch instance.type {
        case "azurerm_public_ip":
            sku.set("name", a.string("sku"))
            sku.set("tier", a.string("sku_tier"))
        case "azurerm_firewall":
            sku.set("name", a.string("sku_name"))
            sku.set("tier", a.string("sku_tier"))
        case "azurerm_firewall_policy":
            sku.set("tier", a.string("sku"))
        default: return nil
        }
        return sku.isEmpty ? nil : sku.value
    }

    /// An inline subnet block of a virtual network.
    private func subnet(name: String?, _ a: TerraformAttributes, parent: TerraformInstance) -> JSONValue {
        var item = ARMObject(offset: parent.offset)
        item.set("name", name)
        var p = subnetProperties(a, of: parent).objectValue ?? JSONObject(keys: [], values: [])
        if let nsg = id(a, "security_group", of: parent) {
            p.keys.append("networkSecurityGroup")
            var reference = ARMObject(offset: parent.offset)
            reference.set("id", nsg)
            p.values.append(reference.value)
        }
        item.set("properties", .object(p))
        return item.value
    }

    private func subnetProperties(_ a: TerraformAttributes, of instance: TerraformInstance) -> JSONValue {
        var p = ARMObject(offset: instance.offset)
        if let single = a.string("address_prefix") {
            p.set("addressPrefix", single)
        } else {
            p.set("addressPrefixes", known(a, "address_prefixes", of: instance, "the subnet's prefixes"))
        }
        let endpoints = a.strings("service_endpoints").map { service -> JSONValue in
            var e = ARMObject(offset: instance.offset)
            e.set("service", service)
            return e.value
        }
        if !endpoints.isEmpty { p.set("serviceEndpoints", .array(endpoints)) }
        // Three generations of one setting (importers.md §3.5): 2.x/3.x `enforce_…` true means
        // policies off, 3.x `…_enabled` true means on, 4.x says it in ARM's words.
        if let policies = a.string("private_endpoint_network_policies") {
            p.set("privateEndpointNetworkPolicies", policies)
        } else if let enabled = a.bool("private_endpoint_network_policies_enabled") {
            p.set("privateEndpointNetworkPolicies", enabled ? "Enabled" : "Disabled")
        } else if let enforce = a.bool("enforce_private_link_endpoint_network_policies") {
            p.set("privateEndpointNetworkPolicies", enforce ? "Disabled" : "Enabled")
        }
        p.set("defaultOutboundAccess", a.bool("default_outbound_access_enabled"))
        p.set("routeTable", reference: id(a, "route_table_id", of: instance))
        return p.value
    }

    private func securityRule(_ r: TerraformAttributes, of instance: TerraformInstance) -> JSONValue {
        var p = ARMObject(offset: instance.offset)
        p.set("priority", known(r, "priority", of: instance, "the rule's priority"))
        p.set("direction", r.string("direction"))
        p.set("access", r.string("access"))
        p.set("protocol", r.string("protocol"))
        p.set("description", r.string("description"))
        for (single, plural, arm) in [
            ("source_port_range", "source_port_ranges", "sourcePortRange"), ("destination_port_range", "destination_port_ranges", "destinationPortRange"),
            ("source_address_prefix", "source_address_prefixes", "sourceAddressPrefix"),
            ("destination_address_prefix", "destination_address_prefixes", "destinationAddressPrefix"),
        ] {
            if let one = r.value(single) {
                p.set(arm, one)
            } else if r.value(plural) != nil {
                p.set(arm == "sourceAddressPrefix" || arm == "destinationAddressPrefix" ? arm + "es" : arm + "s", r.value(plural))
            } else if r.isUnknown(single) || r.isUnknown(plural) {
                p.set(arm, known(r, r.isUnknown(single) ? single : plural, of: instance, "a rule field"))
            }
        }
        for (key, arm) in [
            ("source_application_security_group_ids", "sourceApplicationSecurityGroups"),
            ("destination_application_security_group_ids", "destinationApplicationSecurityGroups"),
        ] {
            let groups = ids(r, key, of: instance).map { group -> JSONValue in
                var g = ARMObject(offset: instance.offset)
                g.set("id", group)
                return g.value
            }
            if !groups.isEmpty { p.set(arm, .array(groups)) }
        }
        return p.value
    }

    private func routeProperties(_ r: TerraformAttributes, of instance: TerraformInstance) -> JSONValue {
        var p = ARMObject(offset: instance.offset)
        p.set("addressPrefix", known(r, "address_prefix", of: instance, "the route's prefix"))
        p.set("nextHopType", r.string("next_hop_type"))
        p.set("nextHopIpAddress", known(r, "next_hop_in_ip_address", of: instance, "the next hop address"))
        return p.value
    }

    /// Whether the plan also peers the remote network back to this one.
    private func hasReversePeering(of instance: TerraformInstance, remote: String?) -> Bool {
        guard let remote, let own = instance.attributes.string("virtual_network_name") else { return false }
        return planned(of: "azurerm_virtual_network_peering").contains { other in
            guard let otherID = resourceID(of: other), ResourceID(otherID).parent == ResourceID(remote) else { return false }
            let back = id(other.attributes, "remote_virtual_network_id", of: other)
            return back.map { ResourceID($0).name.lowercased() == own.lowercased() } ?? false
        }
    }

    // MARK: Associations

    /// An association resource: sets `member` of the resource `target` names to `{"id": …}`
    /// of `with`, or, when the plan destroys the association, takes it off (null in a merge
    /// patch deletes the member).
    func associate(_ instance: TerraformInstance, target: String, member: String, with key: String, removing: Bool) {
        let a = instance.attributes
        var properties = ARMObject(offset: instance.offset)
        if removing {
            properties.set(member, JSONValue.null)
        } else {
            guard let reference = id(a, key, of: instance) else { return }
            properties.set(member, reference: reference)
        }
        var patch = ARMObject(offset: instance.offset)
        patch.set("properties", properties.value)
        add(edit: id(a, target, of: instance), patch: patch.value, by: instance)
    }
}

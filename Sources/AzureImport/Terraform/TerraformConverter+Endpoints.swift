/// Network interfaces, public IPs, firewalls and their policies, private endpoints and
/// storage accounts (importers.md §3.5).
extension TerraformConverter {
    func endpointProperties(of instance: TerraformInstance) -> JSONValue? {
        guard Self.armTypes[instance.type] != nil else { return nil }
        var p = ARMObject(offset: instance.offset)
        let a = instance.attributes
        switch instance.type {
        case "azurerm_network_interface":
            let nicID = resourceID(of: instance) ?? ""
            let configurations = a.blocks("ip_configuration").map { c -> JSONValue in
                var item = ARMObject(offset: instance.offset)
                let name = c.string("name") ?? "ipconfig"
                item.set("id", nicID + "/ipConfigurations/" + name)
                item.set("name", name)
                var q = ARMObject(offset: instance.offset)
                q.set("subnet", reference: id(c, "subnet_id", of: instance))
                q.set("privateIPAllocationMethod", c.string("private_ip_address_allocation"))
                q.set("privateIPAddressVersion", c.string("private_ip_address_version"))
                if let address = c.string("private_ip_address") {
                    q.set("privateIPAddress", address)
                } else if c.isUnknown("private_ip_address") {
                    note(instance, "TF-UNKNOWN-VALUE: \(c.pathTo("private_ip_address")) is assigned by Azure when applied (Dynamic)", severity: .note)
                }
                q.set("publicIPAddress", reference: id(c, "public_ip_address_id", of: instance))
                q.set("primary", c.bool("primary"))
                item.set("properties", q.value)
                return item.value
            }
            p.set("ipConfigurations", .array(configurations))
            p.set("enableIPForwarding", a.bool("ip_forwarding_enabled") ?? a.bool("enable_ip_forwarding"))
        case "azurerm_public_ip":
            p.set("publicIPAllocationMethod", a.string("allocation_method"))
            p.set("publicIPAddressVersion", a.string("ip_version"))
            if let address = a.string("ip_address") {
                p.set("ipAddress", address)
            } else if a.isUnknown("ip_address") {
                note(
                    instance,
                    "TF-UNKNOWN-VALUE: ip_address is assigned by Azure when applied; paths from the Internet through it are analysed by the resources it is attached to",
                    severity: .note)
            }
        case "azurerm_firewall":
            p.set("firewallPolicy", reference: id(a, "firewall_policy_id", of: instance))
            p.set("threatIntelMode", a.string("threat_intel_mode"))
            let configurations = a.blocks("ip_configuration").map { c -> JSONValue in
                var item = ARMObject(offset: instance.offset)
                item.set("name", c.string("name"))
                var q = ARMObject(offset: instance.offset)
                q.set("subnet", reference: id(c, "subnet_id", of: instance))
                q.set("publicIPAddress", reference: id(c, "public_ip_address_id", of: instance))
                q.set("privateIPAddress", known(c, "private_ip_address", of: instance, "the firewall's private address"))
                item.set("properties", q.value)
                return item.value
            }
            p.set("ipConfigurations", .array(configurations))
            hubPlacement(a, of: instance, into: &p)
        case "azurerm_firewall_policy":
            p.set("basePolicy", reference: id(a, "base_policy_id", of: instance))
            p.set("threatIntelMode", a.string("threat_intelligence_mode"))
            if !a.strings("private_ip_ranges").isEmpty {
                var snat = ARMObject(offset: instance.offset)
                snat.set("privateRanges", a.value("private_ip_ranges"))
                p.set("snat", snat.value)
            }
            if let dns = a.block("dns") {
                var settings = ARMObject(offset: instance.offset)
                settings.set("enableProxy", dns.bool("proxy_enabled"))
                settings.set("servers", dns.value("servers"))
                p.set("dnsSettings", settings.value)
            }
        case "azurerm_firewall_policy_rule_collection_group":
            p.set("priority", a.value("priority"))
            p.set("ruleCollections", .array(ruleCollections(a, of: instance)))
        case "azurerm_private_endpoint":
            p.set("subnet", reference: id(a, "subnet_id", of: instance))
            let connections = a.blocks("private_service_connection").map { c -> JSONValue in
                var item = ARMObject(offset: instance.offset)
                item.set("name", c.string("name"))
                var q = ARMObject(offset: instance.offset)
                q.set("privateLinkServiceId", id(c, "private_connection_resource_id", of: instance))
                q.set("groupIds", c.value("subresource_names"))
                var state = ARMObject(offset: instance.offset)
                // A connection Terraform makes to a resource of the same owner is approved
                // unless it is manual.
                state.set("status", c.bool("is_manual_connection") == true ? "Pending" : "Approved")
                q.set("privateLinkServiceConnectionState", state.value)
                item.set("properties", q.value)
                return item.value
            }
            p.set(
                a.block("private_service_connection")?.bool("is_manual_connection") == true
                    ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections", .array(connections))
            let configurations = a.blocks("ip_configuration").map { c -> JSONValue in
                var item = ARMObject(offset: instance.offset)
                item.set("name", c.string("name"))
                var q = ARMObject(offset: instance.offset)
                q.set("privateIPAddress", c.string("private_ip_address"))
                q.set("groupId", c.string("subresource_name"))
                q.set("memberName", c.string("member_name"))
                item.set("properties", q.value)
                return item.value
            }
            if !configurations.isEmpty { p.set("ipConfigurations", .array(configurations)) }
        case "azurerm_storage_account":
            if let enabled = a.bool("public_network_access_enabled") { p.set("publicNetworkAccess", enabled ? "Enabled" : "Disabled") }
            p.set("allowBlobPublicAccess", a.bool("allow_nested_items_to_be_public") ?? a.bool("allow_blob_public_access"))
            p.set("minimumTlsVersion", a.string("min_tls_version"))
            p.set("supportsHttpsTrafficOnly", a.bool("https_traffic_only_enabled") ?? a.bool("enable_https_traffic_only"))
            p.set("allowCrossTenantReplication", a.bool("cross_tenant_replication_enabled"))
            if let rules = a.block("network_rules") { p.set("networkAcls", networkAcls(rules, of: instance)) }
        default:
            return networkManagerProperties(of: instance) ?? virtualWANProperties(of: instance)
        }
        return p.value
    }

    func networkAcls(_ r: TerraformAttributes, of instance: TerraformInstance) -> JSONValue {
        var acls = ARMObject(offset: instance.offset)
        acls.set("defaultAction", r.string("default_action"))
        let bypass = r.strings("bypass")
        if !bypass.isEmpty { acls.set("bypass", bypass.joined(separator: ", ")) }
        acls.set(
            "ipRules",
            .array(
                r.strings("ip_rules").map { rule in
                    var item = ARMObject(offset: instance.offset)
                    item.set("value", rule)
                    item.set("action", "Allow")
                    return item.value
                }))
        acls.set(
            "virtualNetworkRules",
            .array(
                ids(r, "virtual_network_subnet_ids", of: instance).map { subnet in
                    var item = ARMObject(offset: instance.offset)
                    item.set("id", subnet)
                    item.set("action", "Allow")
                    return item.value
                }))
        return acls.value
    }

    private func ruleCollections(_ a: TerraformAttributes, of instance: TerraformInstance) -> [JSONValue] {
        var out: [JSONValue] = []
        for (key, nat) in [("network_rule_collection", false), ("application_rule_collection", false), ("nat_rule_collection", true)] {
            for collection in a.blocks(key) {
                var item = ARMObject(offset: instance.offset)
                item.set("name", collection.string("name"))
                item.set("priority", collection.value("priority"))
                item.set("ruleCollectionType", nat ? "FirewallPolicyNatRuleCollection" : "FirewallPolicyFilterRuleCollection")
                var action = ARMObject(offset: instance.offset)
                action.set("type", nat ? "DNAT" : collection.string("action"))
                item.set("action", action.value)
                item.set("rules", .array(collection.blocks("rule").map { firewallRule($0, kind: key, of: instance) }))
                out.append(item.value)
            }
        }
        return out
    }

    private func firewallRule(_ r: TerraformAttributes, kind: String, of instance: TerraformInstance) -> JSONValue {
        var item = ARMObject(offset: instance.offset)
        item.set("name", r.string("name"))
        item.set("sourceAddresses", r.value("source_addresses"))
        let groups = ids(r, "source_ip_groups", of: instance)
        if !groups.isEmpty { item.set("sourceIpGroups", .array(groups.map(JSONValue.string))) }
        switch kind {
        case "application_rule_collection":
            item.set("ruleType", "ApplicationRule")
            item.set(
                "protocols",
                .array(
                    r.blocks("protocols").map { p in
                        var protocolObject = ARMObject(offset: instance.offset)
                        protocolObject.set("protocolType", p.string("type"))
                        protocolObject.set("port", p.value("port"))
                        return protocolObject.value
                    }))
            item.set("targetFqdns", r.value("destination_fqdns"))
            item.set("fqdnTags", r.value("destination_fqdn_tags"))
            item.set("targetUrls", r.value("destination_urls"))
            item.set("destinationAddresses", r.value("destination_addresses"))
            item.set("webCategories", r.value("web_categories"))
        case "nat_rule_collection":
            item.set("ruleType", "NatRule")
            item.set("ipProtocols", r.value("protocols"))
            item.set("destinationAddresses", known(r, "destination_address", of: instance, "the DNAT address").map { JSONValue.array([$0]) })
            item.set("destinationPorts", r.value("destination_ports"))
            item.set("translatedAddress", r.string("translated_address"))
            item.set("translatedFqdn", r.string("translated_fqdn"))
            item.set("translatedPort", r.string("translated_port"))
        default:
            item.set("ruleType", "NetworkRule")
            item.set("ipProtocols", r.value("protocols"))
            item.set("destinationAddresses", r.value("destination_addresses"))
            item.set("destinationFqdns", r.value("destination_fqdns"))
            item.set("destinationPorts", r.value("destination_ports"))
            let destinationGroups = ids(r, "destination_ip_groups", of: instance)
            if !destinationGroups.isEmpty { item.set("destinationIpGroups", .array(destinationGroups.map(JSONValue.string))) }
        }
        return item.value
    }

    /// `azurerm_storage_account_network_rules`: its rules replace the account's `networkAcls`.
    func storageRules(_ instance: TerraformInstance) {
        var properties = ARMObject(offset: instance.offset)
        properties.set("networkAcls", networkAcls(instance.attributes, of: instance))
        var patch = ARMObject(offset: instance.offset)
        patch.set("properties", properties.value)
        add(edit: id(instance.attributes, "storage_account_id", of: instance), patch: patch.value, by: instance)
    }
}

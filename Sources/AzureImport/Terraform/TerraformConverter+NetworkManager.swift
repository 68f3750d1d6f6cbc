/// Virtual Network Manager's azurerm resources as the REST shapes the import reads
/// (docs/reference/azure-semantics-enterprise.md §2): the manager, network groups and static
/// members, security admin configurations, rule collections and rules, connectivity
/// configurations, and deployments, which become `listDeploymentStatus` entries: a plan that
/// deploys a configuration to a region puts it in force there (AVNM-10).
extension TerraformConverter {
    static let networkManagerTypes: [String: String] = [
        "azurerm_network_manager": "Microsoft.Network/networkManagers",
        "azurerm_network_manager_network_group": "Microsoft.Network/networkManagers/networkGroups",
        "azurerm_network_manager_static_member": "Microsoft.Network/networkManagers/networkGroups/staticMembers",
        "azurerm_network_manager_security_admin_configuration": "Microsoft.Network/networkManagers/securityAdminConfigurations",
        "azurerm_network_manager_admin_rule_collection": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections",
        "azurerm_network_manager_admin_rule": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules",
        "azurerm_network_manager_connectivity_configuration": "Microsoft.Network/networkManagers/connectivityConfigurations",
        "azurerm_network_manager_deployment": "Microsoft.Network/networkManagers/deploymentStatus",
    ]

    /// The network manager's children, named under their parent's ID (``children``).
    static let networkManagerChildren: [String: (parent: String, segment: String)] = [
        "azurerm_network_manager_network_group": ("network_manager_id", "networkGroups"),
        "azurerm_network_manager_static_member": ("network_group_id", "staticMembers"),
        "azurerm_network_manager_security_admin_configuration": ("network_manager_id", "securityAdminConfigurations"),
        "azurerm_network_manager_admin_rule_collection": ("security_admin_configuration_id", "ruleCollections"),
        "azurerm_network_manager_admin_rule": ("admin_rule_collection_id", "rules"),
        "azurerm_network_manager_connectivity_configuration": ("network_manager_id", "connectivityConfigurations"),
    ]

    /// A deployment has no name: there is one per manager, region and kind of configuration.
    func networkManagerDeploymentID(_ instance: TerraformInstance) -> String? {
        let a = instance.attributes
        guard let manager = id(a, "network_manager_id", of: instance), let location = a.string("location"), let access = a.string("scope_access")
        else { return nil }
        return manager + "/deploymentStatus/\(location)-\(access)"
    }

    func networkManagerProperties(of instance: TerraformInstance) -> JSONValue? {
        var p = ARMObject(offset: instance.offset)
        let a = instance.attributes
        func addresses(_ blocks: [TerraformAttributes]) -> JSONValue {
            .array(
                blocks.map { block in
                    var item = ARMObject(offset: instance.offset)
                    item.set("addressPrefix", block.string("address_prefix"))
                    item.set("addressPrefixType", block.string("address_prefix_type"))
                    return item.value
                })
        }
        func flag(_ value: Bool?) -> String? { value.map { $0 ? "True" : "False" } }
        switch instance.type {
        case "azurerm_network_manager":
            var scopes = ARMObject(offset: instance.offset)
            let scope = a.blocks("scope").first
            scopes.set("managementGroups", .array((scope?.strings("management_group_ids") ?? []).map(JSONValue.string)))
            scopes.set("subscriptions", .array((scope?.strings("subscription_ids") ?? []).map(JSONValue.string)))
            p.set("networkManagerScopes", scopes.value)
            p.set("networkManagerScopeAccesses", a.value("scope_accesses"))
        case "azurerm_network_manager_network_group":
            p.set("memberType", a.string("member_type") ?? "VirtualNetwork")
        case "azurerm_network_manager_static_member":
            p.set("resourceId", id(a, "target_virtual_network_id", of: instance))
        case "azurerm_network_manager_security_admin_configuration":
            p.set("applyOnNetworkIntentPolicyBasedServices", a.value("apply_on_network_intent_policy_based_services"))
        case "azurerm_network_manager_admin_rule_collection":
            p.set(
                "appliesToGroups",
                .array(
                    ids(a, "network_group_ids", of: instance).map { group in
                        var item = ARMObject(offset: instance.offset)
                        item.set("networkGroupId", group)
                        return item.value
                    }))
        case "azurerm_network_manager_admin_rule":
            p.set("access", a.string("action"))
            p.set("direction", a.string("direction"))
            p.set("priority", a.value("priority"))
            p.set("protocol", a.string("protocol"))
            p.set("sourcePortRanges", a.value("source_port_ranges"))
            p.set("destinationPortRanges", a.value("destination_port_ranges"))
            p.set("sources", addresses(a.blocks("source")))
            p.set("destinations", addresses(a.blocks("destination")))
        case "azurerm_network_manager_connectivity_configuration":
            p.set("connectivityTopology", a.string("connectivity_topology"))
            p.set("isGlobal", flag(a.bool("global_mesh_enabled")))
            p.set("deleteExistingPeering", flag(a.bool("delete_existing_peering_enabled")))
            p.set(
                "hubs",
                .array(
                    a.blocks("hub").map { hub in
                        var item = ARMObject(offset: instance.offset)
                        item.set("resourceId", id(hub, "resource_id", of: instance))
                        item.set("resourceType", hub.string("resource_type"))
                        return item.value
                    }))
            p.set(
                "appliesToGroups",
                .array(
                    a.blocks("applies_to_group").map { group in
                        var item = ARMObject(offset: instance.offset)
                        item.set("networkGroupId", id(group, "network_group_id", of: instance))
                        item.set("groupConnectivity", group.string("group_connectivity"))
                        item.set("isGlobal", flag(group.bool("global_mesh_enabled")))
                        item.set("useHubGateway", flag(group.bool("use_hub_gateway")))
                        return item.value
                    }))
        case "azurerm_network_manager_deployment":
            p.set("region", a.string("location"))
            p.set("deploymentType", a.string("scope_access"))
            p.set("deploymentStatus", "Deployed")
            p.set("configurationIds", .array(ids(a, "configuration_ids", of: instance).map(JSONValue.string)))
        default:
            return nil
        }
        return p.value
    }
}

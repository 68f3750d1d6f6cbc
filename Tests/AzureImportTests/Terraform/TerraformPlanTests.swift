import AzureImport
import Foundation
import TestSupport
import Testing
import TopologyModel

/// `terraform show -json` of plans and states read as inputs (importers.md §3): the azurerm
/// resources mapped to the model, unknown values resolved through references or reported,
/// and each resource's address kept as its source location.
@Suite("Terraform plans and states")
struct TerraformPlanTests {
    static let rg = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/net-rg/providers/Microsoft.Network"
    static let plan = Fixtures.fixture("Terraform/hub-spoke-v4.tfplan.json")

    func id(_ path: String) -> ResourceID { ResourceID("\(Self.rg)/\(path)") }

    func load(_ file: String) throws -> ImportResult {
        try AzureImporter.load(paths: [file])
    }

    @Test("IDs synthesised from names in the subscription the plan's known IDs name; subnets from standalone resources")
    func subnets() throws {
        let t = try load(Self.plan).topology
        let web = try #require(t.subnets[id("virtualNetworks/vnet-hub/subnets/snet-web")])
        #expect(web.prefixes.map(\.description) == ["10.10.1.0/24"])
        #expect(web.privateEndpointNetworkPolicies == .disabled)
        #expect(t.subnets[id("virtualNetworks/vnet-hub/subnets/AzureFirewallSubnet")]?.privateEndpointNetworkPolicies == .enabled)
        #expect(t.networks[id("virtualNetworks/vnet-hub")]?.addressSpace.map(\.description) == ["10.10.0.0/16"])
    }

    @Test("An association whose IDs are unknown until apply is resolved through the configuration's references")
    func association() throws {
        let t = try load(Self.plan).topology
        #expect(t.subnets[id("virtualNetworks/vnet-hub/subnets/snet-web")]?.securityGroup == id("networkSecurityGroups/nsg-web"))
        // count instances: each NIC's subnet comes from the block's reference.
        let nic = try #require(t.interfaces[id("networkInterfaces/nic-app-0")])
        #expect(nic.ipConfigurations.first?.subnet == id("virtualNetworks/vnet-hub/subnets/snet-web"))
        #expect(nic.ipConfigurations.first?.privateAddress == IPAddress("10.10.1.4"))
        #expect(t.interfaces[id("networkInterfaces/nic-app-1")]?.ipForwarding == true)
    }

    @Test("NSG-11: a standalone rule that azurerm 3.x echoes inline counts once; its address is the source location")
    func standaloneRule() throws {
        let t = try load(Self.plan).topology
        let nsg = try #require(t.securityGroups[id("networkSecurityGroups/nsg-web")])
        let custom = nsg.rules.filter { !$0.isDefault }
        #expect(custom.map(\.name).sorted() == ["allow-https", "allow-ssh-internet"])
        let ssh = try #require(custom.first { $0.name == "allow-ssh-internet" })
        #expect(ssh.source.tags.map(\.name) == ["Internet"] && ssh.destinationPorts.portDescription == "22" && ssh.priority == 100)
        #expect(ssh.origin?.file == Self.plan)
        #expect(ssh.origin?.pointer.hasPrefix("module.hub.azurerm_network_security_rule.ssh") == true)
        #expect(nsg.origin?.pointer == "module.hub.azurerm_network_security_group.web")
    }

    @Test("Updates, standalone routes, 3.x route table names, deletes, unsupported types")
    func routesAndDeletes() throws {
        let result = try load(Self.plan)
        let t = result.topology
        let table = try #require(t.routeTables[id("routeTables/rt-spoke")])
        #expect(table.disableBgpRoutePropagation)
        #expect(table.routes.map(\.name).sorted() == ["default", "onprem"])
        #expect(t.securityGroups[id("networkSecurityGroups/nsg-legacy")] == nil)
        #expect(result.diagnostics.contains { $0.message.contains("TF-UNSUPPORTED-RESOURCE") && $0.message.contains("azurerm_linux_virtual_machine") })
    }

    @Test("Unknown values are reported at the resource's address and line, never guessed")
    func unknowns() throws {
        let result = try load(Self.plan)
        let peering = try #require(result.diagnostics.first { $0.message.contains("TF-UNRESOLVED-REFERENCE") })
        #expect(peering.pointer == "azurerm_virtual_network_peering.spoke_to_hub")
        #expect(peering.file == Self.plan && peering.line != nil)
        #expect(peering.rendered.contains("remote_virtual_network_id"))
        let dynamic = try #require(result.diagnostics.first { $0.message.contains("TF-UNKNOWN-VALUE") && $0.message.contains("private_ip_address") })
        #expect(dynamic.pointer == "module.hub.azurerm_network_interface.app[1]")
        #expect(result.topology.interfaces[id("networkInterfaces/nic-app-1")]?.ipConfigurations.first?.privateAddress == nil)
    }

    @Test("A state, child modules included")
    func state() throws {
        let t = try load(Fixtures.fixture("Terraform/data-state.tfstate.json")).topology
        #expect(t.subnets[id("virtualNetworks/vnet-data/subnets/snet-db")]?.prefixes.map(\.description) == ["10.30.1.0/24"])
        #expect(t.securityGroups[id("networkSecurityGroups/nsg-db")]?.rules.contains { $0.name == "deny-all-in" && $0.access == .deny } == true)
    }

    @Test("An unsupported format_version names the supported ones")
    func formatVersion() throws {
        #expect {
            _ = try AzureImporter.load(paths: [Fixtures.fixture("Terraform/future-format.tfplan.json")])
        } throws: { error in
            let text = "\(error)"
            return text.contains("format_version '2.0'") && text.contains("0.1, 0.2 and 1.x")
        }
    }

    @Test("Corpus (fugue/regula, Terraform 0.13, azurerm 2.x): NSG-11 standalone rules sharing a priority are refused at their addresses")
    func corpusPlan() throws {
        let file = Fixtures.corpus("terraform/fugue__regula__security_group_no_inbound_22_infra.tfplan.json")
        #expect {
            _ = try AzureImporter.load(paths: [file])
        } throws: { error in
            let text = "\(error)"
            return text.contains("at azurerm_network_security_rule.invalidrule2/properties/priority")
                && text.contains("rules 'invalidrule1' and 'validrule2' of NSG 'testnsg' share priority 100 inbound")
        }
    }

    @Test("Corpus plan, its rule blocks: port lists and ranges, address lists, sets sorted by Terraform")
    func corpusRuleBlocks() throws {
        let file = Fixtures.corpus("terraform/fugue__regula__security_group_no_inbound_22_infra.tfplan.json")
        let (documents, _) = try AzureImporter.parse(paths: [file])
        // Only the standalone rules of `testnsg` clash; the NSGs' own blocks import.
        let result = try AzureImporter.build(
            documents,
            edits: [ResourceEdit(target: ResourceID(Self.regula + "/networkSecurityGroups/testnsg"), action: .remove, originFile: "test", originLine: nil)])
        let nsg = try #require(result.topology.securityGroups[ResourceID(Self.regula + "/networkSecurityGroups/invalidnsg1")])
        let rule2 = try #require(nsg.rules.first { $0.name == "testrule2" })
        #expect(rule2.destinationPorts.portDescription == "30-50,235")
        #expect(rule2.source.prefixes == AddressSet(prefixes: [IPPrefix("10.10.10.10/32")!]))
        #expect(nsg.rules.first { $0.name == "testrule1" }?.source.any == true)
    }

    @Test("Rule blocks come back sorted by Terraform: each is matched with its configuration by name, so references land on the right rule")
    func blocksByName() throws {
        func rule(_ name: String, _ priority: Int, _ access: String) -> String {
            """
            {"access": "\(access)", "description": "", "destination_address_prefix": "*", "destination_address_prefixes": [],
             "destination_application_security_group_ids": [], "destination_port_range": "22", "destination_port_ranges": [], "direction": "Inbound",
             "name": "\(name)", "priority": \(priority), "protocol": "Tcp", "source_address_prefix": "", "source_address_prefixes": [],
             "source_port_range": "*", "source_port_ranges": []}
            """
        }
        let plan = """
            {"format_version": "1.2", "terraform_version": "1.9.5",
             "configuration": {"root_module": {"resources": [
               {"address": "azurerm_network_security_group.app", "mode": "managed", "type": "azurerm_network_security_group", "name": "app",
                "expressions": {"security_rule": [
                  {"name": {"constant_value": "zz-allow-app"}, "source_application_security_group_ids": {"references": ["azurerm_application_security_group.app.id", "azurerm_application_security_group.app"]}},
                  {"name": {"constant_value": "aa-deny-rest"}, "source_address_prefix": {"constant_value": "*"}}]}}]}},
             "resource_changes": [
              {"address": "azurerm_application_security_group.app", "mode": "managed", "type": "azurerm_application_security_group", "name": "app",
               "change": {"actions": ["create"], "after": {"name": "asg-app", "resource_group_name": "rg", "location": "westeurope"}, "after_unknown": {"id": true}}},
              {"address": "azurerm_network_security_group.app", "mode": "managed", "type": "azurerm_network_security_group", "name": "app",
               "change": {"actions": ["create"], "after": {"name": "nsg-app", "resource_group_name": "rg", "location": "westeurope",
                 "security_rule": [\(rule("aa-deny-rest", 200, "Deny").replacingOccurrences(of: "\"source_address_prefix\": \"\"", with: "\"source_address_prefix\": \"*\"")), \(rule("zz-allow-app", 100, "Allow"))]},
                 "after_unknown": {"id": true, "security_rule": [{}, {"source_application_security_group_ids": true}]}}}]}
            """
        let t = try AzureImporter.load(json: plan, file: "plan.json").topology
        let rules = try #require(t.securityGroups.values.first { $0.name == "nsg-app" }).rules.filter { !$0.isDefault }
        let allow = try #require(rules.first { $0.name == "zz-allow-app" })
        #expect(allow.source.applicationSecurityGroups.map(\.name) == ["asg-app"])
        #expect(rules.first { $0.name == "aa-deny-rest" }?.source.any == true)
    }

    @Test("An unknown ID inside a block the configuration has no expressions for (a dynamic block) is reported as such")
    func dynamicBlock() throws {
        let plan = """
            {"format_version": "1.2", "terraform_version": "1.9.5",
             "configuration": {"root_module": {"resources": [
               {"address": "azurerm_network_interface.vm", "mode": "managed", "type": "azurerm_network_interface", "name": "vm",
                "expressions": {"name": {"constant_value": "nic-vm"}}}]}},
             "resource_changes": [
              {"address": "azurerm_network_interface.vm", "mode": "managed", "type": "azurerm_network_interface", "name": "vm",
               "change": {"actions": ["create"], "after": {"name": "nic-vm", "resource_group_name": "rg", "location": "westeurope",
                 "ip_configuration": [{"name": "ipconfig", "private_ip_address": "10.0.0.4", "private_ip_address_allocation": "Static"}]},
                 "after_unknown": {"id": true, "ip_configuration": [{"subnet_id": true}]}}}]}
            """
        let result = try AzureImporter.load(json: plan, file: "plan.json")
        let note = try #require(result.diagnostics.first { $0.message.contains("TF-DYNAMIC-BLOCK") })
        #expect(note.pointer == "azurerm_network_interface.vm" && note.message.contains("ip_configuration.0.subnet_id"))
    }

    static let regula = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acceptanceTestResourceGroup1/providers/Microsoft.Network"
}

/// A hub plan in azurerm 3.x names: firewall, policy, rule collection group, IP group, route
/// table association, ASG association, storage and private endpoint, most IDs unknown.
@Suite("Terraform plans: firewall, storage and endpoints")
struct TerraformServicesTests {
    static let plan = Fixtures.fixture("Terraform/hub-firewall-v3.tfplan.json")
    static let rg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers"

    func id(_ path: String) -> ResourceID { ResourceID("\(Self.rg)/\(path)") }

    @Test("Firewall, policy and rule collection group linked through references; FW-4 collections by kind")
    func firewall() throws {
        let t = try AzureImporter.load(paths: [Self.plan]).topology
        let firewall = try #require(t.firewalls[id("Microsoft.Network/azureFirewalls/afw-hub")])
        #expect(firewall.policy == id("Microsoft.Network/firewallPolicies/afwp-hub"))
        #expect(firewall.subnets == [id("Microsoft.Network/virtualNetworks/vnet-hub/subnets/AzureFirewallSubnet")])
        #expect(firewall.publicIPs == [id("Microsoft.Network/publicIPAddresses/pip-fw")])
        #expect(firewall.privateAddresses.isEmpty)
        let policy = try #require(t.firewallPolicies[id("Microsoft.Network/firewallPolicies/afwp-hub")])
        #expect(policy.ruleCollectionGroups == [id("Microsoft.Network/firewallPolicies/afwp-hub/ruleCollectionGroups/rcg-core")])
        let network = try #require(firewall.ruleCollections.first { $0.kind == .network })
        #expect(network.name == "allow-dns" && network.groupPriority == 200 && network.action == .allow)
        #expect(network.rules.first?.ports.portDescription == "53")
        #expect(t.ipGroups[id("Microsoft.Network/ipGroups/ipg-workloads")]?.addresses == AddressSet(prefixes: [IPPrefix("10.0.2.0/24")!]))
    }

    @Test("RT-6: a route whose next hop is the firewall's unknown IP is reported at the route table's address")
    func unknownNextHop() throws {
        let result = try AzureImporter.load(paths: [Self.plan])
        let table = try #require(result.topology.routeTables[id("Microsoft.Network/routeTables/rt-workload")])
        #expect(table.disableBgpRoutePropagation)
        #expect(result.topology.subnets[id("Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-workload")]?.routeTable == table.id)
        #expect(
            result.diagnostics.contains {
                $0.severity == .warning && $0.pointer?.hasPrefix("azurerm_route_table.spoke/properties/routes/0") == true
                    && $0.message.contains("known only at deploy time")
            })
    }

    @Test("3.x echo of a standalone subnet counts once; the 2.x/3.x private endpoint policy flag is inverted")
    func subnets() throws {
        let t = try AzureImporter.load(paths: [Self.plan]).topology
        #expect(t.subnets.values.filter { $0.name == "AzureFirewallSubnet" }.count == 1)
        #expect(t.subnets[id("Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-workload")]?.privateEndpointNetworkPolicies == .disabled)
        #expect(t.subnets[id("Microsoft.Network/virtualNetworks/vnet-hub/subnets/AzureFirewallSubnet")]?.privateEndpointNetworkPolicies == .enabled)
    }

    @Test("ASG association on the NIC; storage subnet rules unknown in after but resolved through references; private endpoint approved")
    func endpoints() throws {
        let t = try AzureImporter.load(paths: [Self.plan]).topology
        let nic = try #require(t.interfaces[id("Microsoft.Network/networkInterfaces/nic-app")])
        #expect(nic.ipConfigurations.first?.applicationSecurityGroups == [id("Microsoft.Network/applicationSecurityGroups/asg-app")])
        let storage = try #require(t.storageAccounts[id("Microsoft.Storage/storageAccounts/stdatahub")])
        #expect(storage.virtualNetworkRules == [id("Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-workload")])
        #expect(storage.ipRules == AddressSet(prefixes: [IPPrefix("203.0.113.0/24")!]))
        #expect(storage.defaultAction == .deny && storage.publicNetworkAccess == .enabled)
        let endpoint = try #require(t.privateEndpoints[id("Microsoft.Network/privateEndpoints/pe-stdatahub-blob")])
        #expect(endpoint.subnet == id("Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-workload"))
        #expect(endpoint.addresses == [IPAddress("10.0.2.10")!])
        #expect(endpoint.connections.first?.target == storage.id && endpoint.connections.first?.state.carriesTraffic == true)
    }
}

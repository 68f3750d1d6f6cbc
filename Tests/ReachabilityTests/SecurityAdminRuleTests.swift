import AzureImport
import Foundation
import Intent
import TestSupport
import Testing
import TopologyModel

@testable import Reachability

/// Virtual Network Manager's security admin rules (docs/reference/azure-semantics-enterprise.md
/// §2): evaluated before NSGs on each side, only where deployed, with what the import assumed
/// said. The estate is Tests/Fixtures/Semantics/admin-rules (the reference's fixture A1),
/// whose flows the semantics matrix checks; these tests check the rest.
@Suite("Security admin rules (AVNM)")
struct SecurityAdminRuleTests {
    static var fixture: String { Fixtures.fixture("Semantics/admin-rules/topology.json") }

    /// The fixture's resources, edited by `edit`, imported.
    static func load(_ edit: (inout [[String: Any]]) -> Void = { _ in }) throws -> ImportResult {
        var items = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture))) as? [[String: Any]])
        edit(&items)
        let bytes = try JSONSerialization.data(withJSONObject: items, options: [.sortedKeys])
        return try AzureImporter.build([try SourceDocument(bytes: Array(bytes), file: "estate.json")])
    }

    static func flow(_ index: EstateIndex, _ source: String, _ destination: String, _ port: UInt16) throws -> FlowResult {
        try index.verdict(FlowQuery(source: IPAddress(source)!, destination: IPAddress(destination)!, proto: .tcp, destinationPort: port))
    }

    /// A TCP admin rule of `rc1`, naming one side (the other is any address) and destination ports.
    static func adminRule(
        _ name: String, priority: Int, access: String, direction: String, side: (key: String, items: [[String: String]]), ports: [String]
    ) -> [String: Any] {
        [
            "id":
                "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/networkManagers/nm1/securityAdminConfigurations/sac1/ruleCollections/rc1/rules/\(name)",
            "name": name, "type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules", "kind": "Custom",
            "properties": [
                "priority": priority, "access": access, "direction": direction, "protocol": "Tcp", side.key: side.items, "destinationPortRanges": ports,
            ],
        ]
    }

    static func isAdminRule(_ item: [String: Any], named name: String) -> Bool {
        (item["type"] as? String)?.hasSuffix("ruleCollections/rules") == true && item["name"] as? String == name
    }

    @Test("AVNM-4: the attack graph's Internet hop into vnet-p/app loses SSH to the admin Deny; the scanner's hop keeps RDP through AlwaysAllow")
    func graphHops() throws {
        let graph = EstateIndex(topology: try Self.load().topology).graph()
        #expect(graph.hop(from: AttackNode.internetID, to: "vnet-p/app") == nil)
        // The scanner is a node of its own: the AlwaysAllow names its address (F15).
        let scanner = try #require(graph.hop(from: "vnet-s/scan:scanner-nic", to: "vnet-p/app"))
        #expect(scanner.services.contains(.tcp, 3389))
        #expect(scanner.allowedBy.contains { $0.level == .admin && $0.rule.name == "scanner" && $0.rule.access == .alwaysAllow })
        // vnet-q's region has no deployment (AVNM-10): its NSG alone lets SSH in.
        let q = try #require(graph.hop(from: AttackNode.internetID, to: "vnet-q/app"))
        #expect(q.services == ServiceSet(.tcp, 22))
    }

    @Test("AVNM-10, AVNM-11: with no deployment record, Deny rules are not relied on, AlwaysAllow is, and a warning says so")
    func unknownDeployment() throws {
        let imported = try Self.load { items in items.removeAll { $0["deploymentType"] != nil } }
        let index = EstateIndex(topology: imported.topology)
        #expect(try Self.flow(index, "198.51.100.7", "203.0.113.10", 22).decidingRules == ["nsg-app/allow-ssh-internet"])
        #expect(try Self.flow(index, "10.50.1.4", "10.10.1.4", 3389).decidingRules == ["sac1/scanner"])
        let warning = try #require(imported.diagnostics.first { $0.message.contains("security admin configuration 'sac1'") })
        #expect(warning.message.contains("Deny rules are not relied on"))
        #expect(warning.message.contains("listDeploymentStatus"))
    }

    @Test("AVNM-10: a configuration left out of its manager's latest commit to a region is not in force there")
    func commitSetsGoalState() throws {
        let imported = try Self.load { items in
            for i in items.indices where items[i]["region"] as? String == "westeurope" { items[i]["configurationIds"] = [String]() }
        }
        let index = EstateIndex(topology: imported.topology)
        #expect(imported.topology.securityAdminRules.isEmpty)
        #expect(try Self.flow(index, "198.51.100.7", "203.0.113.10", 22).allowed)
    }

    @Test("AVNM-2: a group with no member in the input applies to nothing, and the import says so")
    func emptyGroup() throws {
        let imported = try Self.load { items in items.removeAll { ($0["type"] as? String)?.lowercased() == "microsoft.network/networkgroupmemberships" } }
        #expect(imported.topology.securityAdminRules.isEmpty)
        #expect(imported.diagnostics.contains { $0.message.hasPrefix("network group ng-prod: the input names no member") })
    }

    @Test("AVNM-6: subnets of platform services take no admin rules; the rest of the VNet does")
    func exemptSubnets() throws {
        let imported = try Self.load { items in
            guard let v = items.firstIndex(where: { $0["name"] as? String == "vnet-p" }),
                var properties = items[v]["properties"] as? [String: Any], var subnets = properties["subnets"] as? [[String: Any]]
            else { return }
            subnets.append(["name": "AzureBastionSubnet", "properties": ["addressPrefix": "10.10.2.0/24"]])
            properties["subnets"] = subnets
            items[v]["properties"] = properties
        }
        let index = EstateIndex(topology: imported.topology)
        let bastion = try #require(imported.topology.subnets.values.first { $0.name == "AzureBastionSubnet" })
        let app = try #require(imported.topology.subnets.values.first { $0.name == "app" && $0.network.name == "vnet-p" })
        #expect(!index.inboundStages(.vacant(subnet: bastion.id, address: IPAddress("10.10.2.9")!)).contains { $0.level == .admin })
        #expect(index.inboundStages(.vacant(subnet: app.id, address: IPAddress("10.10.1.9")!)).first?.level == .admin)
    }

    @Test("AVNM-3: an access other than Allow, Deny or AlwaysAllow, or a priority outside 1-4096, is an error at the rule's member")
    func invalidRules() throws {
        for (key, value, expected) in [("access", "Permit", "is not Allow, Deny or AlwaysAllow"), ("priority", "0", "1-4096")] {
            #expect {
                _ = try Self.load { items in
                    guard let i = items.firstIndex(where: { Self.isAdminRule($0, named: "denySsh") }), var properties = items[i]["properties"] as? [String: Any]
                    else { return }
                    properties[key] = key == "priority" ? Int(value)! as Any : value
                    items[i]["properties"] = properties
                }
            } throws: { error in
                let text = String(describing: error)
                return text.contains(expected) && text.contains("/properties/\(key)")
            }
        }
    }

    @Test("NSG-40, AVNM-9: behind a Standard public IP with no NSG, only an admin AlwaysAllow gets in")
    func standardPublicIPWithoutNSG() throws {
        let imported = try Self.load { items in
            guard let v = items.firstIndex(where: { $0["name"] as? String == "vnet-p" }),
                var properties = items[v]["properties"] as? [String: Any], var subnets = properties["subnets"] as? [[String: Any]],
                var subnet = subnets.first?["properties"] as? [String: Any]
            else { return }
            subnet["networkSecurityGroup"] = nil
            subnets[0]["properties"] = subnet
            properties["subnets"] = subnets
            items[v]["properties"] = properties
            items.append(
                Self.adminRule(
                    "partner", priority: 300, access: "AlwaysAllow", direction: "Inbound",
                    side: ("sources", [["addressPrefix": "198.51.100.0/24", "addressPrefixType": "IPPrefix"]]), ports: ["8443"]))
        }
        let index = EstateIndex(topology: imported.topology)
        let https = try Self.flow(index, "198.51.100.7", "203.0.113.10", 443)
        #expect(https.disposition == .deniedInbound)
        #expect(https.trace.contains { $0.rules.contains(.avnm(9)) })
        #expect(try Self.flow(index, "198.51.100.7", "203.0.113.10", 8443).decidingRules == ["sac1/partner"])
        let hop = try #require(index.graph().hop(from: AttackNode.internetID, to: "vnet-p/app"))
        #expect(hop.services == ServiceSet(.tcp, 8443))
    }

    @Test("AVNM-3, AVNM-10, AVNM-14 in a Terraform state: azurerm admin rules and a mesh, with their deployments")
    func terraformShape() throws {
        let imported = try AzureImporter.load(paths: [Fixtures.fixture("Terraform/network-manager.tfstate.json")])
        let index = EstateIndex(topology: imported.topology)
        #expect(!imported.diagnostics.contains { $0.severity != .note })
        let web = try Self.flow(index, "10.1.0.4", "10.2.0.4", 80)
        #expect(web.disposition == .accepted)
        #expect(web.trace.contains { $0.rules.contains(.avnm(14)) })
        #expect(try Self.flow(index, "10.1.0.4", "10.2.0.4", 22).decidingRules == ["sac-baseline/deny-ssh"])
    }

    @Test("AVNM-3, AVNM-11 in an ARM template: the rules are read; with no deployment to read, AlwaysAllow is taken to be in force and Deny is not relied on")
    func templateShape() throws {
        func rule(_ name: String, _ priority: Int, _ access: String, _ port: String) -> String {
            """
            {"type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules", "apiVersion": "2024-05-01",
             "name": "nm1/sac1/rc1/\(name)", "kind": "Custom",
             "properties": {"priority": \(priority), "access": "\(access)", "direction": "Inbound", "protocol": "Tcp",
               "sources": [{"addressPrefix": "10.2.0.0/16", "addressPrefixType": "IPPrefix"}], "destinations": [{"addressPrefix": "*", "addressPrefixType": "IPPrefix"}],
               "destinationPortRanges": ["\(port)"]}}
            """
        }
        let template = """
            {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
             "resources": [
              {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "vnet-a", "location": "westeurope",
               "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]},
                 "subnets": [{"name": "default", "properties": {"addressPrefix": "10.1.0.0/24", "networkSecurityGroup": {"id": "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-a')]"}}}],
                 "virtualNetworkPeerings": [{"name": "a-to-b", "properties": {"remoteVirtualNetwork": {"id": "[resourceId('Microsoft.Network/virtualNetworks', 'vnet-b')]"}, "peeringState": "Connected"}}]}},
              {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "vnet-b", "location": "westeurope",
               "properties": {"addressSpace": {"addressPrefixes": ["10.2.0.0/16"]}, "subnets": [{"name": "default", "properties": {"addressPrefix": "10.2.0.0/24"}}],
                 "virtualNetworkPeerings": [{"name": "b-to-a", "properties": {"remoteVirtualNetwork": {"id": "[resourceId('Microsoft.Network/virtualNetworks', 'vnet-a')]"}, "peeringState": "Connected"}}]}},
              {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": "nsg-a", "location": "westeurope",
               "properties": {"securityRules": [{"name": "deny-b", "properties": {"priority": 100, "direction": "Inbound", "access": "Deny", "protocol": "*",
                 "sourcePortRange": "*", "destinationPortRange": "*", "sourceAddressPrefix": "10.2.0.0/16", "destinationAddressPrefix": "*"}}]}},
              {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2023-09-01", "name": "nic-a", "location": "westeurope",
               "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.1.0.4", "privateIPAllocationMethod": "Static",
                 "subnet": {"id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-a', 'default')]"}}}]}},
              {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2023-09-01", "name": "nic-b", "location": "westeurope",
               "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.2.0.4", "privateIPAllocationMethod": "Static",
                 "subnet": {"id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-b', 'default')]"}}}]}},
              {"type": "Microsoft.Network/networkManagers", "apiVersion": "2024-05-01", "name": "nm1", "location": "westeurope",
               "properties": {"networkManagerScopes": {"managementGroups": [], "subscriptions": ["[subscription().id]"]}, "networkManagerScopeAccesses": ["SecurityAdmin"]}},
              {"type": "Microsoft.Network/networkManagers/networkGroups", "apiVersion": "2024-05-01", "name": "nm1/ng1", "properties": {"memberType": "VirtualNetwork"}},
              {"type": "Microsoft.Network/networkManagers/networkGroups/staticMembers", "apiVersion": "2024-05-01", "name": "nm1/ng1/vnet-a",
               "properties": {"resourceId": "[resourceId('Microsoft.Network/virtualNetworks', 'vnet-a')]"}},
              {"type": "Microsoft.Network/networkManagers/securityAdminConfigurations", "apiVersion": "2024-05-01", "name": "nm1/sac1", "properties": {}},
              {"type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections", "apiVersion": "2024-05-01", "name": "nm1/sac1/rc1",
               "properties": {"appliesToGroups": [{"networkGroupId": "[resourceId('Microsoft.Network/networkManagers/networkGroups', 'nm1', 'ng1')]"}]}},
              \(rule("deny-ssh", 10, "Deny", "22")), \(rule("always-web", 20, "AlwaysAllow", "80"))]}
            """
        let imported = try AzureImporter.load(json: template)
        let index = EstateIndex(topology: imported.topology)
        #expect(try Self.flow(index, "10.2.0.4", "10.1.0.4", 80).decidingRules == ["sac1/always-web"])
        #expect(try Self.flow(index, "10.2.0.4", "10.1.0.4", 22).decidingRules == ["nsg-a/deny-b"])
        #expect(imported.diagnostics.contains { $0.message.hasPrefix("security admin configuration 'sac1': the input holds no record of its deployment") })
    }

    @Test("what-if: removing an admin Deny reopens what the NSG allows, and the analysis is not reused from the graph before it")
    func whatIfRemovesAdminRule() throws {
        let documents = try AzureImporter.parse(paths: [Self.fixture]).documents
        let change = """
            version: 1
            changes:
              - op: remove-resource
                target: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/networkManagers/nm1/securityAdminConfigurations/sac1/ruleCollections/rc1/rules/denySsh
            """
        let edits = try ChangeFile.parse(change, file: "change.yaml").edits(against: AzureImporter.catalog(documents))
        let before = try AzureImporter.build(documents).topology
        let after = try AzureImporter.build(documents, edits: edits).topology
        #expect(after.securityGroupChanges(since: before) == nil)
        let hop = try #require(EstateIndex(topology: after).graph().hop(from: AttackNode.internetID, to: "vnet-p/app"))
        #expect(hop.services == ServiceSet(.tcp, 22))
    }

    @Test("AVNM-4: an outbound admin Deny stops a host's way out before its NSGs allow it")
    func outboundDeny() throws {
        let imported = try Self.load { items in
            items.append(
                Self.adminRule(
                    "denyWebOut", priority: 300, access: "Deny", direction: "Outbound",
                    side: ("destinations", [["addressPrefix": "Internet", "addressPrefixType": "ServiceTag"]]), ports: ["443"]))
        }
        let index = EstateIndex(topology: imported.topology)
        let blocked = try Self.flow(index, "10.10.1.4", "198.51.100.7", 443)
        #expect(blocked.disposition == .deniedOutbound)
        #expect(blocked.decidingRules == ["sac1/denyWebOut"])
        #expect(try Self.flow(index, "10.10.1.4", "198.51.100.7", 80).allowed)
    }

    @Test("AVNM-8: a NetworkGroup side stands for its members' address spaces; a group the input lacks is an error")
    func networkGroupSide() throws {
        let group =
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/networkManagers/nm1/networkGroups/ng-prod"
        let imported = try Self.load { items in
            items.append(
                Self.adminRule(
                    "denyScannerToGroup", priority: 40, access: "Deny", direction: "Inbound",
                    side: ("destinations", [["addressPrefix": group, "addressPrefixType": "NetworkGroup"]]), ports: ["3389"]))
            items.append(
                Self.adminRule(
                    "denyFromGroup", priority: 41, access: "Deny", direction: "Inbound",
                    side: ("sources", [["addressPrefix": group, "addressPrefixType": "NetworkGroup"]]), ports: ["3389"]))
        }
        let vnetP = try #require(imported.topology.securityAdminRules.first { $0.key.name == "vnet-p" }?.value)
        let rule = try #require(vnetP.rules(.inbound).first { $0.name == "denyFromGroup" })
        #expect(rule.source.prefixes == AddressSet(prefixes: [IPPrefix("10.10.0.0/16")!, IPPrefix("10.20.0.0/16")!]))
        // The scanner (vnet-s, no member) is sent to a member: the destination side matches and
        // the Deny decides before the scanner's AlwaysAllow; the source side would not.
        let index = EstateIndex(topology: imported.topology)
        #expect(try Self.flow(index, "10.50.1.4", "10.10.1.4", 3389).decidingRules == ["sac1/denyScannerToGroup"])
        #expect(throws: (any Error).self) {
            _ = try Self.load { items in
                items.append(
                    Self.adminRule(
                        "denyUnknownGroup", priority: 42, access: "Deny", direction: "Inbound",
                        side: ("sources", [["addressPrefix": group + "-gone", "addressPrefixType": "NetworkGroup"]]), ports: ["3389"]))
            }
        }
    }

    @Test("AVNM-6: a VNet with a subnet delegated to Databricks takes no admin rules by default, only Allow rules with AllowRulesOnly, all with All")
    func networkIntentPolicyServices() throws {
        func load(_ modes: [String]) throws -> ImportResult {
            try Self.load { items in
                for i in items.indices where items[i]["name"] as? String == "vnet-p" {
                    guard var properties = items[i]["properties"] as? [String: Any], var subnets = properties["subnets"] as? [[String: Any]],
                        var subnet = subnets.first?["properties"] as? [String: Any]
                    else { continue }
                    subnet["delegations"] = [["name": "dbx", "properties": ["serviceName": "Microsoft.Databricks/workspaces"]]]
                    subnets[0]["properties"] = subnet
                    properties["subnets"] = subnets
                    items[i]["properties"] = properties
                }
                for i in items.indices where (items[i]["id"] as? String)?.hasSuffix("securityAdminConfigurations/sac1") == true {
                    items[i]["properties"] = ["applyOnNetworkIntentPolicyBasedServices": modes]
                }
            }
        }
        let none = try load(["None"])
        let noneIndex = EstateIndex(topology: none.topology)
        // Without the admin Deny, the NSG's own SSH rule decides; the scanner's AlwaysAllow is gone too.
        #expect(try Self.flow(noneIndex, "198.51.100.7", "203.0.113.10", 22).decidingRules == ["nsg-app/allow-ssh-internet"])
        #expect(try Self.flow(noneIndex, "10.50.1.4", "10.10.1.4", 3389).decidingRules.first { $0.hasPrefix("sac1/") } == nil)
        #expect(none.diagnostics.contains { $0.message.contains("vnet-p (Databricks)") && $0.message.contains("AVNM-6") })
        let allowOnly = EstateIndex(topology: try load(["AllowRulesOnly"]).topology)
        #expect(try Self.flow(allowOnly, "198.51.100.7", "203.0.113.10", 22).decidingRules == ["nsg-app/allow-ssh-internet"])
        #expect(try Self.flow(allowOnly, "10.50.1.4", "10.10.1.4", 3389).decidingRules == ["sac1/scanner"])
        let all = EstateIndex(topology: try load(["All"]).topology)
        #expect(try Self.flow(all, "198.51.100.7", "203.0.113.10", 22).disposition == .deniedInbound)
    }
}

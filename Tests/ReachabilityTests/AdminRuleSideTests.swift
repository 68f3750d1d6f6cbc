import AzureImport
import Foundation
import Testing
import TopologyModel

@testable import Reachability

/// Where admin rules apply (AVNM-5): to every subnet of a targeted VNet, and on their own side
/// of a hop only. On the estate of ``SecurityAdminRuleTests`` (fixture A1).
@Suite("Security admin rules: where they apply (AVNM-5)")
struct AdminRuleSideTests {
    static let base = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network"

    static func securityGroup(_ name: String, _ rule: [String: Any]) -> [String: Any] {
        [
            "id": base + "/networkSecurityGroups/\(name)", "name": name, "type": "Microsoft.Network/networkSecurityGroups", "location": "westeurope",
            "properties": ["securityRules": [rule]],
        ]
    }

    static func denyAll(_ direction: String) -> [String: Any] {
        [
            "name": "deny-all-\(direction.lowercased())",
            "properties": [
                "priority": 100, "direction": direction, "access": "Deny", "protocol": "*", "sourceAddressPrefix": "*", "sourcePortRange": "*",
                "destinationAddressPrefix": "*", "destinationPortRange": "*",
            ],
        ]
    }

    @Test("AVNM-5: an AlwaysAllow skips the NSGs of its own side only: the sender's NSG, in a VNet no admin rule targets, still decides")
    func alwaysAllowOwnSideOnly() throws {
        let result = try SecurityAdminRuleTests.load { items in
            items.append(Self.securityGroup("nsg-scan", Self.denyAll("Outbound")))
            VirtualWANTests.editNetwork(&items, Self.base + "/virtualNetworks/vnet-s") { _, subnets in
                var subnet = subnets[0]["properties"] as? [String: Any] ?? [:]
                subnet["networkSecurityGroup"] = ["id": Self.base + "/networkSecurityGroups/nsg-scan"]
                subnets[0]["properties"] = subnet
            }
        }
        let flow = try SecurityAdminRuleTests.flow(EstateIndex(topology: result.topology), "10.50.1.4", "10.10.1.4", 3389)
        #expect(flow.disposition == .deniedOutbound)
        #expect(flow.decidingRules == ["nsg-scan/deny-all-outbound"])
    }

    @Test("AVNM-5: admin rules apply to every subnet of a targeted VNet, one the rules never name included")
    func everySubnet() throws {
        let vnetP = Self.base + "/virtualNetworks/vnet-p"
        let result = try SecurityAdminRuleTests.load { items in
            items.append(Self.securityGroup("nsg-batch", Self.denyAll("Inbound")))
            VirtualWANTests.editNetwork(&items, vnetP) { _, subnets in
                subnets.append([
                    "id": vnetP + "/subnets/batch", "name": "batch",
                    "properties": ["addressPrefix": "10.10.2.0/24", "networkSecurityGroup": ["id": Self.base + "/networkSecurityGroups/nsg-batch"]],
                ])
            }
            items.append([
                "id": Self.base + "/networkInterfaces/batch-nic", "name": "batch-nic", "type": "Microsoft.Network/networkInterfaces",
                "location": "westeurope",
                "properties": [
                    "ipConfigurations": [["name": "ipconfig1", "properties": ["privateIPAddress": "10.10.2.4", "subnet": ["id": vnetP + "/subnets/batch"]]]]
                ],
            ])
        }
        let index = EstateIndex(topology: result.topology)
        // The scanner's AlwaysAllow gets past nsg-batch's deny; the neighbour, with no admin rule, does not.
        let scanner = try SecurityAdminRuleTests.flow(index, "10.50.1.4", "10.10.2.4", 3389)
        #expect(scanner.disposition == .accepted)
        #expect(scanner.decidingRules == ["sac1/scanner"])
        #expect(try SecurityAdminRuleTests.flow(index, "10.50.1.5", "10.10.2.4", 3389).decidingRules == ["nsg-batch/deny-all-inbound"])
    }
}

import AzureImport
import Foundation
import Testing
import TopologyModel

@testable import Reachability

/// What filters traffic on Virtual WAN paths, and what the import says about what it does not
/// trace (docs/reference/azure-semantics-enterprise.md §1.4, §1.5), on the estate of
/// ``VirtualWANTests``.
@Suite("Virtual WAN filters and flags")
struct VirtualWANFilterTests {
    static let nsgB = VirtualWANTests.base + "/networkSecurityGroups/nsg-b"
    static let vnetB = VirtualWANTests.base + "/virtualNetworks/vnet-b"

    /// nsg-b denies inbound HTTPS from `source`.
    static func denyInbound(_ items: inout [[String: Any]], from source: String) {
        VirtualWANTests.edit(&items, nsgB) { properties in
            properties["securityRules"] = [
                [
                    "name": "deny-https-from", "id": nsgB + "/securityRules/deny-https-from",
                    "properties": [
                        "priority": 100, "direction": "Inbound", "access": "Deny", "protocol": "Tcp", "sourceAddressPrefix": source,
                        "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "443",
                    ],
                ]
            ]
        }
    }

    @Test("VWAN-27: the hub router does not NAT: the destination's NSG sees the sender's own address, through the hub and through its firewall alike")
    func originalSourceAtDestination() throws {
        for secured in [false, true] {
            let result = try VirtualWANTests.load { items in
                if secured { VirtualWANTests.intent(&items) }
                Self.denyInbound(&items, from: "10.1.0.0/16")
            }
            let flow = try VirtualWANTests.flow(result, "10.1.0.4", "10.2.0.4", 443)
            #expect(flow.disposition == .deniedInbound, "secured: \(secured)")
            #expect(flow.decidingRules == ["nsg-b/deny-https-from"])
            #expect(VirtualWANTests.passesFirewall(flow) == secured)
            // A rule on the hub's range (where a SNAT would come from) decides nothing.
            let hubRange = try VirtualWANTests.load { items in
                if secured { VirtualWANTests.intent(&items) }
                Self.denyInbound(&items, from: "10.100.0.0/23")
            }
            #expect(try VirtualWANTests.flow(hubRange, "10.1.0.4", "10.2.0.4", 443).allowed, "secured: \(secured)")
        }
    }

    @Test("VWAN-27: the sender's NSG applies outbound as on any other path")
    func senderSecurityGroup() throws {
        let result = try VirtualWANTests.load { items in
            VirtualWANTests.intent(&items)
            items.append([
                "id": VirtualWANTests.base + "/networkSecurityGroups/nsg-a", "name": "nsg-a", "type": "Microsoft.Network/networkSecurityGroups",
                "location": "westeurope",
                "properties": [
                    "securityRules": [
                        [
                            "name": "deny-out-to-b",
                            "properties": [
                                "priority": 100, "direction": "Outbound", "access": "Deny", "protocol": "*", "sourceAddressPrefix": "*",
                                "sourcePortRange": "*", "destinationAddressPrefix": "10.2.0.0/16", "destinationPortRange": "*",
                            ],
                        ]
                    ]
                ],
            ])
            VirtualWANTests.edit(&items, VirtualWANTests.base + "/networkInterfaces/a-nic") {
                $0["networkSecurityGroup"] = ["id": VirtualWANTests.base + "/networkSecurityGroups/nsg-a"]
            }
        }
        let flow = try VirtualWANTests.flow(result, "10.1.0.4", "10.2.0.4", 443)
        #expect(flow.disposition == .deniedOutbound)
        #expect(flow.decidingRules == ["nsg-a/deny-out-to-b"])
        #expect(try VirtualWANTests.flow(result, "10.1.0.4", "10.3.0.4", 443).allowed, "the rule covers vnet-b only")
    }

    @Test("VWAN-26: a private endpoint subnet without route-table network policies in a spoke of a hub with a private policy is flagged, at the subnet")
    func privateEndpointAsymmetry() throws {
        func estate(policies: String?, intent: Bool) throws -> ImportResult {
            try VirtualWANTests.load { items in
                if intent { VirtualWANTests.intent(&items) }
                VirtualWANTests.editNetwork(&items, Self.vnetB) { _, subnets in
                    var subnet = subnets[0]["properties"] as? [String: Any] ?? [:]
                    if let policies { subnet["privateEndpointNetworkPolicies"] = policies }
                    subnets[0]["properties"] = subnet
                }
                items.append([
                    "id": VirtualWANTests.base + "/privateEndpoints/pe-b", "name": "pe-b", "type": "Microsoft.Network/privateEndpoints",
                    "location": "westeurope",
                    "properties": [
                        "subnet": ["id": Self.vnetB + "/subnets/default"],
                        "customDnsConfigs": [["fqdn": "stb.blob.core.windows.net", "ipAddresses": ["10.2.0.20"]]],
                        "privateLinkServiceConnections": [
                            [
                                "name": "blob",
                                "properties": [
                                    "privateLinkServiceId": VirtualWANTests.base + "/storageAccounts/stb", "groupIds": ["blob"],
                                    "privateLinkServiceConnectionState": ["status": "Approved"],
                                ],
                            ]
                        ],
                    ],
                ])
            }
        }
        func flagged(_ result: ImportResult) -> [Diagnostic] { result.diagnostics.filter { $0.message.contains("VWAN-26") } }
        let bare = try estate(policies: nil, intent: true)
        let flag = try #require(flagged(bare).first)
        #expect(flag.message.contains("vnet-b/default") && flag.message.contains("hub-we") && flag.message.contains("Disabled"))
        #expect(flag.severity == .warning)
        #expect(flagged(try estate(policies: "NetworkSecurityGroupEnabled", intent: true)).count == 1, "NSGs alone do not bring the route")
        #expect(flagged(try estate(policies: "RouteTableEnabled", intent: true)).isEmpty)
        #expect(flagged(try estate(policies: "Enabled", intent: true)).isEmpty)
        #expect(flagged(try estate(policies: nil, intent: false)).isEmpty, "no private policy, no inspection to skip")
    }

    @Test("VWAN-29: allowVnetToVnetTraffic false is ignored with a warning at the field; legacy hub routes are named as not modelled")
    func flags() throws {
        let result = try VirtualWANTests.load { items in
            VirtualWANTests.edit(&items, VirtualWANTests.base + "/virtualWans/wan1") { $0["allowVnetToVnetTraffic"] = false }
            VirtualWANTests.edit(&items, VirtualWANTests.hubWE) {
                $0["routeTable"] = ["routes": [["addressPrefixes": ["10.9.0.0/16"], "nextHopIpAddress": "10.1.0.10"]]]
            }
        }
        let vnetToVnet = try #require(result.diagnostics.first { $0.message.contains("allowVnetToVnetTraffic") })
        #expect(vnetToVnet.message.contains("VWAN-29"))
        #expect(vnetToVnet.pointer?.hasSuffix("/properties/allowVnetToVnetTraffic") == true)
        #expect(result.diagnostics.contains { $0.message.contains("legacy hub routes") && $0.message.contains("VWAN-29") })
        // Ignored: A still reaches B through the hub.
        #expect(try VirtualWANTests.flow(result, "10.1.0.4", "10.2.0.4", 443).allowed)
    }
}

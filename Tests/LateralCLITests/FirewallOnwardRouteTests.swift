import Foundation
import Lateral
import TestSupport
import Testing

/// What a firewall lets out reaches the Internet only if the firewall's own routes send it
/// there (RT-1, RT-7; VWAN-24 for hub firewalls): the way out through afw-hub-gwc of the
/// default estate, with its AzureFirewallSubnet's routes changed.
@Suite("a firewall's own routes decide its way out")
struct FirewallOnwardRouteTests {
    static let firewallSubnet =
        "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-connectivity-germanywestcentral/providers/Microsoft.Network/virtualNetworks/vnet-hub-gwc/subnets/AzureFirewallSubnet"

    static func withDefaultRoute(_ nextHop: String) throws -> Comparison {
        let table =
            "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-connectivity-germanywestcentral/providers/Microsoft.Network/routeTables/rt-afw-gwc"
        return try WhatifEstates.whatif(
            [WhatifEstates.retail],
            operations: """
                  - op: add-resource
                    resource:
                      id: \(table)
                      name: rt-afw-gwc
                      type: Microsoft.Network/routeTables
                      location: germanywestcentral
                      properties:
                        routes:
                          - name: default
                            properties: {addressPrefix: 0.0.0.0/0, nextHopType: \(nextHop)}
                  - op: attach-route-table
                    target: \(firewallSubnet)
                    route-table: \(table)
                """, from: ["tag:role=llm-training"], to: ["internet"])
    }

    @Test("RT-1: a None default route on the firewall's subnet takes away the way out the firewall's rules allow")
    func blackHoleBehindFirewall() throws {
        let comparison = try Self.withDefaultRoute("None")
        #expect(comparison.base.graph.hop(from: "vnet-llm-train-chn/snet-data", to: "internet") != nil, "the base estate exfiltrates through afw-hub-gwc")
        #expect(comparison.changed.graph.hop(from: "vnet-llm-train-chn/snet-data", to: "internet") == nil)
        let hop = try #require(comparison.diff.changedHops.first { $0.from == "vnet-llm-train-chn/snet-data" && $0.to == "internet" })
        #expect(hop.after == nil)
    }

    @Test("control: a default route to the Internet on the firewall's subnet, as Azure requires, changes nothing")
    func internetDefault() throws {
        let comparison = try Self.withDefaultRoute("Internet")
        #expect(comparison.diff.changedHops.isEmpty)
        #expect(comparison.changed.graph.hop(from: "vnet-llm-train-chn/snet-data", to: "internet") != nil)
    }
}

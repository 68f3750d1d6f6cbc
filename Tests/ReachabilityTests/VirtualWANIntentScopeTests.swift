import AzureImport
import Foundation
import Testing
import TopologyModel

@testable import Reachability

/// What routing intent leaves aside: custom tables beside it (VWAN-22) and VNet ranges its
/// private prefixes do not cover (VWAN-23), on the estate of ``VirtualWANTests``.
@Suite("Virtual WAN routing intent's scope")
struct VirtualWANIntentScopeTests {
    @Test("VWAN-21, VWAN-22: a custom table beside routing intent is flagged, and the connection's own association is ignored for the one intent programs")
    func customTableBesideIntent() throws {
        let custom = VirtualWANTests.hubWE + "/hubRouteTables/rt-isolated"
        let result = try VirtualWANTests.load { items in
            VirtualWANTests.intent(&items)
            items.append([
                "id": custom, "name": "rt-isolated", "type": "Microsoft.Network/virtualHubs/hubRouteTables",
                "properties": ["routes": [], "labels": ["isolated"]],
            ])
            // Without intent this association would leave vnet-a with a table that learns nothing.
            VirtualWANTests.edit(&items, VirtualWANTests.hubWE + "/hubVirtualNetworkConnections/conn-a") { properties in
                properties["routingConfiguration"] = [
                    "associatedRouteTable": ["id": custom], "propagatedRouteTables": ["ids": [["id": custom]], "labels": ["isolated"]],
                ]
            }
        }
        let flag = try #require(result.diagnostics.first { $0.message.contains("VWAN-22") })
        #expect(flag.message.contains("rt-isolated") && flag.message.contains("hub-we"))
        let flow = try VirtualWANTests.flow(result, "10.1.0.4", "10.2.0.4", 443)
        #expect(flow.allowed)
        #expect(VirtualWANTests.passesFirewall(flow), "intent associates every connection with defaultRouteTable (VWAN-20, VWAN-21)")
        #expect(try VirtualWANTests.flow(result, "10.1.0.4", "10.2.0.4", 22).disposition == .deniedByFirewall)
    }

    @Test("VWAN-23: a VNet range outside the private traffic prefixes is reached directly, uninspected, by a route that says so")
    func rangeOutsidePrivatePrefixes() throws {
        let vnetB = VirtualWANTests.base + "/virtualNetworks/vnet-b"
        let result = try VirtualWANTests.load { items in
            VirtualWANTests.intent(&items)
            VirtualWANTests.editNetwork(&items, vnetB) { properties, subnets in
                properties["addressSpace"] = ["addressPrefixes": ["10.2.0.0/16", "100.70.0.0/16"]]
                subnets.append(["id": vnetB + "/subnets/cgnat", "name": "cgnat", "properties": ["addressPrefix": "100.70.0.0/24"]])
            }
            items.append([
                "id": VirtualWANTests.base + "/networkInterfaces/b2-nic", "name": "b2-nic", "type": "Microsoft.Network/networkInterfaces",
                "location": "westeurope",
                "properties": [
                    "ipConfigurations": [
                        ["name": "ipconfig1", "properties": ["privateIPAddress": "100.70.0.4", "subnet": ["id": vnetB + "/subnets/cgnat"]]]
                    ]
                ],
            ])
        }
        // fw-we would refuse SSH; the range outside 10/8, 172.16/12 and 192.168/16 skips it on
        // the way in, but the reply to vnet-a is private traffic, which meets fw-we without
        // its request (RT-18): the request is uninspected and the connection still fails.
        let ssh = try VirtualWANTests.flow(result, "10.1.0.4", "100.70.0.4", 22)
        #expect(ssh.disposition == .droppedAsymmetricReturn)
        #expect(!ssh.trace.contains { $0.kind == .firewall && $0.decision == .deny })
        #expect(
            ssh.trace.contains {
                if case .hubRoute(_, _, let route?, _, _, _) = $0.event { return route.contains("outside the private traffic prefixes, VWAN-23") }
                return false
            })
        // Its RFC 1918 range still crosses the firewall.
        #expect(try VirtualWANTests.flow(result, "10.1.0.4", "10.2.0.4", 22).disposition == .deniedByFirewall)
    }
}

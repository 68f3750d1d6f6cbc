import AzureImport
import Foundation
import Testing
import TopologyModel

@testable import Reachability

/// VWAN-24, forced tunnel mode: routing intent with a private policy only, and 0.0.0.0/0
/// among its additional prefixes, exported as a static route of `defaultRouteTable` to the
/// security solution (Microsoft's "Securing Internet access with routing intent", forced
/// tunnel JSON sample). Internet traffic goes to the hub firewall, then on by a default route
/// a connection of the hub propagates; without one, out of the firewall's public address if
/// it has one, else nowhere. Built on the estate of ``VirtualWANTests``.
@Suite("Virtual WAN forced tunnel (VWAN-24)")
struct VirtualWANForcedTunnelTests {
    static let table = VirtualWANTests.hubWE + "/hubRouteTables/defaultRouteTable"

    /// Fixture V3's firewall, intent for private traffic only, and the default table as the
    /// service exports it in forced tunnel mode.
    static func forcedTunnel(_ items: inout [[String: Any]], publicIPs: Int) {
        VirtualWANTests.secure(&items)
        items.append([
            "id": VirtualWANTests.hubWE + "/routingIntent/ri", "name": "ri", "type": "Microsoft.Network/virtualHubs/routingIntent",
            "properties": ["routingPolicies": [["name": "PrivateTraffic", "destinations": ["PrivateTraffic"], "nextHop": VirtualWANTests.firewallWE]]],
        ])
        VirtualWANTests.edit(&items, table) { properties in
            properties["routes"] = [
                [
                    "name": "_policy_PrivateTraffic", "destinationType": "CIDR", "destinations": ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
                    "nextHopType": "ResourceId", "nextHop": VirtualWANTests.firewallWE,
                ],
                [
                    "name": "private_traffic", "destinationType": "CIDR", "destinations": ["0.0.0.0/0"], "nextHopType": "ResourceId",
                    "nextHop": VirtualWANTests.firewallWE,
                ],
            ]
        }
        VirtualWANTests.edit(&items, VirtualWANTests.hubWE + "/hubVirtualNetworkConnections/conn-b") { $0["enableInternetSecurity"] = false }
        VirtualWANTests.edit(&items, VirtualWANTests.firewallWE) { properties in
            var addresses: [String: Any] = ["privateIPAddress": "10.100.0.132"]
            if publicIPs > 0 { addresses["publicIPs"] = ["count": publicIPs, "addresses": [["address": "20.1.2.3"]]] }
            properties["hubIPAddresses"] = addresses
        }
    }

    /// conn-b propagates a static default route to an appliance in vnet-b, the way an NVA in a
    /// spoke gives a forced-tunnel hub its Internet exit; nsg-b lets the forwarded HTTPS in
    /// (its default rules would not: the destination is no VirtualNetwork address).
    static func applianceDefault(_ items: inout [[String: Any]]) {
        VirtualWANTests.edit(&items, VirtualWANTests.base + "/networkSecurityGroups/nsg-b") { properties in
            properties["securityRules"] = [
                [
                    "name": "allow-forwarded-https",
                    "properties": [
                        "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "VirtualNetwork",
                        "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "443",
                    ],
                ]
            ]
        }
        VirtualWANTests.edit(&items, VirtualWANTests.hubWE + "/hubVirtualNetworkConnections/conn-b") { properties in
            properties["routingConfiguration"] = [
                "vnetRoutes": [
                    "staticRoutes": [["name": "egress-nva", "addressPrefixes": ["0.0.0.0/0"], "nextHopIpAddress": "10.2.0.10"]],
                    "staticRoutesConfig": ["propagateStaticRoutes": true],
                ]
            ]
        }
        items.append([
            "id": VirtualWANTests.base + "/networkInterfaces/nva-nic", "name": "nva-nic", "type": "Microsoft.Network/networkInterfaces",
            "location": "westeurope",
            "properties": [
                "enableIPForwarding": true,
                "ipConfigurations": [
                    [
                        "name": "ipconfig1",
                        "properties": [
                            "privateIPAddress": "10.2.0.10",
                            "subnet": ["id": VirtualWANTests.base + "/virtualNetworks/vnet-b/subnets/default"],
                        ],
                    ]
                ],
            ],
        ])
    }

    @Test("VWAN-24: 0.0.0.0/0 among the private prefixes sends a secured spoke's Internet traffic to the hub firewall, and every VNet prefix with it")
    func tableAndSpokeRoutes() throws {
        let result = try VirtualWANTests.load { Self.forcedTunnel(&$0, publicIPs: 1) }
        let index = EstateIndex(topology: result.topology)
        let routes = try #require(index.hubRouting.tables[ResourceID(Self.table)])
        let defaultRoute = try #require(routes.first { $0.prefix == IPPrefix("0.0.0.0/0")! && $0.isStatic })
        #expect(defaultRoute.hop == .firewall(ResourceID(VirtualWANTests.firewallWE)))
        #expect(index.hubRouting.forcedTunnels.keys.contains(ResourceID(VirtualWANTests.hubWE)))
        // Everything is covered by the private prefixes now: no VNet is reached uninspected.
        #expect(!routes.contains { !$0.isStatic && $0.hop == .connection(ResourceID(VirtualWANTests.hubWE + "/hubVirtualNetworkConnections/conn-b")) })
        let a = try #require(result.topology.networks[ResourceID(VirtualWANTests.base + "/virtualNetworks/vnet-a")])
        let b = try #require(result.topology.networks[ResourceID(VirtualWANTests.base + "/virtualNetworks/vnet-b")])
        #expect(index.hubRouting.spokeRoutes(network: a, propagation: true).contains { $0.prefix.length == 0 })
        #expect(!index.hubRouting.spokeRoutes(network: b, propagation: true).contains { $0.prefix.length == 0 }, "conn-b has no enableInternetSecurity")
    }

    @Test("VWAN-24: with no default route learned and no public address on the hub firewall, Internet traffic it allows is black-holed")
    func blackHole() throws {
        let result = try VirtualWANTests.load { Self.forcedTunnel(&$0, publicIPs: 0) }
        let flow = try VirtualWANTests.flow(result, "10.1.0.4", "93.184.216.34", 443)
        #expect(!flow.allowed)
        #expect(flow.disposition == .noRoute)
        #expect(VirtualWANTests.passesFirewall(flow))
        #expect(flow.trace.contains { $0.rules.contains(.vwan(24)) && $0.decision == .drop })
        // vnet-b does not take the hub's default route: it leaves by its own.
        let b = try VirtualWANTests.flow(result, "10.2.0.4", "93.184.216.34", 443)
        #expect(b.allowed)
        #expect(!VirtualWANTests.passesFirewall(b))
        // Private traffic is unchanged: through the firewall, which allows 443.
        #expect(try VirtualWANTests.flow(result, "10.1.0.4", "10.2.0.4", 443).allowed)
        // The attack graph agrees: vnet-a has no way out, vnet-b its own.
        let graph = EstateIndex(topology: result.topology).graph()
        #expect(graph.hop(from: "vnet-a/default", to: AttackNode.internetID) == nil)
        #expect(graph.hop(from: "vnet-b/default", to: AttackNode.internetID) != nil)
    }

    @Test("VWAN-24: with no default route learned, a hub firewall with a public address sends what it allows to the Internet itself")
    func firewallExit() throws {
        let result = try VirtualWANTests.load { Self.forcedTunnel(&$0, publicIPs: 1) }
        let https = try VirtualWANTests.flow(result, "10.1.0.4", "93.184.216.34", 443)
        #expect(https.allowed)
        #expect(VirtualWANTests.passesFirewall(https))
        #expect(https.trace.contains { $0.rules.contains(.vwan(24)) })
        let ssh = try VirtualWANTests.flow(result, "10.1.0.4", "93.184.216.34", 22)
        #expect(ssh.disposition == .deniedByFirewall, "the firewall's policy allows only 443 out")
        let out = try #require(EstateIndex(topology: result.topology).graph().hop(from: "vnet-a/default", to: AttackNode.internetID))
        #expect(out.services == ServiceSet(.tcp, 443))
    }

    @Test("VWAN-24: a default route a connection of the hub propagates takes Internet traffic on from the firewall to its appliance")
    func learnedDefault() throws {
        let result = try VirtualWANTests.load { items in
            Self.forcedTunnel(&items, publicIPs: 0)
            Self.applianceDefault(&items)
        }
        let index = EstateIndex(topology: result.topology)
        #expect(
            index.hubRouting.forcedTunnels[ResourceID(VirtualWANTests.hubWE)]
                == .some(ResourceID(VirtualWANTests.hubWE + "/hubVirtualNetworkConnections/conn-b")))
        let flow = try VirtualWANTests.flow(result, "10.1.0.4", "93.184.216.34", 443)
        #expect(flow.allowed, "\(flow.disposition)")
        #expect(VirtualWANTests.passesFirewall(flow))
        #expect(flow.trace.contains { $0.rules.contains(.vwan(24)) && $0.rules.contains(.vwan(12)) })
        #expect(flow.trace.contains { $0.resourceName == "nva-nic" || $0.resource == ResourceID(VirtualWANTests.base + "/networkInterfaces/nva-nic") })
    }

    @Test("VWAN-24: an Internet policy beside 0.0.0.0/0 in the private prefixes is direct access: the firewall egresses itself, whatever its public addresses")
    func internetPolicyWins() throws {
        let result = try VirtualWANTests.load { items in
            Self.forcedTunnel(&items, publicIPs: 0)
            VirtualWANTests.edit(&items, VirtualWANTests.hubWE + "/routingIntent/ri") { properties in
                properties["routingPolicies"] = [
                    ["name": "PrivateTraffic", "destinations": ["PrivateTraffic"], "nextHop": VirtualWANTests.firewallWE],
                    ["name": "InternetTraffic", "destinations": ["Internet"], "nextHop": VirtualWANTests.firewallWE],
                ]
            }
        }
        #expect(EstateIndex(topology: result.topology).hubRouting.forcedTunnels.isEmpty)
        #expect(try VirtualWANTests.flow(result, "10.1.0.4", "93.184.216.34", 443).allowed)
    }
}

import AuditReport
import AzureImport
import Foundation
import Testing
import TopologyModel

@testable import Reachability

/// The way out: host -> Internet hops (PUB-6, §8 case 35, RT-19, FW-15).
@Suite("Egress and exfiltration")
struct EgressTests {
    func vnet(defaultOutbound: Bool?, publicIP: Bool = false) throws -> ReachabilityGraph {
        var e = MiniEstate()
        e.vnet("v", ["10.1.0.0/16"], subnets: [("s", "10.1.1.0/24", nil, nil)])
        if let defaultOutbound {
            var vnet = e.resources[0]
            var props = vnet["properties"] as! [String: Any]
            var subnets = props["subnets"] as! [[String: Any]]
            var subnetProps = subnets[0]["properties"] as! [String: Any]
            subnetProps["defaultOutboundAccess"] = defaultOutbound
            subnets[0]["properties"] = subnetProps
            props["subnets"] = subnets
            vnet["properties"] = props
            e.resources[0] = vnet
        }
        e.nic("vm", vnet: "v", subnet: "s", ip: "10.1.1.4", publicIP: publicIP ? ("pip", "203.0.113.9", "Standard") : nil)
        return try e.index().graph()
    }

    @Test("PUB-6: default outbound access gives an existing subnet a way out")
    func defaultOutbound() throws {
        let hop = try #require(try vnet(defaultOutbound: nil).hop(from: "v/s", to: "internet"))
        #expect(hop.findings.contains { $0.text.contains("PUB-6") })
        #expect(try vnet(defaultOutbound: true).hop(from: "v/s", to: "internet") != nil)
    }

    @Test("§8 case 35: a private subnet without explicit outbound has no way out; an instance public IP is one")
    func privateSubnet() throws {
        #expect(try vnet(defaultOutbound: false).hop(from: "v/s", to: "internet") == nil)
        #expect(try vnet(defaultOutbound: false, publicIP: true).hop(from: "v/s", to: "internet") != nil)
    }

    @Test("RT-19: through the hub firewall, only what its rules allow leaves; application rules name their FQDNs")
    func throughFirewall() throws {
        var e = HubSpokeEstate(routeAToB: false, extraRoutesA: [("default", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4")])
        let app = HubSpokeEstate.collection(
            "web-out", 300, "Allow",
            [
                [
                    "name": "blob", "protocols": [["protocolType": "Https", "port": 443]],
                    "sourceAddresses": ["10.1.0.0/16"], "targetFqdns": ["*.blob.core.windows.net"],
                ]
            ])
        e.firewall(application: [app])
        let graph = try e.index().graph()
        let hop = try #require(graph.hop(from: "a/s1", to: "internet"))
        #expect(hop.services.ports[.tcp] == PortSet(443...443))
        #expect(hop.firewallRules.map(\.fqdn) == ["*.blob.core.windows.net"])
        #expect(hop.findings.contains { $0.text.contains("*.blob.core.windows.net") })
        var closed = HubSpokeEstate(routeAToB: false, extraRoutesA: [("default", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4")])
        closed.firewall()
        #expect(try closed.index().graph().hop(from: "a/s1", to: "internet") == nil)
    }
}

/// The address that stands for "some Internet host" in examples.
@Suite("Public representative")
struct PublicRepresentativeTests {
    static let index = EstateIndex(topology: try! AzureImporter.load(json: "[]").topology)

    @Test("198.51.100.10 when nothing avoided covers it; else the first public address left")
    func representative() {
        #expect(AddressSet.publicSpace.contains(EstateIndex.preferredPublic))
        #expect(Self.index.publicRepresentative(avoiding: .empty).description == "198.51.100.10")
        #expect(Self.index.publicRepresentative(avoiding: AddressSet(prefixes: [IPPrefix("203.0.113.0/24")!])).description == "198.51.100.10")
        let avoided = AddressSet(prefixes: [IPPrefix("198.51.100.0/24")!])
        let other = Self.index.publicRepresentative(avoiding: avoided)
        #expect(!avoided.contains(other) && AddressSet.publicSpace.contains(other))
        #expect(other == AddressSet.publicSpace.subtracting(avoided).first)
    }
}

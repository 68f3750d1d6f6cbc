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

    @Test(
        "RT-7, PUB-6: a default route to a network virtual appliance that forwards is a way out too: the hop and the flow agree, and the appliance's outbound NSG decides what leaves"
    )
    func throughAppliance() throws {
        for forwarding in [true, false] {
            var e = MiniEstate()
            e.vnet("v", ["10.1.0.0/16"], subnets: [("s", "10.1.1.0/24", nil, "rt"), ("nva", "10.1.9.0/24", nil, nil)])
            e.routeTable("rt", [("default", "0.0.0.0/0", "VirtualAppliance", "10.1.9.4")])
            // NSG-9: the appliance's NSG sees the original destination both ways, so its
            // inbound side must admit traffic bound for the Internet.
            e.nsg(
                "nsg-nva",
                [
                    ("forward-in", 100, "Inbound", "Allow", "*", "VirtualNetwork", "*", "*", "*"),
                    ("no-ssh-out", 100, "Outbound", "Deny", "Tcp", "*", "*", "Internet", "22"),
                ])
            e.nic("nva", vnet: "v", subnet: "nva", ip: "10.1.9.4", forwarding: forwarding)
            e.setProperty(id: MiniEstate.id("networkInterfaces", "nva"), "networkSecurityGroup", ["id": MiniEstate.id("networkSecurityGroups", "nsg-nva")])
            e.nic("vm", vnet: "v", subnet: "s", ip: "10.1.1.4")
            let index = try e.index()
            let flow = try index.check("10.1.1.4", "198.51.100.7", .tcp, 443)
            let hop = index.graph().hop(from: "v/s", to: "internet")
            guard forwarding else {
                #expect(flow.disposition == .droppedAtAppliance)
                #expect(hop == nil)
                continue
            }
            #expect(flow.disposition == .exitsToInternet)
            #expect(hop?.services.contains(.tcp, 443) == true)
            #expect(hop?.services.contains(.tcp, 22) == false, "the appliance's NSG denies SSH out")
            #expect(try index.check("10.1.1.4", "198.51.100.7", .tcp, 22).disposition == .deniedOutbound)
            #expect(hop?.via.contains { $0.kind == .appliance } == true)
        }
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

import AuditReport
import AzureImport
import Foundation
import Reachability
import Testing
import TopologyModel

/// Explicit outbound: NAT gateways and load-balancer outbound rules as ways out (PUB-6,
/// §8 case 35), and their precedence over instance public IPs and default outbound access.
@Suite("Explicit outbound: NAT gateways and outbound rules")
struct OutboundAccessTests {
    static let natDetail =
        "via NAT gateway nat1 (public IPs 203.0.113.50, prefix 203.0.113.64/28): explicit outbound for subnet s, ahead of instance public IPs, load-balancer outbound rules and default outbound access; it admits no inbound connection (PUB-6)"

    /// VNet `v` with subnet `s` (private unless `privateSubnet` is false) holding `vm`
    /// (10.1.1.4) and `other` (10.1.1.5).
    func estate(privateSubnet: Bool = true, nat: Bool = false, vmPublicIP: Bool = false, outboundProtocol: String? = nil) -> MiniEstate {
        var e = MiniEstate()
        e.vnet("v", ["10.1.0.0/16"], subnets: [("s", "10.1.1.0/24", nil, nil)])
        if privateSubnet { e.setSubnet("v", "s", "defaultOutboundAccess", false) }
        e.nic("vm", vnet: "v", subnet: "s", ip: "10.1.1.4", publicIP: vmPublicIP ? ("vm-pip", "203.0.113.9", "Standard") : nil)
        e.nic("other", vnet: "v", subnet: "s", ip: "10.1.1.5")
        if nat { e.natGateway("nat1", publicIPs: [("nat-pip", "203.0.113.50")], prefixes: [("nat-prefix", "203.0.113.64/28")], subnets: [("v", "s")]) }
        if let outboundProtocol {
            e.loadBalancer(
                "lb", publicIP: ("lb-pip", "203.0.113.80"), members: ["vm"],
                outboundRules: [["name": "out", "properties": ["protocol": outboundProtocol, "allocatedOutboundPorts": 1024]]])
        }
        return e
    }

    @Test("PUB-6: a NAT gateway is explicit outbound for a private subnet, named with its public IPs in the hop and the flow")
    func natGatewayEgress() throws {
        let index = try estate(nat: true).index()
        let hop = try #require(index.graph().hop(from: "v/s", to: "internet"))
        #expect(hop.via.map(\.kind) == [.route, .publicIP])
        #expect(hop.via.map(\.resourceName) == ["default route to the Internet", "nat1"])
        #expect(hop.via.last?.detail == Self.natDetail)
        #expect(hop.findings.map(\.text) == [Self.natDetail])
        #expect(hop.services.contains(.tcp, 443) && hop.services.contains(.udp, 53))
        #expect(!hop.services.contains(.icmp, 0), "a NAT gateway carries TCP and UDP only")
        let flow = try index.check("10.1.1.4", "8.8.8.8", .tcp, 443)
        #expect(flow.disposition == .exitsToInternet)
        #expect(flow.trace.map(\.kind) == [.source, .route, .publicIP, .destination])
        #expect(flow.trace[2].resourceName == "nat1")
        #expect(flow.trace[2].detail == Self.natDetail)
    }

    @Test("PUB-6: ICMP does not leave through a NAT gateway, and nothing else takes it out, even from a non-private subnet")
    func natGatewayCarriesNoICMP() throws {
        for privateSubnet in [true, false] {
            let index = try estate(privateSubnet: privateSubnet, nat: true, vmPublicIP: true).index()
            let ping = try index.check("10.1.1.4", "8.8.8.8", .icmp, 0)
            #expect(ping.disposition == .noRoute, "private=\(privateSubnet)")
            #expect(ping.trace.last?.resourceName == "nat1")
            #expect(ping.trace.last?.detail.contains("TCP and UDP only") == true)
            #expect(try index.check("10.1.1.4", "8.8.8.8", .udp, 53).disposition == .exitsToInternet)
        }
    }

    @Test("§8 case 35: a private subnet without explicit outbound has no way out, in paths and in flows")
    func privateSubnetNoWayOut() throws {
        let index = try estate().index()
        #expect(index.graph().hop(from: "v/s", to: "internet") == nil)
        let flow = try index.check("10.1.1.4", "8.8.8.8", .tcp, 443)
        #expect(flow.disposition == .noRoute)
        #expect(flow.trace.map(\.kind) == [.source, .route, .note])
        #expect(
            flow.trace.last?.detail
                == "no explicit outbound for tcp (NAT gateway, instance public IP, load-balancer outbound rule) and subnet s is private (defaultOutboundAccess=false): no way out (§8 case 35 of the reference) (PUB-6)"
        )
    }

    @Test("the NAT gateway takes precedence over an instance public IP and an outbound rule")
    func natPrecedence() throws {
        let index = try estate(nat: true, vmPublicIP: true, outboundProtocol: "All").index()
        let graph = index.graph()
        let node = try #require(graph.nodes.first { $0.endpoints.contains { $0.address == IPAddress("10.1.1.4")! } })
        let hop = try #require(graph.hop(from: node.id, to: "internet"))
        #expect(hop.via.map(\.resourceName) == ["default route to the Internet", "nat1"])
        #expect(hop.findings.map(\.text) == [Self.natDetail])
        let flow = try index.check("10.1.1.4", "8.8.8.8", .udp, 53)
        #expect(flow.disposition == .exitsToInternet)
        #expect(flow.trace.filter { $0.kind == .publicIP }.map(\.resourceName) == ["nat1"])
    }

    @Test("PUB-6: no connection from the Internet comes in through a NAT gateway's public IP")
    func noInboundThroughNAT() throws {
        let index = try estate(privateSubnet: false, nat: true).index()
        let flow = try index.check("198.51.100.7", "203.0.113.50", .tcp, 22)
        #expect(flow.disposition == .deniedInbound)
        #expect(flow.trace.map(\.kind) == [.source, .publicIP])
        #expect(
            flow.trace.last?.detail
                == "203.0.113.50 is a public address of NAT gateway nat1, which only translates connections started inside: no way in (PUB-6)")
        let inPrefix = try index.check("198.51.100.7", "203.0.113.70", .tcp, 22)
        #expect(inPrefix.disposition == .deniedInbound)
        let graph = index.graph()
        #expect(graph.hops.filter { $0.from == "internet" }.isEmpty)
    }

    @Test("a NAT gateway without public addresses gives its subnet no way out, even where default outbound access would")
    func natWithoutAddresses() throws {
        var e = estate(privateSubnet: false)
        e.natGateway("nat0", publicIPs: [], subnets: [("v", "s")])
        let result = try AzureImporter.load(json: e.json, file: "nat.json")
        let warning = try #require(result.diagnostics.first { $0.message.contains("nat0") })
        #expect(warning.severity == .warning)
        #expect(warning.file == "nat.json")
        #expect(warning.pointer == "/3")
        let index = EstateIndex(topology: result.topology)
        #expect(index.graph().hop(from: "v/s", to: "internet") == nil)
        let flow = try index.check("10.1.1.4", "8.8.8.8", .tcp, 443)
        #expect(flow.disposition == .noRoute)
        #expect(flow.trace.last?.detail == "the subnet's NAT gateway has no public address: nothing translates the packet (PUB-6)")
    }

    @Test("outbound rules: pool members leave for the rule's protocol only; non-members stay in")
    func outboundRuleEgress() throws {
        let index = try estate(outboundProtocol: "Tcp").index()
        let graph = index.graph()
        let vm = try #require(graph.nodes.first { $0.endpoints.contains { $0.address == IPAddress("10.1.1.4")! } })
        let other = try #require(graph.nodes.first { $0.endpoints.contains { $0.address == IPAddress("10.1.1.5")! } })
        #expect(vm.id != other.id, "outbound-rule membership splits the subnet's hosts")
        let hop = try #require(graph.hop(from: vm.id, to: "internet"))
        let detail = "via load balancer lb outbound rule out (tcp; frontend public IPs 203.0.113.80): explicit outbound for pool pool (PUB-6)"
        #expect(hop.via.map(\.resourceName) == ["default route to the Internet", "lb"])
        #expect(hop.via.last?.detail == detail)
        #expect(hop.services.entries.map(\.proto) == [.tcp])
        #expect(hop.services.ports[.tcp]?.isFull == true)
        #expect(graph.hop(from: other.id, to: "internet") == nil)
        let tcp = try index.check("10.1.1.4", "8.8.8.8", .tcp, 443)
        #expect(tcp.disposition == .exitsToInternet)
        #expect(tcp.trace.map(\.kind) == [.source, .route, .publicIP, .destination])
        #expect(tcp.trace[2].detail == detail)
        #expect(try index.check("10.1.1.4", "8.8.8.8", .udp, 53).disposition == .noRoute)
        #expect(try index.check("10.1.1.5", "8.8.8.8", .tcp, 443).disposition == .noRoute)
        #expect(try index.check("198.51.100.7", "203.0.113.80", .tcp, 443).disposition == .deniedInbound)
    }

    @Test("outbound rule plus default outbound access: TCP leaves by the rule, the rest by default outbound access")
    func outboundRuleAndDefault() throws {
        let index = try estate(privateSubnet: false, outboundProtocol: "Tcp").index()
        let graph = index.graph()
        let vm = try #require(graph.nodes.first { $0.endpoints.contains { $0.address == IPAddress("10.1.1.4")! } })
        let hop = try #require(graph.hop(from: vm.id, to: "internet"))
        #expect(hop.via.map(\.resourceName) == ["default route to the Internet", "lb", "s"])
        #expect(hop.services.isEverything)
        let udp = try index.check("10.1.1.4", "8.8.8.8", .udp, 53)
        #expect(udp.trace.filter { $0.kind == .publicIP }.map(\.resourceName) == ["s"])
    }
}

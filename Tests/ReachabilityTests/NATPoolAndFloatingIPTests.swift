import AuditReport
import AzureImport
import Foundation
import Reachability
import Testing
import TopologyModel

/// Inbound NAT pools (one frontend port per instance, PUB-2, NSG-7) and floating IP on
/// load-balancing rules (PUB-2: NSGs matched against the frontend and the backend address).
@Suite("Inbound NAT pools and floating IP")
struct NATPoolAndFloatingIPTests {
    static func allow(_ name: String, destination: String, port: String) -> (String, Int, String, String, String, String, String, String, String) {
        (name, 100, "Inbound", "Allow", "Tcp", "Internet", "*", destination, port)
    }

    /// Scale-set instances vm0 (10.1.1.4) and vm1 (10.1.1.5) in a pool `ssh`
    /// 50000-50001 -> 22, members from the NIC side.
    func natPoolEstate(nsgPort: String) throws -> EstateIndex {
        var e = MiniEstate()
        e.vnet("v", ["10.1.0.0/16"], subnets: [("s", "10.1.1.0/24", "nsg", nil)])
        e.nsg("nsg", [Self.allow("allow", destination: "*", port: nsgPort)])
        for (name, ip) in [("vm1", "10.1.1.5"), ("vm0", "10.1.1.4")] {
            e.nic(name, vnet: "v", subnet: "s", ip: ip)
            e.setIPConfiguration(name, "loadBalancerInboundNatPools", [["id": MiniEstate.id("loadBalancers", "lb") + "/inboundNatPools/ssh"]])
        }
        e.loadBalancer(
            "lb", publicIP: ("lb-pip", "203.0.113.80"), members: [],
            natPools: [["name": "ssh", "properties": ["protocol": "Tcp", "frontendPortRangeStart": 50000, "frontendPortRangeEnd": 50001, "backendPort": 22]]])
        return try e.index()
    }

    @Test("PUB-2: each pool instance gets its own frontend port, in address order, translated to the backend port")
    func natPoolFlows() throws {
        let index = try natPoolEstate(nsgPort: "22")
        let first = try index.check("198.51.100.7", "203.0.113.80", .tcp, 50000)
        #expect(first.disposition == .accepted)
        #expect(first.trace.map(\.kind) == [.source, .publicIP, .destination, .securityGroup])
        #expect(
            first.trace[1].detail
                == "Standard load balancer lb inbound NAT pool ssh (frontend ports 50000-50001, one per instance in address order; instance port 50000): 203.0.113.80:50000 -> 10.1.1.4:22 (PUB-2, NSG-7)"
        )
        #expect(first.decidingRules == ["nsg/allow"])
        let second = try index.check("198.51.100.7", "203.0.113.80", .tcp, 50001)
        #expect(second.disposition == .accepted)
        #expect(second.trace[1].detail.hasSuffix("203.0.113.80:50001 -> 10.1.1.5:22 (PUB-2, NSG-7)"))
        let outside = try index.check("198.51.100.7", "203.0.113.80", .tcp, 50002)
        #expect(outside.disposition == .noRoute)
        let graph = index.graph()
        let hop0 = try #require(graph.hop(from: "internet", to: "v/s:vm0"))
        #expect(hop0.services.ports[.tcp] == PortSet(22...22))
        #expect(hop0.witness.port == 50000)
        #expect(hop0.witness.translatedDestination == IPAddress("10.1.1.4"))
        #expect(hop0.via.map(\.rule) == ["ssh.0"])
        let hop1 = try #require(graph.hop(from: "internet", to: "v/s:vm1"))
        #expect(hop1.witness.port == 50001)
    }

    @Test("NSG-7: the NSG must allow the pool's backend port, not its frontend ports")
    func natPoolBackendPort() throws {
        let index = try natPoolEstate(nsgPort: "50000-50001")
        let flow = try index.check("198.51.100.7", "203.0.113.80", .tcp, 50000)
        #expect(flow.disposition == .deniedInbound)
        #expect(flow.decidingRules == ["nsg/DenyAllInBound"])
        #expect(index.graph().hops.filter { $0.from == "internet" }.isEmpty)
    }

    /// web (10.1.1.4) behind `lb` rule 80 -> 80; the NSG allows port 80 to `destination`.
    func floatingEstate(floating: Bool, destination: String) throws -> EstateIndex {
        var e = MiniEstate()
        e.vnet("v", ["10.1.0.0/16"], subnets: [("s", "10.1.1.0/24", "nsg", nil)])
        e.nsg("nsg", [Self.allow("allow-80", destination: destination, port: "80")])
        e.nic("web", vnet: "v", subnet: "s", ip: "10.1.1.4")
        e.loadBalancer(
            "lb", publicIP: ("lb-pip", "203.0.113.80"), members: ["web"],
            rules: [["name": "http", "properties": ["protocol": "Tcp", "frontendPort": 80, "backendPort": 80, "enableFloatingIP": floating]]])
        return try e.index()
    }

    @Test("PUB-2 (UNCONFIRMED): with floating IP an NSG rule naming the frontend address admits; without it, it does not")
    func floatingFrontend() throws {
        let floating = try floatingEstate(floating: true, destination: "203.0.113.80")
        let flow = try floating.check("198.51.100.7", "203.0.113.80", .tcp, 80)
        #expect(flow.disposition == .accepted)
        #expect(flow.trace.map(\.kind) == [.source, .publicIP, .destination, .securityGroup, .note, .securityGroup])
        #expect(flow.decidingRules == ["nsg/DenyAllInBound", "nsg/allow-80"])
        #expect(
            flow.trace[4].detail
                == "floating IP on http: the backend receives packets addressed to 203.0.113.80; NSG rules are matched against the backend address and the frontend address, and either admits (PUB-2, UNCONFIRMED)"
        )
        let hop = try #require(floating.graph().hop(from: "internet", to: "v/s"))
        #expect(hop.services.ports[.tcp] == PortSet(80...80))
        #expect(hop.findings.map(\.text) == [flow.trace[4].detail])
        let plain = try floatingEstate(floating: false, destination: "203.0.113.80")
        #expect(try plain.check("198.51.100.7", "203.0.113.80", .tcp, 80).disposition == .deniedInbound)
        #expect(plain.graph().hop(from: "internet", to: "v/s") == nil)
    }

    @Test("floating IP keeps the backend view: a rule naming the backend address still admits on the first evaluation")
    func floatingBackend() throws {
        let index = try floatingEstate(floating: true, destination: "10.1.1.4")
        let flow = try index.check("198.51.100.7", "203.0.113.80", .tcp, 80)
        #expect(flow.disposition == .accepted)
        #expect(flow.decidingRules == ["nsg/allow-80"])
        #expect(!flow.trace.contains { $0.kind == .note })
    }

    @Test(
        "PUB-2: a hop through a floating-IP rule is the union of both views: the backend view admits TCP, the frontend view UDP, and the hop carries both"
    )
    func floatingUnion() throws {
        var e = MiniEstate()
        e.vnet("v", ["10.1.0.0/16"], subnets: [("s", "10.1.1.0/24", "nsg", nil)])
        e.nsg(
            "nsg",
            [
                ("tcp-to-backend", 100, "Inbound", "Allow", "Tcp", "Internet", "*", "10.1.1.4", "53"),
                ("udp-to-frontend", 110, "Inbound", "Allow", "Udp", "Internet", "*", "203.0.113.80", "53"),
            ])
        e.nic("dns", vnet: "v", subnet: "s", ip: "10.1.1.4")
        e.loadBalancer(
            "lb", publicIP: ("lb-pip", "203.0.113.80"), members: ["dns"],
            rules: [["name": "dns", "properties": ["protocol": "All", "frontendPort": 53, "backendPort": 53, "enableFloatingIP": true] as [String: Any]]])
        let index = try e.index()
        #expect(try index.check("198.51.100.7", "203.0.113.80", .tcp, 53).decidingRules == ["nsg/tcp-to-backend"])
        #expect(try index.check("198.51.100.7", "203.0.113.80", .udp, 53).decidingRules == ["nsg/DenyAllInBound", "nsg/udp-to-frontend"])
        let hop = try #require(index.graph().hop(from: "internet", to: "v/s"))
        #expect(hop.services.ports[.tcp] == PortSet(53...53))
        #expect(hop.services.ports[.udp] == PortSet(53...53), "the frontend view's UDP is part of the hop")
        #expect(Set(hop.allowedBy.map(\.rule.name)) == ["tcp-to-backend", "udp-to-frontend"])
    }
}

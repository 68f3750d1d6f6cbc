import Testing
import TopologyModel

@testable import Reachability

/// NSG rules the fixture matrix does not cover, each with the rule ID it checks.
@Suite("NSG semantics beyond the fixture matrix")
struct SecurityRuleSemanticsTests {
    /// Two peered VNets, one VM each; `nsgB` on b's subnet.
    func pair(
        nsgB rules: [(String, Int, String, String, String, String, String, String, String)],
        nsgA: [(String, Int, String, String, String, String, String, String, String)]? = nil,
        tableB: [(String, String, String, String?)]? = nil, pipB: Bool = false
    ) -> MiniEstate {
        var e = MiniEstate()
        e.vnet("a", ["10.1.0.0/16"], subnets: [("s1", "10.1.1.0/24", nsgA == nil ? nil : "nsg-a", nil)])
        e.vnet("b", ["10.2.0.0/16"], subnets: [("s1", "10.2.1.0/24", "nsg-b", tableB == nil ? nil : "rt-b")])
        e.peer("a", "b")
        e.nsg("nsg-b", rules)
        if let nsgA { e.nsg("nsg-a", nsgA) }
        if let tableB { e.routeTable("rt-b", tableB) }
        e.nic("vm-a", vnet: "a", subnet: "s1", ip: "10.1.1.4")
        e.nic("vm-b", vnet: "b", subnet: "s1", ip: "10.2.1.4", publicIP: pipB ? ("pip-b", "203.0.113.20", "Standard") : nil)
        return e
    }

    @Test("NSG-8: platform addresses are not filtered by NSGs")
    func platformAddress() throws {
        let e = pair(nsgB: [], nsgA: [("deny-all-out", 100, "Outbound", "Deny", "*", "*", "*", "*", "*")])
        let result = try e.index().check("10.1.1.4", "168.63.129.16", .udp, 53)
        #expect(result.disposition == .platform)
        #expect(result.decidingRules.isEmpty)
    }

    @Test("NSG-28: stateful; the responder's outbound rules never judge the reply")
    func stateful() throws {
        let e = pair(nsgB: [("deny-all-out", 100, "Outbound", "Deny", "*", "*", "*", "*", "*")])
        let result = try e.index().check("10.1.1.4", "10.2.1.4", .tcp, 443)
        #expect(result.disposition == .accepted)
        #expect(result.decidingRules == ["nsg-b/AllowVnetInBound"])
    }

    @Test("NSG-16: ports are ignored for ICMP")
    func icmpIgnoresPorts() throws {
        let e = pair(nsgB: [
            ("allow-22", 100, "Inbound", "Allow", "*", "*", "*", "*", "22"),
            ("deny-rest", 200, "Inbound", "Deny", "*", "*", "*", "*", "*"),
        ])
        let result = try e.index().check("10.1.1.4", "10.2.1.4", .icmp, 0)
        #expect(result.decidingRules == ["nsg-b/allow-22"])
    }

    @Test("NSG-15: '*' matches ESP by default (over-approximation), not with the option off")
    func starProtocol() throws {
        let e = pair(nsgB: [
            ("allow-any", 100, "Inbound", "Allow", "*", "*", "*", "*", "*"),
            ("deny-rest", 200, "Inbound", "Deny", "*", "*", "*", "*", "*"),
        ])
        #expect(try e.index().check("10.1.1.4", "10.2.1.4", .esp, 0).decidingRules == ["nsg-b/allow-any"])
        var strict = AnalysisOptions()
        strict.starMatchesAllProtocols = false
        // With `*` read as TCP/UDP/ICMP only, no rule (defaults included) matches ESP and the
        // NSG's implicit deny, reported as DenyAllInBound, decides.
        let strictResult = try e.index(strict).check("10.1.1.4", "10.2.1.4", .esp, 0)
        #expect(strictResult.decidingRules == ["nsg-b/DenyAllInBound"])
        #expect(!strictResult.allowed)
    }

    @Test("NSG-23: an IPv6 prefix never matches an IPv4 packet")
    func familiesApart() throws {
        let e = pair(nsgB: [("deny-v6", 100, "Inbound", "Deny", "*", "::/0", "*", "*", "*")])
        #expect(try e.index().check("10.1.1.4", "10.2.1.4").decidingRules == ["nsg-b/AllowVnetInBound"])
    }

    @Test("NSG-30, §8 case 7: user-defined route prefixes widen VirtualNetwork; 0.0.0.0/0 makes AllowVnetInBound admit the Internet")
    func routePrefixesWiden() throws {
        let e = pair(nsgB: [], tableB: [("default", "0.0.0.0/0", "Internet", nil)], pipB: true)
        let widened = try e.index().check("198.51.100.7", "203.0.113.20", .tcp, 3389)
        #expect(widened.decidingRules == ["nsg-b/AllowVnetInBound"])
        #expect(widened.allowed)
        var strict = AnalysisOptions()
        strict.routePrefixesWidenVirtualNetwork = false
        #expect(try e.index(strict).check("198.51.100.7", "203.0.113.20", .tcp, 3389).decidingRules == ["nsg-b/DenyAllInBound"])
    }

    @Test("NSG-31: the Internet tag excludes VNet and peered space")
    func internetTagExcludesPeers() throws {
        let e = pair(nsgB: [("deny-internet", 100, "Inbound", "Deny", "*", "Internet", "*", "*", "*")])
        #expect(try e.index().check("10.1.1.4", "10.2.1.4").decidingRules == ["nsg-b/AllowVnetInBound"])
    }

    @Test("NSG-32: AllowAzureLoadBalancerInBound does not admit Internet clients")
    func loadBalancerTag() throws {
        let e = pair(nsgB: [], pipB: true)
        #expect(try e.index().check("198.51.100.7", "203.0.113.20", .tcp, 80).decidingRules == ["nsg-b/DenyAllInBound"])
    }

    @Test("NSG-33: unexpandable tags allow public sources on Allow rules and protect nothing on Deny rules")
    func unknownTags() throws {
        let allow = pair(nsgB: [("allow-azurecloud", 100, "Inbound", "Allow", "Tcp", "AzureCloud", "*", "*", "443")], pipB: true)
        #expect(try allow.index().check("198.51.100.7", "203.0.113.20", .tcp, 443).decidingRules == ["nsg-b/allow-azurecloud"])
        var conservative = AnalysisOptions()
        conservative.unknownTagsAllowPublic = false
        #expect(try allow.index(conservative).check("198.51.100.7", "203.0.113.20", .tcp, 443).decidingRules == ["nsg-b/DenyAllInBound"])
        let deny = pair(nsgB: [("deny-storage", 100, "Inbound", "Deny", "*", "Storage", "*", "*", "*")])
        #expect(try deny.index().check("10.1.1.4", "10.2.1.4").decidingRules == ["nsg-b/AllowVnetInBound"])
    }

    @Test("PEER-6: allowVirtualNetworkAccess=false on either side takes the peer out of VirtualNetwork")
    func virtualNetworkAccessEitherSide() throws {
        for falseSide in ["a", "b"] {
            var e = MiniEstate()
            e.vnet("a", ["10.1.0.0/16"], subnets: [("s1", "10.1.1.0/24", "nsg-a", nil)])
            e.vnet("b", ["10.2.0.0/16"], subnets: [("s1", "10.2.1.0/24", "nsg-b", nil)])
            e.peer(falseSide == "a" ? "a" : "b", falseSide == "a" ? "b" : "a", reverse: false, allowVirtualNetworkAccess: false)
            e.peer(falseSide == "a" ? "b" : "a", falseSide == "a" ? "a" : "b", reverse: false)
            e.nsg("nsg-a", [])
            e.nsg("nsg-b", [])
            e.nic("vm-a", vnet: "a", subnet: "s1", ip: "10.1.1.4")
            e.nic("vm-b", vnet: "b", subnet: "s1", ip: "10.2.1.4")
            let result = try e.index().check("10.1.1.4", "10.2.1.4")
            #expect(!result.allowed, "flag false on \(falseSide)")
        }
    }

    @Test("PEER-7: traffic from outside the sending VNet needs allowForwardedTraffic on the receiving side")
    func forwardedTraffic() throws {
        for (flag, expectDelivered) in [(false, false), (true, true)] {
            var e = MiniEstate()
            e.vnet("hub", ["10.0.0.0/16"], subnets: [("nva", "10.0.1.0/24", nil, nil)])
            e.vnet("spoke", ["10.2.0.0/16"], subnets: [("s1", "10.2.1.0/24", nil, nil)])
            e.peer("hub", "spoke", reverse: false)
            e.peer("spoke", "hub", reverse: false, allowForwardedTraffic: flag)
            let index = try e.index()
            let outcome = index.forward(
                from: ResourceID(MiniEstate.id("virtualNetworks", "hub") + "/subnets/nva"),
                source: IPAddress("10.9.9.9")!, to: IPAddress("10.2.1.4")!)
            switch outcome {
            case .delivered: #expect(expectDelivered)
            case .dropped(let d, _): #expect(!expectDelivered && d == .deniedForwarded)
            case .internet, .appliance, .onPremises: Issue.record("unexpected route")
            }
        }
    }
}

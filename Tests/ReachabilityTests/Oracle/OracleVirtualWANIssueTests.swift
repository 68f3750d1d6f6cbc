import Reachability
import Testing
import TopologyModel

/// The smallest Virtual WAN estates that show the engine bugs F13, F14 and F16 of
/// FINDINGS.md, inside `withKnownIssue` (see ``OracleKnownIssueTests``), and a control that
/// agrees.
@Suite("Oracle: minimal Virtual WAN reproductions of known engine bugs")
struct OracleVirtualWANIssueTests {
    /// `v0` 10.0.0.0/26 (`s0` 10.0.0.0/28, `nic0` 10.0.0.4) and `v1` 10.0.0.64/26 (`s0`
    /// 10.0.0.64/28, `nic1` 10.0.0.68, `nic2` 10.0.0.69 with IP forwarding), no NSGs; a Standard
    /// WAN whose hub `hub0` (10.100.0.0/24) connects the VNets in `connected`, with default
    /// association and propagation.
    static func estate(connected: [Int] = [0, 1]) -> OracleEstate {
        var e = OracleEstate(seed: 0)
        e.vnets = [
            .init(name: "v0", space: OraclePrefix("10.0.0.0/26"), subnets: [.init(name: "s0", prefix: OraclePrefix("10.0.0.0/28"))], peerings: []),
            .init(name: "v1", space: OraclePrefix("10.0.0.64/26"), subnets: [.init(name: "s0", prefix: OraclePrefix("10.0.0.64/28"))], peerings: []),
        ]
        e.nics = [("10.0.0.4", 0), ("10.0.0.68", 1), ("10.0.0.69", 1)].enumerated().map { n, host in
            .init(name: "nic\(n)", nsg: nil, forwarding: n == 2, configs: [.init(vnet: host.1, subnet: 0, address: oracleAddress(host.0), publicIP: nil)])
        }
        var wan = OracleEstate.VirtualWAN(standard: true)
        wan.hubs = [
            .init(
                name: "hub0", range: OracleEstate.hubRange(0),
                tables: [.init(name: "defaultRouteTable", labels: ["default"]), .init(name: "noneRouteTable", labels: ["none"])])
        ]
        wan.connections = connected.map { .init(name: "conn-v\($0)", vnet: $0, hub: 0) }
        e.wan = wan
        return e
    }

    /// Gives hub0 a firewall allowing all TCP, with routing intent for private traffic
    /// (VWAN-19, VWAN-20) and the SNAT private ranges given.
    static func secure(_ e: inout OracleEstate, privateRanges: [String]? = nil) {
        let rule = OracleEstate.FirewallRule(name: "all", protocols: ["TCP"], sources: [.any], destinations: [.any], ports: [])
        e.firewalls.append(
            .init(
                name: "fwh0", vnet: -1, subnet: -1, address: oracleAddress("10.100.0.4"), viaPolicy: true, groupPriorities: [100],
                collections: [.init(name: "c0", priority: 100, group: 0, allow: true, rules: [rule])],
                privateRanges: privateRanges.map { $0.map(OraclePrefix.init) }, hub: 0))
        e.wan!.hubs[0].firewall = e.firewalls.count - 1
        e.wan!.hubs[0].intent = .init(privateTraffic: true, internet: false)
    }

    static func flow(_ e: OracleEstate, _ source: String, _ destination: String, port: UInt16 = 22) throws -> (Oracle.Outcome, FlowResult) {
        let packet = OraclePacket(
            source: oracleAddress(source), destination: oracleAddress(destination), proto: .tcp, destinationPort: port, sourcePort: 1024)
        let flow = try e.engineIndex().verdict(
            FlowQuery(source: .v4(packet.source), destination: .v4(packet.destination), proto: .tcp, destinationPort: port, sourcePort: 1024))
        return (Oracle(e).decide(packet), flow)
    }

    @Test("control: two spokes of a default Standard WAN, and through a secured hub, agree (VWAN-8, VWAN-13, VWAN-19)")
    func control() throws {
        var e = Self.estate()
        var (oracle, flow) = try Self.flow(e, "10.0.0.4", "10.0.0.68")
        #expect(oracle == .accepted && flow.disposition == .accepted, "oracle \(oracle), engine \(flow.disposition.rawValue)")
        var mismatches = try OracleKnownIssueTests.hopMismatches(e)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
        Self.secure(&e)
        (oracle, flow) = try Self.flow(e, "10.0.0.4", "10.0.0.68")
        #expect(oracle == .accepted && flow.disposition == .accepted, "oracle \(oracle), engine \(flow.disposition.rawValue)")
        mismatches = try OracleKnownIssueTests.hopMismatches(e)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test("F13 (fixed): the reply to a hub firewall's SNAT address returns over the spoke's route to the hub's range (FW-16, VWAN-13.1)")
    func hubFirewallSNAT() throws {
        var e = Self.estate()
        Self.secure(&e, privateRanges: ["255.255.255.255/32"])
        let (oracle, flow) = try Self.flow(e, "10.0.0.4", "10.0.0.68")
        #expect(oracle == .accepted)
        #expect(flow.disposition == .accepted, "engine \(flow.disposition.rawValue)")
    }

    @Test("F14 (fixed): an appliance reached only over the hub is no next hop (RT-7: not via Virtual WAN)")
    func applianceAcrossHub() throws {
        var e = Self.estate()
        // v0 sends 10.0.0.64/27 to nic2 in v1, which v0 does not peer with.
        e.routeTables = [.init(name: "rt0", routes: [.init(name: "u0", prefix: OraclePrefix("10.0.0.64/27"), nextHop: .appliance(oracleAddress("10.0.0.69")))])]
        e.vnets[0].subnets[0].routeTable = 0
        let (oracle, flow) = try Self.flow(e, "10.0.0.4", "10.0.0.68")
        #expect(oracle != .accepted)
        #expect(flow.disposition != .accepted, "engine \(flow.disposition.rawValue)")
    }

    @Test("F16 (fixed): a hop whose reply meets a hub firewall, not the VNet firewall that forwarded the request, is no hop (RT-18)")
    func replyThroughHubFirewall() throws {
        // v0 (off the WAN) sends v1's range to fw0 in v2, which peers with both; v1's reply to
        // v0 takes the hub's 10/8 to fwh0.
        var e = Self.estate(connected: [1])
        Self.secure(&e)
        e.vnets.append(
            .init(
                name: "v2", space: OraclePrefix("10.0.0.128/26"), subnets: [.init(name: "AzureFirewallSubnet", prefix: OraclePrefix("10.0.0.128/29"))],
                peerings: []))
        for (a, b) in [(0, 2), (2, 0), (1, 2), (2, 1)] {
            e.vnets[a].peerings.append(.init(remote: b, state: "Connected", allowVirtualNetworkAccess: true, allowForwardedTraffic: true))
        }
        let rule = OracleEstate.FirewallRule(name: "all", protocols: ["TCP"], sources: [.any], destinations: [.any], ports: [])
        e.firewalls.insert(
            .init(
                name: "fw0", vnet: 2, subnet: 0, address: oracleAddress("10.0.0.132"), viaPolicy: false, groupPriorities: [0],
                collections: [.init(name: "c0", priority: 100, group: 0, allow: true, rules: [rule])], privateRanges: nil),
            at: 0)
        e.wan!.hubs[0].firewall = 1
        e.routeTables = [
            .init(name: "rt0", routes: [.init(name: "u0", prefix: OraclePrefix("10.0.0.64/26"), nextHop: .appliance(oracleAddress("10.0.0.132")))])
        ]
        e.vnets[0].subnets[0].routeTable = 0
        let (oracle, flow) = try Self.flow(e, "10.0.0.4", "10.0.0.68")
        #expect(oracle != .accepted && flow.disposition == .droppedAsymmetricReturn, "oracle \(oracle), engine \(flow.disposition.rawValue)")
        let mismatches = try OracleKnownIssueTests.hopMismatches(e)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }
}

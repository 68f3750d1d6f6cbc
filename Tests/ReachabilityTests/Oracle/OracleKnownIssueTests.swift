import Reachability
import Testing
import TopologyModel

/// The smallest estates that show the engine bugs of FINDINGS.md, each compared with the
/// oracle inside `withKnownIssue`: green while the bug is there, and failing ("known issue
/// not recorded") once it is fixed, which is the signal to turn its knob on in
/// ``OracleKnobs/committed``. F1 (a trap) cannot be caught this way.
@Suite("Oracle: minimal reproductions of known engine bugs")
struct OracleKnownIssueTests {
    typealias Rule = OracleEstate.Rule

    /// `v0` 10.0.0.0/26 with subnet `s0` 10.0.0.0/28 (NSG `nsg0` holding `rules`, route table
    /// `rt0` holding `routes` if any) and `nic0` at 10.0.0.4 with Standard public IP 52.1.0.1.
    static func estate(_ rules: [Rule], routes: [OracleEstate.Route] = []) -> OracleEstate {
        var e = OracleEstate(seed: 0)
        e.vnets = [
            .init(
                name: "v0", space: OraclePrefix("10.0.0.0/26"),
                subnets: [.init(name: "s0", prefix: OraclePrefix("10.0.0.0/28"), nsg: 0, routeTable: routes.isEmpty ? nil : 0)], peerings: [])
        ]
        e.nsgs = [.init(name: "nsg0", rules: rules, explicitDefaults: false)]
        e.nics = [
            .init(
                name: "nic0", nsg: nil, forwarding: false,
                configs: [
                    .init(
                        vnet: 0, subnet: 0, address: oracleAddress("10.0.0.4"),
                        publicIP: .init(name: "pip0", address: oracleAddress("52.1.0.1"), standard: true))
                ])
        ]
        if !routes.isEmpty { e.routeTables = [.init(name: "rt0", routes: routes)] }
        return e
    }

    /// An inbound TCP rule from `sources` to any destination.
    static func inbound(_ priority: Int, _ allow: Bool, _ sources: [OracleEstate.Address], ports: [ClosedRange<UInt16>] = []) -> Rule {
        Rule(
            name: "r\(priority)", priority: priority, inbound: true, allow: allow, proto: .tcp, sources: sources, sourcePorts: [],
            destinations: [.any], destinationPorts: ports, pluralFields: false)
    }

    static func prefix(_ text: String) -> OracleEstate.Address { .prefix(OraclePrefix(text)) }

    /// Mismatches between the oracle and the engine's hops (the Internet's and the hosts').
    static func hopMismatches(_ estate: OracleEstate) throws -> [String] {
        OracleAgreementTests.hopMismatches(estate, try estate.engineIndex().graph(), Oracle(estate))
    }

    @Test("control: two public prefixes apart give the exact Internet hop")
    func control() throws {
        let mismatches = try Self.hopMismatches(
            Self.estate([
                Self.inbound(100, true, [Self.prefix("198.51.100.0/24")], ports: [80...80]),
                Self.inbound(200, true, [Self.prefix("203.0.0.0/24")], ports: [22...22]),
            ]))
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    static let nestedAndAdjacent: [(String, [Rule])] = [
        ("allow 198.51.100.7, deny 198.51.100.0/24", [inbound(100, true, [prefix("198.51.100.7")]), inbound(200, false, [prefix("198.51.100.0/24")])]),
        ("allow 203.0.1.0/24, deny 203.0.0.0/23", [inbound(100, true, [prefix("203.0.1.0/24")]), inbound(200, false, [prefix("203.0.0.0/23")])]),
        (
            "allow 203.0.0.0/24:80, allow 203.0.1.0/24:22",
            [
                inbound(100, true, [prefix("203.0.0.0/24")], ports: [80...80]),
                inbound(200, true, [prefix("203.0.1.0/24")], ports: [22...22]),
            ]
        ),
        (
            "allow 198.51.100.7:80, allow 198.51.100.0/24:22",
            [
                inbound(100, true, [prefix("198.51.100.7")], ports: [80...80]),
                inbound(200, true, [prefix("198.51.100.0/24")], ports: [22...22]),
            ]
        ),
    ]

    @Test("F5 (fixed): Internet hops include sources in nested or adjacent public prefixes (NSG-11)", arguments: nestedAndAdjacent.indices)
    func nestedPrefixes(_ i: Int) throws {
        let (label, rules) = Self.nestedAndAdjacent[i]
        let mismatches = try Self.hopMismatches(Self.estate(rules))
        #expect(mismatches.isEmpty, "\(label): \(mismatches.prefix(3))")
    }

    @Test("F6 (fixed): Internet hops include sources a public UDR prefix puts in VirtualNetwork (NSG-30 item 4)")
    func publicRoutePrefix() throws {
        let estate = Self.estate([], routes: [.init(name: "u0", prefix: OraclePrefix("203.0.0.0/24"), nextHop: .none)])
        let mismatches = try Self.hopMismatches(estate)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test("F7 (fixed): Internet hops credit no IPv6 client to an IPv4 public IP (NSG-23)")
    func ipv6Witness() throws {
        let mismatches = try Self.hopMismatches(Self.estate([Self.inbound(100, false, [Self.prefix("0.0.0.0/0")]), Self.inbound(200, true, [.any])]))
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test("F4 (fixed): hosts a /32 route treats differently are separate nodes (RT-12)")
    func hostRoute() throws {
        var estate = OracleEstate(seed: 0)
        let live = { (remote: Int) in OracleEstate.Peering(remote: remote, state: "Connected", allowVirtualNetworkAccess: true, allowForwardedTraffic: false) }
        estate.vnets = [
            .init(
                name: "v0", space: OraclePrefix("10.0.0.0/26"), subnets: [.init(name: "s0", prefix: OraclePrefix("10.0.0.0/28"), routeTable: 0)],
                peerings: [live(1)]),
            .init(
                name: "v1", space: OraclePrefix("10.0.0.64/26"), subnets: [.init(name: "s0", prefix: OraclePrefix("10.0.0.64/28"))],
                peerings: [live(0)]),
        ]
        estate.nics = [("nic0", 0, "10.0.0.4"), ("nic1", 1, "10.0.0.68"), ("nic2", 1, "10.0.0.69")].map { name, vnet, ip in
            .init(name: name, nsg: nil, forwarding: false, configs: [.init(vnet: vnet, subnet: 0, address: oracleAddress(ip), publicIP: nil)])
        }
        estate.routeTables = [.init(name: "rt0", routes: [.init(name: "u0", prefix: OraclePrefix("10.0.0.68/32"), nextHop: .none)])]
        let mismatches = try Self.hopMismatches(estate)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test(
        "F3 (fixed): a packet to an appliance on its own route is delivered (RT-7); a reply its own route sends to itself, without IP forwarding, is lost (RT-18)"
    )
    func applianceOwnRoute() throws {
        for (prefix, accepted) in [("10.0.0.5/32", true), ("10.0.0.0/26", false)] {
            var estate = Self.estate([], routes: [.init(name: "u0", prefix: OraclePrefix(prefix), nextHop: .appliance(oracleAddress("10.0.0.5")))])
            estate.nics.append(
                .init(name: "nic1", nsg: nil, forwarding: false, configs: [.init(vnet: 0, subnet: 0, address: oracleAddress("10.0.0.5"), publicIP: nil)]))
            let packet = OraclePacket(
                source: oracleAddress("10.0.0.4"), destination: oracleAddress("10.0.0.5"), proto: .tcp, destinationPort: 22, sourcePort: 1024)
            #expect((Oracle(estate).decide(packet) == .accepted) == accepted, "\(prefix)")
            let flow = try estate.engineIndex().verdict(
                FlowQuery(source: .v4(packet.source), destination: .v4(packet.destination), proto: .tcp, destinationPort: 22, sourcePort: 1024))
            #expect(flow.disposition == (accepted ? .accepted : .droppedAsymmetricReturn), "\(packet) via \(prefix): engine \(flow.disposition.rawValue)")
        }
    }

    @Test("F2: a flow to an Azure-reserved subnet address is not accepted")
    func reservedAddress() throws {
        let estate = Self.estate([])
        let packet = OraclePacket(source: oracleAddress("10.0.0.4"), destination: oracleAddress("10.0.0.3"), proto: .tcp, destinationPort: 22, sourcePort: 1024)
        #expect(Oracle(estate).decide(packet) != .accepted)
        let flow = try estate.engineIndex().verdict(
            FlowQuery(source: .v4(packet.source), destination: .v4(packet.destination), proto: .tcp, destinationPort: 22, sourcePort: 1024))
        withKnownIssue("F2") { #expect(flow.disposition != .accepted, "\(packet): engine \(flow.disposition.rawValue)") }
    }
    /// `v0` 10.0.0.0/26: client `nic0` 10.0.0.4 in `s0`; private endpoint `pe0` 10.0.0.20
    /// (Approved) in `s1`, whose network policies enable NSGs and whose NSG holds `rules`.
    static func endpointEstate(_ rules: [Rule]) -> OracleEstate {
        var e = OracleEstate(seed: 0)
        e.vnets = [
            .init(
                name: "v0", space: OraclePrefix("10.0.0.0/26"),
                subnets: [
                    .init(name: "s0", prefix: OraclePrefix("10.0.0.0/28")),
                    .init(name: "s1", prefix: OraclePrefix("10.0.0.16/28"), nsg: 0, endpointPolicies: .networkSecurityGroupEnabled),
                ], peerings: [])
        ]
        e.nsgs = [.init(name: "nsg0", rules: rules, explicitDefaults: false)]
        e.nics = [.init(name: "nic0", nsg: nil, forwarding: false, configs: [.init(vnet: 0, subnet: 0, address: oracleAddress("10.0.0.4"), publicIP: nil)])]
        e.privateEndpoints = [
            .init(
                name: "pe0", vnet: 0, subnet: 1, address: oracleAddress("10.0.0.20"), state: .approved, manual: false, shape: .ipConfigurations,
                listsNIC: false, asgs: [])
        ]
        return e
    }

    @Test("F8 (fixed): an NSG guarding a private endpoint treats source ports as * (PE-6)")
    func endpointSourcePorts() throws {
        var allow443 = Self.inbound(100, true, [.any], ports: [443...443])
        allow443.sourcePorts = [443...443]
        var denyHigh = Self.inbound(110, false, [.any])
        denyHigh.sourcePorts = [60000...65535]
        let estate = Self.endpointEstate([allow443, denyHigh, Self.inbound(120, true, [.any]), Self.inbound(130, false, [.any])])
        // Oracle: tcp/443 allowed at 100 whatever the client's source port, every other TCP
        // port denied at 110. Engine: the hop has every TCP port (client port 1024 passes 110,
        // 120 allows: false positive), the flow from port 60000 to 443 is denied at 110
        // (FALSE NEGATIVE).
        let mismatches = try Self.hopMismatches(estate)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
        let packet = OraclePacket(
            source: oracleAddress("10.0.0.4"), destination: oracleAddress("10.0.0.20"), proto: .tcp, destinationPort: 443, sourcePort: 60000)
        #expect(Oracle(estate).decide(packet) == .accepted)
        let flow = try estate.engineIndex().verdict(
            FlowQuery(source: .v4(packet.source), destination: .v4(packet.destination), proto: .tcp, destinationPort: 443, sourcePort: 60000))
        #expect(flow.disposition == .accepted, "\(packet): engine \(flow.disposition.rawValue)")
    }

    /// `v0` 10.0.0.0/26: `s0` 10.0.0.0/28 (route table `rt0` holding `routes` if any),
    /// `AzureFirewallSubnet` 10.0.0.16/29 with `fw0` at 10.0.0.20 (no network rules: it denies
    /// everything, FW-2), `s1` 10.0.0.32/28; a NIC at each of `hosts` (subnet index, address).
    static func firewallEstate(hosts: [(Int, String)], routes: [OracleEstate.Route] = []) -> OracleEstate {
        var e = OracleEstate(seed: 0)
        e.vnets = [
            .init(
                name: "v0", space: OraclePrefix("10.0.0.0/26"),
                subnets: [
                    .init(name: "s0", prefix: OraclePrefix("10.0.0.0/28"), routeTable: routes.isEmpty ? nil : 0),
                    .init(name: "AzureFirewallSubnet", prefix: OraclePrefix("10.0.0.16/29")), .init(name: "s1", prefix: OraclePrefix("10.0.0.32/28")),
                ], peerings: [])
        ]
        e.nics = hosts.enumerated().map { n, host in
            .init(name: "nic\(n)", nsg: nil, forwarding: false, configs: [.init(vnet: 0, subnet: host.0, address: oracleAddress(host.1), publicIP: nil)])
        }
        e.firewalls = [
            .init(
                name: "fw0", vnet: 0, subnet: 1, address: oracleAddress("10.0.0.20"), viaPolicy: false, groupPriorities: [0], collections: [],
                privateRanges: nil)
        ]
        if !routes.isEmpty { e.routeTables = [.init(name: "rt0", routes: routes)] }
        return e
    }

    @Test("F9 (fixed): a hop through a firewall whose own VNet range is routed to it follows the firewall (FW-2, RT-18)")
    func firewallOwnRoute() throws {
        let e = Self.firewallEstate(
            hosts: [(0, "10.0.0.4"), (2, "10.0.0.36")],
            routes: [.init(name: "u0", prefix: OraclePrefix("10.0.0.0/26"), nextHop: .appliance(oracleAddress("10.0.0.20")))])
        let packet = OraclePacket(
            source: oracleAddress("10.0.0.4"), destination: oracleAddress("10.0.0.36"), proto: .tcp, destinationPort: 22, sourcePort: 1024)
        #expect(Oracle(e).decide(packet) != .accepted)
        let flow = try e.engineIndex().verdict(
            FlowQuery(source: .v4(packet.source), destination: .v4(packet.destination), proto: .tcp, destinationPort: 22, sourcePort: 1024))
        #expect(flow.disposition == .deniedByFirewall, "engine flow \(flow.disposition.rawValue)")
        let mismatches = try Self.hopMismatches(e)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test("F10 (fixed): an Internet hop through DNAT respects an earlier collection's rule on the same port (FW-5, FW-9)")
    func dnatShadowing() throws {
        var e = Self.firewallEstate(hosts: [(0, "10.0.0.4"), (0, "10.0.0.5")])
        // Collection 100 sends tcp/22 to nic0, collection 200 the same port to nic1: nic1 never gets it.
        let rule = { (name: String, ip: String) in
            OracleEstate.DnatRule(name: name, protocols: ["TCP"], sources: [.any], port: 22, translated: oracleAddress(ip), translatedPort: 22)
        }
        e.firewalls[0].publicIP = oracleAddress("52.2.0.1")
        e.firewalls[0].dnat = [
            .init(name: "n0", priority: 100, group: 0, rules: [rule("first", "10.0.0.4")]),
            .init(name: "n1", priority: 200, group: 0, rules: [rule("second", "10.0.0.5")]),
        ]
        let packet = OraclePacket(source: oracleAddress("8.8.8.8"), destination: oracleAddress("52.2.0.1"), proto: .tcp, destinationPort: 22, sourcePort: 1024)
        #expect(Oracle(e).dnatTranslation(0, packet)?.address == oracleAddress("10.0.0.4"))
        let flow = try e.engineIndex().verdict(
            FlowQuery(source: .v4(packet.source), destination: .v4(packet.destination), proto: .tcp, destinationPort: 22, sourcePort: 1024))
        #expect(flow.disposition == .accepted, "engine flow \(flow.disposition.rawValue)")
        let mismatches = try Self.hopMismatches(e)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test("F15 (fixed): an admin rule's literal cuts the hosts it names out of their node (AVNM-4)")
    func adminRuleLiteral() throws {
        // nic1 and nic2 share a subnet and no NSG; only the admin rule tells them apart (nic0,
        // the source, has an empty NSG of its own).
        var e = Self.estate([])
        e.vnets[0].subnets[0].nsg = nil
        e.nics[0].nsg = 0
        e.nics[0].configs[0].publicIP = nil
        for (n, address) in ["10.0.0.5", "10.0.0.6"].enumerated() {
            e.nics.append(
                .init(name: "nic\(n + 1)", nsg: nil, forwarding: false, configs: [.init(vnet: 0, subnet: 0, address: oracleAddress(address), publicIP: nil)]))
        }
        e.adminRules = [
            Rule(
                name: "admin0", priority: 10, inbound: false, allow: false, proto: .tcp, sources: [.any], sourcePorts: [],
                destinations: [Self.prefix("10.0.0.5")], destinationPorts: [22...22], pluralFields: false)
        ]
        e.adminMembers = [0]
        let mismatches = try Self.hopMismatches(e)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }
}

import AuditReport
import AzureImport
import Reachability
import Testing
import TopologyModel

/// Routing rules around user-defined routes and appliances not covered by ``RoutingTests``
/// and ``FirewallTests``: RT-4, RT-5, RT-16, RT-17, RT-20, RT-21.
@Suite("Route tables, forced tunnelling and appliances (RT-4, RT-5, RT-16, RT-17, RT-20, RT-21)")
struct RouteRuleTests {
    typealias E = HubSpokeEstate
    static let toFirewall = ("default", "0.0.0.0/0", "VirtualAppliance", Optional("10.0.1.4"))

    @Test("RT-4: an Azure service's public address leaves by the same Internet route as any other public address")
    func azureServiceAddresses() throws {
        var e = MiniEstate()
        e.vnet("v", ["10.1.0.0/16"], subnets: [("s", "10.1.1.0/24", nil, nil)])
        e.nic("vm", vnet: "v", subnet: "s", ip: "10.1.1.4")
        let index = try e.index()
        let storage = try index.check("10.1.1.4", "20.60.0.4", .tcp, 443)
        let other = try index.check("10.1.1.4", "198.51.100.7", .tcp, 443)
        for result in [storage, other] {
            #expect(result.disposition == .exitsToInternet)
            #expect(result.trace.map(\.kind) == [.source, .route, .publicIP, .destination])
        }
        #expect(storage.trace[1] == other.trace[1])
        #expect(storage.trace[1].detail == "Default route 0.0.0.0/0 -> Internet in the effective routes of subnet s")
    }

    @Test("RT-5: one route table serves every subnet associated with it, in any VNet, and no other")
    func sharedTable() throws {
        var e = MiniEstate()
        e.vnet("a", ["10.1.0.0/16"], subnets: [("s1", "10.1.1.0/24", nil, "rt"), ("s2", "10.1.2.0/24", nil, "rt"), ("s3", "10.1.3.0/24", nil, nil)])
        e.vnet("b", ["10.2.0.0/16"], subnets: [("s1", "10.2.1.0/24", nil, "rt")])
        e.routeTable("rt", [("blackhole", "203.0.113.0/24", "None", nil)])
        for (nic, vnet, subnet, ip) in [
            ("vm1", "a", "s1", "10.1.1.4"), ("vm2", "a", "s2", "10.1.2.4"), ("vm3", "a", "s3", "10.1.3.4"), ("vm4", "b", "s1", "10.2.1.4"),
        ] {
            e.nic(nic, vnet: vnet, subnet: subnet, ip: ip)
        }
        let index = try e.index()
        for (vnet, subnet, associated) in [("a", "s1", true), ("a", "s2", true), ("a", "s3", false), ("b", "s1", true)] {
            let id = ResourceID(MiniEstate.id("virtualNetworks", vnet) + "/subnets/" + subnet)
            let user = index.effectiveRoutes(of: id).filter { $0.route.source == .user }
            #expect(user.map(\.route.name) == (associated ? ["blackhole"] : []), "\(vnet)/\(subnet)")
            #expect(user.allSatisfy { $0.active })
        }
        #expect(try index.check("10.1.1.4", "203.0.113.7", .tcp, 443).disposition == .noRoute)
        #expect(try index.check("10.2.1.4", "203.0.113.7", .tcp, 443).disposition == .noRoute)
        #expect(try index.check("10.1.3.4", "203.0.113.7", .tcp, 443).disposition == .exitsToInternet)
    }

    /// Spoke A with VM 10.1.1.4 behind a Standard public IP 203.0.113.20 whose NIC NSG admits
    /// SSH from the Internet, and optionally A's default route to the hub firewall.
    func publishedSpoke(forcedTunnel: Bool) -> HubSpokeEstate {
        var e = E(routeAToB: false, extraRoutesA: forcedTunnel ? [Self.toFirewall] : [])
        e.estate.nsg("nsg-a", [("ssh-in", 100, "Inbound", "Allow", "Tcp", "Internet", "*", "*", "22")])
        e.estate.publicIP("pip-a", "203.0.113.20")
        e.estate.setIPConfiguration("vm-a", "publicIPAddress", ["id": MiniEstate.id("publicIPAddresses", "pip-a")])
        e.estate.setProperty(id: MiniEstate.id("networkInterfaces", "vm-a"), "networkSecurityGroup", ["id": MiniEstate.id("networkSecurityGroups", "nsg-a")])
        e.firewall()
        return e
    }

    @Test(
        "RT-16, §8 case 27: with 0.0.0.0/0 to the firewall, replies to Internet clients of an instance public IP leave through the firewall: dropped, reachable one way only"
    )
    func forcedTunnelBreaksInbound() throws {
        let index = try publishedSpoke(forcedTunnel: true).index()
        let result = try index.check("198.51.100.7", "203.0.113.20", .tcp, 22)
        #expect(result.disposition == .droppedAsymmetricReturn, "the NSGs admit it; the reply is what breaks")
        #expect(!result.allowed)
        #expect(result.trace.map(\.kind) == [.source, .publicIP, .destination, .securityGroup, .route])
        #expect(result.trace.last?.decision == .drop)
        #expect(result.trace.last?.resource?.text.lowercased().contains("/routetables/") == true, "the trace names the route that takes the reply")
        #expect(
            result.trace.last?.detail
                == "the reply from 10.1.1.4 to 198.51.100.7 follows User route 0.0.0.0/0 -> VirtualAppliance, not public IP pip-a: the connection is never made (RT-16); a one-way payload may still arrive"
        )
        let graph = index.graph()
        #expect(graph.hop(from: "internet", to: "a/s1") == nil, "no connection, so no hop of any attack path")
        let oneWay = try #require(graph.oneWay.first { $0.from == "internet" && $0.to == "a/s1" })
        #expect(oneWay.services.contains(.tcp, 22))
        #expect(oneWay.reply.detail.hasSuffix("a one-way payload may still arrive"))
        // All other traffic, Azure service addresses included, goes to the firewall, which has no rule.
        let out = try index.check("10.1.1.4", "20.60.0.4", .tcp, 443)
        #expect(out.disposition == .deniedByFirewall)
        #expect(out.trace.first { $0.kind == .route }?.detail == "User route 0.0.0.0/0 -> VirtualAppliance in the effective routes of subnet s1")

        let direct = try publishedSpoke(forcedTunnel: false).index()
        #expect(try !direct.check("198.51.100.7", "203.0.113.20", .tcp, 22).trace.contains { $0.kind == .finding })
        #expect(try #require(direct.graph().hop(from: "internet", to: "a/s1")).findings.isEmpty)
    }

    @Test(
        "RT-16: a public load balancer's backend whose subnet sends 0.0.0.0/0 to an appliance answers its Internet clients through the appliance: dropped, reachable one way only, like an instance public IP"
    )
    func forcedTunnelBreaksLoadBalancedInbound() throws {
        for forced in [true, false] {
            var e = MiniEstate()
            e.vnet("v", ["10.1.0.0/16"], subnets: [("web", "10.1.1.0/24", "nsg", forced ? "rt" : nil), ("nva", "10.1.9.0/24", nil, nil)])
            e.nsg("nsg", [("http", 100, "Inbound", "Allow", "Tcp", "Internet", "*", "*", "8080")])
            e.routeTable("rt", [("default", "0.0.0.0/0", "VirtualAppliance", "10.1.9.4")])
            e.nic("nva", vnet: "v", subnet: "nva", ip: "10.1.9.4", forwarding: true)
            e.nic("web", vnet: "v", subnet: "web", ip: "10.1.1.4")
            e.loadBalancer(
                "lb", publicIP: ("lb-pip", "203.0.113.80"), members: ["web"],
                rules: [["name": "http", "properties": ["protocol": "Tcp", "frontendPort": 80, "backendPort": 8080]]])
            let index = try e.index()
            let result = try index.check("198.51.100.7", "203.0.113.80", .tcp, 80)
            let graph = index.graph()
            guard forced else {
                #expect(result.disposition == .accepted)
                #expect(graph.hop(from: "internet", to: "v/web") != nil)
                continue
            }
            #expect(result.disposition == .droppedAsymmetricReturn)
            #expect(result.trace.map(\.kind) == [.source, .publicIP, .destination, .securityGroup, .route])
            #expect(
                result.trace.last?.detail
                    == "the reply from 10.1.1.4 to 198.51.100.7 follows User route 0.0.0.0/0 -> VirtualAppliance, not load balancer lb: the connection is never made (RT-16); a one-way payload may still arrive"
            )
            #expect(graph.hop(from: "internet", to: "v/web") == nil, "no connection, so no hop")
            let oneWay = try #require(graph.oneWay.first { $0.from == "internet" && $0.to == "v/web" })
            #expect(oneWay.services.contains(.tcp, 8080))
            #expect(oneWay.witness.port == 80)
        }
    }

    /// VNet A (VM 10.1.1.4, NVA 10.1.1.10 with IP forwarding) peered with B (VM 10.2.1.4);
    /// A's table sends B's range to the NVA. The NVA sits in the workload subnet, or in its
    /// own subnet without that table.
    func applianceEstate(nvaWithWorkloads: Bool) throws -> EstateIndex {
        var e = MiniEstate()
        e.vnet("a", ["10.1.0.0/16"], subnets: [("s1", "10.1.1.0/24", nil, "rt"), ("nva", "10.1.9.0/24", nil, nil)])
        e.vnet("b", ["10.2.0.0/16"], subnets: [("s1", "10.2.1.0/24", nil, nil)])
        e.peer("a", "b", allowForwardedTraffic: true)
        let nva = nvaWithWorkloads ? "10.1.1.10" : "10.1.9.10"
        e.routeTable("rt", [("to-b", "10.2.0.0/16", "VirtualAppliance", nva)])
        e.nic("nva", vnet: "a", subnet: nvaWithWorkloads ? "s1" : "nva", ip: nva, forwarding: true)
        e.nic("vm", vnet: "a", subnet: "s1", ip: "10.1.1.4")
        e.nic("vm-b", vnet: "b", subnet: "s1", ip: "10.2.1.4")
        return try e.index()
    }

    @Test("RT-17: an NVA in the subnet whose table sends the prefix to it forwards to itself until Lateral calls it a loop")
    func applianceInWorkloadSubnet() throws {
        let looping = try applianceEstate(nvaWithWorkloads: true).check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(looping.disposition == .loop)
        #expect(looping.trace.filter { $0.kind == .appliance }.count == 4)
        #expect(looping.trace.last?.kind == .finding)
        #expect(looping.trace.last?.detail == "more than 4 appliance hops: the routes loop (RT-17)")
        let separate = try applianceEstate(nvaWithWorkloads: false).check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(separate.disposition == .accepted)
        #expect(separate.trace.filter { $0.kind == .appliance }.count == 1)
    }

    /// One subnet whose table sends the whole VNet to an NVA that holds two addresses in it:
    /// 10.0.0.4 (the next hop, the lowest address, so a row asks for it first) and 10.0.0.5. The oracle's F3 and F11.
    static func applianceOnItsOwnRoute() -> MiniEstate {
        var estate = MiniEstate()
        estate.vnet("v", ["10.0.0.0/24"], subnets: [("s", "10.0.0.0/26", nil, "rt")])
        estate.routeTable("rt", [("to-nva", "10.0.0.0/24", "VirtualAppliance", "10.0.0.4")])
        let subnet = ["id": MiniEstate.id("virtualNetworks", "v") + "/subnets/s"]
        estate.resources.append([
            "id": MiniEstate.id("networkInterfaces", "nva"), "name": "nva", "type": "Microsoft.Network/networkInterfaces",
            "properties": [
                "enableIPForwarding": true,
                "ipConfigurations": [
                    ["name": "a", "properties": ["privateIPAddress": "10.0.0.4", "subnet": subnet, "primary": true]],
                    ["name": "b", "properties": ["privateIPAddress": "10.0.0.5", "subnet": subnet]],
                ],
            ],
        ])
        // NIC NSGs of their own keep the client and the other host apart from the NVA's node.
        estate.nsg("nsg-client", [])
        estate.nsg("nsg-other", [])
        estate.nic("client", vnet: "v", subnet: "s", ip: "10.0.0.6", nsg: "nsg-client")
        estate.nic("other", vnet: "v", subnet: "s", ip: "10.0.0.7", nsg: "nsg-other")
        return estate
    }

    @Test("RT-7: a packet to the appliance's own address is delivered; other addresses of its NIC loop (RT-17); flows and hops agree")
    func applianceOwnAddress() throws {
        let index = try Self.applianceOnItsOwnRoute().index()
        #expect(try index.check("10.0.0.6", "10.0.0.4", .tcp, 22).disposition == .accepted)
        #expect(try index.check("10.0.0.6", "10.0.0.5", .tcp, 22).disposition == .loop)
        #expect(try index.check("10.0.0.6", "10.0.0.7", .tcp, 22).disposition == .loop)
        let graph = index.graph()
        let holding = { (address: String) in graph.nodes.first { $0.endpoints.contains { $0.address == IPAddress(address)! } } }
        let own = try #require(holding("10.0.0.4")), other = try #require(holding("10.0.0.5")), client = try #require(holding("10.0.0.6"))
        // The next-hop address is a node of its own, reached; the NIC's other address is not.
        #expect(own.id != other.id)
        #expect(graph.hop(from: client.id, to: own.id)?.services.contains(.tcp, 22) == true)
        #expect(graph.hop(from: client.id, to: other.id) == nil)
        // The lean evaluation asks the route once per source: the delivered leg of the
        // appliance's own address must not be lent to the route's other destinations.
        let peer = try #require(holding("10.0.0.7"))
        #expect(graph.hop(from: client.id, to: peer.id) == nil)
        #expect(graph.hop(from: peer.id, to: own.id)?.services.contains(.tcp, 22) == true)
    }

    @Test("RT-20: spoke to spoke needs a route to the firewall (a supernet will do); hub-bound traffic passes the firewall only with a UDR for the hub range")
    func spokeToSpoke() throws {
        let allowSSH = E.collection("ssh", 200, "Allow", [E.networkRule("ssh", source: "10.1.0.0/16", destination: "10.0.0.0/8", ports: ["22"])])
        var none = E(routeAToB: false)
        none.firewall(network: [allowSSH])
        let unrouted = try none.index().check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(unrouted.disposition == .noRoute, "peering is not transitive; 10.0.0.0/8 is a None route")
        #expect(unrouted.trace.last?.detail == "Default route 10.0.0.0/8 -> None in the effective routes of subnet s1; next hop None drops the packet")

        var supernet = E(routeAToB: false, extraRoutesA: [Self.toFirewall])
        supernet.firewall(network: [allowSSH])
        let viaDefault = try supernet.index().check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(viaDefault.disposition == .accepted)
        #expect(viaDefault.trace.first { $0.kind == .firewall }?.rule == "ssh/ssh")
        #expect(
            try !supernet.index().check("10.1.1.4", "10.0.2.4", .tcp, 22).trace.contains { $0.kind == .firewall },
            "the peering route to the hub is more specific than 0.0.0.0/0")

        var hubRoute = E(routeAToB: false, extraRoutesA: [Self.toFirewall, ("hub", "10.0.0.0/16", "VirtualAppliance", "10.0.1.4")])
        hubRoute.firewall(network: [allowSSH])
        let toHub = try hubRoute.index().check("10.1.1.4", "10.0.2.4", .tcp, 22)
        // RT-18: the hub's reply takes the peering back, bypassing the firewall, which drops
        // the connection; the request did pass it.
        #expect(toHub.disposition == .droppedAsymmetricReturn)
        #expect(toHub.trace.last?.detail.contains("bypassing firewall fw") == true)
        #expect(toHub.trace.first { $0.kind == .firewall }?.rule == "ssh/ssh")

        var noForwarding = E(routeAToB: false, forwardedIntoB: false, extraRoutesA: [Self.toFirewall])
        noForwarding.firewall(network: [allowSSH])
        #expect(try noForwarding.index().check("10.1.1.4", "10.2.1.4", .tcp, 22).disposition == .deniedForwarded)
    }

    /// The hub and spoke A with a VPN gateway to on-premises 192.168.0.0/16 (gateway transit
    /// to A), a GatewaySubnet table sending A's range to the firewall, a firewall that admits
    /// SSH and SMB between on-premises and A, and A's table (`rt-a`) as given.
    func onPremisesEstate(spokeRoutes: [(String, String, String, String?)], disableBgp: Bool) throws -> EstateIndex {
        var e = E(routeAToB: false, extraRoutesA: spokeRoutes)
        e.estate.addSubnet("hub", "GatewaySubnet", "10.0.255.0/27", routeTable: "rt-gw")
        e.estate.routeTable("rt-gw", [("to-a", "10.1.0.0/16", "VirtualAppliance", "10.0.1.4")])
        e.estate.setPeering("a", "hub", "useRemoteGateways", true)
        e.estate.setPeering("hub", "a", "allowGatewayTransit", true)
        if disableBgp { e.estate.setProperty(id: MiniEstate.id("routeTables", "rt-a"), "disableBgpRoutePropagation", true) }
        e.estate.vpnGateway(in: "hub", onPremises: ["192.168.0.0/16"])
        e.firewall(network: [
            E.collection(
                "branch", 100, "Allow",
                [
                    E.networkRule("in", source: "192.168.0.0/16", destination: "10.1.0.0/16", ports: ["22"]),
                    E.networkRule("out", source: "10.1.0.0/16", destination: "192.168.0.0/16", ports: ["445"]),
                ])
        ])
        return try e.index()
    }

    @Test(
        "RT-21: on-premises to spoke through the firewall needs a GatewaySubnet route; without disableBgpRoutePropagation the spoke's replies and requests bypass it"
    )
    func onPremisesThroughFirewall() throws {
        let learning = try onPremisesEstate(spokeRoutes: [Self.toFirewall], disableBgp: false)
        let inbound = try learning.check("192.168.1.10", "10.1.1.4", .tcp, 22)
        #expect(inbound.disposition == .droppedAsymmetricReturn, "the reply follows the gateway route, bypassing the firewall (RT-18)")
        #expect(inbound.trace.first { $0.kind == .firewall }?.rule == "branch/in")
        #expect(inbound.trace.last?.kind == .route)
        #expect(
            inbound.trace.last?.detail.hasPrefix(
                "the reply from 10.1.1.4 to 192.168.1.10 follows VirtualNetworkGateway route 192.168.0.0/16 -> VirtualNetworkGateway, bypassing firewall fw")
                == true)
        let outbound = try learning.check("10.1.1.4", "192.168.1.10", .tcp, 445)
        #expect(outbound.disposition == .onPremises)
        #expect(!outbound.trace.contains { $0.kind == .firewall }, "the gateway route is more specific than 0.0.0.0/0")

        let forced = try onPremisesEstate(spokeRoutes: [Self.toFirewall], disableBgp: true)
        let symmetric = try forced.check("192.168.1.10", "10.1.1.4", .tcp, 22)
        #expect(symmetric.disposition == .accepted)
        #expect(!symmetric.trace.contains { $0.kind == .finding })
        let out = try forced.check("10.1.1.4", "192.168.1.10", .tcp, 445)
        #expect(out.disposition == .onPremises)
        #expect(out.trace.first { $0.kind == .firewall }?.rule == "branch/out")
        #expect(try forced.check("10.1.1.4", "192.168.1.10", .tcp, 3389).disposition == .deniedByFirewall)
    }
}

import AuditReport
import AzureImport
import Reachability
import Testing
import TopologyModel

@Suite("Azure Firewall and appliances on the path (FW-*, RT-7, RT-18, PEER-7)")
struct FirewallTests {
    static var allowSSH: [String: Any] {
        HubSpokeEstate.collection(
            "allow-ssh", 200, "Allow", [HubSpokeEstate.networkRule("a-to-b-ssh", source: "10.1.0.0/16", destination: "10.2.0.0/16", ports: ["22"])])
    }

    func kinds(_ r: FlowResult) -> [TraceStep.Kind] { r.trace.map(\.kind) }

    @Test("§8 case 10: spoke to spoke through the hub firewall needs allowForwardedTraffic on the receiving spoke (PEER-7)")
    func forwardedTraffic() throws {
        var blocked = HubSpokeEstate(forwardedIntoB: false)
        blocked.firewall(network: [Self.allowSSH])
        let denied = try blocked.index().check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(denied.disposition == .deniedForwarded)
        var open = HubSpokeEstate(forwardedIntoB: true)
        open.firewall(network: [Self.allowSSH])
        let accepted = try open.index().check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(accepted.disposition == .accepted)
        #expect(accepted.trace.contains { $0.kind == .firewall && $0.rule == "allow-ssh/a-to-b-ssh" && $0.decision == .allow })
        #expect(accepted.decidingRules == ["nsg-b/AllowVnetInBound"], "network-rule traffic to a private range keeps the client address (FW-15)")
    }

    @Test("FW-2: traffic no rule matches is denied")
    func defaultDeny() throws {
        var e = HubSpokeEstate()
        e.firewall(network: [Self.allowSSH])
        let result = try e.index().check("10.1.1.4", "10.2.1.4", .tcp, 3389)
        #expect(result.disposition == .deniedByFirewall)
        #expect(result.trace.last?.detail.contains("FW-2") == true)
    }

    @Test("FW-4: collections by priority; a Deny at 100 beats an Allow at 200")
    func classicPriority() throws {
        var e = HubSpokeEstate()
        e.firewall(network: [
            Self.allowSSH,
            HubSpokeEstate.collection(
                "deny-all", 100, "Deny", [HubSpokeEstate.networkRule("any", source: "*", destination: "*", ports: ["*"], protocols: ["Any"])]),
        ])
        let result = try e.index().check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(result.disposition == .deniedByFirewall)
        #expect(result.trace.last?.rule == "deny-all/any")
    }

    @Test("FW-6, §8 case 28: a network-rule allow pre-empts an application-rule deny")
    func networkBeforeApplication() throws {
        var e = HubSpokeEstate()
        let appDeny = HubSpokeEstate.collection(
            "deny-web", 100, "Deny",
            [
                [
                    "name": "no-https", "protocols": [["protocolType": "Https", "port": 443]],
                    "sourceAddresses": ["*"], "targetFqdns": ["*"],
                ]
            ])
        e.firewall(
            network: [
                HubSpokeEstate.collection("allow-443", 65000, "Allow", [HubSpokeEstate.networkRule("any-443", source: "*", destination: "*", ports: ["443"])])
            ],
            application: [appDeny])
        #expect(try e.index().check("10.1.1.4", "10.2.1.4", .tcp, 443).disposition == .accepted)
    }

    @Test("FW-5, §8 case 29: the parent policy's collections come before the child's, whatever the priorities")
    func parentPolicyFirst() throws {
        var e = HubSpokeEstate()
        e.policy(
            "parent", groupPriority: 500,
            collections: [("deny-ssh", 500, "Deny", [HubSpokeEstate.networkRule("no-ssh", source: "*", destination: "*", ports: ["22"])])])
        e.policy(
            "child", parent: "parent", groupPriority: 100,
            collections: [("allow-ssh", 100, "Allow", [HubSpokeEstate.networkRule("ssh", source: "*", destination: "*", ports: ["22"])])])
        e.firewall(policy: "child")
        let result = try e.index().check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(result.disposition == .deniedByFirewall)
        #expect(result.trace.last?.rule == "deny-ssh/no-ssh")
    }

    @Test("A missing parent policy is a warning that says the rules are unknown")
    func missingParent() throws {
        var e = HubSpokeEstate()
        e.policy("child", parent: "gone", groupPriority: 100, collections: [])
        e.firewall(policy: "child")
        let result = try AzureImporter.load(json: e.estate.json)
        #expect(result.diagnostics.contains { $0.message.contains("firewall policy") && $0.message.contains("not in the input") } == true)
    }

    @Test("FW-15, §8 case 30: SNAT to a public destination, none to a private one; the destination's NSG sees the address")
    func snatChangesSource() throws {
        // B admits only spoke A's range on 22.
        let nsgB = [
            ("from-a", 100, "Inbound", "Allow", "Tcp", "10.1.0.0/16", "*", "*", "22"),
            ("deny", 200, "Inbound", "Deny", "*", "*", "*", "*", "*"),
        ]
        var kept = HubSpokeEstate(nsgB: nsgB)
        kept.firewall(network: [Self.allowSSH])
        #expect(try kept.index().check("10.1.1.4", "10.2.1.4", .tcp, 22).decidingRules == ["nsg-b/from-a"])
        // With SNAT forced for every destination (255.255.255.255/32, FW-16), B sees the firewall.
        var forced = HubSpokeEstate(nsgB: nsgB)
        forced.firewall(network: [Self.allowSSH])
        forced.forceSNAT()
        let snat = try forced.index().check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(snat.decidingRules == ["nsg-b/deny"])
        #expect(snat.disposition == .deniedInbound)
    }

    @Test("§8 case 11: spoke-to-hub traffic follows the more specific peering route and bypasses a 0.0.0.0/0 firewall route")
    func peeringRouteBypassesFirewall() throws {
        var e = HubSpokeEstate(routeAToB: false, extraRoutesA: [("default", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4")])
        e.firewall()
        let result = try e.index().check("10.1.1.4", "10.0.2.4", .tcp, 22)
        #expect(result.disposition == .accepted)
        #expect(!result.trace.contains { $0.kind == .firewall })
    }

    @Test("RT-18, §8 case 27: a one-sided route through the firewall makes no connection: the reply bypasses the firewall; one way only")
    func asymmetric() throws {
        // Without B's route to A, A's range is not in B's VirtualNetwork tag (NSG-30): allow it explicitly.
        var e = HubSpokeEstate(routeBToA: false, nsgB: [("from-a", 100, "Inbound", "Allow", "*", "10.1.0.0/16", "*", "*", "*")])
        e.firewall(network: [Self.allowSSH])
        let index = try e.index()
        let result = try index.check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(result.disposition == .droppedAsymmetricReturn)
        #expect(result.trace.last?.decision == .drop && result.trace.last?.detail.contains("RT-18") == true)
        let graph = index.graph()
        #expect(graph.hop(from: "a/s1", to: "b/s1") == nil)
        let oneWay = try #require(graph.oneWay.first { $0.from == "a/s1" && $0.to == "b/s1" })
        #expect(oneWay.services.ports[.tcp] == PortSet(22...22))
        #expect(oneWay.reply.detail.contains("bypassing firewall fw"))
    }

    @Test(
        "RT-18, FW-11: the firewall that forwarded a request without SNAT holds its state even when an appliance forwarded it after the firewall: a reply that comes back through that firewall returns, in flow, full and lean hops"
    )
    func stateHeldPastAnAppliance() throws {
        var e = HubSpokeEstate(nsgB: [("from-a", 100, "Inbound", "Allow", "*", "10.1.0.0/16", "*", "*", "*")])
        e.estate.addSubnet("hub", "nva", "10.0.3.0/24")
        e.estate.nic("nva", vnet: "hub", subnet: "nva", ip: "10.0.3.4", forwarding: true)
        // The firewall's subnet sends B's range on to the NVA; B answers A through the firewall.
        let hub = e.estate.resources.firstIndex { ($0["name"] as? String) == "hub" }!
        var props = e.estate.resources[hub]["properties"] as! [String: Any]
        props["subnets"] = (props["subnets"] as! [[String: Any]]).map { subnet in
            guard subnet["name"] as? String == "AzureFirewallSubnet" else { return subnet }
            var subnet = subnet
            var subnetProps = subnet["properties"] as! [String: Any]
            subnetProps["routeTable"] = ["id": MiniEstate.id("routeTables", "rt-fw")]
            subnet["properties"] = subnetProps
            return subnet
        }
        e.estate.resources[hub]["properties"] = props
        e.estate.routeTable("rt-fw", [("to-b", "10.2.0.0/16", "VirtualAppliance", "10.0.3.4")])
        e.firewall(network: [Self.allowSSH])
        let index = try e.index()
        let result = try index.check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(result.disposition == .accepted)
        #expect(result.trace.contains { $0.kind == .firewall } && result.trace.contains { $0.kind == .appliance && $0.resourceName == "nva" })
        for lean in [false, true] {
            let graph = index.graph(lean: lean)
            let hop = graph.hop(from: "a/s1", to: "b/s1")
            #expect(hop?.services.ports[.tcp] == PortSet(22...22), "lean: \(lean)")
            #expect(!graph.oneWay.contains { $0.from == "a/s1" && $0.to == "b/s1" }, "lean: \(lean)")
        }
    }

    @Test("Attack-graph hops through the firewall carry only what the firewall allows, and name its rule")
    func hopThroughFirewall() throws {
        var e = HubSpokeEstate()
        e.firewall(network: [Self.allowSSH])
        let hop = try #require(try e.index().graph().hop(from: "a/s1", to: "b/s1"))
        #expect(hop.services.entries.map(\.proto) == [.tcp])
        #expect(hop.services.ports[.tcp] == PortSet(22...22))
        #expect(hop.firewallRules.map(\.rule) == ["a-to-b-ssh"])
        #expect(hop.via.contains { $0.kind == .firewall })
    }

    @Test("RT-7, §8 case 26: an NVA without IP forwarding drops transit traffic; with it, its NSGs apply")
    func networkVirtualAppliance() throws {
        for forwarding in [false, true] {
            var e = MiniEstate()
            e.vnet("hub", ["10.0.0.0/16"], subnets: [("nva", "10.0.1.0/24", "nsg-nva", nil)])
            e.vnet("a", ["10.1.0.0/16"], subnets: [("s1", "10.1.1.0/24", nil, "rt")])
            e.vnet("b", ["10.2.0.0/16"], subnets: [("s1", "10.2.1.0/24", nil, "rt-b")])
            for (x, y) in [("hub", "a"), ("hub", "b")] { e.peer(x, y, allowForwardedTraffic: true) }
            e.routeTable("rt", [("to-b", "10.2.0.0/16", "VirtualAppliance", "10.0.1.4")])
            e.routeTable("rt-b", [("to-a", "10.1.0.0/16", "VirtualAppliance", "10.0.1.4")])
            e.nsg("nsg-nva", [("deny-rdp", 100, "Inbound", "Deny", "Tcp", "*", "*", "*", "3389")])
            e.nic("nva", vnet: "hub", subnet: "nva", ip: "10.0.1.4", forwarding: forwarding)
            e.nic("vm-a", vnet: "a", subnet: "s1", ip: "10.1.1.4")
            e.nic("vm-b", vnet: "b", subnet: "s1", ip: "10.2.1.4")
            let index = try e.index()
            let ssh = try index.check("10.1.1.4", "10.2.1.4", .tcp, 22)
            let rdp = try index.check("10.1.1.4", "10.2.1.4", .tcp, 3389)
            if forwarding {
                #expect(ssh.disposition == .accepted)
                #expect(rdp.disposition == .deniedInbound)
                #expect(rdp.decidingRules.last == "nsg-nva/deny-rdp")
            } else {
                #expect(ssh.disposition == .droppedAtAppliance)
            }
        }
    }

    @Test("PUB-5, FW-9, FW-17, §8 case 31: DNAT from the Internet; the VM's NSG sees the firewall as the source by default")
    func dnat() throws {
        let nsgB = [("deny-internet-rdp", 100, "Inbound", "Deny", "Tcp", "Internet", "*", "*", "3389")]
        var e = HubSpokeEstate(nsgB: nsgB)
        e.firewall(nat: [
            [
                "name": "rdp-in",
                "properties": [
                    "priority": 100, "action": ["type": "Dnat"],
                    "rules": [
                        [
                            "name": "rdp", "protocols": ["TCP"], "sourceAddresses": ["*"], "destinationAddresses": ["203.0.113.50"],
                            "destinationPorts": ["50001"],
                            "translatedAddress": "10.2.1.4", "translatedPort": "3389",
                        ]
                    ],
                ],
            ]
        ])
        let index = try e.index()
        let result = try index.check("198.51.100.7", "203.0.113.50", .tcp, 50001)
        #expect(result.disposition == .accepted)
        #expect(result.trace.contains { $0.kind == .firewall && $0.rule == "rdp-in/rdp" })
        #expect(result.decidingRules == ["nsg-b/AllowVnetInBound"])
        var preserve = AnalysisOptions()
        preserve.dnatPreservesClientAddress = true
        #expect(try e.index(preserve).check("198.51.100.7", "203.0.113.50", .tcp, 50001).decidingRules == ["nsg-b/deny-internet-rdp"])
        #expect(try index.check("198.51.100.7", "203.0.113.50", .tcp, 50002).disposition == .deniedByFirewall)
        let hop = try #require(index.graph().hop(from: "internet", to: "b/s1"))
        #expect(hop.services.ports[.tcp] == PortSet(3389...3389))
        #expect(hop.witness.port == 50001)
        #expect(hop.firewallRules.map(\.rule) == ["rdp"])
    }
}

import AuditReport
import AzureImport
import Reachability
import Testing
import TopologyModel

/// Azure Firewall rule semantics not covered by ``FirewallTests``: collection actions,
/// protocols, statefulness, the modes Lateral records but cannot evaluate, and private
/// endpoints behind the firewall (FW-1, FW-3, FW-8, FW-10, FW-11, FW-13, FW-14, FW-18, PE-8).
@Suite("Azure Firewall rule semantics (FW-1, FW-3, FW-8, FW-10, FW-11, FW-13, FW-14, FW-18)")
struct FirewallRuleTests {
    typealias E = HubSpokeEstate

    static var ssh: [String: Any] { E.networkRule("ssh", source: "10.1.0.0/16", destination: "10.2.0.0/16", ports: ["22"]) }
    static var rdp: [String: Any] { E.networkRule("rdp", source: "*", destination: "*", ports: ["3389"]) }
    static let policyID = MiniEstate.id("firewallPolicies", "p")

    @Test(
        "FW-1: any matching rule in a collection applies the collection's action, wherever it stands in the collection",
        arguments: [false, true])
    func collectionAction(_ matchingRuleFirst: Bool) throws {
        let rules = matchingRuleFirst ? [Self.ssh, Self.rdp] : [Self.rdp, Self.ssh]
        var denied = E()
        denied.firewall(network: [
            E.collection("block", 100, "Deny", rules),
            E.collection("allow-all", 200, "Allow", [E.networkRule("any", source: "*", destination: "*", ports: ["*"], protocols: ["Any"])]),
        ])
        let result = try denied.index().check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(result.disposition == .deniedByFirewall)
        #expect(result.trace.last?.rule == "block/ssh")
        #expect(result.trace.last?.decision == .deny)

        var allowed = E()
        allowed.firewall(network: [E.collection("admin", 100, "Allow", rules)])
        let index = try allowed.index()
        let viaSSH = try index.check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(viaSSH.disposition == .accepted)
        #expect(viaSSH.trace.first { $0.kind == .firewall }?.rule == "admin/ssh")
        #expect(try index.check("10.1.1.4", "10.2.1.4", .tcp, 3389).trace.first { $0.kind == .firewall }?.rule == "admin/rdp")
        // Both rules contribute to the attack-graph hop, each with what it allows.
        let hop = try #require(index.graph().hop(from: "a/s1", to: "b/s1"))
        #expect(Set(hop.firewallRules.map(\.rule)) == ["ssh", "rdp"])
        #expect(hop.services.ports[.tcp] == PortSet([22...22, 3389...3389]))
    }

    @Test("FW-3: the threat-intelligence mode is recorded on the firewall step, not evaluated; Off records nothing")
    func threatIntelligence() throws {
        var classic = E()
        classic.firewall(network: [E.collection("admin", 100, "Allow", [Self.ssh])])
        classic.estate.setProperty(id: MiniEstate.id("azureFirewalls", "fw"), "threatIntelMode", "Alert")
        let alert = try classic.index().check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(alert.disposition == .accepted)
        #expect(
            alert.trace.first { $0.kind == .firewall }?.detail
                == "Azure Firewall fw: network rule ssh in collection admin allows; no SNAT for a private destination (FW-15); threat intelligence Alert (FW-3, not evaluable offline)"
        )
        // A policy's mode wins over the firewall's; Deny mode is recorded on a denied flow too.
        var policy = E()
        policy.policy("p", groupPriority: 100, collections: [("admin", 100, "Allow", [Self.ssh])])
        policy.firewall(policy: "p")
        policy.estate.setProperty(id: MiniEstate.id("azureFirewalls", "fw"), "threatIntelMode", "Off")
        policy.estate.setProperty(id: Self.policyID, "threatIntelMode", "Deny")
        let index = try policy.index()
        #expect(
            try index.check("10.1.1.4", "10.2.1.4", .tcp, 22).trace.first { $0.kind == .firewall }?.detail
                .hasSuffix("; threat intelligence Deny (FW-3, not evaluable offline)") == true)
        let refused = try index.check("10.1.1.4", "10.2.1.4", .tcp, 80)
        #expect(refused.disposition == .deniedByFirewall)
        #expect(
            refused.trace.last?.detail == "Azure Firewall fw: no rule matches; denied by default (FW-2); threat intelligence Deny (FW-3, not evaluable offline)"
        )
        policy.estate.setProperty(id: Self.policyID, "threatIntelMode", "Off")
        #expect(try policy.index().check("10.1.1.4", "10.2.1.4", .tcp, 22).trace.contains { $0.detail.contains("threat intelligence") } == false)
    }

    @Test(
        "FW-13: the IDPS mode is recorded on the trace; in Deny mode the attack-graph hop says signatures may still drop it",
        arguments: [("Alert", false), ("Deny", true)])
    func intrusionDetection(_ mode: String, _ finding: Bool) throws {
        var e = E()
        e.policy("p", groupPriority: 100, collections: [("admin", 100, "Allow", [Self.ssh])])
        e.firewall(policy: "p")
        e.estate.setProperty(id: Self.policyID, "intrusionDetection", ["mode": mode])
        let index = try e.index()
        let result = try index.check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(result.disposition == .accepted, "IDPS signatures are not evaluable offline")
        #expect(result.trace.first { $0.kind == .firewall }?.detail.hasSuffix("; IDPS \(mode) (FW-13, may drop allowed flows)") == true)
        let hop = try #require(index.graph().hop(from: "a/s1", to: "b/s1"))
        #expect(hop.findings.contains(.intrusionDetectionDenies(firewall: "fw")) == finding)
    }

    @Test("FW-8: after the application rules comes the default deny; a deny-all application collection processed last names itself")
    func afterApplicationRules() throws {
        var e = E()
        let web = E.collection(
            "web", 200, "Allow", [["name": "http", "protocols": [["protocolType": "Http", "port": 80]], "sourceAddresses": ["*"], "targetFqdns": ["*"]]])
        let last = E.collection(
            "deny-rest", 65000, "Deny",
            [
                [
                    "name": "everything", "protocols": [["protocolType": "Http", "port": 80], ["protocolType": "Https", "port": 443]],
                    "sourceAddresses": ["*"], "targetFqdns": ["*"],
                ]
            ])
        e.firewall(application: [last, web])
        let index = try e.index()
        let http = try index.check("10.1.1.4", "10.2.1.4", .tcp, 80)
        #expect(http.disposition == .accepted)
        #expect(http.trace.first { $0.kind == .firewall }?.rule == "web/http")
        let https = try index.check("10.1.1.4", "10.2.1.4", .tcp, 443)
        #expect(https.disposition == .deniedByFirewall)
        #expect(https.trace.last?.rule == "deny-rest/everything")
        // Not HTTP(S)/MSSQL on a listed port: no application rule applies, default deny.
        let other = try index.check("10.1.1.4", "10.2.1.4", .tcp, 8080)
        #expect(other.disposition == .deniedByFirewall)
        #expect(other.trace.last?.rule == nil)
        #expect(other.trace.last?.detail == "Azure Firewall fw: no rule matches; denied by default (FW-2)")
    }

    @Test("FW-10: a network rule for Any covers every IP protocol; with destination ports it means TCP and UDP only")
    func anyProtocol() throws {
        var ported = E()
        ported.firewall(network: [E.collection("c", 100, "Allow", [E.networkRule("any-22", source: "*", destination: "*", ports: ["22"], protocols: ["Any"])])])
        let index = try ported.index()
        #expect(try index.check("10.1.1.4", "10.2.1.4", .tcp, 22).disposition == .accepted)
        #expect(try index.check("10.1.1.4", "10.2.1.4", .udp, 22).disposition == .accepted)
        #expect(try index.check("10.1.1.4", "10.2.1.4", .tcp, 23).disposition == .deniedByFirewall)
        #expect(try index.check("10.1.1.4", "10.2.1.4", .icmp, 0).disposition == .deniedByFirewall)
        #expect(try index.check("10.1.1.4", "10.2.1.4", .esp, 0).disposition == .deniedByFirewall)

        var all = E()
        all.firewall(network: [E.collection("c", 100, "Allow", [E.networkRule("any", source: "*", destination: "*", ports: ["*"], protocols: ["Any"])])])
        let open = try all.index()
        for proto in IPProtocol.allCases {
            #expect(try open.check("10.1.1.4", "10.2.1.4", proto, 5000).disposition == .accepted, "\(proto)")
        }
    }

    @Test("FW-11: only the initiating direction is judged: a reverse Deny does not break an allowed flow, and a one-way allow opens nothing back")
    func stateful() throws {
        var oneWay = E()
        oneWay.firewall(network: [E.collection("a-to-b", 200, "Allow", [Self.ssh])])
        let plain = try oneWay.index()
        #expect(try plain.check("10.1.1.4", "10.2.1.4", .tcp, 22).disposition == .accepted)
        let back = try plain.check("10.2.1.4", "10.1.1.4", .tcp, 22)
        #expect(back.disposition == .deniedByFirewall)
        #expect(back.trace.last?.detail.contains("FW-2") == true)

        var reverseDeny = E()
        reverseDeny.firewall(network: [
            E.collection("a-to-b", 200, "Allow", [Self.ssh]),
            E.collection("no-b-to-a", 100, "Deny", [E.networkRule("all", source: "10.2.0.0/16", destination: "10.1.0.0/16", ports: ["*"], protocols: ["Any"])]),
        ])
        let index = try reverseDeny.index()
        let forward = try index.check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(forward.disposition == .accepted)
        #expect(forward.trace.filter { $0.kind == .firewall }.map(\.rule) == ["a-to-b/ssh"])
        #expect(try index.check("10.2.1.4", "10.1.1.4", .tcp, 22).trace.last?.rule == "no-b-to-a/all")
    }

    @Test("FW-14: TLS-inspection rules (target URLs) are ways out named by their URL; they never open a path to an internal address")
    func tlsInspection() throws {
        var e = E(routeAToB: false, extraRoutesA: [("default", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4")])
        let rule: [String: Any] = [
            "name": "models", "ruleType": "ApplicationRule", "protocols": [["protocolType": "Https", "port": 443]],
            "sourceAddresses": ["10.1.0.0/16"], "targetUrls": ["huggingface.co/models/*"], "terminateTLS": true,
        ]
        e.policy("p", groupPriority: 100, collections: [("inspect", 100, "Allow", [rule])])
        e.firewall(policy: "p")
        let index = try e.index()
        let hop = try #require(index.graph().hop(from: "a/s1", to: "internet"))
        #expect(hop.services.ports[.tcp] == PortSet(443...443))
        #expect(hop.firewallRules.map(\.fqdn) == ["url:huggingface.co/models/*"])
        #expect(try index.check("10.1.1.4", "10.2.1.4", .tcp, 443).disposition == .deniedByFirewall)
    }

    @Test("FW-18: behind the firewall, an application rule reaches a private endpoint by its DNS name with SNAT, so the reply returns through it")
    func privateEndpointByApplicationRule() throws {
        var e = E.withPrivateEndpoint()
        e.firewall(application: [
            E.collection(
                "paas", 100, "Allow",
                [
                    [
                        "name": "blob", "protocols": [["protocolType": "Https", "port": 443]],
                        "sourceAddresses": ["10.1.0.0/16"], "targetFqdns": ["*.blob.core.windows.net"],
                    ]
                ])
        ])
        let result = try e.index().check("10.1.1.4", "10.2.1.5", .tcp, 443)
        #expect(result.disposition == .accepted)
        #expect(result.trace.map(\.kind) == [.source, .route, .firewall, .route, .peering, .destination, .note])
        #expect(
            result.trace[2].detail
                == "Azure Firewall fw: application rule blob in collection paas allows (FQDN st.blob.core.windows.net); SNAT to 10.0.1.4, which the destination's NSGs see (FW-15)"
        )
        #expect(!result.trace.contains { $0.kind == .finding })
    }

    @Test(
        "PE-8, FW-18, RT-18: a network rule forwards to a private endpoint without SNAT; the endpoint answers directly, bypassing the firewall, even with a route back through it: no connection, one way only"
    )
    func privateEndpointByNetworkRule() throws {
        var e = E.withPrivateEndpoint()
        e.firewall(network: [E.collection("paas", 100, "Allow", [E.networkRule("https", source: "10.1.0.0/16", destination: "10.2.0.0/16", ports: ["443"])])])
        let index = try e.index()
        let result = try index.check("10.1.1.4", "10.2.1.5", .tcp, 443)
        #expect(result.disposition == .droppedAsymmetricReturn)
        #expect(result.trace.map(\.kind) == [.source, .route, .firewall, .route, .peering, .peering, .destination, .note, .route])
        #expect(result.trace.last?.decision == .drop)
        #expect(
            result.trace.last?.detail
                == "private endpoint pe-st answers 10.1.1.4 directly, not through firewall fw, which forwarded the request without SNAT: the firewall drops the connection (PE-8, FW-18); SNAT traffic to private endpoints, for example with application rules; a one-way payload may still arrive"
        )
        // A VM in the same subnet, whose reply follows the route back to the firewall, is symmetric.
        let vm = try index.check("10.1.1.4", "10.2.1.4", .tcp, 443)
        #expect(vm.disposition == .accepted)
        #expect(!vm.trace.contains { $0.kind == .finding })
        let graph = index.graph()
        #expect(graph.hop(from: "a/s1", to: "b/s1:pe-st") == nil)
        let oneWay = try #require(graph.oneWay.first { $0.from == "a/s1" && $0.to == "b/s1:pe-st" })
        #expect(oneWay.services.ports[.tcp] == PortSet(443...443))
        #expect(oneWay.reply.detail.contains("PE-8"))
        #expect(graph.hop(from: "a/s1", to: "b/s1") != nil)
    }

    @Test(
        "PE-8, RT-18: through the firewall without SNAT a private endpoint's reply bypasses it, with SNAT (application rule) it returns, in every input shape",
        arguments: E.EndpointShape.allCases)
    func privateEndpointReturnInEveryShape(_ shape: E.EndpointShape) throws {
        var network = E.withPrivateEndpoint(shape: shape)
        network.firewall(network: [
            E.collection("paas", 100, "Allow", [E.networkRule("https", source: "10.1.0.0/16", destination: "10.2.0.0/16", ports: ["443"])])
        ])
        let index = try network.index()
        #expect(try index.check("10.1.1.4", "10.2.1.5", .tcp, 443).disposition == .droppedAsymmetricReturn)
        let graph = index.graph()
        #expect(graph.hop(from: "a/s1", to: "b/s1:pe-st") == nil)
        #expect(graph.oneWay.contains { $0.from == "a/s1" && $0.to == "b/s1:pe-st" && $0.reply.detail.contains("PE-8") })
        var application = E.withPrivateEndpoint(shape: shape)
        application.firewall(application: [
            E.collection(
                "paas", 100, "Allow",
                [
                    [
                        "name": "blob", "protocols": [["protocolType": "Https", "port": 443]],
                        "sourceAddresses": ["10.1.0.0/16"], "targetFqdns": ["*.blob.core.windows.net"],
                    ]
                ])
        ])
        let snat = try application.index()
        #expect(try snat.check("10.1.1.4", "10.2.1.5", .tcp, 443).disposition == .accepted)
        #expect(snat.graph().hop(from: "a/s1", to: "b/s1:pe-st") != nil)
    }

    @Test(
        "RT-18: spoke to spoke through the firewall when only the source spoke routes through it: the reply bypasses the firewall, which drops the connection")
    func asymmetricSpokeToSpoke() throws {
        var e = E(routeBToA: false)
        e.firewall(network: [
            E.collection("east-west", 100, "Allow", [E.networkRule("https", source: "10.1.0.0/16", destination: "10.2.0.0/16", ports: ["443"])])
        ])
        // A and B are also peered: A's route to B through the firewall beats the peering
        // route (RT-13), B's reply to A takes the peering.
        e.estate.peer("a", "b")
        let index = try e.index()
        let result = try index.check("10.1.1.4", "10.2.1.4", .tcp, 443)
        #expect(result.disposition == .droppedAsymmetricReturn)
        #expect(result.trace.contains { $0.kind == .firewall && $0.decision == .allow })
        #expect(result.trace.last?.detail.contains("bypassing firewall fw, which forwarded the request without SNAT") == true)
        let graph = index.graph()
        #expect(graph.hop(from: "a/s1", to: "b/s1") == nil)
        #expect(graph.oneWay.contains { $0.from == "a/s1" && $0.to == "b/s1" && $0.services.ports[.tcp] == PortSet(443...443) })
        // The other way, B reaches A over the peering and A's reply to B goes to the
        // firewall, which never saw the request.
        let back = try index.check("10.2.1.4", "10.1.1.4", .tcp, 443)
        #expect(back.disposition == .droppedAsymmetricReturn)
        #expect(back.trace.last?.detail.contains("which never saw the request") == true)
        #expect(graph.hop(from: "b/s1", to: "a/s1") == nil)
    }
}

extension HubSpokeEstate {
    /// The hub and spokes with a private endpoint `pe-st` (10.2.1.5) for storage account `st`
    /// in spoke B's subnet, whose route table sends spoke A back through the firewall;
    /// `customDnsConfigs` names it `st.blob.core.windows.net` when `dns` is true.
    static let storageAccount = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st"

    /// How the input describes the endpoint's address (§5.2): its NIC, its own
    /// `ipConfigurations`, or only its `customDnsConfigs`.
    enum EndpointShape: String, CaseIterable, Sendable { case nic, ipConfigurations, customDnsConfigs }

    static func withPrivateEndpoint(dns: Bool = true, shape: EndpointShape = .nic) -> HubSpokeEstate {
        var e = HubSpokeEstate()
        let subnet = ["id": MiniEstate.id("virtualNetworks", "b") + "/subnets/s1"]
        let account = storageAccount
        e.estate.resources.append([
            "id": account, "name": "st", "type": "Microsoft.Storage/storageAccounts", "location": "westeurope",
            "properties": ["publicNetworkAccess": "Disabled"],
        ])
        if shape == .nic {
            e.estate.resources.append([
                "id": MiniEstate.id("networkInterfaces", "pe-st.nic"), "name": "pe-st.nic", "type": "Microsoft.Network/networkInterfaces",
                "properties": [
                    "privateEndpoint": ["id": MiniEstate.id("privateEndpoints", "pe-st")],
                    "ipConfigurations": [["name": "c", "properties": ["privateIPAddress": "10.2.1.5", "subnet": subnet]]],
                ] as [String: Any],
            ])
        }
        var props: [String: Any] = [
            "subnet": subnet,
            "privateLinkServiceConnections": [
                [
                    "name": "c",
                    "properties": [
                        "privateLinkServiceId": account, "groupIds": ["blob"],
                        "privateLinkServiceConnectionState": ["status": "Approved"],
                    ],
                ]
            ],
        ]
        if dns || shape == .customDnsConfigs { props["customDnsConfigs"] = [["fqdn": "st.blob.core.windows.net", "ipAddresses": ["10.2.1.5"]]] }
        if shape == .ipConfigurations { props["ipConfigurations"] = [["name": "ip", "properties": ["groupId": "blob", "privateIPAddress": "10.2.1.5"]]] }
        e.estate.resources.append([
            "id": MiniEstate.id("privateEndpoints", "pe-st"), "name": "pe-st", "type": "Microsoft.Network/privateEndpoints", "properties": props,
        ])
        return e
    }
}

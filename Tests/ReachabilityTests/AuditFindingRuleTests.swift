import Foundation
import Lateral
import TestSupport
import Testing

/// Catalog findings about NSG rules and peerings (LAT-NET-007, -008, -012, -013, -014), on
/// small estates built in code.
@Suite("Audit findings: rules and peerings")
struct AuditFindingRuleTests {
    /// The findings of an estate whose targets are `to` and whose entry nodes are the
    /// Internet and `from`.
    static func findings(_ estate: MiniEstate, from: [String] = [], to: String) throws -> [AuditFinding] {
        try analysis(estate, from: from, to: to).findings
    }

    static func analysis(_ estate: MiniEstate, from: [String] = [], to: String) throws -> Analysis {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.appending("estate.json").path
        try Data(estate.json.utf8).write(to: URL(fileURLWithPath: file))
        let loaded = try Estate.load(paths: [file])
        return Analysis(
            estate: loaded, inputs: [file], from: [.internet] + (try from.map { try Selector(parsing: $0) }), to: [try Selector(parsing: to)])
    }

    /// A training VNet with one GPU host behind `rules` (on its subnet's NSG).
    static func training(_ rules: [(String, Int, String, String, String, String, String, String, String)]) -> MiniEstate {
        var e = MiniEstate()
        e.vnet("train", ["10.9.0.0/16"], subnets: [("gpu", "10.9.1.0/24", "nsg-gpu", nil)])
        e.nsg("nsg-gpu", rules)
        e.nic("vm-gpu", vnet: "train", subnet: "gpu", ip: "10.9.1.4")
        return e
    }

    static func rules(_ found: [AuditFinding], _ code: AuditFinding.Code) -> [String] {
        found.filter { $0.code == code }.compactMap { finding in
            if case .ruleOrder(let order) = finding.evidence { return order.rule.name }
            return nil
        }
    }

    /// The first finding with this code, and its rule evidence.
    static func first(_ found: [AuditFinding], _ code: AuditFinding.Code) throws -> (AuditFinding, AuditFinding.RuleOrder) {
        let finding = try #require(found.first { $0.code == code })
        guard case .ruleOrder(let order) = finding.evidence else { throw Failure.noRuleEvidence }
        return (finding, order)
    }

    enum Failure: Error { case noRuleEvidence }

    @Test("LAT-NET-007 (NSG-11): an allow every one of whose services a higher-priority deny takes is reported; one that still lets a port in is not")
    func shadowedAllow() throws {
        let found = try Self.findings(
            Self.training([
                ("Deny-SSH", 100, "Inbound", "Deny", "Tcp", "Internet", "*", "*", "22"),
                ("Allow-SSH", 200, "Inbound", "Allow", "Tcp", "Internet", "*", "*", "22"),
                ("Deny-80", 300, "Inbound", "Deny", "Tcp", "*", "*", "*", "80"),
                ("Allow-80-81", 400, "Inbound", "Allow", "Tcp", "Internet", "*", "*", "80-81"),
            ]), to: "subnet:train/gpu")
        #expect(Self.rules(found, .shadowedAllow) == ["Allow-SSH"])
        let (finding, order) = try Self.first(found, .shadowedAllow)
        #expect(order.by.map(\.name) == ["Deny-SSH"])
        #expect(order.services.summary == "tcp/22")
        #expect(order.attachments == ["train/gpu"] && order.sources == ["internet"])
        #expect(finding.subject?.name == "nsg-gpu" && finding.inTargetZone)
    }

    @Test("LAT-NET-008 (NSG-11): a deny whose port a higher-priority allow lets in first is reported; a deny nothing pre-empts is not")
    func preemptedDeny() throws {
        let found = try Self.findings(
            Self.training([
                ("Allow-HTTPS", 100, "Inbound", "Allow", "Tcp", "VirtualNetwork", "*", "*", "443"),
                ("Deny-HTTPS", 200, "Inbound", "Deny", "Tcp", "VirtualNetwork", "*", "*", "443"),
                ("Deny-RDP", 300, "Inbound", "Deny", "Tcp", "*", "*", "*", "3389"),
            ]), to: "subnet:train/gpu")
        #expect(Self.rules(found, .preemptedDeny) == ["Deny-HTTPS"])
        #expect(Self.rules(found, .shadowedAllow).isEmpty)
        let (finding, order) = try Self.first(found, .preemptedDeny)
        #expect(order.by.map(\.name) == ["Allow-HTTPS"] && order.services.summary == "tcp/443" && order.sources == ["VirtualNetwork"])
        // On a target subnet: one level up from the catalog's Medium.
        #expect(finding.inTargetZone)
    }

    @Test("LAT-NET-007/008: default rules are overridden by design and raise neither")
    func defaultsRaiseNothing() throws {
        let found = try Self.findings(
            Self.training([("Allow-SSH", 100, "Inbound", "Allow", "Tcp", "VirtualNetwork", "*", "*", "22")]), to: "subnet:train/gpu")
        #expect(Self.rules(found, .shadowedAllow).isEmpty && Self.rules(found, .preemptedDeny).isEmpty)
    }

    static func broad(_ found: [AuditFinding]) -> [AuditFinding.BroadSource] {
        found.compactMap { finding in
            if case .broadSource(let broad) = finding.evidence { return broad }
            return nil
        }
    }

    @Test("LAT-NET-012 (NSG-30, NSG-33): VirtualNetwork, * and AzureCloud sources on the training NSG, with the prefixes they resolve to")
    func broadSources() throws {
        var e = Self.training([
            ("Allow-SSH-VNet", 100, "Inbound", "Allow", "Tcp", "VirtualNetwork", "*", "*", "22"),
            ("Allow-Ray-Any", 110, "Inbound", "Allow", "Tcp", "*", "*", "*", "8265"),
            ("Allow-HTTPS-Cloud", 120, "Inbound", "Allow", "Tcp", "AzureCloud", "*", "*", "443"),
            ("Allow-Admin", 130, "Inbound", "Allow", "Tcp", "10.8.1.0/24", "*", "*", "3389"),
        ])
        e.vnet("ops", ["10.8.0.0/16"], subnets: [("admin", "10.8.1.0/24", "nsg-ops", nil)])
        e.nsg("nsg-ops", [("Allow-Any", 100, "Inbound", "Allow", "Tcp", "*", "*", "*", "22")])
        e.peer("train", "ops")
        let found = try Self.findings(e, to: "subnet:train/gpu")
        let broad = Self.broad(found)
        // The explicit CIDR is not broad; the ops NSG is not in the training zone.
        #expect(broad.map(\.rule.name) == ["Allow-SSH-VNet", "Allow-Ray-Any", "Allow-HTTPS-Cloud"])
        #expect(broad.map(\.written) == [["VirtualNetwork"], ["*"], ["AzureCloud"]])
        let vnet = try #require(broad.first)
        // VirtualNetwork: the VNet, its peer and the platform address (NSG-30).
        #expect(vnet.prefixes == ["10.8.0.0/15", "168.63.129.16/32"])
        #expect(vnet.beyondNetwork && vnet.services.summary == "tcp/22" && vnet.attachment == "train/gpu")
        // No service tag data: AzureCloud is taken as public space (NSG-33).
        #expect(broad[2].approximated && !broad[0].approximated)
        #expect(found.filter { $0.code == .broadSource }.allSatisfy { $0.subject?.name == "nsg-gpu" && $0.inTargetZone })
    }

    @Test("LAT-NET-012: a VirtualNetwork source with no peer covers only the VNet (the catalog's Medium); a shadowed one is LAT-NET-007's")
    func broadSourceAlone() throws {
        let found = try Self.findings(
            Self.training([
                ("Allow-SSH-VNet", 100, "Inbound", "Allow", "Tcp", "VirtualNetwork", "*", "*", "22"),
                ("Deny-Any-8888", 110, "Inbound", "Deny", "Tcp", "*", "*", "*", "8888"),
                ("Allow-Jupyter-Any", 120, "Inbound", "Allow", "Tcp", "*", "*", "*", "8888"),
            ]), to: "subnet:train/gpu")
        let broad = Self.broad(found)
        #expect(broad.map(\.rule.name) == ["Allow-SSH-VNet"])
        #expect(broad.first?.beyondNetwork == false)
        #expect(Self.rules(found, .shadowedAllow) == ["Allow-Jupyter-Any"])
    }

    @Test(
        "LAT-NET-013 (PEER-2, PEER-7): a frontend spoke reaches the training spoke through the hub firewall; the training side's allowForwardedTraffic is the cause"
    )
    func forwardedTransit() throws {
        func found(forwarded: Bool) throws -> [AuditFinding] {
            var e = HubSpokeEstate(forwardedIntoB: forwarded)
            e.firewall(network: [
                HubSpokeEstate.collection(
                    "a-to-b", 100, "Allow", [HubSpokeEstate.networkRule("ssh", source: "10.1.0.0/16", destination: "10.2.0.0/16", ports: ["22"])])
            ])
            return try Self.findings(e.estate, from: ["subnet:a/s1"], to: "subnet:b/s1")
        }
        let open = try found(forwarded: true).filter { $0.code == .forwardedTransit }
        #expect(open.map(\.subject?.name) == ["b-to-hub"])
        let finding = try #require(open.first)
        guard case .reach(let hop, _) = finding.evidence else { Issue.record("no hop"); return }
        #expect(hop.from == "a/s1" && hop.to == "b/s1" && hop.services.summary == "tcp/22")
        #expect(hop.firewallRules.map(\.firewallName) == ["fw"] && finding.inTargetZone)
        // Without the flag the firewall's forwarded packets are dropped at the peering: no path, no finding.
        #expect(try found(forwarded: false).allSatisfy { $0.code != .forwardedTransit })
    }

    @Test("LAT-NET-013: a direct peering into the training VNet forwards nothing and raises nothing")
    func directPeeringIsNotTransit() throws {
        var e = MiniEstate()
        e.vnet("front", ["10.1.0.0/16"], subnets: [("web", "10.1.1.0/24", nil, nil)])
        e.vnet("train", ["10.9.0.0/16"], subnets: [("gpu", "10.9.1.0/24", nil, nil)])
        e.peer("front", "train", allowForwardedTraffic: true)
        e.nic("vm-web", vnet: "front", subnet: "web", ip: "10.1.1.4")
        e.nic("vm-gpu", vnet: "train", subnet: "gpu", ip: "10.9.1.4")
        let found = try Self.findings(e, from: ["subnet:front/web"], to: "subnet:train/gpu")
        #expect(found.contains { $0.code == .entriesToTargets })
        #expect(!found.contains { $0.code == .forwardedTransit })
    }

    /// A hub with a VPN gateway to on-premises 192.168.0.0/16 and a training spoke (PEER-8).
    static func gatewayEstate(transit: Bool = true, useRemote: Bool = true, disableBgp: Bool = false) -> MiniEstate {
        var e = MiniEstate()
        e.vnet("hub", ["10.0.0.0/16"], subnets: [("GatewaySubnet", "10.0.255.0/27", nil, nil)])
        e.vnet("spoke", ["10.1.0.0/16"], subnets: [("gpu", "10.1.1.0/24", nil, "rt")])
        e.peer("spoke", "hub", reverse: false)
        e.peer("hub", "spoke", reverse: false)
        e.setPeering("spoke", "hub", "useRemoteGateways", useRemote)
        e.setPeering("hub", "spoke", "allowGatewayTransit", transit)
        e.routeTable("rt", [])
        if disableBgp { e.setProperty(id: MiniEstate.id("routeTables", "rt"), "disableBgpRoutePropagation", true) }
        e.nic("vm-gpu", vnet: "spoke", subnet: "gpu", ip: "10.1.1.4")
        e.vpnGateway(in: "hub", onPremises: ["192.168.0.0/16"])
        return e
    }

    @Test("LAT-NET-014 (PEER-8): hub allowGatewayTransit and training useRemoteGateways carry on-premises routes into the training subnet")
    func gatewayTransit() throws {
        let found = try Self.findings(Self.gatewayEstate(), to: "subnet:spoke/gpu").filter { $0.code == .gatewayTransit }
        #expect(found.map(\.subject?.name) == ["spoke-to-hub"])
        let finding = try #require(found.first)
        guard case .setting(.gatewayTransit(let transit)) = finding.evidence else { Issue.record("no transit evidence"); return }
        #expect(transit.hubPeering.name == "hub-to-spoke" && transit.gateway == "vpn")
        #expect(transit.prefixes.map(\.description) == ["192.168.0.0/16"] && transit.subnets == ["spoke/gpu"])
        // On-premises prefixes are inside VirtualNetwork (NSG-30): AllowVnetInBound admits them.
        #expect(transit.fromOnPremises.map(\.to) == ["spoke/gpu"])
    }

    @Test(
        "LAT-NET-014 (PEER-8, RT-10, §8 case 33): no finding with only one of the two flags, or with gateway route propagation disabled",
        arguments: [(true, false, false), (false, true, false), (true, true, true)])
    func noGatewayTransit(transit: Bool, useRemote: Bool, disableBgp: Bool) throws {
        let found = try Self.findings(Self.gatewayEstate(transit: transit, useRemote: useRemote, disableBgp: disableBgp), to: "subnet:spoke/gpu")
        #expect(!found.contains { $0.code == .gatewayTransit })
    }

    @Test("report.html words LAT-NET-013 and LAT-NET-014 with the peering flags that cause them")
    func transitInReport() throws {
        func html(_ analysis: Analysis) throws -> String {
            String(decoding: try analysis.htmlReport(context: ReportContext(commandLine: ["lateral", "report"])), as: UTF8.self)
        }
        let gateway = try html(Self.analysis(Self.gatewayEstate(), to: "subnet:spoke/gpu"))
        #expect(gateway.contains("LAT-NET-014 Gateway transit exposes the training VNet to on-premises networks: <code>spoke-to-hub</code>"))
        #expect(gateway.contains("useRemoteGateways is true on this side and allowGatewayTransit on hub-to-spoke"))
        #expect(gateway.contains("spoke/gpu learns 192.168.0.0/16 through gateway vpn. On-premises clients reach spoke/gpu on "))
        var e = HubSpokeEstate()
        e.firewall(network: [
            HubSpokeEstate.collection(
                "a-to-b", 100, "Allow", [HubSpokeEstate.networkRule("ssh", source: "10.1.0.0/16", destination: "10.2.0.0/16", ports: ["22"])])
        ])
        let forwarded = try html(Self.analysis(e.estate, from: ["subnet:a/s1"], to: "subnet:b/s1"))
        #expect(forwarded.contains("a/s1 reaches b/s1 on tcp/22 through fw"))
        #expect(forwarded.contains("peering b-to-hub has allowForwardedTraffic true"))
    }
}

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
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.appending("estate.json").path
        try Data(estate.json.utf8).write(to: URL(fileURLWithPath: file))
        let loaded = try Estate.load(paths: [file])
        let analysis = Analysis(
            estate: loaded, inputs: [file], from: [.internet] + (try from.map { try Selector(parsing: $0) }), to: [try Selector(parsing: to)])
        return analysis.findings
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
}

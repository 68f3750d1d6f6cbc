import AuditReport
import Foundation
import Lateral
import TestSupport
import Testing

/// Posture notes as `analyze` reports them: the summary.md section and `postureNotes` in
/// paths.json, on the hand-made estate of Tests/Fixtures/Posture.
@Suite("Posture notes in reports")
struct PostureReportTests {
    static let file = Fixtures.fixture("Posture/posture-estate.json")

    static func analysis() throws -> Analysis {
        let estate = try Estate.load(paths: [file])
        return Analysis(estate: estate, inputs: [file], from: [.internet], to: [.internet])
    }

    @Test("summary.md lists each note with its code, sentence, resource ID and place")
    func markdown() throws {
        let md = try Self.analysis().markdown
        let section = try #require(md.components(separatedBy: "## Posture notes\n").last?.components(separatedBy: "\n## ").first)
        let items = section.split(separator: "\n").filter { $0.hasPrefix("- ") }
        #expect(items.count == 9)
        #expect(
            items.first
                == "- **unattached-nsg**: NSG nsg-orphan is attached to no subnet and no NIC: its rules guard nothing until it is attached — `/subscriptions/00000000-0000-0000-0000-000000000017/resourceGroups/rg-posture/providers/Microsoft.Network/networkSecurityGroups/nsg-orphan` (`\(Self.file)` `/11`)"
        )
        #expect(items.contains { $0.contains("**overlapping-subnets**: subnet snet-app-half overlaps subnet snet-app of VNet vnet-hub on 10.0.1.0/25.") })
        #expect(items.contains { $0.contains("its reverse, other-to-hub, is Initiated") })
        #expect(items.contains { $0.contains("firewall fw-hub is in subnet vnet-hub/AzureFirewallSubnet, which is not in the input") })
        #expect(items.contains { $0.contains("load balancer lb-web uses public IP pip-lb, which is not in the input") })
    }

    @Test("paths.json: postureNotes with code, resource, place and related resources; absent when there are none")
    func json() throws {
        let root = try JSONSchemaValidator.parse(Data(try Self.analysis().json.utf8))
        let notes = try #require(root["postureNotes"]?.arrayValue)
        #expect(notes.compactMap { $0["code"]?.stringValue }.count == 9)
        let peering = try #require(notes.first { $0["name"]?.stringValue == "hub-to-other" })
        #expect(peering["code"]?.stringValue == "one-sided-peering" && peering["resourceType"]?.stringValue == "peering")
        #expect(peering["file"]?.stringValue == Self.file && peering["pointer"]?.stringValue == "/5")
        #expect(peering["related"]?.arrayValue?.compactMap { $0["role"]?.stringValue } == ["remote", "reverse"])
        let overlap = try #require(notes.first { $0["code"]?.stringValue == "overlapping-subnets" })
        #expect(overlap["overlap"]?.arrayValue?.compactMap(\.stringValue) == ["10.0.1.0/25"])

        let clean = try Estate.load(paths: [Fixtures.fixture("Semantics/intra-subnet/topology.json")])
        let report = Analysis(estate: clean, inputs: [], from: [.internet], to: [.internet])
        #expect(report.postureNotes.isEmpty)
        #expect(try JSONSchemaValidator.parse(Data(report.json.utf8))["postureNotes"] == nil)
    }

    @Test("With the input kept (as with a policy), each note names its line")
    func lines() throws {
        let loaded = try Estate.load(paths: [Self.file], change: nil, keepDocuments: true)
        let analysis = Analysis(estate: loaded.base, inputs: [Self.file], from: [.internet], to: [.internet])
        let notes = ReportBuilder.postureNotes(analysis.postureNotes, lines: loaded.base.lineLookup)
        let text = try String(contentsOfFile: Self.file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let orphan = try #require(notes.first { $0.name == "nsg-orphan" })
        let line = try #require(orphan.line)
        #expect(line == 200)
        #expect(text[line - 1] == "  {" && text[line].contains("/networkSecurityGroups/nsg-orphan"))
    }
}

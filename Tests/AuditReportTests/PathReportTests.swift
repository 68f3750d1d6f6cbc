import AuditReport
import Foundation
import Lateral
import TestSupport
import Testing

@Suite("ReportBuilder.paths and TextFormatter.paths")
struct PathReportTests {
    @Test("Internet to a NIC behind its public IP: one hop, the NIC NSG rule that allows it")
    func internetHop() throws {
        let (graph, result) = try SmallEstates.paths(try SmallEstates.semantics("internet-only-via-public-ip"), from: ["internet"], to: ["vnet:vnet-a"])
        let report = ReportBuilder.paths(result, graph: graph)
        #expect(report.reachable)
        #expect(report.paths.map(\.nodes) == [["internet", "vnet-a/web"]])
        let hop = try #require(report.paths.first?.hops.first)
        #expect(hop.services.map(\.protocol) == ["tcp"])
        #expect(hop.services.first?.ports == ["443"])
        #expect(hop.allowedBy.map(\.rule) == ["allow-https-internet"])
        #expect(hop.allowedBy.first?.nsg == "nsg-web-nic")
        #expect(hop.allowedBy.first?.level == "NIC")
        #expect(hop.witness.dst == "203.0.113.10")
        #expect(hop.witness.translatedDst == "10.0.1.4")
        #expect(hop.via.map(\.kind) == ["public-ip"])

        let text = TextFormatter.paths(result, graph: graph)
        #expect(text.hasPrefix("Paths from internet to vnet:vnet-a: 1 found\n"))
        #expect(text.contains("Path 1 (1 hop): internet -> vnet-a/web\n"))
        #expect(text.contains("allowed by NIC NSG nsg-web-nic inbound rule allow-https-internet (priority 100): tcp/443"))
    }

    @Test("a peer hop lists the default rule that admits it, and the denied port is not among its services")
    func peerHop() throws {
        let (graph, result) = try SmallEstates.paths(try SmallEstates.semantics("vnet-tag-includes-peers"), from: ["vnet:vnet-a"], to: ["vnet:vnet-b"])
        let report = ReportBuilder.paths(result, graph: graph)
        let hop = try #require(report.paths.first?.hops.first)
        #expect(report.paths.map(\.nodes) == [["vnet-a/workload", "vnet-b/app"]])
        #expect(hop.allowedBy.map(\.rule) == ["AllowVnetInBound"])
        #expect(hop.allowedBy.first?.isDefault == true)
        #expect(hop.services.first { $0.protocol == "tcp" }?.ports == ["0-3388", "3390-65535"])
        #expect(!hop.allowedBy.contains { $0.rule == "deny-rdp-in" })

        let text = TextFormatter.paths(result, graph: graph)
        #expect(text.contains("allowed by subnet NSG nsg-b-app inbound rule AllowVnetInBound (priority 65000, default): tcp/0-3388,3390-65535"))
        #expect(!text.contains("deny-rdp-in"))
    }

    @Test("an empty selector is reported in the warnings and the text; nothing is reachable")
    func emptySelector() throws {
        let (graph, result) = try SmallEstates.paths(try SmallEstates.semantics("vnet-tag-includes-peers"), from: ["tag:role=none"], to: ["vnet:vnet-b"])
        let report = ReportBuilder.paths(result, graph: graph, warnings: ["extra warning"])
        #expect(!report.reachable)
        #expect(report.paths.isEmpty)
        #expect(report.warnings == ["selector tag:role=none selects nothing; nothing is reachable through it", "extra warning"])
        let text = TextFormatter.paths(result, graph: graph)
        #expect(text.hasPrefix("Paths from tag:role=none to vnet:vnet-b: none (not reachable)\n"))
        #expect(text.contains("warning: selector tag:role=none selects nothing"))
    }

    @Test("the report lists exactly the nodes its sources, targets and paths reference")
    func referencedNodes() throws {
        let (graph, result) = try SmallEstates.paths(try SmallEstates.retailLLM(), from: ["internet"], to: ["tag:role=llm-training"])
        let report = ReportBuilder.paths(result, graph: graph)
        let referenced = Set(report.sources + report.targets + report.paths.flatMap(\.nodes))
        #expect(Set(report.nodes.map(\.id)) == referenced)
        let jump = try #require(report.nodes.first { $0.id == "vnet-retail-fe-weu/snet-jump" })
        #expect(jump.endpoints.map(\.nic) == ["nic-weu-jump-01"])
        #expect(jump.endpoints.first?.publicIp == "20.61.112.40")
    }

    @Test("every hop's allowing rules appear in the text of the retail-llm paths")
    func retailText() throws {
        let (graph, result) = try SmallEstates.paths(try SmallEstates.retailLLM(), from: ["internet"], to: ["tag:role=llm-training"])
        let text = TextFormatter.paths(result, graph: graph)
        #expect(text.hasPrefix("Paths from internet to tag:role=llm-training: \(result.paths.count) found\n"))
        for path in result.paths {
            #expect(text.contains("hop\(path.hops.count == 1 ? "" : "s")): " + path.nodes.joined(separator: " -> ") + "\n"))
            for hop in path.hops {
                for contribution in hop.allowedBy {
                    #expect(text.contains("NSG \(contribution.securityGroupName) \(contribution.direction.rawValue) rule \(contribution.rule.name) (priority"))
                }
            }
        }
    }
}

/// Whole-estate reports are encoded one path at a time to bound memory; the bytes must be
/// those of encoding the report in one go.
@Suite("Path reports encode path by path")
struct SplicedReportTests {
    /// Foundation's encoder, whose bytes the report's own writer must give.
    static func whole<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "") + "\n"
    }

    @Test("the bundled estate's analysis report: spliced bytes equal the whole encoding")
    func bundled() throws {
        let estate = try Estate.load(paths: [Fixtures.path("Topologies/retail-llm")])
        let analysis = Analysis(
            estate: estate, inputs: ["Topologies/retail-llm"], from: [.internet, .tag(key: "role", value: "retail-frontend")],
            to: [.tag(key: "role", value: "llm-training")])
        let report = analysis.report
        #expect(!report.paths.isEmpty && !(report.exfiltration ?? []).isEmpty && !(report.ranking ?? []).isEmpty)
        #expect(JSONOutput.encode(report) == Self.whole(report))
        #expect(analysis.json == Self.whole(report))
        // The pieces written to paths.json are the same bytes, in more than one piece.
        let pieces = JSONOutput.encodePieces(report)
        #expect(pieces.pieces.count > 1 && pieces.count == pieces.joined.count)
        #expect(String(decoding: pieces.joined, as: UTF8.self) == Self.whole(report))
        #expect(analysis.reportFiles.paths == pieces)
    }

    @Test("a report with no paths: spliced bytes equal the whole encoding")
    func empty() throws {
        let (graph, result) = try SmallEstates.paths(try SmallEstates.semantics("internet-only-via-public-ip"), from: ["internet"], to: ["vnet:nothing-here"])
        let report = ReportBuilder.paths(result, graph: graph)
        #expect(report.paths.isEmpty)
        #expect(JSONOutput.encode(report) == Self.whole(report))
    }
}

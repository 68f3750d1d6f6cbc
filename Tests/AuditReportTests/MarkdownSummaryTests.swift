import AuditReport
import Foundation
import Lateral
import TestSupport
import Testing

@Suite("MarkdownSummary")
struct MarkdownSummaryTests {
    static func summary(_ estate: Estate, inputs: [String], from: [String], to: [String]) throws -> (PathResult, String) {
        let (graph, paths) = try SmallEstates.paths(estate, from: from, to: to)
        // The ways out, as `lateral analyze` computes them: from the targets to the Internet.
        let exfiltration = graph.paths(PathQuery(from: try to.map { try Selector(parsing: $0) }, to: [.internet], maxHops: 8), topology: estate.topology)
        let input = MarkdownSummary.Input(
            inputs: inputs, topology: estate.topology, diagnostics: estate.imported.diagnostics,
            ignoredTypes: estate.imported.ignoredTypes, graph: graph, paths: paths, options: estate.index.options,
            exfiltration: exfiltration)
        return (paths, MarkdownSummary.render(input))
    }

    @Test("retail-llm: every path gets a heading with its nodes, and every hop's rules are named")
    func everyPathMentioned() throws {
        let (result, md) = try Self.summary(
            try SmallEstates.retailLLM(), inputs: ["Topologies/retail-llm"],
            from: ["internet", "tag:role=retail-frontend"], to: ["tag:role=llm-training"])
        #expect(result.paths.count == 19)
        #expect(md.hasPrefix("# Lateral attack-path report\n"))
        #expect(md.contains("Inputs: `Topologies/retail-llm`"))
        #expect(md.contains("**Reachable.** 19 shortest attack paths"))
        for (i, path) in result.paths.enumerated() {
            #expect(md.contains("### Path \(i + 1): " + path.nodes.map { "`\($0)`" }.joined(separator: " -> ") + "\n"))
            for hop in path.hops {
                #expect(md.contains("`\(hop.from)` -> `\(hop.to)`: **\(hop.services.summary)**"))
                for c in hop.allowedBy { #expect(md.contains("rule `\(c.rule.name)` (priority \(c.rule.priority)")) }
            }
        }
        #expect(!md.contains("### Path 24:"))
        // The jump box is the Internet exposure the README calls the headline finding: open
        // on its own public IP, and published again through the hub firewall's DNAT rule.
        #expect(
            md.contains(
                "- `vnet-retail-fe-weu/snet-jump`: tcp/22,3389 (allowed by `nsg-retail-jump-weu/Allow-SSH-RDP-Internet`, `nsg-retail-jump-weu/Allow-SSH-From-AzureFirewall`, firewall `afw-hub-gwc` dnat rule `jump-weu-ssh`)"
            ))
        #expect(md.contains("`jump-weu-ssh`"))
        #expect(md.contains("20.218.196.10:50022 -> 10.10.255.4:22"))
        // The web tier's exposure is the Application Gateway: the backends see 8080 from snet-agw.
        for node in ["vnet-retail-fe-weu/snet-web"] {
            #expect(
                md.contains(
                    "- `\(node)`: tcp/8080 (allowed by `nsg-retail-agw-weu/Allow-Internet-HTTPS-Inbound`, `nsg-retail-agw-weu/AllowVnetOutBound`, `nsg-retail-web-weu/Allow-AppGateway-HTTP-8080`)"
                ))
        }
        #expect(md.contains("**Finding:** WAF Detection on agw-retail-weu only logs in Detection mode: it blocks nothing"))
        // Ways out: five training subnets; snet-eval's is direct, the rest go through afw-hub-gwc.
        #expect(md.contains("## Ways out (exfiltration)"))
        #expect(md.contains("`vnet-llm-train-chn/snet-eval` -> `internet`: **any**"))
        #expect(md.contains("**Finding:** leaves through default outbound access: the subnet is not private (defaultOutboundAccess unset, PUB-6)"))
        for subnet in ["vnet-llm-train-chn/snet-data", "vnet-llm-train-chn/snet-gpu", "vnet-llm-train-gwc/snet-data", "vnet-llm-train-gwc/snet-gpu"] {
            #expect(md.contains("`\(subnet)` -> `internet`: **tcp/443**"))
        }
    }

    @Test("the entry/target table has one row per pair and marks reachable pairs")
    func pairTable() throws {
        let (result, md) = try Self.summary(try SmallEstates.retailLLM(), inputs: ["x"], from: ["internet"], to: ["tag:role=llm-training"])
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.count == result.sources.count * result.targets.count)
        let reachableRows = rows.filter { $0.contains("| **yes** |") }
        #expect(reachableRows.count == Set(result.paths.map { [$0.nodes.first!, $0.nodes.last!] }).count)
    }

    @Test("an unreachable query says so and lists no path")
    func unreachable() throws {
        let (result, md) = try Self.summary(
            try SmallEstates.retailLLM(), inputs: ["x"],
            from: ["subnet:vnet-retail-fe-sea/snet-web"], to: ["tag:role=llm-training"])
        #expect(!result.reachable)
        #expect(md.contains("**Not reachable.**"))
        #expect(md.contains("## Attack paths\n\nNone.\n"))
        #expect(!md.contains("### Path"))
    }

    @Test("an empty selector is flagged")
    func emptySelector() throws {
        let (_, md) = try Self.summary(try SmallEstates.semantics("vnet-tag-includes-peers"), inputs: ["x"], from: ["tag:role=none"], to: ["vnet:vnet-b"])
        #expect(md.contains("- Warning: selector `tag:role=none` selects nothing."))
    }

    @Test("the summary is deterministic")
    func deterministic() throws {
        let estate = try SmallEstates.retailLLM()
        let (_, first) = try Self.summary(estate, inputs: ["a"], from: ["internet"], to: ["tag:role=llm-training"])
        let (_, second) = try Self.summary(try SmallEstates.retailLLM(), inputs: ["a"], from: ["internet"], to: ["tag:role=llm-training"])
        #expect(first == second)
    }
}

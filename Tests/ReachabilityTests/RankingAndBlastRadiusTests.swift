import AzureImport
import Reachability
import TestSupport
import Testing
import TopologyModel

/// The risk-score ranking (docs/solver.md) and blast radius on the retail-llm estate.
@Suite("Ranking and blast radius")
struct RankingAndBlastRadiusTests {
    static var estate: (index: EstateIndex, graph: ReachabilityGraph) { AttackPathTests.estate }

    func result(_ from: [String], _ to: [String]) throws -> PathResult {
        Self.estate.graph.paths(
            PathQuery(from: try from.map { try Selector(parsing: $0) }, to: try to.map { try Selector(parsing: $0) }),
            topology: Self.estate.index.topology)
    }

    @Test("the jump box ranks first from the Internet: a management port on the entry hop and fewest hops")
    func internetRanking() throws {
        let ranking = try result(["internet"], ["tag:role=llm-training"]).ranked(graph: Self.estate.graph, topology: Self.estate.index.topology, limit: nil)
        let pair = try #require(ranking.first)
        #expect(pair.reachable && pair.candidates == 7 && pair.paths.count == 7)
        #expect(pair.paths[0].path.nodes == ["internet", "vnet-retail-fe-weu/snet-jump", "vnet-llm-train-gwc/snet-gpu"])
        let top = pair.paths[0].score
        // 100 - 10·(2-1) + 20 (22/3389 on the entry hop) + 10 (any into the target) + 10 (a hop open to everything) + 5 (westeurope -> germanywestcentral)
        #expect(top.total == 135)
        #expect(top.managementEntry && top.managementTarget && top.wideOpen && top.crossRegion && !top.inspected)
        // Riskiest first, ties broken by length then node IDs: the order is total.
        let scores = pair.paths.map(\.score.total)
        #expect(scores == scores.sorted(by: >))
        // The three-hop variant of the same route ranks below it: one more hop costs 10.
        let longer = try #require(pair.paths.first { $0.path.nodes.count == 4 && $0.path.nodes[1] == "vnet-retail-fe-weu/snet-jump" })
        #expect(longer.score.total == top.total - 10)
    }

    @Test("--limit keeps the best K per selector pair and counts the candidates")
    func limit() throws {
        let ranking = try result(["internet", "tag:role=retail-frontend"], ["tag:role=llm-training"])
            .ranked(graph: Self.estate.graph, topology: Self.estate.index.topology, limit: 2)
        #expect(ranking.map { "\($0.from) -> \($0.to)" } == ["internet -> tag:role=llm-training", "tag:role=retail-frontend -> tag:role=llm-training"])
        #expect(ranking.map(\.paths.count) == [2, 2])
        #expect(ranking.map(\.candidates) == [7, 12])
    }

    @Test("a firewall on the way lowers the score; an unreachable pair says so")
    func inspectionAndUnreachable() throws {
        let ranking = try result(["subnet:vnet-retail-fe-weu/snet-app", "vnet:vnet-hub-sea"], ["subnet:vnet-llm-inference-weu/snet-inference"])
            .ranked(graph: Self.estate.graph, topology: Self.estate.index.topology, limit: nil)
        let app = try #require(ranking.first)
        let direct = try #require(app.paths.first { $0.path.nodes.count == 2 })
        // tcp/443 through afw-hub-gwc: 100, no management port, not open to everything, same region, -15 inspected.
        #expect(direct.score.inspected && direct.score.total == 85)
        #expect(ranking[1].reachable == false && ranking[1].paths.isEmpty)
    }

    @Test("blast radius of the jump box: every node with its fewest hops, grouped by region")
    func blastRadius() throws {
        let blast = Self.estate.graph.blastRadius(from: [try Selector(parsing: "subnet:vnet-retail-fe-weu/snet-jump")], topology: Self.estate.index.topology)
        #expect(blast.sources == ["vnet-retail-fe-weu/snet-jump"])
        let hops = Dictionary(uniqueKeysWithValues: blast.entries.map { ($0.node, $0.hops) })
        #expect(hops["vnet-llm-train-gwc/snet-gpu"] == 1)
        #expect(hops["vnet-llm-train-gwc/snet-data"] == 2)
        #expect(hops["vnet-retail-fe-weu/snet-app"] == 1)
        #expect(hops["vnet-llm-inference-weu/snet-inference"] == 2)
        #expect(hops["internet"] == 1)
        #expect(hops["vnet-retail-fe-weu/snet-jump"] == nil)
        let app = try #require(blast.entries.first { $0.node == "vnet-retail-fe-weu/snet-app" })
        #expect(app.services.summary == "tcp/22")
        // The switzerlandnorth training VNet is out of reach: its only ways in are the eastus
        // peering and the firewall, which denies retail to training.
        #expect(!blast.entries.contains { $0.node.hasPrefix("vnet-llm-train-chn/") })
        // Entries are grouped: sorted by region first.
        let regions = blast.entries.map { Self.estate.graph.node($0.node)?.region ?? "~" }
        #expect(regions == regions.sorted())
    }

    @Test("blast radius with a selector that selects nothing is empty and says so")
    func emptyBlast() throws {
        let blast = Self.estate.graph.blastRadius(from: [try Selector(parsing: "vnet:no-such-vnet")], topology: Self.estate.index.topology)
        #expect(blast.entries.isEmpty && blast.emptySelectors.count == 1)
    }
}

import Foundation
import TestSupport
import Testing

@Suite("lateral blast-radius and analyze --limit")
struct BlastRadiusCommandTests {
    @Test("blast-radius prints reachable nodes by region and VNet; JSON carries hop counts")
    func blastRadius() throws {
        let text = try CLIRunner.run(["blast-radius", Fixtures.path("Topologies/retail-llm"), "--from", "subnet:vnet-retail-fe-weu/snet-jump"])
        #expect(text.exitCode == 0, "stderr: \(text.stderr)")
        #expect(text.stdout.hasPrefix("Blast radius of subnet:vnet-retail-fe-weu/snet-jump (1 node held): 11 nodes reachable\n"))
        #expect(text.stdout.contains("    vnet-llm-train-gwc/snet-data: 2 hops, any (from vnet-llm-train-gwc/snet-gpu)"))
        let json = try CLIRunner.run([
            "blast-radius", Fixtures.path("Topologies/retail-llm"), "--from", "subnet:vnet-retail-fe-weu/snet-jump", "--format", "json",
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        #expect(object["reachable"] as? Int == 11)
        let regions = try #require(object["regions"] as? [[String: Any]])
        #expect(regions.compactMap { $0["region"] as? String } == ["(outside Azure)", "germanywestcentral", "westeurope"])
    }

    @Test("blast-radius without --from is a usage error")
    func missingFrom() throws {
        let result = try CLIRunner.run(["blast-radius", Fixtures.path("Topologies/retail-llm")])
        #expect(result.exitCode == 2)
    }

    @Test(
        "a limit or hop budget below 1 is a usage error",
        arguments: [
            ["analyze", "--limit", "0"], ["analyze", "--max-hops", "0"], ["blast-radius", "--from", "internet", "--max-hops", "0"],
        ])
    func badNumbers(_ arguments: [String]) throws {
        let result = try CLIRunner.run([arguments[0], Fixtures.path("Topologies/retail-llm")] + arguments.dropFirst())
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("must be at least 1"))
    }

    @Test("analyze --limit prints the K riskiest paths per selector pair and puts the ranking in the JSON")
    func limit() throws {
        let result = try CLIRunner.run(["analyze", Fixtures.path("Topologies/retail-llm"), "--limit", "1", "--quiet"])
        #expect(result.exitCode == 0)
        let text = try CLIRunner.run(["analyze", Fixtures.path("Topologies/retail-llm"), "--limit", "1"])
        #expect(
            text.stdout.hasPrefix("Ranked by risk score (docs/solver.md):\n  internet -> tag:role=llm-training: reachable, 7 paths, best 1\n    1. score 135"))
        let json = try CLIRunner.run(["analyze", Fixtures.path("Topologies/retail-llm"), "--limit", "1", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        let ranking = try #require(object["ranking"] as? [[String: Any]])
        #expect(ranking.count == 2)
        #expect(ranking.compactMap { ($0["paths"] as? [Any])?.count } == [1, 1])
        #expect(ranking.compactMap { $0["candidates"] as? Int } == [7, 12])
    }
}

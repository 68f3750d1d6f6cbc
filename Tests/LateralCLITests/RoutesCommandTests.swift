import Foundation
import TestSupport
import Testing

/// `lateral routes` on a Virtual WAN estate: the spokes' routes as their hub programs them, and
/// the hub's own tables (VWAN-4, VWAN-8, VWAN-13, VWAN-20).
@Suite("lateral routes on Virtual WAN")
struct RoutesCommandTests {
    static let estate = Fixtures.path("Topologies/retail-llm")

    @Test("VWAN-13: a spoke of the secured hub learns the policy routes as VirtualNetworkGateway routes; --hub lists the hub's table")
    func hubAndSpoke() throws {
        let result = try CLIRunner.run(["routes", Self.estate, "--subnet", "subnet:vnet-retail-fe-sdc/snet-web", "--hub", "vhub-sdc"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("VirtualNetworkGateway") && $0.contains("10.0.0.0/8") && $0.contains("virtual hub vhub-sdc defaultRouteTable") })
        #expect(lines.contains { $0.hasPrefix("VirtualNetworkGateway") && $0.contains("0.0.0.0/0") })
        #expect(lines.contains { $0.contains("10.0.16.0/23") && $0.contains("VNetPeering") })
        #expect(lines.contains("Routes of virtual hub vhub-sdc, table defaultRouteTable"))
        #expect(lines.contains { $0.hasPrefix("Static") && $0.contains("10.0.0.0/8") && $0.contains("AzureFirewall") && $0.contains("afw-vhub-sdc") })
        #expect(lines.contains("Associated connections: conn-llm-inference-sdc, conn-retail-fe-sdc"))
    }

    @Test("--hub with JSON, alone and beside --subnet; an unknown hub is an error naming the hubs")
    func json() throws {
        let alone = try CLIRunner.run(["routes", Self.estate, "--hub", "all", "--format", "json"])
        #expect(alone.exitCode == 0, "\(alone.stderr)")
        let tables = try #require(JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? [[String: Any]])
        #expect(tables.map { $0["table"] as? String } == ["defaultRouteTable"])
        #expect((tables[0]["routes"] as? [[String: Any]])?.count == 4)
        let both = try CLIRunner.run(["routes", Self.estate, "--hub", "vhub-sdc", "--subnet", "subnet:vnet-retail-fe-sdc/snet-web", "--format", "json"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(both.stdout.utf8)) as? [String: Any])
        #expect((object["subnets"] as? [Any])?.count == 1)
        #expect((object["hubs"] as? [Any])?.count == 1)
        let unknown = try CLIRunner.run(["routes", Self.estate, "--hub", "vhub-nowhere"])
        #expect(unknown.exitCode != 0)
        #expect(unknown.stderr.contains("vhub-nowhere") && unknown.stderr.contains("vhub-sdc"))
    }
}

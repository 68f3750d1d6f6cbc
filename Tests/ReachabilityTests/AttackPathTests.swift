import AzureImport
import Reachability
import Testing
import TestSupport
import TopologyModel

/// Attack paths on the bundled default estate (Topologies/retail-llm; its README says
/// which paths exist and why).
@Suite("Attack paths on the retail-llm estate")
struct AttackPathTests {
    static let estate: (index: EstateIndex, graph: ReachabilityGraph) = {
        let imported = try! AzureImporter.load(paths: [Fixtures.path("Topologies/retail-llm")])
        let index = EstateIndex(topology: imported.topology)
        return (index, index.graph())
    }()

    func paths(_ from: String, _ to: String, maxHops: Int = 8) throws -> PathResult {
        Self.estate.graph.paths(PathQuery(from: [try Selector(parsing: from)], to: [try Selector(parsing: to)], maxHops: maxHops),
                                topology: Self.estate.index.topology)
    }

    @Test("Internet -> jump box on 22/3389 -> training GPU subnet over the direct peering")
    func jumpBoxPath() throws {
        let result = try paths("internet", "tag:role=llm-training")
        let path = try #require(result.paths.first { $0.nodes == ["internet", "vnet-retail-fe-weu/snet-jump", "vnet-llm-train-gwc/snet-gpu"] })
        let entry = path.hops[0]
        #expect(entry.services.entries.map(\.proto) == [.tcp])
        #expect(entry.services.ports[.tcp] == PortSet([22...22, 3389...3389]))
        #expect(entry.allowedBy.map(\.rule.name) == ["Allow-SSH-RDP-Internet"])
        let pivot = path.hops[1]
        #expect(pivot.services.ports[.tcp]?.isFull == true)
        #expect(pivot.allowedBy.map(\.rule.name).contains("AllowVnetInBound"))
        #expect(pivot.via.contains { $0.kind == .peering })
    }

    @Test("The source-ASG deny in switzerlandnorth does not stop the peered eastus frontends (NSG-26)")
    func asgTrap() throws {
        let hop = try #require(Self.estate.graph.hop(from: "vnet-retail-fe-eus/snet-web", to: "vnet-llm-train-chn/snet-gpu"))
        #expect(!hop.allowedBy.contains { $0.rule.name == "Deny-Frontend-ASG" })
        #expect(hop.allowedBy.contains { $0.rule.name == "AllowVnetInBound" && $0.direction == .inbound })
        #expect(hop.services.ports[.tcp]?.isFull == true)
    }

    @Test("A half-configured peering gives no path (PEER-1)")
    func halfPeering() throws {
        let result = try paths("vnet:vnet-retail-fe-sea", "tag:role=llm-training")
        #expect(!result.reachable)
        #expect(!result.sources.isEmpty)
    }

    @Test("Peering is not transitive: no frontend reaches the inference VNet through a hub (PEER-2)")
    func nonTransitive() throws {
        let result = try paths("tag:role=retail-frontend", "tag:role=llm-inference")
        #expect(!result.reachable)
    }

    @Test("The data node's NIC NSG blocks frontends directly; they reach it only by pivoting through the GPU subnet")
    func dataNodeNeedsPivot() throws {
        #expect(Self.estate.graph.hop(from: "vnet-retail-fe-weu/snet-web", to: "vnet-llm-train-gwc/snet-data") == nil)
        let result = try paths("subnet:vnet-retail-fe-weu/snet-web", "subnet:vnet-llm-train-gwc/snet-data")
        #expect(result.paths.map(\.nodes) == [["vnet-retail-fe-weu/snet-web", "vnet-llm-train-gwc/snet-gpu", "vnet-llm-train-gwc/snet-data"]])
        let limited = try paths("subnet:vnet-retail-fe-weu/snet-web", "subnet:vnet-llm-train-gwc/snet-data", maxHops: 1)
        #expect(!limited.reachable)
    }

    @Test("Paths are shortest first and deterministic")
    func ordering() throws {
        let first = try paths("internet", "tag:role=llm-training")
        let second = try paths("internet", "tag:role=llm-training")
        #expect(first.paths == second.paths)
        #expect(first.paths.map(\.hops.count) == first.paths.map(\.hops.count).sorted())
        for path in first.paths {
            #expect(path.hops.count == path.nodes.count - 1)
            #expect(path.nodes.first == "internet")
        }
    }

    @Test("A selector that selects nothing is reported, not an error")
    func emptySelector() throws {
        let result = try paths("tag:role=nothing-here", "tag:role=llm-training")
        #expect(!result.reachable)
        #expect(result.emptySelectors == [.tag(key: "role", value: "nothing-here")])
    }

    @Test("Selector syntax", arguments: ["internet", "subnet:v/s", "vnet:v", "tag:role=x", "cidr:10.0.0.0/8", "/subscriptions/x/resourceGroups/y"])
    func selectorParses(_ text: String) throws {
        #expect(try Selector(parsing: text).description.lowercased() == text.lowercased())
    }

    @Test("Bad selectors are errors", arguments: ["foo:bar", "subnet:novnet", "tag:=x", "cidr:10.0.0.0/40", "vnet:"])
    func selectorRejects(_ text: String) {
        #expect(throws: QueryError.self) { try Selector(parsing: text) }
    }
}

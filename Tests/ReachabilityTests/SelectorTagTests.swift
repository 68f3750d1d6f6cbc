import Testing
import TopologyModel

@testable import Reachability

/// `tag:KEY=VALUE` picks the nodes of tagged VNets and the nodes holding tagged NICs. Tag
/// keys are case-insensitive in Azure; values are compared as written. The selector finds
/// the tagged VNets and NICs once per selection; these pin what it must pick.
@Suite("tag: selectors")
struct SelectorTagTests {
    static func estate() throws -> (EstateIndex, ReachabilityGraph) {
        var estate = MiniEstate()
        estate.vnet("train", ["10.1.0.0/16"], tags: ["Role": "llm-training"], subnets: [("s1", "10.1.1.0/24", nil, nil)])
        estate.vnet("web", ["10.2.0.0/16"], tags: ["role": "LLM-Training"], subnets: [("s1", "10.2.1.0/24", nil, nil), ("s2", "10.2.2.0/24", nil, nil)])
        estate.vnet("plain", ["10.3.0.0/16"], subnets: [("s1", "10.3.1.0/24", nil, nil)])
        estate.nic("vm-train", vnet: "train", subnet: "s1", ip: "10.1.1.4")
        estate.nic("vm-web", vnet: "web", subnet: "s1", ip: "10.2.1.4")
        estate.nic("vm-web2", vnet: "web", subnet: "s2", ip: "10.2.2.4")
        estate.nic("vm-plain", vnet: "plain", subnet: "s1", ip: "10.3.1.4")
        // A NIC tag alone selects its node: the VNet is untagged.
        let plain = estate.resources.firstIndex { ($0["name"] as? String) == "vm-plain" }!
        estate.resources[plain]["tags"] = ["ROLE": "llm-training"]
        let index = try estate.index()
        return (index, index.graph())
    }

    @Test("Keys match in any case, values only as written; VNet and NIC tags both count")
    func keysFoldValuesExact() throws {
        let (index, graph) = try Self.estate()
        let picked = Selector.tag(key: "role", value: "llm-training").select(in: graph, topology: index.topology)
        #expect(picked.contains { $0.contains("train") })
        #expect(picked.contains { $0.contains("plain") })
        #expect(!picked.contains { $0.contains("web") })
        #expect(picked == picked.sorted())
        let other = Selector.tag(key: "ROLE", value: "LLM-Training").select(in: graph, topology: index.topology)
        #expect(other.count == 2 && other.allSatisfy { $0.contains("web") })
        #expect(Selector.tag(key: "role", value: "nothing").select(in: graph, topology: index.topology).isEmpty)
    }
}

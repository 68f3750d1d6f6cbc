import AzureImport
import EstateGenerator
import Foundation
import TestSupport
import Testing
import TopologyModel

@testable import Reachability

/// A what-if that edits NSG rules builds the changed graph from the base graph: only the
/// hops out of and into the nodes the edited NSGs judge are evaluated again. The result must
/// be the graph a whole build gives, hop for hop, on every shape the generator makes.
@Suite("Graph reuse for NSG edits")
struct GraphReuseTests {
    /// One estate of a shape, as JSON resources.
    static func resources(_ shape: EstateShape) throws -> [[String: Any]] {
        let options = EstateOptions(
            seed: 7, shape: shape, regions: shape == .globalMesh ? nil : 1, spokes: 5, subnetsPerSpoke: 3, rulesPerSecurityGroup: 8,
            interfacesPerSubnet: 2)
        let bytes = try EstateGenerator.generate(options).bytes
        let json = try JSONSerialization.jsonObject(with: Data(bytes))
        return (json as? [[String: Any]]) ?? ((json as? [String: Any])?["value"] as? [[String: Any]]) ?? []
    }

    /// The bundled estate's resources, every file's in one list.
    static func bundled() throws -> [[String: Any]] {
        let directory = Fixtures.path("Topologies/retail-llm")
        var resources: [[String: Any]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() where name.hasSuffix(".json") {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
            if let list = json as? [[String: Any]] {
                resources += list
            } else if let object = json as? [String: Any] {
                resources += (object["value"] as? [[String: Any]]) ?? [object]
            }
        }
        return resources
    }

    static func index(_ resources: [[String: Any]]) throws -> EstateIndex {
        let data = try JSONSerialization.data(withJSONObject: resources, options: [.sortedKeys])
        return EstateIndex(topology: try AzureImporter.load(json: String(decoding: data, as: UTF8.self), file: "estate.json").topology)
    }

    /// Edits `count` NSGs picked by `seed`: one loses its first rule, one has a rule's access
    /// flipped, one gains an allow of TCP 22 from the Internet.
    static func editNSGs(_ resources: [[String: Any]], seed: Int, count: Int) -> [[String: Any]] {
        var resources = resources
        let groups = resources.indices.filter { (resources[$0]["type"] as? String)?.lowercased() == "microsoft.network/networksecuritygroups" }
        var state = UInt64(seed) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(n, 1)))
        }
        for edit in 0..<min(count, groups.count) {
            let i = groups[next(groups.count)]
            var props = resources[i]["properties"] as? [String: Any] ?? [:]
            var rules = props["securityRules"] as? [[String: Any]] ?? []
            switch edit % 3 {
            case 0 where !rules.isEmpty:
                rules.removeFirst()
            case 1 where !rules.isEmpty:
                let r = next(rules.count)
                var ruleProps = rules[r]["properties"] as? [String: Any] ?? [:]
                ruleProps["access"] = (ruleProps["access"] as? String)?.lowercased() == "allow" ? "Deny" : "Allow"
                rules[r]["properties"] = ruleProps
            default:
                rules.append([
                    "name": "whatif-ssh",
                    "properties": [
                        "priority": 4001, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "Internet",
                        "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "22",
                    ] as [String: Any],
                ])
            }
            props["securityRules"] = rules
            resources[i]["properties"] = props
        }
        return resources
    }

    /// Every pair's services (united where a pair has two hops) and every one-way reach.
    static func summary(_ graph: ReachabilityGraph) -> (hops: [String: ServiceSet], oneWay: [String: ServiceSet]) {
        var hops: [String: ServiceSet] = [:]
        graph.forEachHop { from, to, services in
            let key = graph.nodes[from].id + " -> " + graph.nodes[to].id
            hops[key] = (hops[key] ?? ServiceSet()).union(services)
        }
        var oneWay: [String: ServiceSet] = [:]
        for reach in graph.oneWay { oneWay[reach.from + " -> " + reach.to] = (oneWay[reach.from + " -> " + reach.to] ?? ServiceSet()).union(reach.services) }
        return (hops, oneWay)
    }

    @Test(
        "NSG edits: the graph built from the base graph is the whole build's, hop for hop, with the same explanations",
        arguments: EstateShape.allCases.map(Optional.some) + [nil])
    func reuseIsExact(_ shape: EstateShape?) throws {
        let base = try shape.map(Self.resources) ?? Self.bundled()
        let baseIndex = try Self.index(base)
        let baseGraph = baseIndex.graph()
        var reused = 0
        for seed in 1...(shape == nil ? 8 : 2) {
            let changedIndex = try Self.index(Self.editNSGs(base, seed: seed, count: 3))
            let whole = changedIndex.graph()
            guard let graph = changedIndex.reuse(baseGraph, of: baseIndex) else { continue }
            reused += 1
            let (wholeHops, wholeOneWay) = Self.summary(whole)
            let (hops, oneWay) = Self.summary(graph)
            let differing = Set(hops.keys).union(wholeHops.keys).filter { hops[$0] != wholeHops[$0] }.sorted()
            #expect(differing.isEmpty, "\(shape), seed \(seed): \(differing.count) pairs differ, first \(differing.prefix(3))")
            let sameOneWay = oneWay == wholeOneWay
            #expect(sameOneWay, "\(shape), seed \(seed): one-way reaches differ")
            // The explanations too: the rules that let each of a sample of hops through.
            for node in graph.nodes.prefix(12) {
                for hop in graph.hops(from: node.id) {
                    #expect(Set(hop.allowedBy.map(\.rule.name)) == Set(whole.hop(from: hop.from, to: hop.to)?.allowedBy.map(\.rule.name) ?? []))
                }
            }
        }
        #expect(reused > 0, "\(shape.map(\.rawValue) ?? "retail-llm"): the edits should be within reach of reuse")
    }

    @Test("anything but NSG rules changed, or nothing at all: the graph is built whole (or is the base's)")
    func fallsBack() throws {
        let base = try Self.resources(.hubSpoke)
        let baseIndex = try Self.index(base)
        let baseGraph = baseIndex.graph()
        #expect(baseIndex.reuse(baseGraph, of: baseIndex).map { Self.summary($0).hops == Self.summary(baseGraph).hops } == true)
        var routes = base
        let table = try #require(routes.indices.first { (routes[$0]["type"] as? String)?.lowercased() == "microsoft.network/routetables" })
        var props = routes[table]["properties"] as? [String: Any] ?? [:]
        props["routes"] =
            (props["routes"] as? [[String: Any]] ?? []) + [
                ["name": "whatif-blackhole", "properties": ["addressPrefix": "203.0.113.0/24", "nextHopType": "None"]]
            ]
        routes[table]["properties"] = props
        #expect(try Self.index(routes).reuse(baseGraph, of: baseIndex) == nil, "a route table's change reaches every pair it routes")
    }
}

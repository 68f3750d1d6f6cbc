import AzureImport
@testable import Reachability
import Testing
import TestSupport
import TopologyModel

/// The lean hop evaluation gives, pair by pair, the services the full evaluation finds (or
/// says it cannot tell), and the NSG maps it is built from give what the symbolic chain
/// evaluation gives, peer by peer.
@Suite("Lean hops agree with the full evaluation")
struct LeanHopTests {
    static let estates = Fixtures.directories(in: "Semantics").map { Fixtures.fixture("Semantics/\($0)/topology.json") } + [Fixtures.path("Topologies/retail-llm")]

    @Test("every lean verdict equals the full hop's services", arguments: estates)
    func leanIsExact(_ path: String) throws {
        let index = EstateIndex(topology: try AzureImporter.load(paths: [path]).topology)
        let nodes = index.buildNodes()
        let sources = nodes.indices.filter { nodes[$0].kind == .hosts }
        let targets = nodes.indices.filter { ![.internet, .asset, .onPremises].contains(nodes[$0].kind) }
        let lean = LeanHopEvaluator(index: index, nodes: nodes, sources: sources, targets: targets)
        var scratch = LeanHopEvaluator.Scratch()
        var answered = 0, none = 0
        for s in sources {
            for t in targets where t != s {
                let source = nodes[s], target = nodes[t]
                let full = index.internalHop(from: source, to: target)
                switch lean.verdict(s, t, scratch: &scratch) {
                case .none:
                    none += 1
                    #expect(full == nil, "\(source.id) -> \(target.id): lean says no hop, the full evaluation finds \(full?.services.summary ?? "")")
                case .services(let id):
                    answered += 1
                    #expect(full.map { LeanServices($0.services) } == scratch.results[Int(id)], "\(source.id) -> \(target.id)")
                case .unknown:
                    continue
                }
            }
        }
        if path.hasSuffix("retail-llm") { #expect(answered > 0 && none > 0) }
    }

    @Test("the lean graph equals the full one, explanations included", arguments: estates)
    func sameGraph(_ path: String) throws {
        let index = EstateIndex(topology: try AzureImporter.load(paths: [path]).topology)
        let lean = index.graph(lean: true)
        if path.hasSuffix("retail-llm") { #expect(lean.hops.contains { !$0.isExplained }, "building the graph explains nothing yet") }
        #expect(lean.hops == index.graph(lean: false).hops)
    }

    /// NSG-2, NSG-3, NSG-11, NSG-30/31: per peer address, the map's services are those of
    /// ``PolicyChain`` for the same stages (rules with ASGs on the peer side make no map).
    @Test("exposure maps give the chain's services for every node address and tag probe", arguments: estates)
    func mapsAgree(_ path: String) throws {
        let index = EstateIndex(topology: try AzureImporter.load(paths: [path]).topology)
        let nodes = index.buildNodes().filter { $0.representative != nil }
        var probes = nodes.compactMap { $0.representative.map { index.identity(of: $0) } }
        probes += ["198.51.100.10", "168.63.129.16", "10.255.255.254", "0.0.0.0", "255.255.255.255"].map { EndpointIdentity(address: IPAddress($0)!) }
        var compared = 0
        for node in nodes {
            let own = index.identity(of: node.representative!)
            for direction in [TrafficDirection.outbound, .inbound] {
                let stages = direction == .outbound ? index.outboundStages(node.representative!) : index.inboundStages(node.representative!)
                guard let map = ExposureMap.build(stages: stages, own: own, direction: direction, options: index.options) else {
                    #expect(stages.contains { s in s.securityGroup.rules(direction).contains { rule in
                        !(direction == .outbound ? rule.destination : rule.source).applicationSecurityGroups.isEmpty || !rule.sourcePorts.isFull } })
                    continue
                }
                for peer in probes where peer.address.isV4 {
                    let outcome = PolicyChain.evaluate(stages, source: direction == .outbound ? own : peer, destination: direction == .outbound ? peer : own,
                                                       sourcePorts: PortSet(index.options.clientSourcePorts), options: index.options)
                    var expected = LeanServices.none
                    for (proto, ports) in outcome.allowed.entries { expected.insert(proto, ports) }
                    #expect(map.lookup(peer.address) == expected, "\(node.id) \(direction) \(peer.address)")
                    compared += 1
                }
            }
        }
        #expect(compared > 0)
    }
}

import EstateGenerator
import Lateral
import Testing

/// On small random hub-and-spoke estates (firewalls with policies, route tables to them, NSGs
/// with random rules, private endpoints, public IPs), the attack graph and the searches built
/// on it agree with the brute-force evaluator: the concrete flow verdict, port by port.
@Suite("Random estates: graph, paths and blast radius agree with concrete flows")
struct RandomEstateAgreementTests {
    static let seeds: [UInt64] = [11, 12, 13, 14]
    static let ports: [UInt16] = [22, 80, 443, 1433, 3389, 8080]

    static func estate(_ seed: UInt64) throws -> (EstateIndex, ReachabilityGraph) {
        let (bytes, _) = try EstateGenerator.generate(
            EstateOptions(
                seed: seed, regions: 2, spokes: 5, subnetsPerSpoke: 2, rulesPerSecurityGroup: 6,
                interfacesPerSubnet: 1))
        let imported = try AzureImporter.load(json: String(decoding: bytes, as: UTF8.self), file: "random-\(seed).json")
        let index = EstateIndex(topology: imported.topology)
        return (index, index.graph())
    }

    @Test("the lean evaluation changes nothing: hops, services and explanations equal the full evaluation's", arguments: seeds)
    func leanChangesNothing(_ seed: UInt64) throws {
        let (index, graph) = try Self.estate(seed)
        #expect(graph.hops == index.graph(lean: false).hops)
    }

    @Test("every hop between hosts carries exactly the TCP ports whose concrete flow is accepted", arguments: seeds)
    func hopsAgree(_ seed: UInt64) throws {
        let (index, graph) = try Self.estate(seed)
        var accepted = 0
        for source in graph.nodes where source.kind == .hosts {
            for target in graph.nodes where (target.kind == .hosts || target.kind == .privateEndpoint) && target.id != source.id {
                guard let src = source.endpoints.first?.address, let dst = target.endpoints.first?.address else { continue }
                let hop = graph.hop(from: source.id, to: target.id)
                for port in Self.ports {
                    let flow = try index.verdict(FlowQuery(source: src, destination: dst, proto: .tcp, destinationPort: port))
                    let symbolic = hop?.services.ports[.tcp]?.contains(port) ?? false
                    #expect(
                        (flow.disposition == .accepted) == symbolic,
                        "seed \(seed): \(source.id) -> \(target.id) tcp/\(port): flow \(flow.disposition.rawValue), hop \(symbolic)")
                    if symbolic { accepted += 1 }
                }
            }
        }
        #expect(accepted > 0, "seed \(seed): the estate should have some reachable pairs")
    }

    /// Reachability by brute force: breadth-first over concrete accepted flows on the sample
    /// ports, pivoting through hosts only.
    static func bruteForceReach(_ index: EstateIndex, _ graph: ReachabilityGraph, from start: [String]) throws -> [String: Int] {
        var distance: [String: Int] = [:]
        for s in start { distance[s] = 0 }
        var frontier = start
        var depth = 0
        while !frontier.isEmpty && depth < 8 {
            depth += 1
            var next: [String] = []
            for id in frontier {
                guard let node = graph.node(id), node.kind == .hosts, let src = node.endpoints.first?.address else { continue }
                for target in graph.nodes where (target.kind == .hosts || target.kind == .privateEndpoint) && distance[target.id] == nil {
                    guard let dst = target.endpoints.first?.address else { continue }
                    let open = try ports.contains {
                        try index.verdict(FlowQuery(source: src, destination: dst, proto: .tcp, destinationPort: $0)).disposition == .accepted
                    }
                    if open || graph.hop(from: id, to: target.id).map({ !$0.services.isEmpty && !$0.services.ports.keys.contains(.tcp) }) == true {
                        distance[target.id] = depth
                        next.append(target.id)
                    }
                }
            }
            frontier = next
        }
        return distance
    }

    @Test("blast radius and shortest path lengths match the brute-force search between hosts", arguments: seeds)
    func searchesAgree(_ seed: UInt64) throws {
        let (index, graph) = try Self.estate(seed)
        guard let start = graph.nodes.first(where: { $0.kind == .hosts && graph.hops(from: $0.id).contains { graph.node($0.to)?.kind == .hosts } }) else {
            return
        }
        let brute = try Self.bruteForceReach(index, graph, from: [start.id])
        let blast = graph.blastRadius(from: [.resource(start.endpoints[0].interface)], topology: index.topology)
        // Hosts and private endpoints reached only through the sample ports are a subset of
        // the blast radius; every one of them is at the same distance or closer in the graph.
        let graphDistance = Dictionary(uniqueKeysWithValues: blast.entries.map { ($0.node, $0.hops) })
        for (node, d) in brute where d > 0 {
            let g = try #require(graphDistance[node], "seed \(seed): brute force reaches \(node), blast radius does not")
            #expect(g <= d)
        }
        // And paths agree with the blast radius on distance.
        let targets = blast.entries.filter { graph.node($0.node)?.kind == .hosts }.prefix(5)
        for entry in targets {
            let result = graph.paths(
                PathQuery(from: [.resource(start.endpoints[0].interface)], to: [.resource(graph.node(entry.node)!.endpoints[0].interface)]),
                topology: index.topology)
            #expect(result.paths.first?.hops.count == entry.hops, "seed \(seed): \(entry.node)")
        }
    }

    /// The whole-estate query caps its paths; the search prunes sources that cannot make the
    /// cut and stops at the layer that reaches the last target. The capped answer must still be
    /// exactly the first paths of the uncapped one, with `truncated` telling whether any
    /// was left out.
    @Test("capped path queries keep exactly the first paths of the uncapped answer", arguments: seeds)
    func capsAgree(_ seed: UInt64) throws {
        let (index, graph) = try Self.estate(seed)
        for (from, to) in [
            ([Selector.internet, .tag(key: "role", value: "retail-frontend")], [Selector.tag(key: "role", value: "llm-training")]),
            ([Selector.tag(key: "role", value: "llm-training")], [Selector.internet]),
        ] {
            let all = graph.paths(PathQuery(from: from, to: to), topology: index.topology)
            for cap in [1, 3, 7, all.paths.count, all.paths.count + 1] where cap > 0 {
                let capped = graph.paths(PathQuery(from: from, to: to, maxPaths: cap), topology: index.topology)
                #expect(capped.paths.map(\.nodes) == all.paths.prefix(cap).map(\.nodes), "seed \(seed), cap \(cap)")
                #expect(capped.paths.map { $0.hops.map(\.to) } == all.paths.prefix(cap).map { $0.hops.map(\.to) })
                #expect(capped.truncated == (all.paths.count > cap), "seed \(seed), cap \(cap)")
            }
        }
    }
}

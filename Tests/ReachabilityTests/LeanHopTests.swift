import AzureImport
import TestSupport
import Testing
import TopologyModel

@testable import Reachability

/// The lean hop evaluation gives, pair by pair, the services the full evaluation finds (or
/// says it cannot tell), and the NSG maps it is built from give what the symbolic chain
/// evaluation gives, peer by peer.
@Suite("Lean hops agree with the full evaluation")
struct LeanHopTests {
    static let estates =
        Fixtures.directories(in: "Semantics").map { Fixtures.fixture("Semantics/\($0)/topology.json") } + [Fixtures.path("Topologies/retail-llm")]

    /// The estate's index, nodes, sources (hosts), targets and lean evaluator.
    static func evaluator(_ path: String) throws -> (EstateIndex, [AttackNode], [Int], [Int], LeanHopEvaluator) {
        let index = EstateIndex(topology: try AzureImporter.load(paths: [path]).topology)
        let nodes = index.buildNodes()
        let sources = nodes.indices.filter { nodes[$0].kind == .hosts }
        let targets = nodes.indices.filter { ![.internet, .asset, .onPremises].contains(nodes[$0].kind) }
        return (index, nodes, sources, targets, LeanHopEvaluator(index: index, nodes: nodes, sources: sources, targets: targets))
    }

    @Test("every lean verdict equals the full hop's services", arguments: estates)
    func leanIsExact(_ path: String) throws {
        let (index, nodes, sources, targets, lean) = try Self.evaluator(path)
        var scratch = LeanHopEvaluator.Scratch()
        var answered = 0, none = 0
        for s in sources {
            for t in targets where t != s {
                let source = nodes[s], target = nodes[t]
                let reach = index.internalReach(from: source, to: target)
                let full = reach.hop
                switch lean.verdict(s, t, scratch: &scratch) {
                case .none:
                    none += 1
                    #expect(full == nil, "\(source.id) -> \(target.id): lean says no hop, the full evaluation finds \(full?.services.summary ?? "")")
                    #expect(reach.oneWay == nil, "\(source.id) -> \(target.id): lean says nothing arrives, the full evaluation finds a one-way reach")
                case .services(let id):
                    answered += 1
                    #expect(full.map { LeanServices($0.services) } == scratch.results[Int(id)], "\(source.id) -> \(target.id)")
                    #expect(reach.oneWay == nil)
                case .oneWay(let id):
                    // RT-18, PE-8: what arrives without a way back.
                    #expect(full == nil)
                    #expect(reach.oneWay.map { LeanServices($0.services) } == scratch.results[Int(id)], "\(source.id) -> \(target.id)")
                case .unknown:
                    continue
                }
            }
        }
        if path.hasSuffix("retail-llm") { #expect(answered > 0 && none > 0) }
    }

    /// The row walk (targets in address order, cursors over the source's map and routes,
    /// inbound pieces carried from one source address to the next) answers what the pair
    /// evaluation answers, target by target, whatever order the sources come in.
    @Test("the row walk gives every pair's verdict", arguments: estates)
    func rowIsPairwise(_ path: String) throws {
        let (_, nodes, sources, targets, lean) = try Self.evaluator(path)
        var compared = 0
        // Sources in node order, by rising and falling address, and interleaved: the inbound
        // pieces move forward between rising addresses and are searched again otherwise.
        let rising = sources.sorted { a, b in
            switch (nodes[a].representative?.address, nodes[b].representative?.address) {
            case let (x?, y?): x != y ? x < y : a < b
            case (nil, _?): true
            case (_?, nil): false
            case (nil, nil): a < b
            }
        }
        let interleaved = rising.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) + rising.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        // One scratch for every row, as a graph build thread keeps it: what a row leaves
        // behind (the inbound pieces of its address, memos) must not change the next one.
        var rowScratch = LeanHopEvaluator.Scratch()
        for s in sources + rising + rising.reversed() + interleaved {
            var pairScratch = LeanHopEvaluator.Scratch()
            lean.row(s, scratch: &rowScratch)
            for t in targets where t != s {
                let expected: String =
                    switch lean.verdict(s, t, scratch: &pairScratch) {
                    case .none: "none"
                    case .services(let n): "hop \(pairScratch.results[Int(n)])"
                    case .oneWay(let n): "one-way \(pairScratch.results[Int(n)])"
                    case .unknown: "unknown"
                    }
                let found: String =
                    switch LeanVerdict(code: rowScratch.row[t]) {
                    case .none: "none"
                    case .services(let n): "hop \(rowScratch.results[Int(n)])"
                    case .oneWay(let n): "one-way \(rowScratch.results[Int(n)])"
                    case .unknown: "unknown"
                    }
                #expect(found == expected, "\(nodes[s].id) -> \(nodes[t].id)")
                compared += 1
            }
        }
        if path.hasSuffix("retail-llm") { #expect(compared > 200) }
    }

    /// RT-11 to RT-14 over intervals: the flattened table picks, for every address, the
    /// route the lookup picks (probed at every interval's first and last address).
    @Test("a flattened route table agrees with longest-prefix lookup", arguments: estates)
    func flattenedRoutes(_ path: String) throws {
        let index = EstateIndex(topology: try AzureImporter.load(paths: [path]).topology)
        var probed = 0
        for subnet in index.topology.subnets.keys.sorted() {
            let table = index.routes(of: subnet)
            var starts: [UInt32] = [], winners: [Int32] = []
            LeanHopEvaluator.flatten(table, starts: &starts, winners: &winners)
            #expect(starts.first == 0 && zip(starts, starts.dropFirst()).allSatisfy { $0 < $1 })
            for (i, start) in starts.enumerated() {
                let last = i + 1 < starts.count ? starts[i + 1] - 1 : UInt32.max
                for address in [start, last, start / 2 + last / 2] {
                    #expect(table.lookupIndex(.v4(address)).map(Int32.init) ?? -1 == winners[i], "\(subnet) \(IPAddress.v4(address))")
                    probed += 1
                }
            }
        }
        #expect(probed > 0)
    }

    @Test("the lean graph equals the full one, explanations included", arguments: estates)
    func sameGraph(_ path: String) throws {
        let index = EstateIndex(topology: try AzureImporter.load(paths: [path]).topology)
        let lean = index.graph(lean: true)
        if path.hasSuffix("retail-llm") { #expect(lean.hops.contains { !$0.isExplained }, "building the graph explains nothing yet") }
        let full = index.graph(lean: false)
        #expect(lean.hops == full.hops)
        #expect(lean.oneWay == full.oneWay)
    }

    /// NSG-2, NSG-3, NSG-11, NSG-25/26, NSG-30/31: per peer, the services of the family's map
    /// for the peer are those of ``PolicyChain`` for the same stages (rules that single out
    /// client source ports make no family).
    @Test("exposure maps give the chain's services for every node and tag probe, ASG members included", arguments: estates)
    func mapsAgree(_ path: String) throws {
        let index = EstateIndex(topology: try AzureImporter.load(paths: [path]).topology)
        let nodes = index.buildNodes().filter { $0.representative != nil }
        var probes = nodes.compactMap { $0.representative.map { index.identity(of: $0) } }
        probes += ["198.51.100.10", "168.63.129.16", "10.255.255.254", "0.0.0.0", "255.255.255.255"].map { EndpointIdentity(address: IPAddress($0)!) }
        var compared = 0, byMembership = 0
        for node in nodes {
            let own = index.identity(of: node.representative!)
            for direction in [TrafficDirection.outbound, .inbound] {
                let stages = direction == .outbound ? index.outboundStages(node.representative!) : index.inboundStages(node.representative!)
                guard let family = ExposureFamily.build(stages: stages, own: own, direction: direction, options: index.options) else {
                    #expect(stages.contains { s in s.securityGroup.rules(direction).contains { !$0.sourcePorts.isFull } })
                    continue
                }
                for peer in probes where peer.address.isV4 {
                    let outcome = PolicyChain.evaluate(
                        stages, source: direction == .outbound ? own : peer, destination: direction == .outbound ? peer : own,
                        sourcePorts: PortSet(index.options.clientSourcePorts), options: index.options)
                    var expected = LeanServices.none
                    for (proto, ports) in outcome.allowed.entries { expected.insert(proto, ports) }
                    let variant = family.map(for: peer)
                    if variant != nil { byMembership += 1 }
                    #expect((variant ?? family.base).lookup(peer.address) == expected, "\(node.id) \(direction) \(peer.address)")
                    compared += 1
                }
            }
        }
        #expect(compared > 0)
        if path.contains("asg-scope") || path.hasSuffix("retail-llm") { #expect(byMembership > 0, "no peer met an ASG condition") }
    }
}

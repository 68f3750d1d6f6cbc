import AzureImport
import Reachability
import TestSupport
import Testing
import TopologyModel

/// The attack graph's symbolic evaluation (every port at once) must agree with the
/// concrete flow verdict, port by port, on every fixture estate.
@Suite("Symbolic hops agree with concrete flows")
struct SymbolicConcreteAgreementTests {
    static let estates = Fixtures.directories(in: "Semantics").map { "Semantics/\($0)/topology.json" } + ["../../Topologies/retail-llm"]

    @Test("hop services == allowed concrete flows", arguments: estates)
    func agree(_ relative: String) throws {
        let index = EstateIndex(topology: try AzureImporter.load(paths: [Fixtures.fixture(relative)]).topology)
        let graph = index.graph()
        let ports: [UInt16] = [0, 1, 22, 80, 443, 500, 1433, 3389, 4500, 5985, 5986, 5987, 8443, 65535]
        var checked = 0
        for source in graph.nodes where source.kind == .hosts {
            for target in graph.nodes where target.kind != .internet && target.kind != .asset && target.id != source.id {
                guard let src = source.endpoints.first?.address else { continue }
                let dst = target.endpoints.first?.address ?? target.representative!.address
                let hop = graph.hop(from: source.id, to: target.id)
                for proto in [IPProtocol.tcp, .udp] {
                    for port in ports {
                        let flow = try index.verdict(FlowQuery(source: src, destination: dst, proto: proto, destinationPort: port))
                        let symbolic = hop?.services.ports[proto]?.contains(port) ?? false
                        #expect(
                            flow.disposition == .accepted ? symbolic : !symbolic,
                            "\(relative): \(source.id) -> \(target.id) \(proto.rawValue)/\(port): flow \(flow.disposition.rawValue), hop \(symbolic)")
                        checked += 1
                    }
                }
            }
        }
        // Internet hops: a concrete Internet flow that is accepted must be in the hop.
        for target in graph.nodes where target.kind == .hosts {
            guard let pip = target.endpoints.first?.publicIP?.address else { continue }
            let hop = graph.hop(from: "internet", to: target.id)
            for port in ports {
                let flow = try index.verdict(FlowQuery(source: IPAddress("198.51.100.7")!, destination: pip, proto: .tcp, destinationPort: port))
                if flow.allowed { #expect(hop?.services.ports[.tcp]?.contains(port) == true, "\(relative): internet -> \(target.id) tcp/\(port)") }
                checked += 1
            }
        }
        if graph.nodes.count > 2 { #expect(checked > 0) }
    }
}

import AzureImport
import Foundation
import Reachability
import TestSupport
import Testing
import TopologyModel

/// Every flow of every scenario in Tests/Fixtures/Semantics, against every topology file
/// of its folder: verdict, disposition and the exact list of deciding NSG rules.
@Suite("Semantics matrix (azure-semantics.md §8)")
struct SemanticsFixtureTests {
    static let scenarios = Fixtures.directories(in: "Semantics")

    @Test("scenario", arguments: scenarios)
    func scenario(_ name: String) throws {
        let expectations = try ScenarioExpectations.load(scenario: name)
        let topologies = Fixtures.files(in: Fixtures.fixture("Semantics/\(name)")) { $0.hasPrefix("topology") && $0.hasSuffix(".json") }
        #expect(!topologies.isEmpty)
        #expect(!expectations.flows.isEmpty)
        for file in topologies {
            let imported = try AzureImporter.load(paths: [file])
            let index = EstateIndex(topology: imported.topology)
            for flow in expectations.flows {
                let query = FlowQuery(
                    source: IPAddress(flow.src)!, destination: IPAddress(flow.dst)!,
                    proto: IPProtocol(rawValue: flow.protocol == "any" ? "tcp" : flow.protocol)!,
                    destinationPort: UInt16(flow.port ?? 0), sourcePort: flow.srcPort.map { UInt16($0) })
                let result = try index.verdict(query)
                let label = "\(URL(fileURLWithPath: file).lastPathComponent) \(flow.name)"
                #expect(result.allowed == (flow.verdict == "allow"), "\(label): verdict")
                #expect(result.disposition.rawValue == flow.disposition, "\(label): disposition")
                #expect(result.decidingRules == flow.rules, "\(label): deciding rules")
            }
        }
    }
}

import Foundation
import TestSupport
import Testing

/// One flow of a semantics fixture, against one of the fixture's `topology*.json` files.
struct SemanticsFlowCase: Sendable, CustomTestStringConvertible {
    let scenario: String
    let topologyFile: String
    let flow: ExpectedFlow

    var testDescription: String { "\(scenario)/\(topologyFile): \(flow.name)" }

    var topologyPath: String { TestInputs.semantics(scenario, topologyFile) }

    /// `lateral flow` arguments for this case (without `--format`).
    var flowArguments: [String] {
        var arguments = ["flow", topologyPath, "--src", flow.src, "--dst", flow.dst, "--protocol", flow.protocol]
        if let port = flow.port { arguments += ["--port", String(port)] }
        if let srcPort = flow.srcPort { arguments += ["--src-port", String(srcPort)] }
        return arguments
    }

    /// Every flow of every scenario, for every topology file of the scenario.
    static let all: [SemanticsFlowCase] = Fixtures.directories(in: "Semantics").flatMap { scenario -> [SemanticsFlowCase] in
        guard let expectations = try? ScenarioExpectations.load(scenario: scenario) else { return [] }
        let topologies = Fixtures.files(in: Fixtures.fixture("Semantics/\(scenario)")) { $0.hasPrefix("topology") && $0.hasSuffix(".json") }
        return topologies.flatMap { path in
            expectations.flows.map { SemanticsFlowCase(scenario: scenario, topologyFile: (path as NSString).lastPathComponent, flow: $0) }
        }
    }
}

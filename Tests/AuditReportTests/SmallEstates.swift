import Foundation
import Lateral
import TestSupport
import Testing

/// Estates loaded through the library front door, once per test process.
enum SmallEstates {
    static func semantics(_ scenario: String) throws -> Estate {
        try Estate.load(paths: [Fixtures.fixture("Semantics/\(scenario)/topology.json")])
    }

    static func retailLLM() throws -> Estate {
        try Estate.load(paths: [Fixtures.path("Topologies/retail-llm")])
    }

    /// The verdict for one expected flow of a semantics fixture.
    static func verdict(_ flow: ExpectedFlow, in estate: Estate) throws -> FlowResult {
        let query = FlowQuery(
            source: try #require(IPAddress(flow.src)), destination: try #require(IPAddress(flow.dst)),
            proto: try #require(IPProtocol(rawValue: flow.protocol)), destinationPort: UInt16(flow.port ?? 0),
            sourcePort: flow.srcPort.map { UInt16($0) })
        return try estate.index.verdict(query)
    }

    /// Paths between two selectors written as on the command line.
    static func paths(_ estate: Estate, from: [String], to: [String], maxHops: Int = 8) throws -> (ReachabilityGraph, PathResult) {
        let graph = estate.index.graph()
        let query = PathQuery(from: try from.map { try Selector(parsing: $0) }, to: try to.map { try Selector(parsing: $0) }, maxHops: maxHops)
        return (graph, graph.paths(query, topology: estate.topology))
    }
}

/// One flow of one semantics scenario.
struct ScenarioFlow: Sendable, CustomTestStringConvertible {
    let scenario: String
    let flow: ExpectedFlow
    var testDescription: String { "\(scenario): \(flow.name)" }

    static let scenarios = [
        "both-nsgs-required", "nic-then-subnet-outbound", "nsg-shadowing", "source-port-trap", "intra-subnet",
        "no-nsg-standard-vs-basic-pip", "peering-initiated",
    ]

    static let all: [ScenarioFlow] = scenarios.flatMap { scenario in
        ((try? ScenarioExpectations.load(scenario: scenario))?.flows ?? []).map { ScenarioFlow(scenario: scenario, flow: $0) }
    }
}

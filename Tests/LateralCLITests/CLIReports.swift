import Foundation
import TestSupport
import Testing

// Decodable mirrors of the CLI's JSON (docs/cli.md, AuditReport/ReportSchema.swift), so the
// end-to-end tests read the output the way a consumer of the CLI would.

struct FlowReport: Decodable {
    let schemaVersion: String
    let query: Query
    let verdict: String
    let disposition: String
    let trace: [Step]

    struct Query: Decodable {
        let src: String
        let dst: String
        let `protocol`: String
        let port: Int?
        let srcPort: Int
        let srcPortAssumed: Bool
    }

    struct Step: Decodable {
        let step: Int
        let kind: String
        let resource: String?
        let name: String
        let direction: String?
        let rule: String?
        let ruleId: String?
        let priority: Int?
        let decision: String
        let detail: String
    }

    /// The deciding NSG rules as `nsg/rule`, in trace order (the `rules` of expectations.json).
    var decidingRules: [String] {
        trace.filter { $0.kind == "nsg" }.compactMap { step in step.rule.map { "\(step.name)/\($0)" } }
    }
}

struct PathsReport: Decodable {
    let schemaVersion: String
    let from: [String]
    let to: [String]
    let reachable: Bool
    let sources: [String]
    let targets: [String]
    let paths: [Path]
    let nodes: [Node]
    let warnings: [String]

    struct Path: Decodable {
        let nodes: [String]
        let hops: [Hop]
    }

    struct Hop: Decodable {
        let from: String
        let to: String
        let services: [Service]
        let allowedBy: [Rule]
        let firewallRules: [FirewallRule]
        let via: [Via]
    }

    struct FirewallRule: Decodable, Equatable {
        let firewall: String
        let collection: String
        let group: String?
        let rule: String
        let kind: String
        let action: String
        let services: String
    }

    struct Via: Decodable {
        let kind: String
        let name: String
        let detail: String
    }

    struct Service: Decodable, Equatable {
        let `protocol`: String
        let ports: [String]
    }

    struct Rule: Decodable {
        let nsg: String
        let level: String
        let direction: String
        let rule: String
        let priority: Int
        let isDefault: Bool
    }

    struct Node: Decodable {
        let id: String
        let kind: String
    }
}

/// Decodes a command's standard output, recording the text when it is not the expected JSON.
func decodeOutput<T: Decodable>(_ type: T.Type, from result: CLIResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
    do {
        return try JSONDecoder().decode(T.self, from: result.stdoutData)
    } catch {
        Issue.record(
            "stdout is not a \(T.self): \(error)\nstdout: \(result.stdout.prefix(2000))\nstderr: \(result.stderr)",
            sourceLocation: sourceLocation)
        throw error
    }
}

enum TestInputs {
    static let retailLLM = Fixtures.path("Topologies/retail-llm")
    static func semantics(_ scenario: String, _ file: String = "topology.json") -> String {
        Fixtures.fixture("Semantics/\(scenario)/\(file)")
    }
    static func cliFixture(_ name: String) -> String { Fixtures.fixture("CLI/\(name)") }
}

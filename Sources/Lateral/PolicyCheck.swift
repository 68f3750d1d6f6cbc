import AuditReport
import Intent
import Reachability
import TopologyModel

/// Policies judged against an estate: the CI gate.
public struct PolicyCheck: Sendable {
    public let estate: Estate
    public let graph: ReachabilityGraph
    public let policies: PolicyFile
    public let verdicts: [PolicyVerdict]
    public let inputs: [String]

    public init(estate: Estate, policies: PolicyFile, inputs: [String], maxHops: Int = 8, graph: ReachabilityGraph? = nil) {
        self.estate = estate
        self.policies = policies
        self.inputs = inputs
        let graph = graph ?? estate.index.graph()
        self.graph = graph
        verdicts = graph.evaluate(policies.policies, topology: estate.topology, maxHops: maxHops)
    }

    /// True when every policy holds.
    public var holds: Bool { verdicts.allSatisfy(\.holds) }

    var warnings: [String] {
        estate.warnings + verdicts.flatMap { v in v.emptySelectors.map { "policy \(v.policy.id): selector \($0) selects nothing; the policy holds vacuously" } }
    }

    public var text: String { TextFormatter.policies(verdicts, policyFile: policies.file, lines: estate.lineLookup) }

    public var report: ReportSchema.PolicyReport {
        ReportBuilder.policies(verdicts, policyFile: policies.file, warnings: warnings, lines: estate.lineLookup)
    }

    public var json: String { JSONOutput.encode(report) }

    public func sarif(toolVersion: String) -> String {
        SARIFLog.encode(verdicts, policyFile: policies.file, toolVersion: toolVersion, inputs: inputs, lines: estate.lineLookup)
    }
}

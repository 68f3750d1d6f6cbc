import Foundation
import Intent
import Lateral
import Reachability
import TestSupport

/// Plans an isolation for an estate written as JSON and verifies it as `lateral isolate`
/// does: the plan's change file applied through the what-if machinery, the policies judged
/// again over paths of any length.
struct IsolationHarness {
    let isolation: Isolation
    /// Nil when the plan has conflicts (nothing to apply).
    let verification: IsolationVerification?
    let changeFile: String

    init(json: String, policies yaml: String) throws {
        let directory = try TemporaryDirectory(prefix: "lateral-isolate")
        defer { directory.remove() }
        let file = directory.appending("estate.json")
        try json.write(to: file, atomically: true, encoding: .utf8)
        let policies = try PolicyFile.parse(yaml, file: "policy.yaml").policies
        let base = try Estate.load(paths: [file.path])
        isolation = Isolation(estate: base, policies: policies)
        changeFile = isolation.changeFile
        guard isolation.plan.isFeasible else {
            verification = nil
            return
        }
        let change = try ChangeFile.parse(changeFile, file: "isolation-plan.yaml")
        let changed = try Estate.load(paths: [file.path], change: change).changed!
        let selectors = isolation.selectors
        let comparison = Comparison(
            kind: .whatif, base: base, changed: changed, changes: change.summaries, inputs: [file.path], from: selectors.from, to: selectors.to)
        verification = isolation.verify(changed: changed, comparison: comparison)
    }

    init(_ estate: MiniEstate, policies yaml: String) throws { try self.init(json: estate.json, policies: yaml) }

    var plan: IsolationPlan { isolation.plan }

    /// The deny rules of the plan's NSG changes, with their NSG's name.
    var rules: [(nsg: String, direction: String, rule: DenyRule)] {
        plan.changes.flatMap { change -> [(String, String, DenyRule)] in
            guard case .denyRules(_, let nsg, _, _, let direction, let rules) = change.action else { return [] }
            return rules.map { (nsg.name, direction.rawValue, $0) }
        }
    }

    /// A policy file with these policies (YAML lines under `policies:`), each given the
    /// description the format asks for.
    static func policyFile(_ lines: String) -> String {
        "version: 1\npolicies:\n"
            + lines.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("  - id: ") ? line + "\n    description: test" : String(line)
            }.joined(separator: "\n")
    }
}

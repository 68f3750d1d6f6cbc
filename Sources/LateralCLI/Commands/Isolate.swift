import ArgumentParser
import Foundation
import Lateral

struct Isolate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Emergency isolation: the fewest changes that close every forbidden attack path and keep the required flows, verified.",
        discussion: """
            The targets are the deny policies of --policy (docs/policies.md; services and except narrow them); its require policies are the flows that must survive. Without --policy: no path from internet or tag:role=retail-frontend into tag:role=llm-training, and no way out of tag:role=llm-training to internet. The plan is a minimum cut of the attack graph over paths of any length (fewest changes, nearest the targets, narrow NSG deny rules first; docs/isolate.md). It is applied as a change file and the policies are judged again before anything is written. With --output DIR: isolation-plan.yaml (a change file for lateral whatif --change), isolate.sh and rollback.sh (az CLI), isolation.svg (before and after: closed paths green dashed) and isolation.json. Exit codes: 0 a verified plan (or nothing to close), 1 no plan keeps every require flow or the plan does not verify (nothing written), 2 bad input or usage, 3 an output could not be written.
            """)

    static let files = ["isolation-plan.yaml", "isolate.sh", "rollback.sh", "isolation.svg", "isolation.json"]

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Semantics") var semantics: SemanticsOptions
    @Option(help: "The policy file (YAML): its deny policies are closed, its require policies kept.") var policy: String?
    @Option(name: .shortAndLong, help: "Directory for isolation-plan.yaml, isolate.sh, rollback.sh, isolation.svg and isolation.json.") var output: String?
    @Option(parsing: .unconditional, help: "Longest path drawn in isolation.svg and counted as closed, in hops (the plan itself closes paths of any length).")
    var maxHops: Int = 8
    @Flag(help: "No warnings on standard error.") var quiet = false

    func validate() throws {
        guard maxHops >= 1 else { throw ValidationError("--max-hops must be at least 1") }
    }

    func run() throws {
        let readFiles = input.inputs + (policy.map { [$0] } ?? [])
        if let output { try OutputPaths.refuseInputs([output] + Self.files.map { output + "/" + $0 }, inputs: readFiles) }
        let policies: [Policy]
        if let policy {
            do { policies = try PolicyFile.load(file: policy).policies } catch { throw CLIError(message: error.description) }
        } else {
            policies = Self.defaultPolicies
        }
        let base = try loadEstates(input.inputs, semantics: semantics, change: nil, input: input, quiet: quiet).base
        let isolation = Isolation(estate: base, policies: policies)
        guard isolation.plan.isFeasible else {
            try emit(isolation.text(nil))
            throw CLIError(
                message: "error: no isolation plan written: " + (isolation.plan.conflicts.map(\.message) + isolation.plan.failures).joined(separator: "; "),
                code: 1)
        }
        let changeText = isolation.changeFile
        let comparison: Comparison, verification: IsolationVerification
        do {
            (_, _, comparison, verification) = try isolation.verified(
                paths: input.inputs, options: semantics.options, maxInputSize: input.maxInputSize.bytes, templates: input.templates, maxHops: maxHops)
        } catch {
            throw CLIError(message: "error: the isolation plan does not apply as a change file (a fault in Lateral): \(error)", code: 1)
        }
        if let output, verification.holds {
            let svg: [UInt8]
            do { svg = try GraphvizRenderer.render(dot: DOTEncoder.encode(comparison.diagram()), format: .svg, layout: "dot") } catch {
                throw CLIError(message: "error: \(error.message)", code: 3)
            }
            let contents: [[UInt8]] = [
                Array(changeText.utf8), Array(isolation.playbook.utf8), Array(isolation.rollback.utf8), svg, Array(isolation.json(verification).utf8),
            ]
            do { try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) } catch {
                throw CLIError(message: "error: cannot create \(output): \(OutputPaths.describe(error))", code: 3)
            }
            try OutputPaths.writeAtomically(
                zip(Self.files, contents).map { name, bytes in (output + "/" + name, { try Data(bytes).write(to: $0) }) })
            chmod(output + "/isolate.sh", 0o755)
            chmod(output + "/rollback.sh", 0o755)
        }
        try emit(
            isolation.text(verification) + (output != nil && verification.holds ? "\nWritten to \(output!)/ (\(Self.files.joined(separator: ", ")))\n" : ""))
        if !verification.holds {
            throw CLIError(message: "error: the isolation plan does not close every forbidden path or breaks a required flow; nothing written", code: 1)
        }
    }

    /// The default question as policies: the Internet and the retail frontends kept out of
    /// LLM training, and every way out of training to the Internet closed.
    static var defaultPolicies: [Policy] {
        [
            Policy(
                id: "default-sources-to-targets", kind: .deny(from: DefaultSelectors.sources, to: DefaultSelectors.targets, services: nil), severity: .error,
                description: "No attack path from the Internet or a retail frontend into LLM training.", file: "<default>", line: 0),
            Policy(
                id: "default-ways-out", kind: .deny(from: DefaultSelectors.targets, to: [.internet], services: nil), severity: .error,
                description: "No way out of LLM training to the Internet.", file: "<default>", line: 0),
        ]
    }

    /// The plan for the auditor report (`report --isolate`, `analyze --isolate`): computed
    /// and verified as this command does, for the policy file's deny and require policies or,
    /// without one, the defaults.
    static func reportSteps(
        analysis: Analysis, paths: [String], policies: PolicyFile?, input: InputOptions, semantics: SemanticsOptions, maxHops: Int
    ) throws -> [HTMLReport.IsolationStep] {
        let isolation = Isolation(estate: analysis.estate, policies: policies?.policies ?? defaultPolicies, graph: analysis.graph)
        guard isolation.plan.isFeasible else { return isolation.reportSteps(nil) }
        do {
            let verified = try isolation.verified(
                paths: paths, options: semantics.options, maxInputSize: input.maxInputSize.bytes, templates: input.templates, maxHops: maxHops)
            return isolation.reportSteps(verified.verification)
        } catch {
            throw CLIError(message: "error: the isolation plan does not apply as a change file (a fault in Lateral): \(error)", code: 1)
        }
    }
}

import ArgumentParser
import Foundation
import Lateral

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check policies (deny, require, max-exposure, residency) against the estate: a CI gate.",
        discussion: """
            The policy file (YAML, docs/policies.md) names each policy's ID, kind, severity and description. With --whatif, --plan or --template, the policies are checked against the estate as the change file, Terraform plan or template would leave it. Exit codes: 0 every policy holds, 1 some policy is violated, 2 bad input or usage, 3 an output could not be written.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, sarif }

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Semantics") var semantics: SemanticsOptions
    @Option(help: "The policy file (YAML).") var policy: String
    @Option(help: "A change file: check the estate as it would be after the change.") var whatif: String?
    @Option(help: "A Terraform plan (`terraform show -json tfplan`): check the estate as it would be after it is applied.") var plan: String?
    @Option(help: "An ARM template: check the estate as it would be after it is deployed (--parameters as for inputs).") var template: String?
    @Option(help: "text, json or sarif (SARIF 2.1.0 for code scanning).") var format: Format = .text
    @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.") var output: String?
    @Option(parsing: .unconditional, help: "Longest path considered, in hops (at least 1).") var maxHops: Int = 8
    @Flag(help: "No warnings on standard error.") var quiet = false

    func validate() throws {
        guard [whatif, plan, template].compactMap({ $0 }).count <= 1 else { throw ValidationError("give at most one of --whatif, --plan and --template") }
        guard maxHops >= 1 else { throw ValidationError("--max-hops must be at least 1") }
    }

    func run() throws {
        if let output { try OutputPaths.refuseInputs([output], inputs: input.inputs + [policy] + [whatif, plan, template].compactMap { $0 }) }
        let policies: PolicyFile
        do { policies = try PolicyFile.load(file: policy) } catch { throw CLIError(message: error.description) }
        let loaded = try loadEstates(
            input.inputs, semantics: semantics, change: whatif, planned: PlannedInput.from(plan: plan, template: template), keepDocuments: true, input: input,
            quiet: quiet || format != .text)
        let estate = loaded.changed ?? loaded.base
        let check = PolicyCheck(estate: estate, policies: policies, inputs: estate.imported.files, maxHops: maxHops)
        if !quiet {
            for warning in check.verdicts.flatMap({ v in v.emptySelectors.map { "policy \(v.policy.id): selector \($0) selects nothing; it holds vacuously" } })
            { warn(warning) }
        }
        let text: String
        switch format {
        case .text:
            text =
                (loaded.change.map { "Checked after the change in \($0.file):\n" + $0.summaries.map { "  " + $0 }.joined(separator: "\n") + "\n\n" } ?? "")
                + check.text
        case .json: text = check.json
        case .sarif: text = check.sarif(toolVersion: Analysis.toolVersion)
        }
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
                throw CLIError(message: "error: cannot write \(output)", code: 3)
            }
        } else {
            try emit(text)
        }
        if !check.holds { throw ExitCode(1) }
    }
}

import ArgumentParser
import Foundation
import Lateral

struct Whatif: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Simulate a change file, a Terraform plan or a template: attack paths it opens and closes, hops whose services change.",
        discussion: """
            Give exactly one of --change, --plan and --template. A plan (`terraform show -json tfplan`) or a template (with --parameters, --subscription, --resource-group) is applied over the inputs, matched by resource ID: what it creates or updates replaces the exported resource, what a plan destroys goes. The change file (YAML, docs/whatif.md) lists operations on NSG rules, route tables, routes, peerings, firewall rules, private endpoint network policies, storage public access, or a JSON merge patch on any resource. The same analysis runs on the estate before and after. Defaults: --from internet --from tag:role=retail-frontend --to tag:role=llm-training. Exit codes: 0 done, 1 with --fail-on-open when a path opens (or a one-way reach into a target for UDP or other connectionless protocols), 2 bad input or a change whose target does not exist, 3 an output could not be written.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Semantics") var semantics: SemanticsOptions
    @Option(help: "The change file (YAML).") var change: String?
    @Option(help: "A Terraform plan (`terraform show -json tfplan`) to apply over the inputs.") var plan: String?
    @Option(help: "An ARM template (or compiled Bicep) to deploy over the inputs; --parameters as for inputs.") var template: String?
    @Option(help: "Entry point selector (repeatable).") var from: [String] = []
    @Option(help: "Target selector (repeatable).") var to: [String] = []
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Option(name: .shortAndLong, help: "Diff diagram: .svg, .png, .pdf or .dot (opened red, closed green dashed, the rest dimmed).") var output: String?
    @Option(parsing: .unconditional, help: "Longest path considered, in hops (at least 1).") var maxHops: Int = 8
    @Flag(help: "Exit 1 when the change opens an attack path, or a way for single UDP/ICMP packets into a target whose replies cannot return (a CI gate).")
    var failOnOpen = false
    @Flag(help: "No warnings on standard error.") var quiet = false

    func validate() throws {
        guard [change, plan, template].compactMap({ $0 }).count == 1 else { throw ValidationError("give exactly one of --change, --plan and --template") }
        guard maxHops >= 1 else { throw ValidationError("--max-hops must be at least 1") }
        if let output, RenderFormat(path: output) == nil { throw ValidationError("--output '\(output)' must end in .svg, .png, .pdf or .dot") }
    }

    func run() throws {
        if let output { try OutputPaths.refuseInputs([output], inputs: input.inputs + [change, plan, template].compactMap { $0 }) }
        let (sources, targets) = try DefaultSelectors.parse(from: from, to: to)
        let loaded = try loadEstates(
            input.inputs, semantics: semantics, change: change, planned: PlannedInput.from(plan: plan, template: template), input: input,
            quiet: quiet || format == .json)
        let comparison = Comparison(
            kind: .whatif, base: loaded.base, changed: loaded.changed!, changes: loaded.change!.summaries,
            inputs: input.inputs, from: sources, to: targets, maxHops: maxHops)
        if let output { try writeDiagram(comparison.diagram(), to: output) }
        // The base estate's warnings were printed as it loaded; the rest (the changed estate's,
        // empty selectors) are in the JSON report and belong on standard error here.
        if !quiet && format != .json { TerminalLimit.printWarnings(comparison.warnings.filter { !loaded.base.warnings.contains($0) }) }
        try emit(format == .json ? comparison.json : comparison.text)
        if failOnOpen && !(comparison.diff.opened.isEmpty && comparison.openedOneWay.isEmpty) { throw ExitCode(1) }
    }
}

import ArgumentParser
import Foundation
import Lateral

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two exports of an estate (yesterday's and today's): attack paths opened and closed.",
        discussion: """
            Inputs before --after are the earlier snapshot; --after (repeatable) names the later one. Same output as whatif. Defaults: --from internet --from tag:role=retail-frontend --to tag:role=llm-training.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Semantics") var semantics: SemanticsOptions
    @Option(help: "The later snapshot's files or directories (repeatable).") var after: [String] = []
    @Option(help: "Entry point selector (repeatable).") var from: [String] = []
    @Option(help: "Target selector (repeatable).") var to: [String] = []
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Option(name: .shortAndLong, help: "Diff diagram: .svg, .png, .pdf or .dot.") var output: String?
    @Option(parsing: .unconditional, help: "Longest path considered, in hops (at least 1).") var maxHops: Int = 8
    @Flag(
        help:
            "Exit 1 when the later snapshot has an attack path the earlier one had not, or a new way for single UDP/ICMP packets into a target whose replies cannot return."
    ) var failOnOpen = false
    @Flag(help: "No warnings on standard error.") var quiet = false

    func validate() throws {
        guard maxHops >= 1 else { throw ValidationError("--max-hops must be at least 1") }
        guard !after.isEmpty else { throw ValidationError("name the later snapshot with --after") }
        if let output, RenderFormat(path: output) == nil { throw ValidationError("--output '\(output)' must end in .svg, .png, .pdf or .dot") }
    }

    func run() throws {
        let (sources, targets) = try DefaultSelectors.parse(from: from, to: to)
        let quiet = quiet || format == .json
        let before = try loadEstates(input.inputs, semantics: semantics, change: nil, input: input, quiet: quiet).base
        let later = try loadEstates(after, semantics: semantics, change: nil, input: input, quiet: quiet).base
        let comparison = Comparison(
            kind: .diff, base: before, changed: later,
            changes: ["before: " + input.inputs.joined(separator: " "), "after: " + after.joined(separator: " ")],
            inputs: input.inputs + after, from: sources, to: targets, maxHops: maxHops)
        if let output { try writeDiagram(comparison.diagram(), to: output) }
        if !quiet { TerminalLimit.printWarnings(comparison.warnings.filter { !before.warnings.contains($0) && !later.warnings.contains($0) }) }
        try emit(format == .json ? comparison.json : comparison.text)
        if failOnOpen && !(comparison.diff.opened.isEmpty && comparison.openedOneWay.isEmpty) { throw ExitCode(1) }
    }
}

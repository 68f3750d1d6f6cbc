import ArgumentParser
import Foundation
import Lateral

struct BlastRadiusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blast-radius",
        abstract: "Everything an attacker who holds the selected nodes can reach, with hop counts and services, by region and VNet.",
        discussion: "Pivots through hosts and private endpoints, as paths does. Exit codes: 0 done, 2 bad input or usage.")

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Semantics") var semantics: SemanticsOptions
    @Option(help: "What the attacker holds (selector, repeatable).") var from: [String]
    @Option(help: "text or json.") var format: OutputFormat = .text
    @Option(parsing: .unconditional, help: "Longest path considered, in hops (at least 1).") var maxHops: Int = 8
    @Flag(help: "No warnings or progress on standard error.") var quiet = false

    func validate() throws {
        guard !from.isEmpty else { throw ValidationError("name what the attacker holds with --from") }
        guard maxHops >= 1 else { throw ValidationError("--max-hops must be at least 1") }
    }

    func run() throws {
        let selectors = try parseSelectors(from)
        let progress = Progress(quiet: quiet)
        let estate = try loadEstates(
            input.inputs, semantics: semantics, change: nil, input: input, quiet: quiet || format == .json, progress: progress
        ).base
        let graph = progress.stage("attack graph") { estate.index.graph() }
        progress.note("\(graph.nodes.count) nodes, \(graph.hopCount) hops")
        let blast = graph.blastRadius(from: selectors, topology: estate.topology, maxHops: maxHops)
        let report = ReportBuilder.blastRadius(blast, graph: graph)
        try emit(format == .json ? JSONOutput.encode(report) : TextFormatter.blastRadius(report))
    }
}

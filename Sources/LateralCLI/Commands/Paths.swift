import ArgumentParser
import Lateral

struct Paths: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lateral-movement routes between selected parts of the estate.",
        discussion: """
            Selectors: internet, subnet:VNET/SUBNET, vnet:NAME, tag:KEY=VALUE (VNet tags apply to their subnets, NIC tags to their NICs), cidr:PREFIX, or a resource ID. Repeat --from/--to for unions.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Semantics") var semantics: SemanticsOptions
    @Option(help: "Entry point selector (repeatable).") var from: [String]
    @Option(help: "Target selector (repeatable).") var to: [String]
    @Option(parsing: .unconditional, help: "Longest path considered, in hops (at least 1).") var maxHops: Int = 8
    @Option(help: "Shortest paths kept per entry/target pair.") var limit: Int = 10
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        guard !from.isEmpty, !to.isEmpty else { throw ValidationError("give --from and --to") }
        guard maxHops >= 1 else { throw ValidationError("--max-hops must be at least 1") }
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let sources = try parseSelectors(from)
        let targets = try parseSelectors(to)
        let estate = try input.load(semantics)
        let graph = estate.index.graph()
        let result = graph.paths(PathQuery(from: sources, to: targets, maxHops: maxHops, limitPerPair: limit), topology: estate.topology)
        for selector in result.emptySelectors { warn("selector \(selector) selects nothing; it is reported as not reachable") }
        switch format {
        case .text: try emit(TextFormatter.paths(result, graph: graph))
        case .json: try emit(JSONOutput.encode(ReportBuilder.paths(result, graph: graph)))
        }
    }
}

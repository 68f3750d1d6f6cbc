import ArgumentParser
import Lateral

struct Routes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The effective route table of subnets, like Network Watcher's effective routes.",
        discussion: """
            Select subnets with any selector (subnet:VNET/SUBNET, vnet:NAME, tag:KEY=VALUE, cidr:PREFIX or a resource ID). Overridden routes are shown as Invalid (RT-13).
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Semantics") var semantics: SemanticsOptions
    @Option(help: "Subnet selector (repeatable).") var subnet: [String]
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        guard !subnet.isEmpty else { throw ValidationError("give --subnet") }
    }

    func run() throws {
        let selectors = try parseSelectors(subnet)
        let estate = try input.load(semantics)
        let catalog = estate.index.nodeCatalog()
        var subnets: [ResourceID] = []
        for selector in selectors {
            let picked = Set(selector.select(in: catalog, topology: estate.topology).compactMap { catalog.node($0)?.subnet })
            if picked.isEmpty { warn("selector \(selector) selects no subnet") }
            for id in picked.sorted() where !subnets.contains(id) { subnets.append(id) }
        }
        let tables = subnets.map { ($0, estate.index.effectiveRoutes(of: $0)) }
        switch format {
        case .json: try emit(JSONOutput.encode(ReportBuilder.routeTables(tables, topology: estate.topology)))
        case .text: try emit(TextFormatter.routeTables(tables, topology: estate.topology))
        }
    }
}

import ArgumentParser
import Lateral

struct Routes: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The effective route table of subnets, like Network Watcher's effective routes.",
        discussion: """
            Select subnets with any selector (subnet:VNET/SUBNET, vnet:NAME, tag:KEY=VALUE, cidr:PREFIX or a resource ID). Overridden routes are shown as Invalid (RT-13). --hub shows a Virtual WAN hub's route tables as the hub programs them (VWAN-4, VWAN-8, VWAN-20): static and propagated routes, their next hops, and the connections associated with each table.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Semantics") var semantics: SemanticsOptions
    @Option(help: "Subnet selector (repeatable).") var subnet: [String] = []
    @Option(help: "Virtual hub name or resource ID (repeatable); 'all' for every hub.") var hub: [String] = []
    @Option(help: "text or json.") var format: OutputFormat = .text

    func validate() throws {
        guard !subnet.isEmpty || !hub.isEmpty else { throw ValidationError("give --subnet or --hub") }
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
        var hubs: [ResourceID] = []
        for text in hub {
            let all = estate.index.virtualHubs
            let picked =
                text.lowercased() == "all"
                ? all : all.filter { $0 == ResourceID(text) || estate.topology.virtualWAN.hubs[$0]?.name.lowercased() == text.lowercased() }
            if picked.isEmpty { throw ValidationError("--hub \(text): no virtual hub of that name or ID (hubs: \(all.map(\.name).joined(separator: ", ")))") }
            for id in picked where !hubs.contains(id) { hubs.append(id) }
        }
        let tables = subnets.map { ($0, estate.index.effectiveRoutes(of: $0)) }
        let hubTables = hubs.flatMap { estate.index.hubRouteTables(of: $0) }
        switch format {
        case .json:
            if hub.isEmpty {
                try emit(JSONOutput.encode(ReportBuilder.routeTables(tables, topology: estate.topology)))
            } else if subnet.isEmpty {
                try emit(JSONOutput.encode(ReportBuilder.hubRouteTables(hubTables, topology: estate.topology)))
            } else {
                try emit(
                    JSONOutput.encode(
                        ReportSchema.RouteTables(
                            subnets: ReportBuilder.routeTables(tables, topology: estate.topology),
                            hubs: ReportBuilder.hubRouteTables(hubTables, topology: estate.topology))))
            }
        case .text:
            var text = subnet.isEmpty ? "" : TextFormatter.routeTables(tables, topology: estate.topology)
            if !hubTables.isEmpty { text += (text.isEmpty ? "" : "\n") + TextFormatter.hubRouteTables(hubTables, topology: estate.topology) }
            try emit(text)
        }
    }
}

import GraphvizRender
import Reachability
import TopologyModel

extension DiagramBuilder {
    /// The most boxes an overview draws before the VNets of further paths fold into their
    /// regions' boxes.
    public static let overviewLimit = 150

    /// The diagram a page can hold: at `auto` detail, past ``overviewLimit`` boxes, the
    /// ``overview(estate:graph:all:drawn:title:)`` of the paths instead of the collapsed
    /// estate (a 1,000-spoke estate's attack-paths.svg had 2,877 boxes Graphviz shrank to an
    /// unreadable strip). An explicit detail level is drawn as asked.
    ///
    /// - Parameters:
    ///   - all: every path found; `drawn`: those the diagram highlights (the riskiest).
    public static func page(
        estate: Estate, graph: ReachabilityGraph, all: PathResult?, drawn: PathResult?, title: String, showAllHops: Bool = false,
        detail: DiagramDetail = .auto
    ) -> Diagram {
        let full = diagram(estate: estate, graph: graph, paths: drawn, title: title, showAllHops: showAllHops, detail: detail)
        guard detail == .auto, full.nodes.count > overviewLimit, let all, let drawn, !all.paths.isEmpty else { return full }
        return overview(
            estate: estate, graph: graph, all: all, drawn: drawn,
            title: "\(title): all \(all.paths.count) paths, through the VNets of the \(drawn.paths.count) riskiest; other VNets folded by region")
    }

    /// The auditor report's overview of a large estate: one page, at most about
    /// ``overviewLimit`` boxes, every attack path still drawn.
    ///
    /// The VNets on the riskiest paths (`drawn`, riskiest first) get a box each, labelled with
    /// their subnets on those paths, until the limit; every other VNet and every asset folds
    /// into one counted box per region. Each path of `all` is then drawn through those boxes:
    /// hops between the same two boxes merge into one edge labelled with the number of paths
    /// and the union of their services, red where a drawn path takes it; a region's box counts
    /// the paths that stay among its folded VNets. The detail of each path is in its own
    /// diagram.
    ///
    /// - Complexity: O(nodes + the hops of `all`).
    public static func overview(estate: Estate, graph: ReachabilityGraph, all: PathResult, drawn: PathResult, title: String) -> Diagram {
        let topology = estate.topology
        let targets = Set(all.targets)
        var diagram = Diagram(title: title, showLegend: false)
        // The VNets of the drawn paths, in the order of the paths, while they fit.
        var kept: [ResourceID] = [], onPaths: [ResourceID: [String]] = [:]
        for path in drawn.paths {
            let networks = path.nodes.compactMap { graph.node($0)?.network }.filter { !kept.contains($0) }
            guard kept.count + Set(networks).count <= overviewLimit - 20 else { break }
            for id in path.nodes {
                guard let node = graph.node(id), let network = node.network else { continue }
                if !kept.contains(network) { kept.append(network) }
                if !(onPaths[network] ?? []).contains(node.subnetName ?? id) { onPaths[network, default: []].append(node.subnetName ?? id) }
            }
        }
        let keptSet = Set(kept)
        func region(_ node: AttackNode) -> String? { node.region ?? node.network.flatMap { topology.networks[$0]?.location } }
        /// The box a node is drawn in.
        func box(_ id: String) -> String? {
            guard let node = graph.node(id) else { return nil }
            if node.kind == .internet || node.kind == .onPremises { return id }
            if let network = node.network, keptSet.contains(network) { return "vnet:" + network.key }
            return region(node).map { "rest:" + $0 }
        }
        var restNetworks: [String: Set<ResourceID>] = [:], restTargets: [String: Int] = [:], restAssets: [String: Int] = [:]
        var specials: [AttackNode] = []
        for node in graph.nodes {
            if node.kind == .internet || node.kind == .onPremises {
                specials.append(node)
                continue
            }
            guard let region = region(node) else { continue }
            if let network = node.network, keptSet.contains(network) { continue }
            if let network = node.network { restNetworks[region, default: []].insert(network) }
            if node.kind == .asset { restAssets[region, default: 0] += 1 }
            if targets.contains(node.id) { restTargets[region, default: 0] += 1 }
        }
        let regions = Set(kept.compactMap { topology.networks[$0]?.location }).union(restNetworks.keys).union(restAssets.keys).sorted()
        for region in regions {
            diagram.clusters.append(.init(id: "region:" + region, label: region.isEmpty ? "(no region)" : region, parent: nil, role: .region))
        }
        for node in specials {
            diagram.nodes.append(.init(id: node.id, label: node.kind == .internet ? "Internet" : node.label, cluster: nil, role: .internet, highlighted: true))
        }
        for id in kept {
            guard let network = topology.networks[id] else { continue }
            let holdsTarget = graph.nodes.contains { $0.network == id && targets.contains($0.id) }
            let subnets = onPaths[id] ?? []
            let label = "\(network.name)  \(network.addressSpace.map(\.description).joined(separator: ", ")) | " + subnets.joined(separator: ", ")
            diagram.nodes.append(
                .init(id: "vnet:" + id.key, label: label, cluster: "region:" + network.location, role: holdsTarget ? .target : .network, highlighted: true))
        }
        // Every path's hops between boxes, merged; red where a drawn path passes.
        let drawnHops = Set(drawn.paths.flatMap { $0.hops.map { [$0.from, $0.to] } })
        var inside: [String: Set<Int>] = [:], order: [[String]] = [], edges: [[String]: (paths: Set<Int>, services: ServiceSet, drawn: Bool)] = [:]
        for (number, path) in all.paths.enumerated() {
            for hop in path.hops {
                guard let a = box(hop.from), let b = box(hop.to) else { continue }
                guard a != b else {
                    inside[a, default: []].insert(number)
                    continue
                }
                let key = [a, b]
                if edges[key] == nil {
                    order.append(key)
                    edges[key] = ([], ServiceSet(), false)
                }
                edges[key]!.paths.insert(number)
                edges[key]!.services = edges[key]!.services.union(hop.services)
                if drawnHops.contains([hop.from, hop.to]) { edges[key]!.drawn = true }
            }
        }
        for region in regions {
            let networks = restNetworks[region]?.count ?? 0, assets = restAssets[region] ?? 0, folded = restTargets[region] ?? 0
            guard networks + assets > 0 else { continue }
            var parts = ["\(networks) other VNet\(networks == 1 ? "" : "s")"]
            if folded > 0 { parts.append("\(folded) target subnet\(folded == 1 ? "" : "s")") }
            if assets > 0 { parts.append("\(assets) data store\(assets == 1 ? "" : "s")") }
            if let within = inside["rest:" + region]?.count { parts.append("\(within) path\(within == 1 ? "" : "s") between them") }
            diagram.nodes.append(
                .init(id: "rest:" + region, label: parts.joined(separator: ", "), cluster: "region:" + region, role: .region, highlighted: false))
        }
        for key in order {
            let edge = edges[key]!
            var summary = edge.services.summary
            if summary.count > summaryLimit { summary = String(summary.prefix(summaryLimit)) + "..." }
            let label = "\(edge.paths.count) path\(edge.paths.count == 1 ? "" : "s"): \(summary)"
            diagram.edges.append(.init(from: key[0], to: key[1], label: label, role: edge.drawn ? .attackPath : .reachability))
        }
        return diagram
    }
}

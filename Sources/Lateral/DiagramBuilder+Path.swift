import GraphvizRender
import Reachability
import TopologyModel

extension DiagramBuilder {
    /// One path drawn alone, for its section of the auditor report: its nodes in their VNets
    /// and regions, its hops labelled with their services, no legend, so it stays small and
    /// legible whatever the size of the estate.
    ///
    /// - Complexity: O(path length) lookups.
    public static func pathDiagram(estate: Estate, graph: ReachabilityGraph, path: AttackPath, sources: Set<String>, targets: Set<String>) -> Diagram {
        let topology = estate.topology
        var diagram = Diagram(title: "", showLegend: false)
        let nodes = path.nodes.compactMap(graph.node)
        var regions: [String] = [], networks: [ResourceID] = []
        for node in nodes {
            if let network = node.network, !networks.contains(network) { networks.append(network) }
            if let region = node.region, node.network != nil, !regions.contains(region) { regions.append(region) }
        }
        for region in regions {
            diagram.clusters.append(.init(id: "region:" + region, label: region.isEmpty ? "(no region)" : region, parent: nil, role: .region))
        }
        for id in networks {
            guard let network = topology.networks[id] else { continue }
            let space = network.addressSpace.map(\.description).joined(separator: ", ")
            let holdsTarget = nodes.contains { $0.network == id && targets.contains($0.id) }
            diagram.clusters.append(
                .init(id: "vnet:" + id.key, label: "\(network.name)  \(space)", parent: "region:" + network.location, role: holdsTarget ? .target : .network))
        }
        for node in nodes {
            let cluster = node.network.flatMap { topology.networks[$0] != nil ? "vnet:" + $0.key : nil }
            diagram.nodes.append(box(node, topology: topology, sources: sources, targets: targets, cluster: cluster, highlighted: true))
        }
        for hop in path.hops { diagram.edges.append(.init(from: hop.from, to: hop.to, label: hop.services.summary, role: .attackPath)) }
        return diagram
    }
}

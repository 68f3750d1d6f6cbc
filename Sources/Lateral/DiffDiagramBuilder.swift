import GraphvizRender
import Reachability
import TopologyModel

extension DiagramBuilder {
    /// The changed estate with the difference drawn on it: hops of opened paths in red,
    /// hops of closed paths in green dashed (their nodes added from the base when the
    /// change removed them), every other hop dimmed.
    static func diffDiagram(comparison: Comparison) -> Diagram {
        let changed = comparison.changed
        let title = comparison.kind == .whatif ? "What if: " + comparison.changes.joined(separator: "; ") : "Snapshot difference"
        var diagram = diagram(estate: changed.estate, graph: changed.graph, paths: nil, title: title)
        let openedNodes = Set(comparison.diff.opened.flatMap(\.nodes))
        let closedNodes = Set(comparison.diff.closed.flatMap(\.nodes))
        diagram.nodes = diagram.nodes.map { node in
            Diagram.Node(
                id: node.id, label: node.label, cluster: node.cluster, role: node.role,
                highlighted: openedNodes.contains(node.id) || closedNodes.contains(node.id))
        }
        // Nodes only the base has (a subnet the change removed) join, outside any cluster.
        let present = Set(diagram.nodes.map(\.id))
        for id in closedNodes.subtracting(present).sorted() {
            guard let node = comparison.base.graph.node(id) else { continue }
            diagram.nodes.append(Diagram.Node(id: id, label: node.label + " (removed)", cluster: nil, role: .vacant, highlighted: true))
        }
        var opened: [String: Hop] = [:], closed: [String: Hop] = [:]
        for hop in comparison.diff.opened.flatMap(\.hops) { opened[hop.from + "\u{1}" + hop.to] = hop }
        for hop in comparison.diff.closed.flatMap(\.hops) { closed[hop.from + "\u{1}" + hop.to] = hop }
        diagram.edges = diagram.edges.compactMap { edge in
            let key = edge.from + "\u{1}" + edge.to
            if opened[key] != nil || closed[key] != nil { return nil }
            return edge.role == .reachability || edge.role == .attackPath
                ? Diagram.Edge(from: edge.from, to: edge.to, label: edge.label, role: .unchanged) : edge
        }
        for (_, hop) in opened.sorted(by: { $0.key < $1.key }) {
            diagram.edges.append(Diagram.Edge(from: hop.from, to: hop.to, label: "+ " + hop.services.summary, role: .opened))
        }
        for (key, hop) in closed.sorted(by: { $0.key < $1.key }) where opened[key] == nil {
            if let after = changed.graph.hop(from: hop.from, to: hop.to) {
                diagram.edges.append(Diagram.Edge(from: hop.from, to: hop.to, label: after.services.summary, role: .unchanged))
            } else {
                diagram.edges.append(Diagram.Edge(from: hop.from, to: hop.to, label: "- " + hop.services.summary, role: .closed))
            }
        }
        return diagram
    }
}

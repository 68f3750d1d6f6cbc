/// Which Graphviz engine lays a diagram out.
public enum LayoutEngine: String, Sendable, CaseIterable {
    /// Layered, left to right, with clusters: the most readable up to a few hundred
    /// boxes. Past that, the spokes of a hub all share one rank and become a single
    /// column hundreds of inches tall.
    case dot
    /// Force-directed (multiscale): ignores clusters, but a thousand spokes come out as a
    /// compact disc around their hub, in about a second.
    case sfdp
    /// `dot` up to ``dotLimit`` nodes, `sfdp` beyond.
    case auto

    /// The most nodes `auto` still gives to dot.
    public static let dotLimit = 400

    /// The engine to run for `diagram`: itself, or for `auto` the one its size calls for.
    public func resolved(for diagram: Diagram) -> LayoutEngine {
        guard self == .auto else { return self }
        return diagram.nodes.count <= Self.dotLimit ? .dot : .sfdp
    }
}

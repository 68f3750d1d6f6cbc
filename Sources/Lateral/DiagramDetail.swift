/// What one box of a diagram stands for: a subnet (a node group), a whole VNet or a whole
/// region.
///
/// A diagram of a few hundred subnets is already hard to read and slow to lay out, so past
/// a size the boxes stand for more. Nodes on a highlighted attack path, and the targets, are
/// drawn at subnet detail whatever the level: the path is what the reader came for.
public enum DiagramDetail: String, Sendable, CaseIterable {
    case subnet, vnet, region
    /// The finest level that stays under the limits below.
    case auto

    /// The most attack-graph nodes in VNets that `auto` still draws one by one.
    public static let subnetLimit = 150
    /// The most VNets that `auto` still draws one by one; past it, one box per region.
    public static let vnetLimit = 2_000

    /// The level to draw at: itself, or for `auto` the finest level whose box count is
    /// within its limit.
    ///
    /// - Parameters:
    ///   - nodes: attack-graph nodes inside VNets (the Internet, on-premises and assets
    ///     are drawn at every level and do not count).
    ///   - networks: VNets holding those nodes.
    public func resolved(nodes: Int, networks: Int) -> DiagramDetail {
        guard self == .auto else { return self }
        if nodes <= Self.subnetLimit { return .subnet }
        return networks <= Self.vnetLimit ? .vnet : .region
    }
}

import TopologyModel

/// A subnet's effective routes as Network Watcher shows them: every route with its state.
public struct EffectiveRouteEntry: Sendable, Hashable {
    public let route: EffectiveRoute
    /// false when another route for the same prefix wins (RT-13: shown as Invalid).
    public let active: Bool
}

extension EstateIndex {
    /// The effective routes of a subnet, sorted by prefix, user routes first on ties.
    ///
    /// - Complexity: O(R log R) for R routes.
    public func effectiveRoutes(of subnet: ResourceID) -> [EffectiveRouteEntry] {
        let all = routes(of: subnet).routes
        let byPrefix = Dictionary(grouping: all, by: \.prefix)
        return all.map { route in
            let rivals = byPrefix[route.prefix] ?? []
            let winner = rivals.max { $0.source.rank < $1.source.rank } ?? rivals[0]
            return EffectiveRouteEntry(route: route, active: winner == route)
        }.sorted { ($0.route.prefix, $0.route.source == .user ? 0 : 1, $0.route.name) < ($1.route.prefix, $1.route.source == .user ? 0 : 1, $1.route.name) }
    }
}

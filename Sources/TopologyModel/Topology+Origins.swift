extension Topology {
    /// Where the input declares a resource, whatever its kind: reports point from any
    /// resource ID a trace names back into the user's files. Routes and security rules are
    /// found in their tables and NSGs.
    ///
    /// - Complexity: O(1) for top-level resources; O(rules) or O(routes) of the parent for
    ///   a rule or a route.
    public func origin(of id: ResourceID) -> SourceLocation? {
        if let found = topLevelOrigin(id) { return found }
        guard let parent = id.parent else { return nil }
        if let table = routeTables[parent] { return table.routes.first { $0.id == id }?.origin }
        if let nsg = securityGroups[parent] { return nsg.rules.first { $0.id == id }?.origin }
        return nil
    }

    private func topLevelOrigin(_ id: ResourceID) -> SourceLocation? {
        let lookups: [(ResourceID) -> SourceLocation?] = [
            { networks[$0]?.origin }, { subnets[$0]?.origin }, { interfaces[$0]?.origin }, { securityGroups[$0]?.origin },
            { peerings[$0]?.origin }, { publicIPs[$0]?.origin }, { routeTables[$0]?.origin }, { firewalls[$0]?.origin },
            { firewallPolicies[$0]?.origin }, { privateEndpoints[$0]?.origin }, { storageAccounts[$0]?.origin }, { loadBalancers[$0]?.origin },
            { applicationGateways[$0]?.origin }, { serviceResources[$0]?.origin }, { gateways[$0]?.origin }, { localGateways[$0]?.origin },
            { natGateways[$0]?.origin }, { privateLinkServices[$0]?.origin }, { ipGroups[$0]?.origin }, { applicationSecurityGroups[$0]?.origin },
            { connections[$0]?.origin },
        ]
        for lookup in lookups { if let found = lookup(id) { return found } }
        return nil
    }
}

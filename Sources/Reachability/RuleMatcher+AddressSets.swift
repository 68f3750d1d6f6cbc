import TopologyModel

extension RuleMatcher {
    /// Every address a rule side matches, as a set: what ``matches(_:_:access:)`` answers
    /// for one address, answered for all at once so that exposure is computed over interval
    /// sets instead of by trying addresses (NSG-20, NSG-25/26, NSG-30..33).
    ///
    /// - Parameter members: the addresses of each application security group's members in
    ///   the VNet where the NSG applies (NSG-26: only those are programmed).
    /// - Complexity: O(prefixes + tags + groups) interval-set unions.
    func addresses(_ side: AddressMatch, access: RuleAccess, members: [ResourceID: AddressSet]) -> AddressSet {
        if side.any { return .all }
        var set = side.prefixes
        for tag in side.tags {
            switch tag {
            case .virtualNetwork: set = set.union(context.virtualNetwork)
            case .internet: set = set.union(context.internet)
            case .azureLoadBalancer: set = set.union(AddressSet(prefixes: [IPPrefix(address: AddressContext.platformAddress, length: 32)]))
            case .other:
                if access.permits && options.unknownTagsAllowPublic { set = set.union(context.internet) }
            }
        }
        for group in side.applicationSecurityGroups { set = set.union(members[group] ?? .empty) }
        return set
    }
}

extension Topology {
    /// The NSGs whose content differs from `other`'s (added, removed or edited), when
    /// nothing else differs between the two models; nil when anything else does.
    ///
    /// A what-if that edits NSG rules only can then reuse what the rules of every other NSG
    /// decided; any other difference asks for the whole analysis again.
    ///
    /// - Complexity: O(R) for R resources in the two models.
    public func securityGroupChanges(since other: Topology) -> Set<ResourceID>? {
        guard networks == other.networks, subnets == other.subnets, interfaces == other.interfaces, peerings == other.peerings,
            publicIPs == other.publicIPs, applicationSecurityGroups == other.applicationSecurityGroups, routeTables == other.routeTables,
            firewalls == other.firewalls, firewallPolicies == other.firewallPolicies, privateEndpoints == other.privateEndpoints,
            storageAccounts == other.storageAccounts, ipGroups == other.ipGroups, loadBalancers == other.loadBalancers,
            applicationGateways == other.applicationGateways, serviceResources == other.serviceResources, gateways == other.gateways,
            localGateways == other.localGateways, connections == other.connections, natGateways == other.natGateways,
            privateLinkServices == other.privateLinkServices, securityAdminRules == other.securityAdminRules,
            virtualWAN == other.virtualWAN
        else { return nil }
        var changed: Set<ResourceID> = []
        for (id, group) in securityGroups where other.securityGroups[id] != group { changed.insert(id) }
        for id in other.securityGroups.keys where securityGroups[id] == nil { changed.insert(id) }
        return changed
    }
}

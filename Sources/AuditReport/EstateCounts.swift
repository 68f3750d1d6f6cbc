import TopologyModel

/// What an estate holds, counted, for the heads of summary.md and report.html.
enum EstateCounts {
    /// "10 VNets, 19 subnets, ...": VNets, subnets, NICs and NSGs always, the other kinds
    /// when the estate has any.
    static func phrase(_ t: Topology) -> String {
        let vaults = t.serviceResources.values.filter { $0.kind == .keyVault }.count
        let registries = t.serviceResources.values.filter { $0.kind == .containerRegistry }.count
        var counts: [(Int, String)] = [(t.networks.count, "VNet"), (t.subnets.count, "subnet"), (t.interfaces.count, "NIC"), (t.securityGroups.count, "NSG")]
        // A connected group's links are not peering resources (AVNM-14): counted apart.
        let links = t.peerings.values.filter { $0.connectivityConfiguration != nil }.count
        counts += [
            (t.peerings.count - links, "peering"), (links, "connected-group link"), (t.publicIPs.count, "public IP"), (t.routeTables.count, "route table"),
        ]
        counts += [(t.virtualWAN.hubs.count, "virtual hub"), (t.virtualWAN.connections.count, "hub connection")]
        counts += [(t.firewalls.count, "firewall"), (t.firewallPolicies.count, "firewall policy"), (t.ipGroups.count, "IP group")]
        counts += [(t.loadBalancers.count, "load balancer"), (t.applicationGateways.count, "application gateway"), (t.natGateways.count, "NAT gateway")]
        counts += [
            (t.privateEndpoints.count, "private endpoint"), (t.privateLinkServices.count, "Private Link service"), (t.storageAccounts.count, "storage account"),
        ]
        counts += [(vaults, "key vault"), (registries, "container registry")]
        let inference: [(ServiceResource.Kind, String)] = [
            (.machineLearningWorkspace, "machine learning workspace"), (.onlineEndpoint, "online endpoint"), (.aiServices, "AI services account"),
        ]
        counts += inference.map { kind, name in (t.serviceResources.values.filter { $0.kind == kind }.count, name) }
        counts = counts.enumerated().filter { $0.offset < 4 || $0.element.0 > 0 }.map(\.element)
        return counts.map { "\($0.0) \($0.0 == 1 ? $0.1 : ($0.1.hasSuffix("y") ? String($0.1.dropLast()) + "ies" : $0.1 + "s"))" }.joined(separator: ", ")
    }
}

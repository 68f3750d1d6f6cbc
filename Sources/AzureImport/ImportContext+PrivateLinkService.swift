import TopologyModel

/// Private Link services (PLS-1..PLS-4): the load balancer frontends they publish and the
/// NAT addresses provider backends see.
extension ImportContext {
    mutating func convertPrivateLinkService(_ raw: RawResource) -> PrivateLinkService {
        let frontends = referenceList(raw, raw.property("loadBalancerFrontendIpConfigurations"), owner: "Private Link service '\(raw.name)'") ?? []
        if frontends.isEmpty {
            warn(raw, kind: .invalidInput, "Private Link service '\(raw.name)' names no load balancer frontend; consumers reach nothing through it")
        }
        var nat: [PrivateLinkService.NATAddress] = []
        for item in listItems(raw, raw.property("ipConfigurations"), .object("a NAT IP configuration")) ?? [] {
            let props = item.child("properties") ?? item
            let subnet = props.child("subnet")?.referenceID
            if subnet == nil { warn(raw, at: item, kind: .invalidInput, "Private Link service '\(raw.name)': NAT IP configuration names no subnet") }
            nat.append(PrivateLinkService.NATAddress(subnet: subnet, address: address(raw, props.child("privateIPAddress"))))
        }
        return PrivateLinkService(
            id: raw.id, name: raw.name, location: raw.location, frontends: frontends, natAddresses: nat,
            proxyProtocol: raw.property("enableProxyProtocol")?.bool ?? false, origin: raw.sourceLocation)
    }
}

import TopologyModel

/// Where an address sits in the estate, as the solver needs to know it.
public enum Placement: Sendable, Hashable {
    /// A NIC IP configuration.
    case host(InterfaceEndpoint)
    /// An address inside a subnet that no NIC holds: a host that could be placed there,
    /// with no NIC NSG.
    case vacant(subnet: ResourceID, address: IPAddress)
    /// An Internet address.
    case internet(IPAddress)

    public var address: IPAddress {
        switch self {
        case .host(let e): return e.address
        case .vacant(_, let a): return a
        case .internet(let a): return a
        }
    }

    public var subnet: ResourceID? {
        switch self {
        case .host(let e): return e.subnet
        case .vacant(let s, _): return s
        case .internet: return nil
        }
    }
}

extension EstateIndex {
    func identity(of placement: Placement) -> EndpointIdentity {
        switch placement {
        case .host(let e):
            return EndpointIdentity(address: e.address, applicationSecurityGroups: e.configuration.applicationSecurityGroups,
                                    network: topology.subnets[e.subnet]?.network)
        case .vacant(let s, let a):
            return EndpointIdentity(address: a, network: topology.subnets[s]?.network)
        case .internet(let a):
            return EndpointIdentity(address: a)
        }
    }

    /// NSGs a packet leaving `placement` passes: NIC first, then subnet (NSG-3).
    func outboundStages(_ placement: Placement) -> [PolicyStage] {
        stages(placement, direction: .outbound)
    }

    /// NSGs a packet arriving at `placement` passes: subnet first, then NIC (NSG-2).
    func inboundStages(_ placement: Placement) -> [PolicyStage] {
        stages(placement, direction: .inbound)
    }

    private func stages(_ placement: Placement, direction: TrafficDirection) -> [PolicyStage] {
        guard let subnetID = placement.subnet, let subnet = topology.subnets[subnetID] else { return [] }
        let context = context(of: subnetID)
        // PE-6: a private endpoint's subnet NSG applies only when the subnet's network
        // policies enable NSGs; a PE never sends, so it has no outbound stages (PE-3).
        if case .host(let e) = placement, topology.interfaces[e.interface]?.privateEndpoint != nil {
            let policies = subnet.privateEndpointNetworkPolicies
            guard direction == .inbound, policies == "enabled" || policies == "networksecuritygroupenabled",
                  let nsg = subnet.securityGroup.flatMap({ topology.securityGroups[$0] }) else { return [] }
            return [PolicyStage(securityGroup: nsg, direction: direction, context: context, level: "subnet")]
        }
        var result: [PolicyStage] = []
        if let nsg = subnet.securityGroup.flatMap({ topology.securityGroups[$0] }) {
            result.append(PolicyStage(securityGroup: nsg, direction: direction, context: context, level: "subnet"))
        }
        if case .host(let e) = placement, let nic = topology.interfaces[e.interface],
           let nsg = nic.securityGroup.flatMap({ topology.securityGroups[$0] }) {
            let stage = PolicyStage(securityGroup: nsg, direction: direction, context: context, level: "NIC")
            if direction == .inbound { result.append(stage) } else { result.insert(stage, at: 0) }
        }
        return result
    }

    /// Places a source or destination address.
    func place(_ address: IPAddress) -> Placement? {
        if let endpoint = topology.endpointsByAddress[address] { return .host(endpoint) }
        if let subnet = topology.subnet(containing: address) { return .vacant(subnet: subnet.id, address: address) }
        if topology.network(containing: address) == nil && AddressSet.publicSpace.contains(address) { return .internet(address) }
        return nil
    }
}

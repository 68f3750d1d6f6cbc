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
    /// An address of an on-premises network connected through a gateway.
    case onPremises(IPAddress)

    public var address: IPAddress {
        switch self {
        case .host(let e): return e.address
        case .vacant(_, let a): return a
        case .internet(let a): return a
        case .onPremises(let a): return a
        }
    }

    public var subnet: ResourceID? {
        switch self {
        case .host(let e): return e.subnet
        case .vacant(let s, _): return s
        case .internet, .onPremises: return nil
        }
    }
}

extension EstateIndex {
    func identity(of placement: Placement) -> EndpointIdentity {
        switch placement {
        case .host(let e):
            return EndpointIdentity(
                address: e.address, applicationSecurityGroups: e.configuration.applicationSecurityGroups,
                network: topology.subnets[e.subnet]?.network)
        case .vacant(let s, let a):
            return EndpointIdentity(address: a, network: topology.subnets[s]?.network)
        case .internet(let a), .onPremises(let a):
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
            guard direction == .inbound, subnet.privateEndpointNetworkPolicies.appliesSecurityGroups,
                let nsg = subnet.securityGroup.flatMap({ privateEndpointSecurityGroups[$0] ?? topology.securityGroups[$0]?.anySourcePort })
            else { return [] }
            return [PolicyStage(securityGroup: nsg, direction: direction, context: context, level: .subnet)]
        }
        var result: [PolicyStage] = []
        if let nsg = subnet.securityGroup.flatMap({ topology.securityGroups[$0] }) {
            result.append(PolicyStage(securityGroup: nsg, direction: direction, context: context, level: .subnet))
        }
        if case .host(let e) = placement, let nic = topology.interfaces[e.interface],
            let nsg = nic.securityGroup.flatMap({ topology.securityGroups[$0] })
        {
            let stage = PolicyStage(securityGroup: nsg, direction: direction, context: context, level: .networkInterface)
            if direction == .inbound { result.append(stage) } else { result.insert(stage, at: 0) }
        }
        // AVNM-4, AVNM-5: the VNet's security admin rules decide first on this side.
        if let admin = topology.securityAdminRules[subnet.network], !admin.rules(direction).isEmpty, !adminRulesExempt(subnet) {
            result.insert(PolicyStage(securityGroup: admin, direction: direction, context: context, level: .admin, governs: result.count), at: 0)
        }
        return result
    }

    /// AVNM-6: subnets of the platform's own services take no security admin rules (the rest
    /// of their VNet still does).
    func adminRulesExempt(_ subnet: Subnet) -> Bool {
        Self.adminExemptSubnetNames.contains(subnet.name.lowercased()) || applicationGatewaySubnets.contains(subnet.id)
    }

    /// Subnets that host Azure Firewall, Bastion, Route Server or a VPN or ExpressRoute
    /// gateway, which Azure names for the service (AVNM-6).
    static let adminExemptSubnetNames: Set<String> = [
        "gatewaysubnet", "azurefirewallsubnet", "azurefirewallmanagementsubnet", "routeserversubnet", "azurebastionsubnet",
    ]

    /// Places a source or destination address.
    func place(_ address: IPAddress) -> Placement? {
        if let endpoint = topology.endpointsByAddress[address] { return .host(endpoint) }
        if let subnet = topology.subnet(containing: address) { return .vacant(subnet: subnet.id, address: address) }
        if topology.network(containing: address) == nil && onPremises.contains(address) { return .onPremises(address) }
        if topology.network(containing: address) == nil && AddressSet.publicSpace.contains(address) { return .internet(address) }
        return nil
    }

    /// Where traffic from an on-premises address enters Azure: the subnet of the gateway
    /// whose connections name that address.
    func gatewayEntry(for address: IPAddress) -> (gateway: ResourceID, subnet: ResourceID)? {
        for (_, entry) in onPremisesByNetwork.sorted(by: { $0.key < $1.key }) where entry.prefixes.contains(where: { $0.contains(address) }) {
            if let subnet = topology.gateways[entry.gateway]?.subnet, topology.subnets[subnet] != nil { return (entry.gateway, subnet) }
        }
        return nil
    }

    /// An on-premises address outside every VNet, to stand for an on-premises host.
    func onPremisesRepresentative(_ prefixes: [IPPrefix]) -> IPAddress? {
        var vnets = AddressSet.empty
        for network in topology.networks.values { vnets = vnets.union(network.addresses) }
        let usable = AddressSet(prefixes: prefixes).subtracting(vnets)
        return usable.first.map { Self.next($0) }.flatMap { usable.contains($0) ? $0 : usable.first }
    }

    /// Whether a destination subnet can answer an on-premises source: its route back must
    /// lead to a gateway or an appliance (without gateway transit the gateway neither
    /// advertises the spoke on-premises nor gives the spoke a route back; §8 case 33).
    func answersOnPremises(from subnet: ResourceID, _ address: IPAddress) -> Bool {
        guard let route = routes(of: subnet).lookup(address) else { return false }
        switch route.nextHop {
        case .virtualNetworkGateway, .virtualAppliance: return true
        default: return false
        }
    }
}

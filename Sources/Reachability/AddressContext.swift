import TopologyModel

/// What the service tags mean where an NSG is applied: the VNet of the subnet or NIC
/// being evaluated (semantics reference §1.12, `ctx`).
public struct AddressContext: Sendable, Hashable {
    public let network: ResourceID?
    /// NSG-30: own address space, connected peers with `allowVirtualNetworkAccess`,
    /// user-defined route prefixes of the subnet's route table, and 168.63.129.16.
    public let virtualNetwork: AddressSet
    /// NSG-31 heuristic: public address space outside ``virtualNetwork``.
    public let internet: AddressSet

    public init(network: ResourceID?, virtualNetwork: AddressSet) {
        self.network = network
        self.virtualNetwork = virtualNetwork
        self.internet = AddressSet.publicSpace.subtracting(virtualNetwork)
    }

    /// The Azure platform address used by DHCP, DNS and health probes (NSG-8, NSG-32).
    public static let platformAddress = IPAddress("168.63.129.16")!
}

/// Who sits at an address, as far as NSG rules can tell: its ASG memberships and VNet.
public struct EndpointIdentity: Sendable, Hashable {
    public let address: IPAddress
    public let applicationSecurityGroups: [ResourceID]
    public let network: ResourceID?

    public init(address: IPAddress, applicationSecurityGroups: [ResourceID] = [], network: ResourceID? = nil) {
        self.address = address
        self.applicationSecurityGroups = applicationSecurityGroups
        self.network = network
    }
}

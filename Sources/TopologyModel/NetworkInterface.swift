/// A NIC: the attachment point of a VM (or private endpoint) to subnets.
public struct NetworkInterface: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let location: String
    public let tags: [String: String]
    public let securityGroup: ResourceID?
    public let ipForwarding: Bool
    public let ipConfigurations: [IPConfiguration]
    /// The VM using this NIC, if the input names one.
    public let virtualMachine: ResourceID?
    /// Set when the NIC belongs to a private endpoint.
    public let privateEndpoint: ResourceID?
    public let origin: SourceLocation?

    public init(
        id: ResourceID, name: String, location: String, tags: [String: String], securityGroup: ResourceID?,
        ipForwarding: Bool, ipConfigurations: [IPConfiguration], virtualMachine: ResourceID? = nil,
        privateEndpoint: ResourceID? = nil, origin: SourceLocation?
    ) {
        self.id = id
        self.name = name
        self.location = location
        self.tags = tags
        self.securityGroup = securityGroup
        self.ipForwarding = ipForwarding
        self.ipConfigurations = ipConfigurations
        self.virtualMachine = virtualMachine
        self.privateEndpoint = privateEndpoint
        self.origin = origin
    }
}

/// One IP configuration of a NIC: a private address in a subnet, optionally a public IP,
/// and the application security groups it belongs to (NSG-24).
public struct IPConfiguration: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let privateAddress: IPAddress?
    public let subnet: ResourceID?
    public let publicIP: ResourceID?
    public let applicationSecurityGroups: [ResourceID]
    public let primary: Bool

    public init(
        id: ResourceID, name: String, privateAddress: IPAddress?, subnet: ResourceID?, publicIP: ResourceID?,
        applicationSecurityGroups: [ResourceID], primary: Bool
    ) {
        self.id = id
        self.name = name
        self.privateAddress = privateAddress
        self.subnet = subnet
        self.publicIP = publicIP
        self.applicationSecurityGroups = applicationSecurityGroups.sorted()
        self.primary = primary
    }
}

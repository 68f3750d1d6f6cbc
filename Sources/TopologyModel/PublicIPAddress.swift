/// A public IP address and what it is attached to.
public struct PublicIPAddress: Hashable, Sendable {
    public enum SKU: String, Hashable, Sendable { case basic, standard }

    public let id: ResourceID
    public let name: String
    public let location: String
    /// Missing `sku` means Basic (legacy resources; semantics reference §7.9).
    public let sku: SKU
    public let address: IPAddress?
    /// The IP configuration it fronts (NIC, load balancer, gateway...), if any.
    public let attachedTo: ResourceID?
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, location: String, sku: SKU, address: IPAddress?, attachedTo: ResourceID?, origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.location = location
        self.sku = sku
        self.address = address
        self.attachedTo = attachedTo
        self.origin = origin
    }
}

/// An application security group. Membership lives on NIC IP configurations (NSG-24).
public struct ApplicationSecurityGroup: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let location: String
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, location: String, origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.location = location
        self.origin = origin
    }
}

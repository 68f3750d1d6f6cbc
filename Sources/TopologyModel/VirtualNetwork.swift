/// A virtual network: an address space, its subnets and its peerings.
public struct VirtualNetwork: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let location: String
    public let tags: [String: String]
    public let addressSpace: [IPPrefix]
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, location: String, tags: [String: String], addressSpace: [IPPrefix], origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.location = location
        self.tags = tags
        self.addressSpace = addressSpace.sorted()
        self.origin = origin
    }

    public var addresses: AddressSet { AddressSet(prefixes: addressSpace) }
}

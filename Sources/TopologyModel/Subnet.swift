/// A subnet of a virtual network, with the NSG and route table attached to it.
public struct Subnet: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let network: ResourceID
    public let prefixes: [IPPrefix]
    public let securityGroup: ResourceID?
    public let routeTable: ResourceID?
    /// `privateEndpointNetworkPolicies`; missing means `disabled` (PE-10).
    public let privateEndpointNetworkPolicies: PrivateEndpointNetworkPolicies
    /// `defaultOutboundAccess`; nil when the input does not say (existing subnets default to true).
    public let defaultOutboundAccess: Bool?
    public let serviceEndpoints: [ServiceEndpoint]
    /// The NAT gateway giving the subnet explicit outbound (PUB-6), if any.
    public let natGateway: ResourceID?
    public let origin: SourceLocation?

    public init(
        id: ResourceID, name: String, network: ResourceID, prefixes: [IPPrefix], securityGroup: ResourceID?,
        routeTable: ResourceID?, privateEndpointNetworkPolicies: PrivateEndpointNetworkPolicies = .disabled,
        defaultOutboundAccess: Bool? = nil, serviceEndpoints: [ServiceEndpoint] = [], natGateway: ResourceID? = nil, origin: SourceLocation?
    ) {
        self.id = id
        self.name = name
        self.network = network
        self.prefixes = prefixes.sorted()
        self.securityGroup = securityGroup
        self.routeTable = routeTable
        self.privateEndpointNetworkPolicies = privateEndpointNetworkPolicies
        self.defaultOutboundAccess = defaultOutboundAccess
        self.serviceEndpoints = serviceEndpoints
        self.natGateway = natGateway
        self.origin = origin
    }

    public var addresses: AddressSet { AddressSet(prefixes: prefixes) }
}

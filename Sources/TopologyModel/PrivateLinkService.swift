/// A Private Link service: a provider's Standard load balancer frontend published to
/// consumers' private endpoints (PLS-1..PLS-4).
///
/// Consumer traffic arrives at the load balancer's backends from a NAT address in the
/// provider's subnet, so provider NSGs see that address, never the consumer's.
public struct PrivateLinkService: Hashable, Sendable {
    /// One NAT IP configuration: the provider subnet and, when the input has it, the address.
    public struct NATAddress: Hashable, Sendable {
        public let subnet: ResourceID?
        public let address: IPAddress?
        public init(subnet: ResourceID?, address: IPAddress?) {
            self.subnet = subnet
            self.address = address
        }
    }

    public let id: ResourceID
    public let name: String
    public let location: String
    /// `loadBalancerFrontendIpConfigurations`: the frontends consumers reach.
    public let frontends: [ResourceID]
    public let natAddresses: [NATAddress]
    /// `enableProxyProtocol`: the backend can still learn the consumer's address (PLS-1).
    public let proxyProtocol: Bool
    public let origin: SourceLocation?

    public init(
        id: ResourceID, name: String, location: String, frontends: [ResourceID], natAddresses: [NATAddress], proxyProtocol: Bool,
        origin: SourceLocation?
    ) {
        self.id = id
        self.name = name
        self.location = location
        self.frontends = frontends.sorted()
        self.natAddresses = natAddresses
        self.proxyProtocol = proxyProtocol
        self.origin = origin
    }
}

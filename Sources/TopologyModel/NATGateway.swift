/// A NAT gateway: explicit outbound for every subnet that references it (PUB-6).
///
/// It replaces the subnet's default Internet egress and wins over instance public IPs and
/// load-balancer outbound rules; it never carries a connection the Internet starts.
public struct NATGateway: Hashable, Sendable {
    /// A public IP prefix the gateway translates to, with its range when the input has it.
    public struct PublicPrefix: Hashable, Sendable {
        public let id: ResourceID
        public let prefix: IPPrefix?
        public init(id: ResourceID, prefix: IPPrefix?) {
            self.id = id
            self.prefix = prefix
        }
    }

    public let id: ResourceID
    public let name: String
    public let location: String
    /// `publicIpAddresses`: the addresses the Internet sees.
    public let publicIPs: [ResourceID]
    /// `publicIpPrefixes`: ranges the Internet sees.
    public let publicPrefixes: [PublicPrefix]
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, location: String, publicIPs: [ResourceID], publicPrefixes: [PublicPrefix], origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.location = location
        self.publicIPs = publicIPs.sorted()
        self.publicPrefixes = publicPrefixes.sorted { $0.id < $1.id }
        self.origin = origin
    }
}

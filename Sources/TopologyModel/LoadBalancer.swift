/// An Azure load balancer: frontends, backend pools, load-balancing rules and inbound NAT
/// rules (PUB-2, PUB-3). Backend membership from either side (the pool's
/// `backendIPConfigurations` or the NIC's `loadBalancerBackendAddressPools`) is merged here.
public struct LoadBalancer: Hashable, Sendable {
    public enum SKU: String, Hashable, Sendable { case basic, standard, gateway }

    public struct Frontend: Hashable, Sendable {
        public let id: ResourceID
        public let name: String
        public let publicIP: ResourceID?
        public let privateAddress: IPAddress?
        public let subnet: ResourceID?
        public init(id: ResourceID, name: String, publicIP: ResourceID?, privateAddress: IPAddress?, subnet: ResourceID?) {
            self.id = id
            self.name = name
            self.publicIP = publicIP
            self.privateAddress = privateAddress
            self.subnet = subnet
        }
    }

    public struct Pool: Hashable, Sendable {
        public let id: ResourceID
        public let name: String
        /// NIC IP configurations in the pool.
        public let members: [ResourceID]
        /// Members given by address (`loadBalancerBackendAddresses`).
        public let addresses: [IPAddress]
        public init(id: ResourceID, name: String, members: [ResourceID], addresses: [IPAddress]) {
            self.id = id
            self.name = name
            self.members = members.sorted()
            self.addresses = addresses.sorted()
        }
    }

    public struct Rule: Hashable, Sendable {
        public let id: ResourceID
        public let name: String
        public let frontend: ResourceID?
        /// The pool (load-balancing rules) or the single IP configuration (inbound NAT rules).
        public let pool: ResourceID?
        public let target: ResourceID?
        public let protocols: ProtocolSet
        public let frontendPort: UInt16
        public let backendPort: UInt16
        public let floatingIP: Bool
        public let isNAT: Bool
        public init(id: ResourceID, name: String, frontend: ResourceID?, pool: ResourceID?, target: ResourceID?, protocols: ProtocolSet,
                    frontendPort: UInt16, backendPort: UInt16, floatingIP: Bool, isNAT: Bool) {
            self.id = id
            self.name = name
            self.frontend = frontend
            self.pool = pool
            self.target = target
            self.protocols = protocols
            self.frontendPort = frontendPort
            self.backendPort = backendPort
            self.floatingIP = floatingIP
            self.isNAT = isNAT
        }
    }

    public let id: ResourceID
    public let name: String
    public let location: String
    public let sku: SKU
    public let frontends: [Frontend]
    public let pools: [Pool]
    /// Load-balancing rules and inbound NAT rules.
    public let rules: [Rule]
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, location: String, sku: SKU, frontends: [Frontend], pools: [Pool], rules: [Rule], origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.location = location
        self.sku = sku
        self.frontends = frontends
        self.pools = pools
        self.rules = rules
        self.origin = origin
    }
}

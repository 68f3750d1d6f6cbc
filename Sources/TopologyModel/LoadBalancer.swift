/// An Azure load balancer: frontends, backend pools, load-balancing rules, inbound NAT
/// rules and pools (PUB-2, PUB-3), and outbound rules (explicit outbound, PUB-6). Backend membership from either side (the pool's
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
        /// The inbound NAT pool this per-instance rule was derived from, if any.
        public let natPool: ResourceID?
        public init(
            id: ResourceID, name: String, frontend: ResourceID?, pool: ResourceID?, target: ResourceID?, protocols: ProtocolSet,
            frontendPort: UInt16, backendPort: UInt16, floatingIP: Bool, isNAT: Bool, natPool: ResourceID? = nil
        ) {
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
            self.natPool = natPool
        }
    }

    /// An inbound NAT pool (`inboundNatPools`): each member gets its own frontend port from
    /// the range, translated to the one backend port (PUB-2). Members are the NIC IP
    /// configurations that reference the pool (scale-set instances).
    public struct NATPool: Hashable, Sendable {
        public let id: ResourceID
        public let name: String
        public let frontend: ResourceID?
        public let protocols: ProtocolSet
        public let frontendPorts: ClosedRange<UInt16>
        public let backendPort: UInt16
        public let floatingIP: Bool
        public let members: [ResourceID]
        public init(
            id: ResourceID, name: String, frontend: ResourceID?, protocols: ProtocolSet, frontendPorts: ClosedRange<UInt16>,
            backendPort: UInt16, floatingIP: Bool, members: [ResourceID]
        ) {
            self.id = id
            self.name = name
            self.frontend = frontend
            self.protocols = protocols
            self.frontendPorts = frontendPorts
            self.backendPort = backendPort
            self.floatingIP = floatingIP
            self.members = members.sorted()
        }
    }

    /// An outbound rule: the pool's members leave to the Internet from the frontends'
    /// public addresses, for the rule's protocols (Standard SKU only).
    public struct OutboundRule: Hashable, Sendable {
        public let id: ResourceID
        public let name: String
        public let frontends: [ResourceID]
        public let pool: ResourceID?
        public let protocols: ProtocolSet
        public init(id: ResourceID, name: String, frontends: [ResourceID], pool: ResourceID?, protocols: ProtocolSet) {
            self.id = id
            self.name = name
            self.frontends = frontends
            self.pool = pool
            self.protocols = protocols
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
    public let natPools: [NATPool]
    public let outboundRules: [OutboundRule]
    public let origin: SourceLocation?

    public init(
        id: ResourceID, name: String, location: String, sku: SKU, frontends: [Frontend], pools: [Pool], rules: [Rule],
        natPools: [NATPool] = [], outboundRules: [OutboundRule] = [], origin: SourceLocation?
    ) {
        self.id = id
        self.name = name
        self.location = location
        self.sku = sku
        self.frontends = frontends
        self.pools = pools
        self.rules = rules
        self.natPools = natPools
        self.outboundRules = outboundRules
        self.origin = origin
    }
}

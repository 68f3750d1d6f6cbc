import TopologyModel

/// One candidate change, as the planner's flow network sees it: the hops it would remove
/// share its one edge, so cutting that edge once removes all of them.
struct IsolationGadget {
    /// What the change matches: the NSG (by subnet) and direction, with the addresses that
    /// NSG sees on either side, or an asset's public endpoint.
    enum Key: Hashable, Comparable {
        case inbound(subnet: ResourceID, from: Peer, to: Peer)
        case outbound(subnet: ResourceID, from: Peer, to: Peer)
        case publicAccess(ResourceID)
        /// Both sides of a peering, by the side whose ID sorts first (PEER-1: removing them
        /// stops every hop over it).
        case peering(ResourceID)
        /// A subnet made private (`defaultOutboundAccess: false`): its ways out through
        /// default outbound access close (PUB-6).
        case privateSubnet(ResourceID)

        static func < (a: Key, b: Key) -> Bool { a.sortText < b.sortText }

        var sortText: String {
            switch self {
            case .inbound(let s, let f, let t): "1 \(s.key) \(f.sortText) \(t.sortText)"
            case .outbound(let s, let f, let t): "2 \(s.key) \(f.sortText) \(t.sortText)"
            case .publicAccess(let a): "3 \(a.key)"
            case .peering(let p): "4 \(p.key)"
            case .privateSubnet(let s): "5 \(s.key)"
            }
        }
    }

    /// Addresses as an NSG rule names them.
    enum Peer: Hashable {
        case subnet(ResourceID)
        case internet
        /// On-premises clients: the rule matches any source (broad).
        case anySource
        /// The address an appliance translates to (a firewall's SNAT, an Application Gateway).
        case address(IPAddress)
        /// A private endpoint's own addresses.
        case addresses([IPAddress])

        var sortText: String {
            switch self {
            case .subnet(let s): "s:\(s.key)"
            case .internet: "internet"
            case .anySource: "*"
            case .address(let a): "a:\(a)"
            case .addresses(let a): "a:" + a.map(\.description).joined(separator: ",")
            }
        }

        /// A rule matching it would match many more sources than the hop's.
        var isBroad: Bool {
            switch self {
            case .anySource, .address: true
            default: false
            }
        }

        func prefixes(_ topology: Topology) -> [String] {
            switch self {
            case .subnet(let id): topology.subnets[id]?.prefixes.map(\.description) ?? []
            case .internet: Self.publicV4
            case .anySource: ["*"]
            case .address(let a): [Self.host(a)]
            case .addresses(let a): a.map(Self.host)
            }
        }

        /// The public IPv4 space (``AddressSet/publicSpace``) as CIDR blocks. Not the
        /// `Internet` service tag: a subnet that sends 0.0.0.0/0 to an appliance counts every
        /// address as `VirtualNetwork`, which leaves its `Internet` tag empty.
        static let publicV4: [String] = cidrBlocks(AddressSet.publicSpace.v4)

        /// The addresses that are never an Internet host (``AddressSet/nonPublic``), IPv4.
        static let privateV4: [String] = cidrBlocks(AddressSet.nonPublic.v4)

        /// The fewest CIDR blocks that cover exactly an IPv4 interval set.
        static func cidrBlocks(_ set: IntervalSet<UInt32>) -> [String] { AddressSet(v4: set).v4Blocks.map(\.description) }

        static func host(_ a: IPAddress) -> String { "\(a)/\(a.description.contains(":") ? 128 : 32)" }
    }

    let key: Key
    /// Services the change must deny: the union over the hops of the groups solved so far
    /// that go through it.
    var deny = ServiceSet()
    /// Services `require` flows through it need.
    var protect = ServiceSet()
    var protectors: Set<String> = []
    /// The lowest priority of an allow rule (in this NSG and direction) that lets one of its
    /// hops through: the deny rules go below it. 4097 when only default rules allow.
    var bound = 4097
    var chosen = false
    var cuts: [CutHop] = []
    var policies: [String] = []
}

extension ServiceSet {
    /// What NSG rules written for these services deny: a protocol NSG rules cannot name
    /// (other than TCP, UDP, ICMP, ESP, AH) is written as `*`, which denies everything.
    var asDenied: ServiceSet {
        entries.contains { $0.proto == .other } ? Self.everything : self
    }
}

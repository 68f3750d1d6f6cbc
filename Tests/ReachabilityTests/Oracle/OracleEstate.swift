/// An IPv4 prefix as the oracle sees it: the first address and the length.
struct OraclePrefix: Hashable, Sendable, CustomStringConvertible {
    let first: UInt32
    let length: Int

    /// The prefix of `length` bits holding `address` (host bits cleared).
    init(_ address: UInt32, _ length: Int) {
        self.length = length
        first = length == 0 ? 0 : address & ~(UInt32.max >> length)
    }

    /// Parses `a.b.c.d/n` or a bare address (a /32).
    init(_ text: String) {
        let parts = text.split(separator: "/")
        self.init(oracleAddress(String(parts[0])), parts.count > 1 ? Int(parts[1])! : 32)
    }

    var last: UInt32 { length == 0 ? .max : first | (UInt32.max >> length) }
    func contains(_ address: UInt32) -> Bool { address >= first && address <= last }
    func contains(_ other: OraclePrefix) -> Bool { contains(other.first) && contains(other.last) }
    var description: String { "\(oracleText(first))/\(length)" }
}

/// `a.b.c.d` to a number (the oracle's own parser, not the engine's).
func oracleAddress(_ text: String) -> UInt32 {
    text.split(separator: ".").reduce(UInt32(0)) { $0 << 8 | UInt32($1)! }
}

/// A number to `a.b.c.d`.
func oracleText(_ address: UInt32) -> String {
    [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xFF) }.joined(separator: ".")
}

/// A random estate *specification*: the facts the oracle decides packets from and the ARM
/// JSON the engine imports are both derived from this value and nothing else.
///
/// Everything is IPv4 and small (VNets of /26 to /28, subnets of /28 and /29), so that
/// every host address can be enumerated.
struct OracleEstate: Sendable {
    struct VNet: Sendable {
        var name: String
        var space: OraclePrefix
        var subnets: [Subnet]
        var peerings: [Peering]
    }

    struct Subnet: Sendable {
        var name: String
        var prefix: OraclePrefix
        var nsg: Int?
        var routeTable: Int?
        /// `privateEndpointNetworkPolicies`; nil when the export omits it (PE-10: `Disabled`).
        var endpointPolicies: EndpointPolicies? = nil
    }

    /// `privateEndpointNetworkPolicies` (§5.2).
    enum EndpointPolicies: String, CaseIterable, Sendable {
        case disabled = "Disabled", enabled = "Enabled", networkSecurityGroupEnabled = "NetworkSecurityGroupEnabled"
        case routeTableEnabled = "RouteTableEnabled"

        /// PE-6: the subnet NSG applies to the endpoint's traffic.
        var securityGroups: Bool { self == .enabled || self == .networkSecurityGroupEnabled }
        /// PE-7: a user route can invalidate the endpoint's /32.
        var routeTables: Bool { self == .enabled || self == .routeTableEnabled }
    }

    /// One side of a peering (a resource under the local VNet).
    struct Peering: Sendable {
        var remote: Int
        var state: String
        var allowVirtualNetworkAccess: Bool
        var allowForwardedTraffic: Bool
    }

    enum Address: Hashable, Sendable, CustomStringConvertible {
        case any, virtualNetwork, internet
        case prefix(OraclePrefix)
        /// An application security group, by index (NSG-24, NSG-25).
        case asg(Int)
        /// A published service tag, by index into ``serviceTags`` (TAG-10: its prefixes).
        case tag(Int)

        var description: String {
            switch self {
            case .any: "*"
            case .virtualNetwork: "VirtualNetwork"
            case .internet: "Internet"
            case .prefix(let p): p.length == 32 ? oracleText(p.first) : p.description
            case .asg(let i): "asg\(i)"
            case .tag(let i): OracleEstate.tagNames[i]
            }
        }
    }

    enum RuleProtocol: String, Sendable { case tcp = "Tcp", udp = "Udp", icmp = "Icmp", esp = "Esp", ah = "Ah", any = "*" }

    struct Rule: Sendable {
        var name: String
        var priority: Int
        var inbound: Bool
        var allow: Bool
        var proto: RuleProtocol
        var sources: [Address]
        /// Empty means `*`.
        var sourcePorts: [ClosedRange<UInt16>]
        var destinations: [Address]
        /// Empty means `*`.
        var destinationPorts: [ClosedRange<UInt16>]
        /// Whether a single address or port range is written in the plural field.
        var pluralFields: Bool
        /// A security admin rule's `AlwaysAllow` (`allow` is then true too).
        var alwaysAllow = false
    }

    struct SecurityGroup: Sendable {
        var name: String
        var rules: [Rule]
        /// Whether the export carries `defaultSecurityRules` (else the importer synthesises
        /// them, NSG-13).
        var explicitDefaults: Bool
    }

    struct PublicIP: Sendable {
        var name: String
        var address: UInt32
        var standard: Bool
    }

    struct IPConfig: Sendable {
        var vnet: Int
        var subnet: Int
        var address: UInt32
        var publicIP: PublicIP?
        /// Application security groups this configuration is a member of (NSG-24).
        var asgs: [Int] = []
    }

    /// An application security group: its members all sit in `vnet` (NSG-26).
    struct ApplicationSecurityGroup: Sendable {
        var name: String
        var vnet: Int
    }

    /// `privateLinkServiceConnectionState.status` (PE-2).
    enum ConnectionState: String, CaseIterable, Sendable {
        case approved = "Approved", pending = "Pending", rejected = "Rejected", disconnected = "Disconnected"
    }

    /// Which descriptions of a private endpoint the export carries (docs/azure-model.md: all
    /// must give the same answers): a NIC with `privateEndpoint`, the endpoint's own
    /// `ipConfigurations[].properties.privateIPAddress`, its `customDnsConfigs[].ipAddresses`.
    struct EndpointShape: OptionSet, Hashable, Sendable {
        let rawValue: Int
        static let nic = EndpointShape(rawValue: 1)
        static let ipConfigurations = EndpointShape(rawValue: 2)
        static let customDnsConfigs = EndpointShape(rawValue: 4)
    }

    /// A private endpoint: one address in a subnet, one connection to a storage account
    /// (not in the input; only the connection's state matters here).
    struct PrivateEndpoint: Sendable {
        var name: String
        var vnet: Int
        var subnet: Int
        var address: UInt32
        var state: ConnectionState
        /// In `manualPrivateLinkServiceConnections` rather than `privateLinkServiceConnections`.
        var manual: Bool
        var shape: EndpointShape
        /// Whether the endpoint lists its NIC in `networkInterfaces` (NIC shapes only).
        var listsNIC: Bool
        var asgs: [Int]
    }

    struct NIC: Sendable {
        var name: String
        var nsg: Int?
        var forwarding: Bool
        var configs: [IPConfig]
    }

    enum NextHop: Hashable, Sendable {
        case none, internet, vnetLocal
        case appliance(UInt32)
    }

    struct Route: Sendable {
        var name: String
        var prefix: OraclePrefix
        var nextHop: NextHop
    }

    struct RouteTable: Sendable {
        var name: String
        var routes: [Route]
        /// `disableBgpRoutePropagation` ("Propagate gateway routes = No"): the subnets learn no
        /// gateway routes, a Virtual WAN hub's included (RT-10, VWAN-13.4).
        var disableGatewayRoutes = false
    }

    /// An address item of an Azure Firewall rule: `*`, an IP or CIDR, or a range `a-b`.
    enum FirewallAddress: Hashable, Sendable, CustomStringConvertible {
        case any
        case prefix(OraclePrefix)
        case range(UInt32, UInt32)

        func contains(_ address: UInt32) -> Bool {
            switch self {
            case .any: true
            case .prefix(let p): p.contains(address)
            case .range(let a, let b): a <= address && address <= b
            }
        }

        var description: String {
            switch self {
            case .any: "*"
            case .prefix(let p): p.length == 32 ? oracleText(p.first) : p.description
            case .range(let a, let b): "\(oracleText(a))-\(oracleText(b))"
            }
        }
    }

    /// A network rule (§4.2): protocols `TCP`, `UDP`, `ICMP` or `Any` (alone).
    struct FirewallRule: Sendable {
        var name: String
        var protocols: [String]
        var sources: [FirewallAddress]
        var destinations: [FirewallAddress]
        /// Empty means `*`.
        var ports: [ClosedRange<UInt16>]
    }

    /// A network rule collection; `group` indexes the policy's rule collection groups.
    struct FirewallCollection: Sendable {
        var name: String
        var priority: Int
        var group: Int
        var allow: Bool
        var rules: [FirewallRule]
    }

    /// An Azure Firewall in its VNet's `AzureFirewallSubnet`, with network rules only,
    /// classic or through a policy (§4.1).
    struct Firewall: Sendable {
        var name: String
        var vnet: Int
        var subnet: Int
        var address: UInt32
        var viaPolicy: Bool
        /// Priorities of the policy's rule collection groups (one group when classic).
        var groupPriorities: [Int]
        var collections: [FirewallCollection]
        /// `snat.privateRanges` / `Network.SNAT.PrivateRanges`; nil: the IANA default (FW-16).
        var privateRanges: [OraclePrefix]?
        /// The public address DNAT rules name.
        var publicIP: UInt32? = nil
        var dnat: [DnatCollection] = []
        /// The Virtual WAN hub it secures (`AZFW_Hub`, VWAN-1), by index into the WAN's hubs;
        /// such a firewall's subnet is its hub, so `vnet` and `subnet` are -1.
        var hub: Int? = nil
    }

    /// A DNAT rule: one public port, translated to a host's address and port (§4.2).
    struct DnatRule: Sendable {
        var name: String
        /// `TCP`, `UDP` or both.
        var protocols: [String]
        var sources: [FirewallAddress]
        var port: UInt16
        var translated: UInt32
        var translatedPort: UInt16
    }

    struct DnatCollection: Sendable {
        var name: String
        var priority: Int
        var group: Int
        var rules: [DnatRule]
    }

    let seed: UInt64
    var vnets: [VNet] = []
    var nsgs: [SecurityGroup] = []
    var nics: [NIC] = []
    var routeTables: [RouteTable] = []
    var asgs: [ApplicationSecurityGroup] = []
    var privateEndpoints: [PrivateEndpoint] = []
    var firewalls: [Firewall] = []
    /// One network manager's security admin rules (one configuration, deployed to the
    /// estate's region, one rule collection) and the VNets of the group it applies to.
    var adminRules: [Rule] = []
    var adminMembers: [Int] = []
    /// The VNets of a mesh connectivity configuration, deployed to the estate's region: they
    /// talk as if peered, with no peering resource (AVNM-14, AVNM-15).
    var meshMembers: [Int] = []
    /// Published service tags (``tagNames`` by index) and their prefixes, given to the import
    /// as service tag data (`--service-tags`).
    var serviceTags: [[OraclePrefix]] = []
    static let tagNames = ["Storage.WestEurope", "AzureCloud", "Sql"]
    /// One Virtual WAN with its hubs and hub VNet connections (VWAN-1).
    var wan: VirtualWAN? = nil

    /// Whether an address lies in a firewall's subnet (where nothing else can be placed).
    func inFirewallSubnet(_ address: UInt32) -> Bool {
        firewalls.contains { $0.hub == nil && vnets[$0.vnet].subnets[$0.subnet].prefix.contains(address) }
    }

    /// Whether an address lies in a Virtual WAN hub's range (Microsoft's hidden hub VNet:
    /// nothing of the estate but a hub firewall is placed there).
    func inHubRange(_ address: UInt32) -> Bool { wan?.hubs.contains { $0.range.contains(address) } ?? false }

    /// Where one IP configuration is: NIC index and configuration index.
    struct ConfigRef: Hashable, Sendable {
        let nic: Int
        let config: Int
    }

    func config(_ ref: ConfigRef) -> IPConfig { nics[ref.nic].configs[ref.config] }

    var configRefs: [ConfigRef] { nics.indices.flatMap { n in nics[n].configs.indices.map { ConfigRef(nic: n, config: $0) } } }
}

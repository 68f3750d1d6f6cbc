/// An Azure Firewall with its rules resolved: classic collections, or the collections of
/// its policy and every ancestor policy, in processing order (FW-4, FW-5).
public struct Firewall: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let location: String
    public let skuTier: String?
    public let policy: ResourceID?
    public let privateAddresses: [IPAddress]
    public let subnets: [ResourceID]
    public let publicIPs: [ResourceID]
    /// From the policy when the firewall has one, else the firewall's own (FW-3).
    public let threatIntelMode: FirewallInspectionMode?
    /// From the policy, if any (FW-13).
    public let intrusionDetectionMode: FirewallInspectionMode?
    /// Sorted with ``FirewallRuleCollection/processingOrder(_:_:)``.
    public let ruleCollections: [FirewallRuleCollection]
    /// Destinations to which network-rule traffic is not SNATed (FW-15, FW-16).
    public let snatPrivateRanges: AddressSet
    /// DNS proxy on: the firewall resolves the FQDNs of its network rules itself, so they
    /// can match (FW-12); off, those FQDNs match nothing.
    public let dnsProxy: Bool
    /// The policy's `transportSecurity.certificateAuthority` (its name, or the Key Vault
    /// secret ID): the CA TLS inspection signs with (FW-14); nil without one.
    public var tlsInspectionCertificate: String?
    /// A secured hub's firewall: how many public addresses `hubIPAddresses.publicIPs` gives it
    /// (count, or the addresses listed); in forced tunnel mode, without a learned default
    /// route, only a firewall with one reaches the Internet (VWAN-24).
    public var hubPublicIPCount = 0
    public let origin: SourceLocation?

    public init(
        id: ResourceID, name: String, location: String, skuTier: String?, policy: ResourceID?, privateAddresses: [IPAddress],
        subnets: [ResourceID], publicIPs: [ResourceID], threatIntelMode: FirewallInspectionMode?, intrusionDetectionMode: FirewallInspectionMode? = nil,
        ruleCollections: [FirewallRuleCollection] = [], snatPrivateRanges: AddressSet = Firewall.ianaPrivateRanges,
        dnsProxy: Bool = false, origin: SourceLocation?
    ) {
        self.id = id
        self.name = name
        self.location = location
        self.skuTier = skuTier
        self.policy = policy
        self.privateAddresses = privateAddresses
        self.subnets = subnets
        self.publicIPs = publicIPs
        self.threatIntelMode = threatIntelMode
        self.intrusionDetectionMode = intrusionDetectionMode
        self.ruleCollections = ruleCollections.sorted(by: FirewallRuleCollection.processingOrder)
        self.snatPrivateRanges = snatPrivateRanges
        self.dnsProxy = dnsProxy
        self.origin = origin
    }

    /// RFC 1918 and RFC 6598: the default "no SNAT" destinations (FW-15).
    public static let ianaPrivateRanges = AddressSet(prefixes: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].compactMap { IPPrefix($0) })

    public func collections(_ kind: FirewallRuleCollection.Kind) -> [FirewallRuleCollection] { ruleCollections.filter { $0.kind == kind } }
}

/// A firewall policy with its rule collection groups (counted, not yet evaluated).
public struct FirewallPolicy: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let location: String
    public let basePolicy: ResourceID?
    public let ruleCollectionGroups: [ResourceID]
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, location: String, basePolicy: ResourceID?, ruleCollectionGroups: [ResourceID], origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.location = location
        self.basePolicy = basePolicy
        self.ruleCollectionGroups = ruleCollectionGroups
        self.origin = origin
    }
}

/// A private endpoint: a private IP in a consumer subnet mapped to one target resource.
public struct PrivateEndpoint: Hashable, Sendable {
    /// PE-2: only an Approved connection, automatic or manual, carries traffic.
    public var carriesTraffic: Bool { connections.contains { $0.state.carriesTraffic } }

    public let id: ResourceID
    public let name: String
    public let location: String
    public let subnet: ResourceID?
    public let addresses: [IPAddress]
    /// Target resource IDs with their connection status, lowercased (`approved`...).
    public let connections: [Connection]
    public let applicationSecurityGroups: [ResourceID]
    /// `customDnsConfigs`: the names clients resolve to this endpoint (PE-9).
    public let dnsRecords: [DNSRecord]
    /// `networkInterfaces`: the NICs Azure created for the endpoint (read-only in ARM).
    public let networkInterfaces: [ResourceID]
    public let origin: SourceLocation?

    public struct DNSRecord: Hashable, Sendable {
        public let fqdn: String
        public let addresses: [IPAddress]
        public init(fqdn: String, addresses: [IPAddress]) {
            self.fqdn = fqdn
            self.addresses = addresses
        }
    }

    public struct Connection: Hashable, Sendable {
        public let target: ResourceID
        public let groupIDs: [String]
        public let state: ConnectionState
        /// Whether the connection came from `manualPrivateLinkServiceConnections` (approval
        /// requested from the resource's owner).
        public let manual: Bool
        public init(target: ResourceID, groupIDs: [String], state: ConnectionState, manual: Bool = false) {
            self.target = target
            self.groupIDs = groupIDs
            self.state = state
            self.manual = manual
        }
    }

    /// `privateLinkServiceConnectionState.status` (PE-2): only an Approved connection
    /// carries traffic.
    public enum ConnectionState: Hashable, Sendable {
        case approved, pending, rejected, disconnected
        /// A value the input gives that Azure does not define, or none at all.
        case unknown(String?)

        public init(azure text: String?) {
            switch text?.lowercased() {
            case "approved"?: self = .approved
            case "pending"?: self = .pending
            case "rejected"?: self = .rejected
            case "disconnected"?: self = .disconnected
            default: self = .unknown(text)
            }
        }

        public var carriesTraffic: Bool { self == .approved }

        /// As Azure spells it, for reports.
        public var azureName: String {
            switch self {
            case .approved: "Approved"
            case .pending: "Pending"
            case .rejected: "Rejected"
            case .disconnected: "Disconnected"
            case .unknown(let text): text ?? "unknown"
            }
        }
    }

    public init(
        id: ResourceID, name: String, location: String, subnet: ResourceID?, addresses: [IPAddress], connections: [Connection],
        applicationSecurityGroups: [ResourceID], dnsRecords: [DNSRecord] = [], networkInterfaces: [ResourceID] = [], origin: SourceLocation?
    ) {
        self.id = id
        self.networkInterfaces = networkInterfaces
        self.name = name
        self.location = location
        self.subnet = subnet
        self.addresses = addresses
        self.connections = connections
        self.applicationSecurityGroups = applicationSecurityGroups
        self.dnsRecords = dnsRecords
        self.origin = origin
    }
}

/// A storage account's network-relevant settings.
public struct StorageAccount: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let location: String
    public let tags: [String: String]
    /// nil when the input does not say.
    public let allowBlobPublicAccess: Bool?
    /// `allowSharedKeyAccess`: whether account keys, and the account and service SAS signed
    /// with them, authorise data requests (ST-5). nil when unset, which Azure reads as true.
    public let allowSharedKeyAccess: Bool?
    /// nil when unset (Azure's default, Enabled).
    public let publicNetworkAccess: PublicNetworkAccess?
    /// nil when the account has no network rules (Allow).
    public let defaultAction: NetworkDefaultAction?
    /// `networkAcls.ipRules`: public addresses admitted when the default action is Deny (ST-3).
    public let ipRules: AddressSet
    /// `networkAcls.virtualNetworkRules`: subnets admitted through a service endpoint (SE-3).
    public let virtualNetworkRules: [ResourceID]
    /// Blob containers by name.
    public var containers: [String: BlobPublicAccess] = [:]
    public var settings = StorageAccountSettings()
    /// The account's own `privateEndpointConnections`, sorted by name (catalog LAT-PL-004).
    public var privateEndpointConnections: [PrivateEndpointConnection] = []
    public let origin: SourceLocation?

    public init(
        id: ResourceID, name: String, location: String, tags: [String: String], allowBlobPublicAccess: Bool?,
        publicNetworkAccess: PublicNetworkAccess?, defaultAction: NetworkDefaultAction?, ipRules: AddressSet = .empty, virtualNetworkRules: [ResourceID] = [],
        allowSharedKeyAccess: Bool? = nil, origin: SourceLocation?
    ) {
        self.allowSharedKeyAccess = allowSharedKeyAccess
        self.ipRules = ipRules
        self.virtualNetworkRules = virtualNetworkRules
        self.id = id
        self.name = name
        self.location = location
        self.tags = tags
        self.allowBlobPublicAccess = allowBlobPublicAccess
        self.publicNetworkAccess = publicNetworkAccess
        self.defaultAction = defaultAction
        self.origin = origin
    }
}

/// An IP Group: a named address list that firewall rules reference.
public struct IPGroup: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let addresses: AddressSet
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, addresses: AddressSet, origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.addresses = addresses
        self.origin = origin
    }
}

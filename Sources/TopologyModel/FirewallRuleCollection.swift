/// One rule collection of an Azure Firewall, classic or from a policy, with everything
/// needed to put it in processing order (FW-4, FW-5).
public struct FirewallRuleCollection: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Comparable {
        case dnat, network, application
        var rank: Int {
            switch self {
            case .dnat: 0;
            case .network: 1;
            case .application: 2
            }
        }
        public static func < (a: Kind, b: Kind) -> Bool { a.rank < b.rank }
    }
    public enum Action: String, Hashable, Sendable { case allow, deny, dnat }

    public let name: String
    public let kind: Kind
    public let action: Action
    public let priority: Int
    /// The rule collection group (policies only) and its priority.
    public let group: String?
    public let groupID: ResourceID?
    public let groupPriority: Int
    /// 0 for the firewall's own policy (or classic rules); 1 for its parent, 2 for the
    /// grandparent...: ancestors are processed first (FW-5).
    public let inheritanceDepth: Int
    public let rules: [FirewallRule]

    public init(
        name: String, kind: Kind, action: Action, priority: Int, group: String?, groupID: ResourceID?, groupPriority: Int,
        inheritanceDepth: Int, rules: [FirewallRule]
    ) {
        self.name = name
        self.kind = kind
        self.action = action
        self.priority = priority
        self.group = group
        self.groupID = groupID
        self.groupPriority = groupPriority
        self.inheritanceDepth = inheritanceDepth
        self.rules = rules
    }

    /// FW-5: per rule type, ancestors' groups first, then group priority, then collection
    /// priority; classic collections have group priority 0 and depth 0 (FW-4).
    public static func processingOrder(_ a: FirewallRuleCollection, _ b: FirewallRuleCollection) -> Bool {
        (a.kind, -a.inheritanceDepth, a.groupPriority, a.priority, a.name) < (b.kind, -b.inheritanceDepth, b.groupPriority, b.priority, b.name)
    }
}

/// One firewall rule. Addresses are resolved (IP Groups expanded at import).
public struct FirewallRule: Hashable, Sendable {
    public let name: String
    public let kind: FirewallRuleCollection.Kind
    public let sources: FirewallAddressMatch
    public let destinations: FirewallAddressMatch
    /// Network and DNAT rules: IP protocols; application rules: TCP.
    public let protocols: ProtocolSet
    /// Network and DNAT rules: destination ports. Application rules: the union of the
    /// ports of their HTTP/HTTPS/MSSQL protocols.
    public let ports: PortSet
    /// Application rules: `protocolType:port` as written (`Https:443`).
    public let applicationProtocols: [String]
    /// Application rules: target FQDNs (wildcards allowed); network rules: destination FQDNs.
    public let fqdns: [String]
    /// Application rules: FQDN tags, web categories and URLs, kept for reports.
    public let fqdnTags: [String]
    /// DNAT rules: where matching traffic is sent.
    public let translatedAddress: IPAddress?
    public let translatedFQDN: String?
    public let translatedPort: UInt16?
    /// Application rules: `terminateTLS`, TLS inspection of what the rule allows (FW-14).
    public var terminatesTLS = false

    public init(
        name: String, kind: FirewallRuleCollection.Kind, sources: FirewallAddressMatch, destinations: FirewallAddressMatch,
        protocols: ProtocolSet, ports: PortSet, applicationProtocols: [String] = [], fqdns: [String] = [], fqdnTags: [String] = [],
        translatedAddress: IPAddress? = nil, translatedFQDN: String? = nil, translatedPort: UInt16? = nil
    ) {
        self.name = name
        self.kind = kind
        self.sources = sources
        self.destinations = destinations
        self.protocols = protocols
        self.ports = ports
        self.applicationProtocols = applicationProtocols
        self.fqdns = fqdns
        self.fqdnTags = fqdnTags
        self.translatedAddress = translatedAddress
        self.translatedFQDN = translatedFQDN
        self.translatedPort = translatedPort
    }
}

/// A firewall rule's source or destination side.
public struct FirewallAddressMatch: Hashable, Sendable {
    public let any: Bool
    public let addresses: AddressSet
    /// Service tags (destinations only, NSG-34), not expandable offline.
    public let tags: [String]
    /// IP Groups referenced, already expanded into ``addresses``.
    public let ipGroups: [ResourceID]
    public let texts: [String]

    public init(any: Bool = false, addresses: AddressSet = .empty, tags: [String] = [], ipGroups: [ResourceID] = [], texts: [String] = []) {
        self.any = any
        self.addresses = addresses
        self.tags = tags
        self.ipGroups = ipGroups
        self.texts = texts
    }

    public static let anyAddress = FirewallAddressMatch(any: true, texts: ["*"])
    public var isEmpty: Bool { !any && addresses.isEmpty && tags.isEmpty }

    public func contains(_ address: IPAddress) -> Bool { any || addresses.contains(address) }
}

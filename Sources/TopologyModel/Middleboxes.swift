/// An Azure Firewall. Imported so no input is lost; its rule semantics arrive with the
/// routing and middlebox work.
public struct Firewall: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let location: String
    public let skuTier: String?
    public let policy: ResourceID?
    public let privateAddresses: [IPAddress]
    public let subnets: [ResourceID]
    public let publicIPs: [ResourceID]
    public let threatIntelMode: String?
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, location: String, skuTier: String?, policy: ResourceID?, privateAddresses: [IPAddress],
                subnets: [ResourceID], publicIPs: [ResourceID], threatIntelMode: String?, origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.location = location
        self.skuTier = skuTier
        self.policy = policy
        self.privateAddresses = privateAddresses
        self.subnets = subnets
        self.publicIPs = publicIPs
        self.threatIntelMode = threatIntelMode
        self.origin = origin
    }
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
    public let id: ResourceID
    public let name: String
    public let location: String
    public let subnet: ResourceID?
    public let addresses: [IPAddress]
    /// Target resource IDs with their connection status, lowercased (`approved`...).
    public let connections: [Connection]
    public let applicationSecurityGroups: [ResourceID]
    public let origin: SourceLocation?

    public struct Connection: Hashable, Sendable {
        public let target: ResourceID
        public let groupIDs: [String]
        public let status: String
        public init(target: ResourceID, groupIDs: [String], status: String) {
            self.target = target
            self.groupIDs = groupIDs
            self.status = status
        }
    }

    public init(id: ResourceID, name: String, location: String, subnet: ResourceID?, addresses: [IPAddress], connections: [Connection],
                applicationSecurityGroups: [ResourceID], origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.location = location
        self.subnet = subnet
        self.addresses = addresses
        self.connections = connections
        self.applicationSecurityGroups = applicationSecurityGroups
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
    public let publicNetworkAccess: String?
    public let defaultAction: String?
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, location: String, tags: [String: String], allowBlobPublicAccess: Bool?,
                publicNetworkAccess: String?, defaultAction: String?, origin: SourceLocation?) {
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

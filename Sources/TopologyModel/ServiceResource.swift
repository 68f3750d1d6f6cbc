/// A PaaS resource reached through its public endpoint or private endpoints: key vaults
/// and container registries (KV-*, ACR-*). Storage accounts have their own type.
public struct ServiceResource: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case keyVault = "key vault", containerRegistry = "container registry" }

    public let id: ResourceID
    public let name: String
    public let kind: Kind
    public let location: String
    public let tags: [String: String]
    /// nil when unset (Azure's default, Enabled).
    public let publicNetworkAccess: PublicNetworkAccess?
    /// `networkAcls.defaultAction` (key vault) or `networkRuleSet.defaultAction` (registry);
    /// nil when the resource has no network rules.
    public let defaultAction: NetworkDefaultAction?
    /// Container registries: a static admin user with push/pull rights (ACR-1).
    public let adminUserEnabled: Bool
    /// Container registries: unauthenticated pull (ACR-1).
    public let anonymousPullEnabled: Bool
    /// Key vaults only.
    public var vault = KeyVaultSettings()
    /// Container registries: the locations of their geo-replicas (`registries/replications`),
    /// sorted.
    public var replicaLocations: [String] = []
    public let origin: SourceLocation?

    public init(
        id: ResourceID, name: String, kind: Kind, location: String, tags: [String: String], publicNetworkAccess: PublicNetworkAccess?,
        defaultAction: NetworkDefaultAction?, adminUserEnabled: Bool = false, anonymousPullEnabled: Bool = false, origin: SourceLocation?
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.location = location
        self.tags = tags
        self.publicNetworkAccess = publicNetworkAccess
        self.defaultAction = defaultAction
        self.adminUserEnabled = adminUserEnabled
        self.anonymousPullEnabled = anonymousPullEnabled
        self.origin = origin
    }
}

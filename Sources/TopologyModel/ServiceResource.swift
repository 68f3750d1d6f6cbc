/// A PaaS resource reached through its public endpoint or private endpoints: key vaults,
/// container registries, and the LLM inference services (Machine Learning workspaces and their
/// online endpoints, Azure OpenAI and AI Services accounts) (KV-*, ACR-*, catalog LAT-PL-003).
/// Storage accounts have their own type.
public struct ServiceResource: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case keyVault = "key vault", containerRegistry = "container registry"
        /// `Microsoft.MachineLearningServices/workspaces`: reached through its private
        /// endpoints or its public endpoint.
        case machineLearningWorkspace = "machine learning workspace"
        /// `Microsoft.MachineLearningServices/workspaces/onlineEndpoints`: a scoring endpoint
        /// with its own public switch; private clients reach it through the workspace's
        /// private endpoints, so it takes none of its own.
        case onlineEndpoint = "online endpoint"
        /// `Microsoft.CognitiveServices/accounts` of every kind (``InferenceSettings/accountKind``
        /// says which serve language models).
        case aiServices = "AI services account"

        /// Whether private endpoints connect to the resource itself (all but online endpoints).
        public var takesPrivateEndpoints: Bool { self != .onlineEndpoint }
    }

    public let id: ResourceID
    public let name: String
    public let kind: Kind
    public let location: String
    public let tags: [String: String]
    /// nil when unset (Azure's default, Enabled).
    public let publicNetworkAccess: PublicNetworkAccess?
    /// `networkAcls.defaultAction` (key vault, AI services, workspace) or
    /// `networkRuleSet.defaultAction` (registry); nil when the resource has no network rules.
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
    /// Workspaces, online endpoints and AI services accounts only.
    public var inference = InferenceSettings()
    /// The resource's own record of the private endpoints connected to it
    /// (`privateEndpointConnections`), sorted by name: it names endpoints in other
    /// subscriptions the export does not hold (catalog LAT-PL-004).
    public var privateEndpointConnections: [PrivateEndpointConnection] = []
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

    /// Whether the public endpoint takes traffic from every network: public network access
    /// not Disabled (or, on a workspace, `allowPublicAccessWhenBehindVnet` true, read as
    /// opening it whatever `publicNetworkAccess` says, which hides no exposure), and no
    /// network rules or a default action of Allow (KV-1, ACR-1, catalog LAT-PL-003).
    public var openToAllNetworks: Bool {
        let behindVnet = kind == .machineLearningWorkspace && inference.allowPublicAccessWhenBehindVnet == true
        return ((publicNetworkAccess?.admitsPublicTraffic ?? true) || behindVnet) && defaultAction != .deny
    }
}

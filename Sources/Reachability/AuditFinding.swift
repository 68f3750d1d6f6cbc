import TopologyModel

/// A finding of the auditor report's catalog (docs/report.md, "Findings") that the model and
/// the attack graph prove offline: an exposure the effective evaluation found, or a setting
/// the import read.
///
/// Typed, with the catalog's stable ``Code``; severities, benchmark controls, the Azure Policy
/// that prevents it and the words are the presentation's (AuditReport's `FindingCatalog`).
public struct AuditFinding: Sendable, Hashable {
    /// The catalog IDs Lateral proves. The catalog has 48; the others need data an export of
    /// the network does not hold, or that the import does not read yet (docs/report.md).
    public enum Code: String, Sendable, Hashable, CaseIterable, Comparable {
        case sshFromInternet = "LAT-NET-001"
        case rdpFromInternet = "LAT-NET-002"
        case winRMFromInternet = "LAT-NET-003"
        case dataPortFromInternet = "LAT-NET-004"
        case machineLearningPort = "LAT-NET-005"
        case allPortsFromInternet = "LAT-NET-006"
        case shadowedAllow = "LAT-NET-007"
        case preemptedDeny = "LAT-NET-008"
        case subnetWithoutSecurityGroup = "LAT-NET-009"
        case publicIPInTargetZone = "LAT-NET-010"
        case unfilteredPeering = "LAT-NET-011"
        case broadSource = "LAT-NET-012"
        case forwardedTransit = "LAT-NET-013"
        case gatewayTransit = "LAT-NET-014"
        case privateEndpointPoliciesOff = "LAT-PL-001"
        case noApprovedPrivateEndpoint = "LAT-PL-002"
        case inferenceEndpointExposed = "LAT-PL-003"
        case foreignPrivateEndpoint = "LAT-PL-004"
        case gatewayWithoutPreventionWAF = "LAT-EDGE-001"
        case threatIntelligenceNotDeny = "LAT-EDGE-002"
        case intrusionDetectionNotDeny = "LAT-EDGE-003"
        case egressBypassesFirewall = "LAT-EDGE-004"
        case anonymousBlobRead = "LAT-STO-001"
        case storageOpenToAllNetworks = "LAT-STO-002"
        case sharedKeyAccess = "LAT-STO-003"
        case storageExpirationPolicies = "LAT-STO-004"
        case storageMinimumTLS = "LAT-STO-005"
        case storagePlainHTTP = "LAT-STO-006"
        case storageEncryption = "LAT-STO-007"
        case crossTenantReplication = "LAT-STO-008"
        case keyVaultPublic = "LAT-KV-001"
        case keyVaultAccessPolicies = "LAT-KV-002"
        case keyVaultPurgeProtection = "LAT-KV-003"
        case registryAdminUser = "LAT-ACR-001"
        case registryAnonymousPull = "LAT-ACR-002"
        case registryPublic = "LAT-ACR-003"
        case mutableImageTag = "LAT-ACR-004"
        case geoReplicatedStorage = "LAT-RES-002"
        case registryReplicas = "LAT-RES-004"
        case internetToTargets = "LAT-PATH-001"
        case entriesToTargets = "LAT-PATH-002"
        case targetsToInternet = "LAT-PATH-003"

        /// Catalog order: by family as the catalog lists them, then by number.
        public static func < (a: Code, b: Code) -> Bool {
            (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
        }
    }

    /// What proves the finding, as data.
    public enum Evidence: Sendable, Hashable {
        /// A hop the graph allows, and the services of it that make the finding (the port
        /// the finding is about, or everything the hop carries).
        case reach(Hop, matched: ServiceSet)
        /// Attack paths or ways out that exist: how many, between how many entry and target
        /// nodes.
        case paths(count: Int, entries: Int, targets: Int)
        /// A setting the import read.
        case setting(Setting)
        /// An NSG rule that a higher-priority rule of the other access decides first.
        case ruleOrder(RuleOrder)
        /// An inbound allow on a training-zone NSG with a tag or wildcard source.
        case broadSource(BroadSource)
    }

    /// Settings read from the model that a finding rests on.
    public enum Setting: Sendable, Hashable {
        /// A subnet with no NSG whose NICs (if any) do not all have one (NSG-4).
        case noSecurityGroup(interfaces: Int, withSecurityGroup: Int)
        /// A NIC of a target subnet with a public IP (PUB-1).
        case publicIP(interface: PostureNote.Subject, address: IPAddress?)
        /// A public endpoint that takes traffic: `publicNetworkAccess` and the default action
        /// of the network rules (nil: unset, Azure's Enabled and Allow).
        case publicEndpoint(PublicNetworkAccess?, NetworkDefaultAction?)
        /// Blob containers open to anonymous read, and the account's `allowBlobPublicAccess`
        /// (nil: unset, which older accounts read as allowed) (ST-1).
        case anonymousContainers([String], accountAllows: Bool?)
        /// `allowSharedKeyAccess` (nil: unset, which Azure reads as true) (ST-5).
        case sharedKey(Bool?)
        case adminUser
        case anonymousPull
        /// An Application Gateway with a public listener and its WAF (nil: none).
        case webApplicationFirewall(WebApplicationFirewall?, publicListeners: Int)
        /// A firewall's threat intelligence mode (nil: unset, Azure's Alert).
        case threatIntelligence(FirewallInspectionMode?)
        /// A firewall's SKU tier and IDPS mode (nil: not set in the input), and its TLS
        /// inspection: the policy's certificate authority (nil: none) and the application
        /// rules for the training zone's egress that terminate TLS (FW-13, FW-14).
        case intrusionDetection(tier: String?, mode: FirewallInspectionMode?, certificate: String?, terminatingRules: [String])
        /// A storage account's SAS expiration policy (period in seconds, action) and key
        /// expiration policy (days); nil: no such policy. With `allowSharedKeyAccess`, since
        /// only keys and SAS signed with them are governed.
        case expirationPolicies(sasSeconds: Int?, action: StorageAccountSettings.ExpirationAction?, keyDays: Int?, sharedKey: Bool?)
        /// `minimumTlsVersion` (nil: unset, read by Azure as TLS 1.0), and whether the public
        /// endpoint admits clients at all.
        case minimumTLS(TLSVersion?, publicEndpoint: Bool)
        /// `supportsHttpsTrafficOnly` false, and whether the public endpoint is open to all
        /// networks (plaintext over the Internet).
        case plainHTTP(openToAllNetworks: Bool)
        /// A crown-jewel account's encryption at rest: infrastructure encryption and the key
        /// source (nil: unset, Azure's false and Microsoft.Storage).
        case encryption(infrastructure: Bool?, keySource: StorageAccountSettings.KeySource?)
        case crossTenantReplication
        /// `enableRbacAuthorization` (nil: unset, false for vaults created before API
        /// version 2026-02-01).
        case accessPolicies(rbac: Bool?)
        /// `enablePurgeProtection` (nil: unset, off).
        case purgeProtection(Bool?)
        /// A geo-redundant storage account: its primary and secondary regions (nil: not in the
        /// export).
        case geoReplication(StorageRedundancy, primary: String, secondary: String?)
        /// A registry's home region and its replicas' regions.
        case replicas(primary: String, locations: [String])
        /// The private endpoint connections that name the resource, none of them Approved.
        case privateEndpoints([Connection])
        /// Training subnets that learn on-premises routes through a hub's gateway (PEER-8).
        case gatewayTransit(GatewayTransit)
        /// A private endpoint in a subnet whose NSG does not apply to it (PE-6).
        case privateEndpointPolicies(PrivateEndpointNetworkPolicies, endpoint: PostureNote.Subject, securityGroup: ResourceID)
        /// An LLM inference service open to every network or taking static keys.
        case inferenceEndpoint(InferenceEndpoint)
        /// Approved connections from private endpoints in subscriptions the input does not
        /// hold, sorted by name; and how many subscriptions the input holds.
        case foreignEndpoints([PrivateEndpointConnection], estateSubscriptions: Int)
        /// Images a workload runs by a mutable tag (`latest` or none, no digest).
        case mutableImages([ContainerImage])
    }

    /// What makes an LLM inference service callable by more than it should be (catalog
    /// LAT-PL-003): its public endpoint and how callers authenticate.
    public struct InferenceEndpoint: Sendable, Hashable {
        public let kind: ServiceResource.Kind
        public let publicNetworkAccess: PublicNetworkAccess?
        public let defaultAction: NetworkDefaultAction?
        /// Workspaces: `allowPublicAccessWhenBehindVnet`.
        public let publicWhenBehindVnet: Bool?
        /// The public endpoint takes traffic from every network.
        public let openToAllNetworks: Bool
        /// Online endpoints: `authMode`.
        public let authMode: InferenceSettings.AuthMode?
        /// Cognitive Services accounts: `kind` and `disableLocalAuth`.
        public let accountKind: InferenceSettings.AccountKind?
        public let disableLocalAuth: Bool?

        /// Callers may present a static key: an online endpoint with `authMode` Key, or an
        /// account whose local authentication is not disabled (unset: enabled).
        public var takesKeys: Bool {
            switch kind {
            case .onlineEndpoint: authMode == .key
            case .aiServices: disableLocalAuth != true
            default: false
            }
        }

        public init(_ resource: ServiceResource) {
            kind = resource.kind
            publicNetworkAccess = resource.publicNetworkAccess
            defaultAction = resource.defaultAction
            publicWhenBehindVnet = resource.inference.allowPublicAccessWhenBehindVnet
            openToAllNetworks = resource.openToAllNetworks
            authMode = resource.inference.authMode
            accountKind = resource.inference.accountKind
            disableLocalAuth = resource.inference.disableLocalAuth
        }
    }

    /// A private endpoint's connection to a resource, and its state (PE-2).
    public struct Connection: Sendable, Hashable {
        public let endpoint: PostureNote.Subject
        public let state: PrivateEndpoint.ConnectionState

        public init(endpoint: PostureNote.Subject, state: PrivateEndpoint.ConnectionState) {
            self.endpoint = endpoint
            self.state = state
        }
    }

    public let code: Code
    /// The resource the finding is about; nil for findings about paths.
    public let subject: PostureNote.Subject?
    public let evidence: Evidence
    /// The finding is about the analysis's targets (the training zone): on a target subnet,
    /// into a target, or on a firewall that attack paths or ways out pass. Reports escalate
    /// its severity.
    public let inTargetZone: Bool

    public init(code: Code, subject: PostureNote.Subject?, evidence: Evidence, inTargetZone: Bool) {
        self.code = code
        self.subject = subject
        self.evidence = evidence
        self.inTargetZone = inTargetZone
    }
}

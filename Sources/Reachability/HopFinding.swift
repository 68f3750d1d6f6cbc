import TopologyModel

/// Something a reviewer must know about a hop beyond its rules and steps, as data; the
/// reports word it (AuditReport's `TraceText`).
public enum HopFinding: Sendable, Hashable {
    /// What a step of the way records, worth saying again (a floating IP, a WAF, the way
    /// out, a reply through an appliance).
    case event(TraceEvent)
    /// FW-13: IDPS in Deny mode may drop what the rules allow.
    case intrusionDetectionDenies(firewall: String)
    /// PLS-3: an Approved endpoint is a way into the provider's backends.
    case privateLinkServiceEntry
    /// SE-2, SE-3: admitted by a virtual network rule for the subnet (`byRule`), or by
    /// `defaultAction` Allow.
    case serviceEndpointAdmitted(byRule: Bool)
    /// KV-1, KV-2, ACR-1: a key vault's or registry's public endpoint admits every network.
    case servicePublicEndpoint(ServiceResource.Kind, publicNetworkAccess: PublicNetworkAccess?, defaultAction: NetworkDefaultAction?)
    /// ACR-1.
    case adminUserEnabled
    /// ACR-1.
    case anonymousPullEnabled
    /// KV-2.
    case keyVaultNeedsAuthorization
    /// ST-2, ST-3, PE-4.
    case storagePublicEndpoint(publicNetworkAccess: PublicNetworkAccess?, defaultAction: NetworkDefaultAction?)
    /// ST-3: `defaultAction` Deny, and IP rules admit these public addresses.
    case storageIPRules(AddressSet)
    /// ST-1, by `allowBlobPublicAccess` (nil: unset), with the containers that ask for
    /// anonymous access, by name.
    case blobPublicAccess(Bool?, containers: [AnonymousContainer])
    /// ST-1: `$web`.
    case staticWebsite
    /// Application rules by FQDN: data can leave to anything under those names.
    case egressByFQDN([String])
    /// RT-16, RT-18, PE-8: the request arrives, the reply does not (this step drops it).
    case oneWayOnly(reply: TraceStep)
    /// The lean and full evaluations disagree: a bug.
    case explanationMissing

    /// A blob container that asks for anonymous access.
    public struct AnonymousContainer: Sendable, Hashable {
        public let name: String
        public let access: BlobPublicAccess

        public init(name: String, access: BlobPublicAccess) {
            self.name = name
            self.access = access
        }
    }
}

/// How many resources of each kind a generated estate holds, known before a byte is
/// written, so tests and benchmarks can check an import against the options.
public struct EstateSummary: Sendable, Hashable {
    /// Top-level resources in the JSON array (nested subnets, peerings, rules, IP
    /// configurations and rule collection groups' collections are not counted here;
    /// rule collection groups are separate resources and are).
    public var resources = 0
    public var virtualNetworks = 0
    public var subnets = 0
    public var peerings = 0
    /// Subnet NSGs and NIC NSGs that are written.
    public var securityGroups = 0
    public var securityRules = 0
    /// VM NICs and private-endpoint NICs.
    public var interfaces = 0
    public var publicIPs = 0
    public var routeTables = 0
    public var firewalls = 0
    public var firewallPolicies = 0
    public var ruleCollectionGroups = 0
    public var ipGroups = 0
    public var privateEndpoints = 0
    public var storageAccounts = 0
    public var applicationSecurityGroups = 0
    /// Resources referenced but left out (``EstateShape/partialExport``).
    public var omittedSecurityGroups = 0
    public var omittedRouteTables = 0
    public var omittedApplicationSecurityGroups = 0
    /// Spokes per role tag value.
    public var spokesByRole: [String: Int] = [:]
    /// What a benchmark can edit or ask about; nil when NSGs have no rules.
    public var landmarks: EstateLandmarks?
    /// Bytes written; zero until the estate has been generated.
    public var bytes = 0
}

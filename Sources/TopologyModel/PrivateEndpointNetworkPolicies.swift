/// A subnet's `privateEndpointNetworkPolicies`: whether NSGs and route tables apply to the
/// private endpoints in it (PE-6, PE-7, PE-10).
public enum PrivateEndpointNetworkPolicies: String, Hashable, Sendable, CaseIterable {
    case disabled
    case enabled
    case networkSecurityGroupEnabled = "networksecuritygroupenabled"
    case routeTableEnabled = "routetableenabled"

    /// Reads the ARM value, case-insensitively; nil for a value Azure does not define.
    public init?(azure text: String) { self.init(rawValue: text.lowercased()) }

    /// PE-6: the subnet NSG filters traffic to the endpoint.
    public var appliesSecurityGroups: Bool { self == .enabled || self == .networkSecurityGroupEnabled }
    /// PE-7: user-defined routes may override the endpoint's /32.
    public var appliesRouteTables: Bool { self == .enabled || self == .routeTableEnabled }

    /// The value as Azure spells it, for reports.
    public var azureName: String {
        switch self {
        case .disabled: "Disabled"
        case .enabled: "Enabled"
        case .networkSecurityGroupEnabled: "NetworkSecurityGroupEnabled"
        case .routeTableEnabled: "RouteTableEnabled"
        }
    }
}

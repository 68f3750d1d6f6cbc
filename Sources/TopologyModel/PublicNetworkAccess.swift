/// A PaaS resource's `publicNetworkAccess`: whether its public endpoint takes traffic at
/// all before its network rules are read (ST-2, KV-1, ACR-1).
public enum PublicNetworkAccess: String, Hashable, Sendable, CaseIterable {
    case enabled
    case disabled
    /// A network security perimeter governs the endpoint. Its access rules are not in the
    /// model, so the resource's own network rules are taken to decide, which never hides an
    /// exposure the perimeter might allow (in its transition mode it defers to them).
    case securedByPerimeter = "securedbyperimeter"

    /// Reads the ARM value, case-insensitively; nil for a value Azure does not define.
    public init?(azure text: String) { self.init(rawValue: text.lowercased()) }

    /// Whether the public endpoint may admit Internet traffic, its network rules permitting.
    public var admitsPublicTraffic: Bool { self != .disabled }

    /// The value as Azure spells it, for reports.
    public var azureName: String {
        switch self {
        case .enabled: "Enabled"
        case .disabled: "Disabled"
        case .securedByPerimeter: "SecuredByPerimeter"
        }
    }
}

/// `networkAcls.defaultAction` (storage, key vault) or `networkRuleSet.defaultAction`
/// (registry): what the public endpoint does with a client no IP or VNet rule names.
public enum NetworkDefaultAction: String, Hashable, Sendable, CaseIterable {
    case allow
    case deny

    /// Reads the ARM value, case-insensitively; nil for a value Azure does not define.
    public init?(azure text: String) { self.init(rawValue: text.lowercased()) }

    public var azureName: String { self == .allow ? "Allow" : "Deny" }
}

/// An Azure Firewall's threat-intelligence mode (FW-3) or IDPS mode (FW-13). Neither can be
/// evaluated offline (they act on reputation feeds and signatures), so they are reported
/// beside verdicts, never used to decide one.
public enum FirewallInspectionMode: String, Hashable, Sendable, CaseIterable {
    case off
    case alert
    case deny

    /// Reads the ARM value, case-insensitively; nil for a value Azure does not define.
    public init?(azure text: String) { self.init(rawValue: text.lowercased()) }

    public var azureName: String {
        switch self {
        case .off: "Off"
        case .alert: "Alert"
        case .deny: "Deny"
        }
    }
}

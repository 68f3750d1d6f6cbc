/// An Application Gateway's web application firewall: the gateway's own configuration, or a
/// WAF policy it links. Its rules are not evaluated offline; its mode says whether it can
/// block anything at all.
public struct WebApplicationFirewall: Hashable, Sendable, CustomStringConvertible {
    public enum Mode: String, Hashable, Sendable, CaseIterable {
        /// Logs matches and blocks nothing.
        case detection
        case prevention

        /// Reads the ARM value, case-insensitively; nil for a value Azure does not define.
        public init?(azure text: String) { self.init(rawValue: text.lowercased()) }

        public var azureName: String { self == .detection ? "Detection" : "Prevention" }
    }

    /// The linked WAF policy; nil for the gateway's own `webApplicationFirewallConfiguration`.
    public let policy: ResourceID?
    /// nil when the input does not say (a linked policy that is not in the input).
    public let mode: Mode?
    /// `enabled: false` in the configuration, or `policySettings.state` Disabled.
    public let enabled: Bool

    public init(policy: ResourceID?, mode: Mode?, enabled: Bool = true) {
        self.policy = policy
        self.mode = mode
        self.enabled = enabled
    }

    /// Whether it can block a request: on, and not in Detection mode.
    public var mayBlock: Bool { enabled && mode != .detection }

    public var description: String {
        if let policy { return "WAF policy \(policy.name)" + (mode.map { " (\($0.azureName))" } ?? "") + (enabled ? "" : " (disabled)") }
        return "WAF " + (enabled ? mode?.azureName ?? "enabled" : "disabled")
    }
}

import TopologyModel

/// A rule the estate must obey, as security teams and auditors write them down: no path
/// from A to B, this business flow stays open, this zone exposes only these services,
/// this data stays in these regions.
public struct Policy: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, CaseIterable { case error, warning, note }

    public enum Kind: Sendable, Hashable {
        /// No attack path from `from` to `to`; with `services`, only paths whose last hop
        /// into the target carries one of them count.
        case deny(from: [Selector], to: [Selector], services: ServiceSet?)
        /// Every `from` node reaches some `to` node directly with all of `services`.
        case require(from: [Selector], to: [Selector], services: ServiceSet)
        /// The Internet reaches the zone on `allowed` services at most.
        case maxExposure(zone: [Selector], allowed: ServiceSet)
        /// The selected resources sit in `regions`, and no path leads from them to a node
        /// in another region.
        case residency(resources: [Selector], regions: [String])

        public var name: String {
            switch self {
            case .deny: "deny"
            case .require: "require"
            case .maxExposure: "max-exposure"
            case .residency: "residency"
            }
        }
    }

    public let id: String
    public let kind: Kind
    public let severity: Severity
    public let description: String
    /// Where the policy is written: its file and line.
    public let file: String
    public let line: Int

    public init(id: String, kind: Kind, severity: Severity, description: String, file: String, line: Int) {
        self.id = id
        self.kind = kind
        self.severity = severity
        self.description = description
        self.file = file
        self.line = line
    }
}

/// A resource that helps decide a verdict, with where it is written in the input.
public struct Evidence: Sendable, Hashable {
    public let resource: ResourceID
    /// Readable: `NSG rule allow-ssh (nsg-web, inbound, priority 100)`.
    public let text: String
    public let origin: SourceLocation?
}

/// One way a policy is broken.
public struct PolicyViolation: Sendable, Hashable {
    public let message: String
    /// The witness: the attack path that breaks a deny, exposure or residency policy.
    public let path: AttackPath?
    /// The resources that open the path (the allow rules, firewall rules and peerings of
    /// its hops) or that sit in the wrong place, first the ones closest to the target.
    public let evidence: [Evidence]
}

/// A policy's verdict.
public struct PolicyVerdict: Sendable, Hashable {
    public let policy: Policy
    public let violations: [PolicyViolation]
    /// Selectors that picked nothing: a policy about nothing holds vacuously.
    public let emptySelectors: [Selector]
    /// Observations that do not break the policy (stale region names, vacuous truth).
    public let notes: [String]

    public var holds: Bool { violations.isEmpty }
    public var isVacuous: Bool { !emptySelectors.isEmpty && violations.isEmpty }
}

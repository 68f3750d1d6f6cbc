import TopologyModel

/// What one NSG lets in, where it is attached, from each source a reviewer asks about: the
/// rule-set question a pull request raises before anything is deployed (issue 17).
public struct RuleSetExposure: Sendable {
    /// Where the NSG applies. An NSG attached to nothing is judged as if it guarded one host
    /// behind a Standard public IP, which admits nothing the NSG does not allow.
    public enum Attachment: Sendable, Hashable {
        case unattached
        case subnet(ResourceID)
        case networkInterface(ResourceID)
    }

    public let securityGroup: NetworkSecurityGroup
    public let attachment: Attachment
    /// A name for the attachment, as reports print it (`vnet-a/snet-web`, `nic-app-0`).
    public let attachmentName: String
    public let sources: [SourceExposure]
}

/// A source a reviewer asks about: the Internet, the VirtualNetwork service tag, or a CIDR.
public struct ExposureSource: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case internet
        case virtualNetwork
        case addresses(AddressSet)
    }

    public let kind: Kind
    /// `internet`, `VirtualNetwork`, `cidr:203.0.113.0/24`.
    public let name: String

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    public static let internet = ExposureSource(kind: .internet, name: "internet")
    public static let virtualNetwork = ExposureSource(kind: .virtualNetwork, name: "VirtualNetwork")
}

/// The services one source reaches through one NSG, the allow rules that decide them, the
/// allows that higher-priority denies take services from, and the denies that
/// higher-priority allows take services from.
public struct SourceExposure: Sendable {
    public struct Decision: Sendable {
        public let rule: SecurityRule
        public let services: ServiceSet
    }

    public struct Shadow: Sendable {
        /// The allow rule that would have let these services in.
        public let rule: SecurityRule
        public let services: ServiceSet
        /// The higher-priority deny rules that take them first.
        public let by: [SecurityRule]
    }

    /// A deny rule that names services a higher-priority allow lets in first: the flow it
    /// names is still allowed (catalog LAT-NET-008).
    public struct Preemption: Sendable {
        public let rule: SecurityRule
        public let services: ServiceSet
        /// The higher-priority allow rules that decide them first.
        public let by: [SecurityRule]
    }

    public let source: ExposureSource
    public let allowed: ServiceSet
    /// Allow rules, in priority order, with the services each decides.
    public let decisions: [Decision]
    public let shadows: [Shadow]
    /// In priority order.
    public let preemptions: [Preemption]
}

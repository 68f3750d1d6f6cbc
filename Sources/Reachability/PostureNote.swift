import TopologyModel

/// A finding about the estate's configuration that needs no attack path: read from the
/// model alone, so a reviewer learns of it even where no path exists (issue 17).
///
/// Typed, with a stable ``code``; the words are written by the reports (AuditReport).
public struct PostureNote: Sendable, Hashable {
    /// A resource a note names: what reports print and where the input declares it.
    public struct Subject: Sendable, Hashable {
        public let id: ResourceID
        public let name: String
        public let origin: SourceLocation?

        public init(id: ResourceID, name: String, origin: SourceLocation?) {
            self.id = id
            self.name = name
            self.origin = origin
        }
    }

    /// The type of the resource a note is about.
    public enum ResourceKind: String, Sendable, Hashable {
        case securityGroup, subnet, peering, firewall, virtualNetworkGateway, applicationGateway, natGateway, loadBalancer
    }

    /// What a firewall, gateway or load balancer names that the input lacks.
    public enum Reference: String, Sendable, Hashable {
        case subnet, publicIP
    }

    public enum Kind: Sendable, Hashable {
        /// An NSG attached to no subnet and no NIC: its rules guard nothing (NSG-1).
        case unattachedSecurityGroup
        /// Two subnets of one VNet whose ranges overlap, which Azure refuses. The subject is
        /// the subnet that receives no traffic for `overlap`: hosts are placed by their NIC's
        /// subnet, and every other address of the overlap in `receiver`, the first of the
        /// two by ID (``Topology/subnet(containing:)``). `covered`: all of the subject's
        /// range lies in the overlap, so it receives nothing but its NICs' own traffic.
        case overlappingSubnets(network: Subject, receiver: Subject, overlap: [IPPrefix], covered: Bool)
        /// A Connected peering whose remote VNet is in the input but holds no peering back
        /// (`reverse` nil), or only ones that are not Connected: no traffic crosses (PEER-1).
        case oneSidedPeering(remote: Subject, reverse: Subject?, reverseState: String?)
        /// A firewall, gateway or load balancer that names a subnet or public IP the input
        /// does not hold.
        case missingReference(Reference, ResourceID)
    }

    public let kind: Kind
    public let resourceKind: ResourceKind
    public let subject: Subject

    public init(kind: Kind, resourceKind: ResourceKind, subject: Subject) {
        self.kind = kind
        self.resourceKind = resourceKind
        self.subject = subject
    }

    /// The stable rule code reports and SARIF use: `unattached-nsg`, `overlapping-subnets`,
    /// `one-sided-peering`, `missing-subnet`, `missing-public-ip`.
    public var code: String {
        switch kind {
        case .unattachedSecurityGroup: "unattached-nsg"
        case .overlappingSubnets: "overlapping-subnets"
        case .oneSidedPeering: "one-sided-peering"
        case .missingReference(.subnet, _): "missing-subnet"
        case .missingReference(.publicIP, _): "missing-public-ip"
        }
    }

    /// Every code, in the order notes are listed.
    public static let codes = ["unattached-nsg", "overlapping-subnets", "one-sided-peering", "missing-subnet", "missing-public-ip"]
}

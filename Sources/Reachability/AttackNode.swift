import TopologyModel

/// A node of the attack graph: the Internet, a group of endpoints in one subnet that
/// every policy treats alike (same subnet, NIC NSG, ASGs, public exposure, NIC tags and
/// literal-prefix atom), or a private endpoint (reached, never a pivot: PE-3). A subnet
/// with no NIC is one node standing for a host that could be placed there.
public struct AttackNode: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case internet, hosts, vacantSubnet = "vacant-subnet", privateEndpoint = "private-endpoint", asset, onPremises = "on-premises" }

    /// Stable, readable ID: `internet`, `VNET/SUBNET`, or `VNET/SUBNET:FIRST-NIC` when
    /// policy splits a subnet.
    public let id: String
    public let kind: Kind
    public let label: String
    public let network: ResourceID?
    public let networkName: String?
    public let subnet: ResourceID?
    public let subnetName: String?
    public let region: String?
    public let endpoints: [InterfaceEndpoint]
    /// The host whose flows stand for the whole group.
    public let representative: Placement?

    /// The resource behind an asset node (a storage account...).
    public var asset: ResourceID? = nil

    /// Whether an attacker holding this node can move on from it: hosts can; a private
    /// endpoint leads only to its target resource (PE-3); the Internet only starts paths.
    public var canPivot: Bool { kind == .hosts || kind == .privateEndpoint }

    public static let internetID = "internet"
    public static let onPremisesID = "on-premises"
}

/// One hop of the attack graph: some flow from `from` to `to` is allowed end to end.
public struct Hop: Sendable, Hashable {
    public let from: String
    public let to: String
    /// Protocols and destination ports allowed (for some client source port).
    public let services: ServiceSet
    /// The allow rules that let those services through, in path order.
    public let allowedBy: [RuleContribution]
    /// Routes, peerings, appliances and public IPs the hop uses.
    public let via: [TraceStep]
    public let witness: WitnessFlow
    /// Azure Firewall rules that let the services through (FW-*), in path order.
    public var firewallRules: [FirewallContribution] = []
    /// Things a reviewer must know about this hop (asymmetric return, IDPS...).
    public var findings: [String] = []

    public init(from: String, to: String, services: ServiceSet, allowedBy: [RuleContribution], via: [TraceStep], witness: WitnessFlow,
                firewallRules: [FirewallContribution] = [], findings: [String] = []) {
        self.from = from
        self.to = to
        self.services = services
        self.allowedBy = allowedBy
        self.via = via
        self.witness = witness
        self.firewallRules = firewallRules
        self.findings = findings
    }
}

/// A concrete flow that realises a hop.
public struct WitnessFlow: Sendable, Hashable {
    public let source: IPAddress
    /// The address the client sends to (a public IP for Internet hops).
    public let destination: IPAddress
    /// The address the destination's NSGs see, when translated (NSG-6).
    public let translatedDestination: IPAddress?
    public let proto: IPProtocol
    public let port: UInt16
    public let sourcePort: UInt16?
}

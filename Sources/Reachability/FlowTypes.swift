import TopologyModel

/// One flow to judge, like Network Watcher's IP flow verify.
public struct FlowQuery: Sendable, Hashable {
    public let source: IPAddress
    public let destination: IPAddress
    public let proto: IPProtocol
    public let destinationPort: UInt16
    /// nil: the client picks an ephemeral port (NSG-19); the first of
    /// ``AnalysisOptions/clientSourcePorts`` stands for it.
    public let sourcePort: UInt16?

    public init(source: IPAddress, destination: IPAddress, proto: IPProtocol, destinationPort: UInt16, sourcePort: UInt16? = nil) {
        self.source = source
        self.destination = destination
        self.proto = proto
        self.destinationPort = proto.hasPorts ? destinationPort : 0
        self.sourcePort = sourcePort
    }
}

/// Why a flow ended where it did: a closed vocabulary, as Batfish's flow dispositions.
public enum Disposition: String, Sendable, Hashable, CaseIterable {
    /// Delivered to the destination host.
    case accepted
    /// Reached an Azure platform address (168.63.129.16, 169.254.169.254), which NSGs do
    /// not filter (NSG-8).
    case platform = "delivered-to-platform"
    /// Left through a virtual network gateway to an on-premises network.
    case onPremises = "delivered-to-on-premises"
    /// Left the estate toward an Internet address.
    case exitsToInternet = "exits-to-internet"
    /// An NSG at the source (NIC or subnet) denied it.
    case deniedOutbound = "denied-outbound"
    /// An NSG at the destination denied it, or a Standard public IP without any NSG (NSG-40).
    case deniedInbound = "denied-inbound"
    /// No route: a `None` route, no peering, or an address nothing holds.
    case noRoute = "no-route"
    /// A peering refused traffic forwarded from outside the peer's address space (PEER-7).
    case deniedForwarded = "denied-forwarded"
    /// An Azure Firewall on the route denied it: a Deny collection or no matching rule (FW-2).
    case deniedByFirewall = "denied-by-firewall"
    /// A virtual-appliance next hop dropped it: no NIC or firewall holds the next-hop
    /// address, or the NIC does not forward (RT-7).
    case droppedAtAppliance = "dropped-at-appliance"
    /// Routes send the packet around appliances more than the limit allows (RT-17).
    case loop
    /// The route's next hop is a gateway or load balancer, which this version does not model.
    case unmodelledNextHop = "unmodelled-next-hop"
    /// The request arrives, but the reply leaves by a route that bypasses the public IP or
    /// stateful device that carried it, so no connection is made (RT-16). A one-way payload
    /// (UDP) may still arrive: reported as reachable one way only, never as a hop.
    case droppedAsymmetricReturn = "dropped-asymmetric-return"

    public var isAllowed: Bool { self == .accepted || self == .exitsToInternet || self == .platform || self == .onPremises }
}

/// One step of a trace: which resource decided what, and why.
public struct TraceStep: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case source, destination, securityGroup = "nsg", route, peering, publicIP = "public-ip", firewall, appliance, note, finding
    }
    public enum Decision: String, Sendable, Hashable {
        case allow, deny, forward, drop, info
    }

    public let kind: Kind
    public let resource: ResourceID?
    public let resourceName: String
    public let direction: TrafficDirection?
    public let rule: String?
    public let ruleID: ResourceID?
    public let priority: Int?
    public let decision: Decision
    /// The rules of the semantics reference that decided this step.
    public let rules: [RuleCode]
    /// What happened, as data; AuditReport words it.
    public let event: TraceEvent

    public init(
        kind: Kind, resource: ResourceID?, resourceName: String, direction: TrafficDirection? = nil, rule: String? = nil,
        ruleID: ResourceID? = nil, priority: Int? = nil, decision: Decision, rules: [RuleCode] = [], event: TraceEvent
    ) {
        self.kind = kind
        self.resource = resource
        self.resourceName = resourceName
        self.direction = direction
        self.rule = rule
        self.ruleID = ruleID
        self.priority = priority
        self.decision = decision
        self.rules = rules
        self.event = event
    }
}

/// A flow's verdict with the trace that justifies it.
public struct FlowResult: Sendable, Hashable {
    public let query: FlowQuery
    public let disposition: Disposition
    public let trace: [TraceStep]
    /// The source port used when the query gave none.
    public let sourcePort: UInt16

    public var allowed: Bool { disposition.isAllowed }
    /// The NSG rules that decided, in evaluation order, as `nsg/rule`.
    public var decidingRules: [String] {
        trace.filter { $0.kind == .securityGroup }.compactMap { step in step.rule.map { "\(step.resourceName)/\($0)" } }
    }
}

/// A query that cannot be answered: an address Lateral cannot place.
public struct QueryError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

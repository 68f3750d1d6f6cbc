import Synchronization
import TopologyModel

/// A node of the attack graph: the Internet, a group of endpoints in one subnet that
/// every policy treats alike (same subnet, NIC NSG, ASGs, public exposure, NIC tags and
/// literal-prefix atom), or a private endpoint (reached, never a pivot: PE-3). A subnet
/// with no NIC is one node standing for a host that could be placed there.
public struct AttackNode: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case internet, hosts, vacantSubnet = "vacant-subnet", privateEndpoint = "private-endpoint", asset, onPremises = "on-premises"
    }

    /// Stable, readable and unique ID: `internet`, `VNET/SUBNET`, or `VNET/SUBNET:FIRST-NIC`
    /// when policy splits a subnet; qualified (IP configuration, resource group, resource
    /// ID) where a name alone would repeat (``NodeIdentity``).
    public internal(set) var id: String
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
///
/// The explanation (rules, steps, firewall rules, findings, witness) of a hop found by the
/// lean evaluation is computed the first time it is read: a whole estate has millions of
/// hops, and reports explain only those on the paths they show.
public struct Hop: Sendable, Hashable {
    public let from: String
    public let to: String
    /// Protocols and destination ports allowed (for some client source port).
    public let services: ServiceSet
    private var detail: Explained<Explanation>

    /// The allow rules that let those services through, in path order.
    public var allowedBy: [RuleContribution] { detail.value.allowedBy }
    /// Routes, peerings, appliances and public IPs the hop uses.
    public var via: [TraceStep] { detail.value.via }
    public var witness: WitnessFlow { detail.value.witness }
    /// Azure Firewall rules that let the services through (FW-*), in path order.
    public var firewallRules: [FirewallContribution] {
        get { detail.value.firewallRules }
        set { var d = detail.value; d.firewallRules = newValue; detail = .ready(d) }
    }
    /// Things a reviewer must know about this hop (asymmetric return, IDPS...).
    public var findings: [HopFinding] {
        get { detail.value.findings }
        set { var d = detail.value; d.findings = newValue; detail = .ready(d) }
    }

    public init(
        from: String, to: String, services: ServiceSet, allowedBy: [RuleContribution], via: [TraceStep], witness: WitnessFlow,
        firewallRules: [FirewallContribution] = [], findings: [HopFinding] = []
    ) {
        self.from = from
        self.to = to
        self.services = services
        detail = .ready(Explanation(allowedBy: allowedBy, via: via, witness: witness, firewallRules: firewallRules, findings: findings))
    }

    /// A hop whose explanation `explain` computes on first use; it must describe exactly
    /// these services.
    init(from: String, to: String, services: ServiceSet, explain: @escaping @Sendable () -> Explanation) {
        self.from = from
        self.to = to
        self.services = services
        detail = .deferred(Deferred(explain))
    }

    /// Whether the explanation has been computed (tests, memory accounting).
    var isExplained: Bool {
        if case .deferred(let d) = detail { return d.isComputed }
        return true
    }

    public static func == (a: Hop, b: Hop) -> Bool {
        a.from == b.from && a.to == b.to && a.services == b.services && a.detail.value == b.detail.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(from)
        hasher.combine(to)
        hasher.combine(services)
    }

    /// Everything about a hop but its ends and services.
    struct Explanation: Sendable, Hashable {
        var allowedBy: [RuleContribution]
        var via: [TraceStep]
        var witness: WitnessFlow
        var firewallRules: [FirewallContribution]
        var findings: [HopFinding]
    }

}

/// An explanation given at once, or computed when first read.
enum Explained<Value: Sendable & Hashable>: Sendable {
    case ready(Value)
    case deferred(Deferred<Value>)

    var value: Value {
        switch self {
        case .ready(let e): e
        case .deferred(let d): d.value
        }
    }
}

/// An explanation computed once, on first read, from any thread.
final class Deferred<Value: Sendable>: Sendable {
    private let explain: @Sendable () -> Value
    private let cache = Mutex<Value?>(nil)

    init(_ explain: @escaping @Sendable () -> Value) { self.explain = explain }

    var isComputed: Bool { cache.withLock { $0 != nil } }

    var value: Value {
        if let known = cache.withLock({ $0 }) { return known }
        let computed = explain()
        cache.withLock { $0 = computed }
        return computed
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

/// Requests from one node arrive at another, but the replies take a route that bypasses the
/// way the requests came in, so no connection is made (RT-18). Not a hop of the attack
/// graph; a finding, since a one-way payload may still arrive.
///
/// Like a ``Hop``'s, the explanation of a reach the lean evaluation found is computed when
/// it is first read.
public struct OneWayReach: Sendable, Hashable {
    public let from: String
    public let to: String
    /// What the requests may carry (the NSGs let it in).
    public let services: ServiceSet
    private let detail: Explained<Explanation>

    public var allowedBy: [RuleContribution] { detail.value.allowedBy }
    /// How the requests came in (the public IP...).
    public var via: [TraceStep] { detail.value.via }
    /// The route that takes the replies elsewhere, with its resource.
    public var reply: TraceStep { detail.value.reply }
    public var witness: WitnessFlow { detail.value.witness }

    public init(from: String, to: String, services: ServiceSet, allowedBy: [RuleContribution], via: [TraceStep], reply: TraceStep, witness: WitnessFlow) {
        self.from = from
        self.to = to
        self.services = services
        detail = .ready(Explanation(allowedBy: allowedBy, via: via, reply: reply, witness: witness))
    }

    /// A reach whose explanation `explain` computes on first use.
    init(from: String, to: String, services: ServiceSet, explain: @escaping @Sendable () -> Explanation) {
        self.from = from
        self.to = to
        self.services = services
        detail = .deferred(Deferred(explain))
    }

    public static func == (a: OneWayReach, b: OneWayReach) -> Bool {
        a.from == b.from && a.to == b.to && a.services == b.services && a.detail.value == b.detail.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(from)
        hasher.combine(to)
        hasher.combine(services)
    }

    struct Explanation: Sendable, Hashable {
        var allowedBy: [RuleContribution]
        var via: [TraceStep]
        var reply: TraceStep
        var witness: WitnessFlow
    }

    /// Two ways in between the same nodes as one reach: services and rules united, this
    /// one's way, reply and witness.
    func joined(_ other: OneWayReach) -> OneWayReach {
        OneWayReach(
            from: from, to: to, services: services.union(other.services), allowedBy: allowedBy.joined(other.allowedBy), via: via, reply: reply,
            witness: witness)
    }
}

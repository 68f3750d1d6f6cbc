import TopologyModel

/// One change of an isolation plan, with the hops it removes.
public struct IsolationChange: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// Deny rules on a subnet's NSG; when the subnet has none, `createsSecurityGroup` says
        /// the NSG is to be created and associated first (counted as a change of its own).
        case denyRules(
            subnet: ResourceID, securityGroup: ResourceID, createsSecurityGroup: Bool, location: String, direction: TrafficDirection, rules: [DenyRule])
        /// `publicNetworkAccess: Disabled` on a storage account, key vault or registry: every
        /// hop through its public endpoint goes (service endpoints included; private endpoints stay).
        case disablePublicAccess(asset: ResourceID, kind: AssetKind)
        /// Both sides of a peering removed (PEER-1: one side would do, but a side left
        /// `Disconnected` must be re-created anyway to restore it).
        case removePeering(VirtualNetworkPeering, reverse: VirtualNetworkPeering?)
        /// `defaultOutboundAccess: false` on a subnet: its hosts no longer leave through
        /// default outbound access (PUB-6); NAT gateways, public IPs and firewalls still work.
        case privateSubnet(ResourceID)
    }

    public enum AssetKind: String, Sendable, Hashable {
        case storage, keyVault = "key-vault", registry
        case machineLearningWorkspace = "ml-workspace", onlineEndpoint = "online-endpoint", aiServices = "ai-services"
    }

    public let action: Action
    /// The hops this change removes from the attack graph (or narrows to what a `require`
    /// needs), in graph order.
    public internal(set) var cuts: [CutHop]
    /// The deny policies whose paths the change closes.
    public internal(set) var policies: [String]

    /// The prefixes a rule names for the Internet: the public IPv4 space.
    public static var internetPrefixes: [String] { IsolationGadget.Peer.publicV4 }

    /// The rules an NSG the plan creates starts with, so that it changes nothing but what
    /// the plan's deny rules deny: a subnet without an NSG lets everything out and everything
    /// private in. Its default rules alone would deny private addresses outside the
    /// `VirtualNetwork` tag both ways, and admit public prefixes a user route put in that tag
    /// (NSG-12, NSG-30); an allow from anywhere would open a Standard public IP that no NSG
    /// kept closed (NSG-40). So: private sources and Azure's load balancer probes in, nothing
    /// else in, everything out. Internet clients through a Basic public IP, open without an
    /// NSG, are shut out (fewer paths, never more).
    public static var baselineRules: [(direction: TrafficDirection, access: RuleAccess, rule: DenyRule)] {
        func rule(_ name: String, _ priority: Int, _ sources: [String]) -> DenyRule {
            DenyRule(name: name, priority: priority, protocolName: "*", sourcePrefixes: sources, destinationPrefixes: ["*"], destinationPorts: ["*"])
        }
        return [
            (.inbound, .allow, rule("lateral-isolate-baseline-probes", 4094, ["AzureLoadBalancer"])),
            (.inbound, .allow, rule("lateral-isolate-baseline-private", 4095, IsolationGadget.Peer.privateV4)),
            (.inbound, .deny, rule("lateral-isolate-baseline-rest", 4096, ["*"])),
            (.outbound, .allow, rule("lateral-isolate-baseline-out", 4096, ["*"])),
        ]
    }

    /// How many changes this one counts for: an NSG created and associated counts apart.
    public var count: Int {
        if case .denyRules(_, _, true, _, _, _) = action { return 2 }
        return 1
    }
}

/// An NSG deny rule an isolation plan adds.
public struct DenyRule: Sendable, Hashable {
    public let name: String
    public let priority: Int
    /// `Tcp`, `Udp`, `Icmp`, `Esp`, `Ah` or `*`.
    public let protocolName: String
    public let sourcePrefixes: [String]
    public let destinationPrefixes: [String]
    /// Port ranges (`22`, `8000-8100`) or `*`.
    public let destinationPorts: [String]
}

/// A hop a change removes: from and to attack node IDs and the services denied on it.
public struct CutHop: Sendable, Hashable {
    public let from: String
    public let to: String
    public let services: ServiceSet
}

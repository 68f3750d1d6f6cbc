/// A network security group: custom rules plus the six default rules (NSG-12, NSG-13).
public struct NetworkSecurityGroup: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let location: String
    public let origin: SourceLocation?
    /// Each direction's rules, split once: the solver asks for them on every hop. Only
    /// these are stored: a whole estate has hundreds of thousands of rules.
    let inbound: [SecurityRule]
    let outbound: [SecurityRule]

    /// Rules already in evaluation order, kept as given: security admin rules, whose order
    /// runs across rule collections and managers (AVNM-7), not by priority alone.
    public init(id: ResourceID, name: String, location: String, orderedInbound: [SecurityRule], orderedOutbound: [SecurityRule], origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.location = location
        self.origin = origin
        inbound = orderedInbound
        outbound = orderedOutbound
    }

    /// Custom and default rules together, inbound then outbound, each sorted by priority.
    public var rules: [SecurityRule] { inbound + outbound }

    public init(id: ResourceID, name: String, location: String, rules: [SecurityRule], origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.location = location
        self.origin = origin
        inbound = Self.ordered(rules, .inbound)
        outbound = Self.ordered(rules, .outbound)
    }

    /// One direction's rules by (priority, name), stable: positions are sorted, not the
    /// rules, which are large values (an estate sorts hundreds of thousands).
    private static func ordered(_ rules: [SecurityRule], _ direction: TrafficDirection) -> [SecurityRule] {
        let positions = rules.indices.filter { rules[$0].direction == direction }
        let sorted = positions.sorted { a, b in
            rules[a].priority != rules[b].priority ? rules[a].priority < rules[b].priority : rules[a].name < rules[b].name
        }
        return sorted.map { rules[$0] }
    }

    /// The rules for one direction in evaluation order: ascending priority (NSG-11).
    public func rules(_ direction: TrafficDirection) -> [SecurityRule] { direction == .inbound ? inbound : outbound }

    /// The same NSG with every rule's source ports `*`: how it filters traffic to a private
    /// endpoint, where source-port filtering is treated as `*` (PE-6).
    public var anySourcePort: NetworkSecurityGroup {
        NetworkSecurityGroup(
            id: id, name: name, location: location,
            rules: rules.map { r in
                SecurityRule(
                    id: r.id, name: r.name, priority: r.priority, direction: r.direction, access: r.access, protocols: r.protocols,
                    protocolText: r.protocolText, source: r.source, sourcePorts: .full, destination: r.destination,
                    destinationPorts: r.destinationPorts, isDefault: r.isDefault, description: r.description, origin: r.origin)
            }, origin: origin)
    }
}

public enum TrafficDirection: String, Hashable, Sendable {
    case inbound, outbound
}

public enum RuleAccess: String, Hashable, Sendable {
    case allow, deny
    /// A security admin rule's `AlwaysAllow`: delivered, and the NSGs of its side are not
    /// consulted (AVNM-4). NSG rules never carry it.
    case alwaysAllow

    /// Whether a match lets the traffic on (an `Allow` admin rule hands it to the NSGs).
    public var permits: Bool { self != .deny }
}

/// One NSG security rule, normalised: each side is the union of its singular field, its
/// plural list and its ASGs (NSG-10).
public struct SecurityRule: Hashable, Sendable {
    public let id: ResourceID?
    public let name: String
    public let priority: Int
    public let direction: TrafficDirection
    public let access: RuleAccess
    public let protocols: ProtocolSet
    /// The protocol as written (`Tcp`, `*`...), for reports.
    public let protocolText: String
    public let source: AddressMatch
    public let sourcePorts: PortSet
    public let destination: AddressMatch
    public let destinationPorts: PortSet
    public let isDefault: Bool
    public let description: String?
    public let origin: SourceLocation?

    public init(
        id: ResourceID?, name: String, priority: Int, direction: TrafficDirection, access: RuleAccess,
        protocols: ProtocolSet, protocolText: String, source: AddressMatch, sourcePorts: PortSet,
        destination: AddressMatch, destinationPorts: PortSet, isDefault: Bool, description: String? = nil,
        origin: SourceLocation?
    ) {
        self.id = id
        self.name = name
        self.priority = priority
        self.direction = direction
        self.access = access
        self.protocols = protocols
        self.protocolText = protocolText
        self.source = source
        self.sourcePorts = sourcePorts
        self.destination = destination
        self.destinationPorts = destinationPorts
        self.isDefault = isDefault
        self.description = description
        self.origin = origin
    }
}

/// One side (source or destination) of a security rule.
public struct AddressMatch: Hashable, Sendable {
    /// `*`, `Any` or `0.0.0.0/0` (with `::/0`): every address.
    public let any: Bool
    /// Literal IPs and CIDR blocks.
    public let prefixes: AddressSet
    /// Service tags such as `VirtualNetwork`, `Internet`, `Storage.WestEurope`.
    public let tags: [ServiceTag]
    /// Application security groups (NSG-24..26).
    public let applicationSecurityGroups: [ResourceID]
    /// The values as written, for reports.
    public let texts: [String]

    public init(
        any: Bool = false, prefixes: AddressSet = .empty, tags: [ServiceTag] = [],
        applicationSecurityGroups: [ResourceID] = [], texts: [String]
    ) {
        self.any = any
        self.prefixes = prefixes
        self.tags = tags
        self.applicationSecurityGroups = applicationSecurityGroups.sorted()
        self.texts = texts
    }

    public static let anyAddress = AddressMatch(any: true, texts: ["*"])
}

/// A service tag named in a rule.
public enum ServiceTag: Hashable, Sendable {
    case virtualNetwork
    case internet
    case azureLoadBalancer
    /// Any other tag (`Storage`, `AzureCloud.WestEurope`...), as written.
    case other(String)

    public init(_ text: String) {
        switch text.lowercased() {
        case "virtualnetwork": self = .virtualNetwork
        case "internet": self = .internet
        case "azureloadbalancer": self = .azureLoadBalancer
        default: self = .other(text)
        }
    }

    public var name: String {
        switch self {
        case .virtualNetwork: return "VirtualNetwork"
        case .internet: return "Internet"
        case .azureLoadBalancer: return "AzureLoadBalancer"
        case .other(let s): return s
        }
    }
}

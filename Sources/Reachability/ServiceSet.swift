import TopologyModel

/// Services (protocol and destination ports) allowed from one endpoint to another.
///
/// Ports are kept per protocol as interval sets; protocols without ports (ICMP, ESP, AH,
/// others) hold the full set when allowed.
public struct ServiceSet: Sendable, Hashable {
    public private(set) var ports: [IPProtocol: PortSet] = [:]

    public init() {}

    public var isEmpty: Bool { ports.values.allSatisfy(\.isEmpty) }

    public mutating func insert(_ proto: IPProtocol, _ set: PortSet) {
        guard !set.isEmpty else { return }
        ports[proto] = (ports[proto] ?? PortSet()).union(set)
    }

    public func union(_ other: ServiceSet) -> ServiceSet {
        var result = self
        for (proto, set) in other.ports { result.insert(proto, set) }
        return result
    }

    public func intersection(_ other: ServiceSet) -> ServiceSet {
        var result = ServiceSet()
        for (proto, set) in ports { if let o = other.ports[proto] { result.insert(proto, set.intersection(o)) } }
        return result
    }

    /// Sorted, non-empty entries.
    public var entries: [(proto: IPProtocol, ports: PortSet)] {
        IPProtocol.allCases.compactMap { p in ports[p].flatMap { $0.isEmpty ? nil : (p, $0) } }
    }

    /// `tcp/22,3389 udp/*`-style text.
    public var summary: String {
        entries.map { $0.proto.hasPorts ? "\($0.proto.rawValue)/\($0.ports.portDescription)" : $0.proto.rawValue }.joined(separator: " ")
    }

    /// A representative service: TCP before UDP before the rest, lowest port first.
    public var witness: (proto: IPProtocol, port: UInt16)? {
        entries.first.map { ($0.proto, $0.proto.hasPorts ? $0.ports.first! : 0) }
    }
}

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

    /// One protocol on one port (any port for a protocol without ports): one packet's service.
    public init(_ proto: IPProtocol, _ port: UInt16) {
        insert(proto, proto.hasPorts ? PortSet(port...port) : .full)
    }

    /// The services a single packet can use without a reply: everything but TCP, whose
    /// handshake needs the way back (what a one-way reach still delivers, RT-16, RT-18).
    public var connectionless: ServiceSet {
        var result = self
        result.ports[.tcp] = nil
        return result
    }

    /// Sorted, non-empty entries.
    public var entries: [(proto: IPProtocol, ports: PortSet)] {
        IPProtocol.allCases.compactMap { p in ports[p].flatMap { $0.isEmpty ? nil : (p, $0) } }
    }

    /// Every protocol on every port.
    public var isEverything: Bool {
        IPProtocol.allCases.allSatisfy { ports[$0]?.isFull == true }
    }

    /// `tcp/22,3389 udp/*`-style text; `any` for every protocol and port.
    public var summary: String {
        if isEverything { return "any" }
        return entries.map { $0.proto.hasPorts ? "\($0.proto.rawValue)/\($0.ports.portDescription)" : $0.proto.rawValue }.joined(separator: " ")
    }

    /// A representative service: TCP before UDP before the rest; within a protocol, a
    /// well-known port an attacker would try first (22, 3389, 443, 80, 5985, 5986, 1433,
    /// 445), else the lowest port above 0.
    public var witness: (proto: IPProtocol, port: UInt16)? {
        guard let entry = entries.first else { return nil }
        guard entry.proto.hasPorts else { return (entry.proto, 0) }
        for port: UInt16 in [22, 3389, 443, 80, 5985, 5986, 1433, 445] where entry.ports.contains(port) { return (entry.proto, port) }
        let positive = entry.ports.subtracting(PortSet(0...0))
        return (entry.proto, positive.first ?? 0)
    }
}

import TopologyModel

/// A service set in a fixed layout (TCP and UDP ports, one bit per portless protocol).
///
/// The hop screen tests millions of endpoint pairs; ``ServiceSet`` keeps a dictionary per
/// value, which costs hashing and allocation on every operation. This layout answers "do
/// these two sets share a service?" by walking sorted intervals, allocating nothing.
struct LeanServices: Sendable, Hashable {
    var tcp: PortSet
    var udp: PortSet
    /// Bit `i` set: the portless protocol `IPProtocol.allCases[i]` (ICMP, ESP, AH, other).
    var portless: UInt8

    static let none = LeanServices(tcp: PortSet(), udp: PortSet(), portless: 0)
    static let everything = LeanServices(tcp: .full, udp: .full, portless: 0b111100)

    var isEmpty: Bool { tcp.isEmpty && udp.isEmpty && portless == 0 }

    mutating func insert(_ proto: IPProtocol, _ ports: PortSet) {
        switch proto {
        case .tcp: tcp = tcp.union(ports)
        case .udp: udp = udp.union(ports)
        default: if !ports.isEmpty { portless |= Self.bit(proto) }
        }
    }

    func union(_ other: LeanServices) -> LeanServices {
        LeanServices(tcp: tcp.union(other.tcp), udp: udp.union(other.udp), portless: portless | other.portless)
    }

    /// Whether some protocol and port is in both sets.
    func meets(_ other: LeanServices) -> Bool {
        portless & other.portless != 0 || Self.overlap(tcp.intervals, other.tcp.intervals) || Self.overlap(udp.intervals, other.udp.intervals)
    }

    static func bit(_ proto: IPProtocol) -> UInt8 {
        switch proto {
        case .tcp, .udp: 0
        case .icmp: 1 << 2
        case .esp: 1 << 3
        case .ah: 1 << 4
        case .other: 1 << 5
        }
    }

    /// Two sorted, disjoint interval lists share a value: a merge walk, no allocation.
    static func overlap(_ a: [ClosedRange<UInt16>], _ b: [ClosedRange<UInt16>]) -> Bool {
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if a[i].upperBound < b[j].lowerBound { i += 1 } else if b[j].upperBound < a[i].lowerBound { j += 1 } else { return true }
        }
        return false
    }
}

extension LeanServices {
    /// The same services as a ``ServiceSet``.
    var serviceSet: ServiceSet {
        var set = ServiceSet()
        set.insert(.tcp, tcp)
        set.insert(.udp, udp)
        for proto in [IPProtocol.icmp, .esp, .ah, .other] where portless & Self.bit(proto) != 0 { set.insert(proto, .full) }
        return set
    }
}

/// The IP protocols an NSG can name (NSG-14), plus `other` for every remaining protocol
/// number, so that `*` can be analysed as "every IP protocol" (NSG-15).
public enum IPProtocol: String, CaseIterable, Hashable, Sendable, Comparable {
    case tcp, udp, icmp, esp, ah, other

    /// Whether packets of this protocol carry ports (only TCP and UDP do, NSG-16).
    public var hasPorts: Bool { self == .tcp || self == .udp }

    public static func < (lhs: IPProtocol, rhs: IPProtocol) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A set of IP protocols.
public struct ProtocolSet: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(_ proto: IPProtocol) {
        self.init(rawValue: 1 << UInt8(IPProtocol.allCases.firstIndex(of: proto)!))
    }

    public static let tcp = ProtocolSet(.tcp)
    public static let udp = ProtocolSet(.udp)
    public static let icmp = ProtocolSet(.icmp)
    public static let esp = ProtocolSet(.esp)
    public static let ah = ProtocolSet(.ah)
    public static let other = ProtocolSet(.other)
    public static let all: ProtocolSet = [.tcp, .udp, .icmp, .esp, .ah, .other]

    public func contains(_ proto: IPProtocol) -> Bool { contains(ProtocolSet(proto)) }
    public var members: [IPProtocol] { IPProtocol.allCases.filter { contains($0) } }
}

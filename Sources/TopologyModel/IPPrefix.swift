/// A CIDR block such as `10.0.0.0/16` or `2001:db8::/32`.
public struct IPPrefix: Hashable, Sendable, Comparable {
    /// The network address with host bits cleared.
    public let address: IPAddress
    public let length: Int

    public init(address: IPAddress, length: Int) {
        switch address {
        case .v4(let v):
            let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << UInt32(32 - length)
            self.address = .v4(v & mask)
        case .v6(let v):
            let mask: UInt128 = length == 0 ? 0 : ~UInt128(0) << UInt128(128 - length)
            self.address = .v6(v & mask)
        }
        self.length = length
    }

    /// Parses `a.b.c.d/n`, `a.b.c.d` (a /32), or the IPv6 equivalents.
    ///
    /// Host bits set below the mask (`10.0.0.5/24`) are accepted and cleared, as Azure does.
    public init?(_ text: some StringProtocol) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let address = IPAddress(parts[0]) else { return nil }
        let maxLength = address.isV4 ? 32 : 128
        var length = maxLength
        if parts.count == 2 {
            guard let n = Int(parts[1]), n >= 0, n <= maxLength, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            length = n
        }
        self.init(address: address, length: length)
    }

    /// The addresses of this block.
    public var addressSet: AddressSet {
        switch address {
        case .v4(let v):
            let size: UInt32 = length == 0 ? UInt32.max : (UInt32(1) << UInt32(32 - length)) - 1
            return AddressSet(v4: IntervalSet(v...(v | size)))
        case .v6(let v):
            let size: UInt128 = length == 0 ? UInt128.max : (UInt128(1) << UInt128(128 - length)) - 1
            return AddressSet(v6: IntervalSet(v...(v | size)))
        }
    }

    public func contains(_ ip: IPAddress) -> Bool { addressSet.contains(ip) }

    /// Whether `other` lies entirely inside this block.
    public func contains(_ other: IPPrefix) -> Bool { other.length >= length && contains(other.address) }

    public static func < (lhs: IPPrefix, rhs: IPPrefix) -> Bool {
        lhs.address != rhs.address ? lhs.address < rhs.address : lhs.length < rhs.length
    }
}

extension IPPrefix: CustomStringConvertible {
    public var description: String { "\(address)/\(length)" }
}

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
        guard let prefix = Self.plainV4(text) ?? Self.general(text) else { return nil }
        self = prefix
    }

    /// The same for a `String`, the usual case: a concrete entry point, so callers in other
    /// modules run code specialised for it rather than the generic one.
    public init?(_ text: String) {
        // Most prefixes in an export are plain `a.b.c.d/n`: read those byte by byte; anything
        // else (spaces, IPv6, odd forms) takes the general path.
        guard let prefix = Self.plainV4(text) ?? Self.general(text) else { return nil }
        self = prefix
    }

    static func general(_ text: some StringProtocol) -> IPPrefix? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let address = IPAddress(parts[0]) else { return nil }
        let maxLength = address.isV4 ? 32 : 128
        var length = maxLength
        if parts.count == 2 {
            guard let n = Int(parts[1]), n >= 0, n <= maxLength, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            length = n
        }
        return IPPrefix(address: address, length: length)
    }

    /// `a.b.c.d` or `a.b.c.d/n` with up to three digits per number, or nil to leave the text
    /// to the general parser (which accepts and rejects the same plain forms alike).
    static func plainV4(_ text: some StringProtocol) -> IPPrefix? {
        var value: UInt32 = 0, octet: UInt32 = 0, digits = 0, octets = 0
        var length = 0, lengthDigits = 0, inLength = false
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39:
                if inLength {
                    length = length * 10 + Int(byte - 0x30)
                    lengthDigits += 1
                    if lengthDigits > 3 { return nil }
                } else {
                    octet = octet * 10 + UInt32(byte - 0x30)
                    digits += 1
                    if digits > 3 { return nil }
                }
            case 0x2E, 0x2F:
                guard !inLength, digits > 0, octet <= 255 else { return nil }
                value = value << 8 | octet
                octets += 1
                octet = 0
                digits = 0
                if byte == 0x2F {
                    guard octets == 4 else { return nil }
                    inLength = true
                } else if octets > 3 {
                    return nil
                }
            default:
                return nil
            }
        }
        if inLength {
            guard lengthDigits > 0, length <= 32 else { return nil }
            return IPPrefix(address: .v4(value), length: length)
        }
        guard digits > 0, octet <= 255, octets == 3 else { return nil }
        return IPPrefix(address: .v4(value << 8 | octet), length: 32)
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

    /// Mask arithmetic, no set: route lookups ask this for every pair of nodes.
    public func contains(_ ip: IPAddress) -> Bool {
        switch (address, ip) {
        case (.v4(let network), .v4(let value)):
            let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << UInt32(32 - length)
            return value & mask == network
        case (.v6(let network), .v6(let value)):
            let mask: UInt128 = length == 0 ? 0 : ~UInt128(0) << UInt128(128 - length)
            return value & mask == network
        default:
            return false
        }
    }

    /// Whether `other` lies entirely inside this block.
    public func contains(_ other: IPPrefix) -> Bool { other.length >= length && contains(other.address) }

    public static func < (lhs: IPPrefix, rhs: IPPrefix) -> Bool {
        lhs.address != rhs.address ? lhs.address < rhs.address : lhs.length < rhs.length
    }
}

extension IPPrefix: CustomStringConvertible {
    public var description: String { "\(address)/\(length)" }
}

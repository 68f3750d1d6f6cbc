/// An IPv4 or IPv6 address.
///
/// The two families are kept apart everywhere: an IPv4 rule never matches an IPv6 packet.
public enum IPAddress: Hashable, Sendable, Comparable {
    case v4(UInt32)
    case v6(UInt128)

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (with `::` compression).
    public init?(_ text: some StringProtocol) {
        self.init(String(text))
    }

    /// The same for a `String`, the usual case: a concrete entry point, so callers in other
    /// modules run code specialised for it rather than the generic one.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.contains(":") {
            guard let value = Self.parseV6(trimmed) else { return nil }
            self = .v6(value)
        } else {
            guard let value = Self.parseV4(trimmed) else { return nil }
            self = .v4(value)
        }
    }

    public var isV4: Bool { if case .v4 = self { return true } else { return false } }

    static func parseV4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                let octet = UInt32(part), octet <= 255
            else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    static func parseV6(_ text: String) -> UInt128? {
        var text = text
        // An embedded IPv4 tail (::ffff:1.2.3.4) is rewritten as two hex groups.
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let v4 = parseV4(String(text[text.index(after: lastColon)...])) else { return nil }
            text = String(text[...lastColon]) + String(v4 >> 16, radix: 16) + ":" + String(v4 & 0xffff, radix: 16)
        }
        let halves = text.splitOnDoubleColon()
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            for g in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard !g.isEmpty, g.count <= 4, g.allSatisfy({ $0.isHexDigit }), let v = UInt16(g, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var all: [UInt16]
        if halves.count == 2 {
            guard let rest = groups(halves[1]) else { return nil }
            let fill = 8 - head.count - rest.count
            guard fill >= 1 else { return nil }
            all = head + Array(repeating: 0, count: fill) + rest
        } else {
            all = head
        }
        guard all.count == 8 else { return nil }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case let (.v4(a), .v4(b)): return a < b
        case let (.v6(a), .v6(b)): return a < b
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        }
    }
}

extension IPAddress: CustomStringConvertible {
    public var description: String {
        switch self {
        case .v4(let v): return Self.formatV4(v)
        case .v6(let v): return Self.formatV6(v)
        }
    }

    static func formatV4(_ v: UInt32) -> String {
        "\(v >> 24).\(v >> 16 & 0xff).\(v >> 8 & 0xff).\(v & 0xff)"
    }

    static func formatV6(_ v: UInt128) -> String {
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: v >> (UInt128(7 - $0) * 16)) }
        // Compress the longest run of zero groups (length >= 2), as RFC 5952 asks.
        var bestStart = -1, bestLength = 0, runStart = -1
        for i in 0...8 {
            if i < 8 && groups[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart > bestLength { bestStart = runStart; bestLength = i - runStart }
                runStart = -1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        if bestLength < 2 { return hex.joined(separator: ":") }
        let head = hex[0..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: WhitespaceSet) -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// Whitespace only; keeps the model free of Foundation.
enum WhitespaceSet { case whitespaces }

extension String {
    /// Splits at each `::` without Foundation.
    func splitOnDoubleColon() -> [String] {
        var parts: [String] = []
        var current = ""
        var previousColon = false
        for c in self {
            if c == ":" && previousColon {
                current.removeLast()
                parts.append(current)
                current = ""
                previousColon = false
                continue
            }
            current.append(c)
            previousColon = (c == ":")
        }
        parts.append(current)
        return parts
    }
}

import TopologyModel

/// `parseCidr`, `cidrSubnet` and `cidrHost`: addresses computed from a prefix, exactly, for
/// IPv4 and IPv6.
extension Evaluator {
    mutating func cidr(_ key: String, _ name: String, _ values: [JSONValue]) throws(TemplateError) -> JSONValue? {
        switch key {
        case "parsecidr":
            try count(values.count, 1...1, name)
            let (network, length, bits) = try Self.block(try string(values, 0, name), name)
            let size = Self.hostCount(length, bits)
            let last = network + size - 1
            let mask = Self.mask(length, bits)
            var members: [(String, JSONValue)] = [("network", .string(Self.text(network, bits))), ("netmask", .string(Self.text(mask, bits)))]
            if bits == 32 {
                members.append(("broadcast", .string(Self.text(last, bits))))
                let usable = length < 31
                members.append(("firstUsable", .string(Self.text(usable ? network + 1 : network, bits))))
                members.append(("lastUsable", .string(Self.text(usable ? last - 1 : last, bits))))
            } else {
                members.append(("firstUsable", .string(Self.text(network, bits))))
                members.append(("lastUsable", .string(Self.text(last, bits))))
            }
            members.append(("cidr", Self.number(length)))
            return Self.object(members)
        case "cidrsubnet":
            try count(values.count, 3...3, name)
            let (network, length, bits) = try Self.block(try string(values, 0, name), name)
            let newLength = try integer(values, 1, name), index = try integer(values, 2, name)
            guard newLength >= length, newLength <= bits else {
                throw TemplateError("cidrSubnet(): the new prefix length \(newLength) must lie between \(length) and \(bits)")
            }
            let subnets = newLength - length >= 63 ? UInt128(Int.max) : UInt128(1) << UInt128(newLength - length)
            guard index >= 0, UInt128(index) < subnets else {
                throw TemplateError("cidrSubnet(): index \(index) is out of range: the network holds \(subnets) subnets of /\(newLength)")
            }
            let start = network + UInt128(index) * Self.hostCount(newLength, bits)
            return .string(Self.text(start, bits) + "/\(newLength)")
        case "cidrhost":
            try count(values.count, 2...2, name)
            let (network, length, bits) = try Self.block(try string(values, 0, name), name)
            let index = try integer(values, 1, name)
            let size = Self.hostCount(length, bits)
            // IPv4 leaves out the network and broadcast addresses (unless there are none to spare).
            let reserved: UInt128 = bits == 32 && length < 31 ? 2 : bits == 32 ? 0 : 1
            let first: UInt128 = bits == 32 && length < 31 ? 1 : bits == 32 ? 0 : 1
            guard index >= 0, UInt128(index) < size - min(size, reserved) else {
                throw TemplateError("cidrHost(): host index \(index) is out of range for the network")
            }
            return .string(Self.text(network + first + UInt128(index), bits))
        default:
            return nil
        }
    }

    /// A prefix as its network address (host bits cleared), length and address width.
    static func block(_ text: String, _ name: String) throws(TemplateError) -> (UInt128, Int, Int) {
        guard text.contains("/"), let prefix = IPPrefix(text) else { throw TemplateError("\(name)(): '\(text)' is not an address prefix in CIDR notation") }
        switch prefix.address {
        case .v4(let v): return (UInt128(v), prefix.length, 32)
        case .v6(let v): return (v, prefix.length, 128)
        }
    }

    static func hostCount(_ length: Int, _ bits: Int) -> UInt128 {
        bits - length >= 128 ? UInt128.max : UInt128(1) << UInt128(bits - length)
    }

    static func mask(_ length: Int, _ bits: Int) -> UInt128 {
        let all: UInt128 = bits == 32 ? UInt128(UInt32.max) : UInt128.max
        return length == 0 ? 0 : all & ~(hostCount(length, bits) &- 1)
    }

    static func text(_ value: UInt128, _ bits: Int) -> String {
        bits == 32 ? IPAddress.v4(UInt32(truncatingIfNeeded: value)).description : IPAddress.v6(value).description
    }
}

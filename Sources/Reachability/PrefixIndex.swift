import TopologyModel

/// Longest-prefix match over a list of prefixes: per prefix length, a table from the masked
/// address to the first position in the list holding that prefix. A lookup costs one hash
/// lookup per distinct length, not a scan of the list.
struct PrefixIndex: Sendable {
    private var lengths4: [(length: Int, positions: [UInt32: Int])] = []
    private var lengths6: [(length: Int, positions: [UInt128: Int])] = []

    init(_ prefixes: [IPPrefix]) {
        var four: [Int: [UInt32: Int]] = [:], six: [Int: [UInt128: Int]] = [:]
        for (position, prefix) in prefixes.enumerated() {
            switch prefix.address {
            case .v4(let value):
                let key = Self.mask(value, prefix.length)
                if four[prefix.length, default: [:]][key] == nil { four[prefix.length, default: [:]][key] = position }
            case .v6(let value):
                let key = Self.mask(value, prefix.length)
                if six[prefix.length, default: [:]][key] == nil { six[prefix.length, default: [:]][key] = position }
            }
        }
        lengths4 = four.sorted { $0.key > $1.key }.map { ($0.key, $0.value) }
        lengths6 = six.sorted { $0.key > $1.key }.map { ($0.key, $0.value) }
    }

    /// The position of the longest prefix holding `address`.
    func lookup(_ address: IPAddress) -> Int? {
        switch address {
        case .v4(let value):
            for entry in lengths4 { if let position = entry.positions[Self.mask(value, entry.length)] { return position } }
        case .v6(let value):
            for entry in lengths6 { if let position = entry.positions[Self.mask(value, entry.length)] { return position } }
        }
        return nil
    }

    private static func mask(_ value: UInt32, _ length: Int) -> UInt32 { length == 0 ? 0 : value & ~(UInt32.max >> length) }
    private static func mask(_ value: UInt128, _ length: Int) -> UInt128 { length == 0 ? 0 : value & ~(UInt128.max >> length) }
}

/// An open-addressing table from a two-word key to a result number: the per-source memo of
/// the lean evaluation. The row walk reads it for nearly every target of every source, and a
/// `Dictionary` read (hashing with a seeded SipHash, generic lookup) cost more than the rest
/// of the step; here a read is a multiply, a shift and one or two probes.
struct PairMemo {
    private var first: [UInt64]
    private var second: [UInt64]
    /// `Int32.min` marks an empty slot.
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 256) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        first = Array(repeating: 0, count: size)
        second = Array(repeating: 0, count: size)
        values = Array(repeating: .min, count: size)
        mask = size - 1
    }

    /// Forgets every entry, keeping the storage.
    mutating func removeAll() {
        guard count > 0 else { return }
        for i in values.indices { values[i] = .min }
        count = 0
    }

    func value(_ a: UInt64, _ b: UInt64) -> Int32? {
        var slot = Self.slot(a, b) & mask
        while true {
            let v = values[slot]
            if v == .min { return nil }
            if first[slot] == a && second[slot] == b { return v }
            slot = (slot + 1) & mask
        }
    }

    /// - Precondition: `value` is not `Int32.min`, and the key is not in the table.
    mutating func insert(_ a: UInt64, _ b: UInt64, _ value: Int32) {
        if (count + 1) * 2 > values.count { grow() }
        var slot = Self.slot(a, b) & mask
        while values[slot] != .min { slot = (slot + 1) & mask }
        first[slot] = a
        second[slot] = b
        values[slot] = value
        count += 1
    }

    private mutating func grow() {
        let old = (first, second, values)
        self = PairMemo(capacity: values.count)
        for i in old.2.indices where old.2[i] != .min { insert(old.0[i], old.1[i], old.2[i]) }
    }

    /// Fibonacci hashing of both words: the keys are small packed integers, so the high
    /// bits of the product spread them.
    private static func slot(_ a: UInt64, _ b: UInt64) -> Int {
        let mixed = (a ^ (b &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 32)
    }
}

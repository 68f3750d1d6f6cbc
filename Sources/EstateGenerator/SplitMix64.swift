/// A small, seedable pseudo-random generator (SplitMix64).
///
/// The generator must give the same bytes for the same seed on every platform and Swift
/// version, so it cannot use the system generator or anything seeded by it. SplitMix64 is
/// a few lines, passes the usual statistical batteries and is plenty for picking rule kinds.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`, from the high bits (multiply-shift, no modulo bias worth
    /// mentioning at these bounds, and no platform-specific rejection loop).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int((UInt128(next()) &* UInt128(bound)) >> 64)
    }

    /// True with the given percentage chance.
    mutating func percent(_ chance: Int) -> Bool { below(100) < chance }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

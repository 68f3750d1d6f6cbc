/// A small seeded generator for the oracle's random estates (SplitMix64: Steele, Lea and
/// Flood, "Fast splittable pseudorandom number generators", 2014).
///
/// Written for the oracle so that a seed printed in a failure message rebuilds the same
/// estate and packets, independently of the engine's own generator.
struct OracleRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n` (n > 0); the modulo bias is irrelevant at these sizes.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// A number in `range`.
    mutating func inRange(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An element drawn by weight.
    mutating func weighted<T>(_ items: [(T, Int)]) -> T {
        var roll = below(items.reduce(0) { $0 + $1.1 })
        for (item, weight) in items {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1].0
    }
}

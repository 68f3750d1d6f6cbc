/// Hands out IPv4 prefixes that no earlier call returned (until a length's slots run out),
/// so the rules of a dense estate do not share their sources: each distinct prefix cuts
/// the address space further, which is what a shared one would hide.
///
/// Slots of each length are visited with a stride coprime to their count, which spreads
/// neighbouring calls over the whole range without remembering what was handed out.
struct DistinctPrefixes {
    let base: UInt32
    /// /24s the prefixes lie in, from `base` up.
    let span: Int
    /// Prefix lengths (24 to 32), used in turn.
    let lengths: [Int]
    private var used: [Int]
    private var turn = 0
    /// A prime larger than any slot count, so coprime with all of them.
    static let stride = 1_000_003

    init(base: UInt32, span: Int, lengths: [Int]) {
        precondition(lengths.allSatisfy { (24...32).contains($0) } && span > 0)
        self.base = base
        self.span = span
        self.lengths = lengths
        used = Array(repeating: 0, count: lengths.count)
    }

    mutating func next() -> (base: UInt32, length: Int) {
        let which = turn % lengths.count
        turn += 1
        let length = lengths[which]
        let slots = span << (length - 24)
        let slot = used[which] % slots * Self.stride % slots
        used[which] += 1
        return (base + UInt32(slot << (32 - length)), length)
    }
}

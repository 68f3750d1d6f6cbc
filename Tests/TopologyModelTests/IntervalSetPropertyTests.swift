import Testing
import TopologyModel

/// A 64-bit linear congruential generator (Knuth's MMIX constants): deterministic, so a
/// failing seed can be replayed.
struct LCG {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }
    mutating func next() -> UInt32 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt32(truncatingIfNeeded: state >> 33)
    }
    mutating func below(_ n: UInt32) -> UInt32 { next() % n }
}

/// IntervalSet<UInt16> against Set<UInt16> on the whole port space.
@Suite("IntervalSet<UInt16> matches Set<UInt16> (seeded random)")
struct IntervalSetPropertyTests {
    /// A value near 0, near 65535 or in the middle, so edges are exercised often.
    static func value(_ rng: inout LCG) -> UInt16 {
        switch rng.below(3) {
        case 0: return UInt16(rng.below(40))
        case 1: return UInt16(65535 - rng.below(40))
        default: return UInt16(30000 + rng.below(40))
        }
    }

    static func ranges(_ rng: inout LCG) -> [ClosedRange<UInt16>] {
        (0..<Int(rng.below(6))).map { _ in
            let a = value(&rng)
            // Mostly short ranges, sometimes a long one crossing regions.
            let b = rng.below(5) == 0 ? value(&rng) : UInt16(min(65535, UInt32(a) + rng.below(8)))
            return min(a, b)...max(a, b)
        }
    }

    static func expand(_ ranges: [ClosedRange<UInt16>]) -> Set<UInt16> {
        var s = Set<UInt16>()
        for r in ranges { for v in r { s.insert(v) } }
        return s
    }

    static func members(_ set: PortSet) -> Set<UInt16> { expand(set.intervals) }

    /// Sorted, disjoint, never adjacent.
    static func isCanonical(_ set: PortSet) -> Bool {
        zip(set.intervals, set.intervals.dropFirst()).allSatisfy { a, b in
            a.upperBound < b.lowerBound && b.lowerBound - a.upperBound >= 2
        }
    }

    static let universe = Set(UInt16.min...UInt16.max)

    @Test("union, intersection, subtracting, complement, contains, isSuperset", arguments: 0..<40)
    func operations(seed: UInt64) {
        var rng = LCG(seed: UInt64(seed))
        let ra = Self.ranges(&rng), rb = Self.ranges(&rng)
        let a = PortSet(ra), b = PortSet(rb)
        let sa = Self.expand(ra), sb = Self.expand(rb)

        #expect(Self.members(a) == sa)
        #expect(Self.isCanonical(a) && Self.isCanonical(b))

        let results: [(String, PortSet, Set<UInt16>)] = [
            ("union", a.union(b), sa.union(sb)),
            ("intersection", a.intersection(b), sa.intersection(sb)),
            ("a - b", a.subtracting(b), sa.subtracting(sb)),
            ("b - a", b.subtracting(a), sb.subtracting(sa)),
            ("complement", a.complement(), Self.universe.subtracting(sa)),
        ]
        for (name, got, expected) in results {
            #expect(Self.members(got) == expected, "seed \(seed) \(name): \(ra) vs \(rb)")
            #expect(Self.isCanonical(got), "seed \(seed) \(name) not canonical: \(got.intervals)")
            #expect(got.isEmpty == expected.isEmpty)
            #expect(got.isFull == (expected.count == 65536))
        }
        #expect(a.isSuperset(of: b) == sa.isSuperset(of: sb), "seed \(seed)")
        #expect(a.overlaps(b) == !sa.isDisjoint(with: sb), "seed \(seed)")
        #expect(a.first == sa.min())
        for _ in 0..<64 {
            let v = Self.value(&rng)
            #expect(a.contains(v) == sa.contains(v), "seed \(seed) contains \(v)")
        }
    }
}

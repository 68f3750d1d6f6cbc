import Testing
import TopologyModel

@Suite("IntervalSet algebra")
struct IntervalSetTests {
    typealias Set16 = IntervalSet<UInt16>

    @Test("empty and full")
    func emptyAndFull() {
        let empty = Set16()
        #expect(empty.isEmpty)
        #expect(!empty.isFull)
        #expect(empty.intervals.isEmpty)
        #expect(empty.first == nil)
        #expect(!empty.contains(0))
        #expect(Set16([]).isEmpty)

        let full = Set16.full
        #expect(full.isFull)
        #expect(full.intervals == [0...65535])
        #expect(full.contains(0) && full.contains(65535) && full.contains(32768))
        #expect(full.complement().isEmpty)
        #expect(empty.complement() == full)
    }

    @Test(
        "normalisation merges overlapping, nested, adjacent and unsorted ranges",
        arguments: [
            ([10...20, 15...30], [10...30]),  // overlapping
            ([10...20, 21...30], [10...30]),  // adjacent
            ([10...20, 22...30], [10...20, 22...30]),  // one gap stays
            ([40...50, 10...20, 0...5], [0...5, 10...20, 40...50]),  // unsorted
            ([10...100, 20...30], [10...100]),  // nested
            ([5...5, 5...5, 6...6], [5...6]),  // duplicates and singletons
            ([0...0, 1...1, 2...2, 65535...65535], [0...2, 65535...65535]),
            ([65000...65535, 65534...65535, 0...10], [0...10, 65000...65535]),  // touching max
            ([0...65535, 3...4], [0...65535]),
        ] as [([ClosedRange<UInt16>], [ClosedRange<UInt16>])])
    func normalisation(_ input: [ClosedRange<UInt16>], _ expected: [ClosedRange<UInt16>]) {
        #expect(Set16(input).intervals == expected)
    }

    @Test("normalisation at the top of a wider type does not overflow")
    func normalisationAtMax() {
        let top = IntervalSet<UInt32>([UInt32.max...UInt32.max, (UInt32.max - 1)...(UInt32.max - 1), 0...0])
        #expect(top.intervals == [0...0, (UInt32.max - 1)...UInt32.max])
        let all = IntervalSet<UInt128>([0...(UInt128.max / 2), (UInt128.max / 2 + 1)...UInt128.max])
        #expect(all.isFull)
    }

    @Test("union")
    func union() {
        let a = Set16([10...20, 40...50])
        let b = Set16([21...39])
        #expect(a.union(b).intervals == [10...50])
        #expect(a.union(Set16()).intervals == a.intervals)
        #expect(Set16().union(a).intervals == a.intervals)
        #expect(Set16(0...0).union(Set16(65535...65535)).intervals == [0...0, 65535...65535])
        #expect(Set16(0...32767).union(Set16(32768...65535)).isFull)
        #expect(a.union(a) == a)
        #expect(a.union(b) == b.union(a))
    }

    @Test("intersection")
    func intersection() {
        let a = Set16([0...10, 20...30, 60000...65535])
        let b = Set16([5...25, 65535...65535])
        #expect(a.intersection(b).intervals == [5...10, 20...25, 65535...65535])
        #expect(a.intersection(Set16()).isEmpty)
        #expect(a.intersection(.full) == a)
        #expect(Set16(0...9).intersection(Set16(10...20)).isEmpty)
        #expect(Set16(0...10).intersection(Set16(10...20)).intervals == [10...10])
        #expect(a.intersection(b) == b.intersection(a))
        #expect(a.overlaps(b))
        #expect(!Set16(0...9).overlaps(Set16(10...20)))
    }

    @Test("subtracting, including cuts at 0 and at the maximum")
    func subtracting() {
        let full = Set16.full
        #expect(full.subtracting(Set16(0...0)).intervals == [1...65535])
        #expect(full.subtracting(Set16(65535...65535)).intervals == [0...65534])
        #expect(full.subtracting(Set16([0...0, 65535...65535])).intervals == [1...65534])
        #expect(full.subtracting(Set16(100...200)).intervals == [0...99, 201...65535])
        #expect(Set16(10...20).subtracting(Set16(10...20)).isEmpty)
        #expect(Set16(10...20).subtracting(Set16(0...65535)).isEmpty)
        #expect(Set16(10...20).subtracting(Set16([12...12, 15...16])).intervals == [10...11, 13...14, 17...20])
        #expect(Set16(10...20).subtracting(Set16([5...10, 20...25])).intervals == [11...19])
        #expect(Set16([0...5, 10...15]).subtracting(Set16(3...12)).intervals == [0...2, 13...15])
        #expect(Set16(10...20).subtracting(Set16()).intervals == [10...20])
        #expect(Set16().subtracting(Set16(1...2)).isEmpty)
        // One cut spanning several ranges of self.
        #expect(Set16([1...2, 4...5, 7...8, 10...11]).subtracting(Set16(2...10)).intervals == [1...1, 11...11])
    }

    @Test("complement")
    func complement() {
        #expect(Set16([10...20, 30...40]).complement().intervals == [0...9, 21...29, 41...65535])
        #expect(Set16(0...100).complement().intervals == [101...65535])
        #expect(Set16(100...65535).complement().intervals == [0...99])
        let s = Set16([3...7, 1000...2000, 65530...65535])
        #expect(s.complement().complement() == s)
        #expect(s.union(s.complement()).isFull)
        #expect(s.intersection(s.complement()).isEmpty)
    }

    @Test("contains by binary search over many intervals")
    func contains() {
        let s = Set16((0..<100).map { UInt16($0 * 10)...UInt16($0 * 10 + 2) })
        #expect(s.intervals.count == 100)
        for v in UInt16(0)...1000 {
            #expect(s.contains(v) == (v < 1000 && v % 10 <= 2), "value \(v)")
        }
        #expect(!s.contains(65535))
        #expect(s.first == 0)
    }

    @Test("isSuperset")
    func superset() {
        let big = Set16([0...100, 200...300])
        #expect(big.isSuperset(of: Set16([10...20, 250...300])))
        #expect(big.isSuperset(of: Set16()))
        #expect(big.isSuperset(of: big))
        #expect(!big.isSuperset(of: Set16(100...101)))
        #expect(!big.isSuperset(of: Set16(150...150)))
        #expect(Set16.full.isSuperset(of: big))
        #expect(!Set16().isSuperset(of: Set16(0...0)))
    }

    @Test("port descriptions")
    func portDescription() {
        #expect(PortSet.full.portDescription == "*")
        #expect(PortSet().portDescription == "none")
        #expect(PortSet([22...22, 80...80, 443...445]).portDescription == "22,80,443-445")
        #expect(PortSet([443...445, 22...22]).portRangeStrings == ["22", "443-445"])
        #expect(PortSet.full.portRangeStrings == ["*"])
        #expect(PortSet.ephemeral.intervals == [1024...65535])
    }
}

/// The hot operations are `@inlinable` so the solver's modules specialise them for
/// `UInt16` and `UInt128` (generic calls across modules cost more than the work itself on
/// large estates; measured with perf, docs/performance.md).
///
/// A set of unsigned integers stored as sorted, disjoint, non-adjacent closed intervals.
///
/// Address and port sets in an estate are unions of a few ranges (CIDR blocks, port
/// ranges); storing them as intervals keeps every set operation linear in the number of
/// ranges instead of the number of addresses or ports.
public struct IntervalSet<Bound: FixedWidthInteger & UnsignedInteger & Sendable>: Hashable, Sendable {
    /// The closed intervals, sorted by lower bound, pairwise disjoint and never adjacent.
    public private(set) var intervals: [ClosedRange<Bound>]

    /// The empty set.
    @inlinable public init() { self.init(normalizedIntervals: []) }

    /// Intervals already sorted, disjoint and non-adjacent.
    @usableFromInline init(normalizedIntervals: [ClosedRange<Bound>]) { intervals = normalizedIntervals }

    /// A set holding the given ranges, which may overlap or touch.
    @inlinable public init<S: Sequence>(_ ranges: S) where S.Element == ClosedRange<Bound> {
        self.init(normalizedIntervals: Self.normalized(Array(ranges)))
    }

    /// A set holding one range.
    @inlinable public init(_ range: ClosedRange<Bound>) { self.init(normalizedIntervals: [range]) }

    /// Every value of `Bound`.
    @inlinable public static var full: IntervalSet { IntervalSet(Bound.min...Bound.max) }

    @inlinable public var isEmpty: Bool { intervals.isEmpty }
    @inlinable public var isFull: Bool { intervals.count == 1 && intervals[0] == Bound.min...Bound.max }
    /// The smallest member, if any.
    public var first: Bound? { intervals.first?.lowerBound }

    /// - Complexity: O(log n) in the number of intervals.
    @inlinable public func contains(_ value: Bound) -> Bool {
        var low = 0
        var high = intervals.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = intervals[mid]
            if value < range.lowerBound { high = mid - 1 } else if value > range.upperBound { low = mid + 1 } else { return true }
        }
        return false
    }

    /// Whether every member of `other` is a member of `self`.
    public func isSuperset(of other: IntervalSet) -> Bool { other.subtracting(self).isEmpty }

    @inlinable static func normalized(_ ranges: [ClosedRange<Bound>]) -> [ClosedRange<Bound>] {
        coalesced(ranges.sorted { $0.lowerBound < $1.lowerBound })
    }

    /// Ranges sorted by lower bound, with overlapping and adjacent ones merged (a union
    /// merges two sorted lists, so it needs this pass, not a sort).
    @inlinable static func coalesced(_ sorted: [ClosedRange<Bound>]) -> [ClosedRange<Bound>] {
        guard !sorted.isEmpty else { return [] }
        var result: [ClosedRange<Bound>] = []
        result.reserveCapacity(sorted.count)
        var current = sorted[0]
        for range in sorted.dropFirst() {
            // Merge overlapping or adjacent ranges; guard the +1 against overflow.
            if current.upperBound == Bound.max || range.lowerBound <= current.upperBound + 1 {
                if range.upperBound > current.upperBound { current = current.lowerBound...range.upperBound }
            } else {
                result.append(current)
                current = range
            }
        }
        result.append(current)
        return result
    }
}

extension IntervalSet {
    /// - Complexity: O(n + m).
    @inlinable public func union(_ other: IntervalSet) -> IntervalSet {
        if other.isEmpty { return self }
        if isEmpty { return other }
        var merged: [ClosedRange<Bound>] = []
        merged.reserveCapacity(intervals.count + other.intervals.count)
        var i = 0, j = 0
        while i < intervals.count || j < other.intervals.count {
            if j == other.intervals.count || (i < intervals.count && intervals[i].lowerBound <= other.intervals[j].lowerBound) {
                merged.append(intervals[i]); i += 1
            } else {
                merged.append(other.intervals[j]); j += 1
            }
        }
        return IntervalSet(normalizedIntervals: Self.coalesced(merged))
    }

    /// - Complexity: O(n + m).
    @inlinable public func intersection(_ other: IntervalSet) -> IntervalSet {
        var result: [ClosedRange<Bound>] = []
        var i = 0, j = 0
        while i < intervals.count && j < other.intervals.count {
            let a = intervals[i], b = other.intervals[j]
            let low = max(a.lowerBound, b.lowerBound)
            let high = min(a.upperBound, b.upperBound)
            if low <= high { result.append(low...high) }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        return IntervalSet(normalizedIntervals: result)
    }

    /// - Complexity: O(n + m).
    @inlinable public func subtracting(_ other: IntervalSet) -> IntervalSet {
        if other.isEmpty || isEmpty { return self }
        var result: [ClosedRange<Bound>] = []
        var j = 0
        for range in intervals {
            var low = range.lowerBound
            var exhausted = false
            while j < other.intervals.count && other.intervals[j].upperBound < low { j += 1 }
            var k = j
            while k < other.intervals.count && other.intervals[k].lowerBound <= range.upperBound {
                let cut = other.intervals[k]
                if cut.lowerBound > low { result.append(low...(cut.lowerBound - 1)) }
                if cut.upperBound >= range.upperBound { exhausted = true; break }
                low = cut.upperBound + 1
                k += 1
            }
            if !exhausted { result.append(low...range.upperBound) }
        }
        return IntervalSet(normalizedIntervals: result)
    }

    public func complement() -> IntervalSet { IntervalSet.full.subtracting(self) }
    @inlinable public func overlaps(_ other: IntervalSet) -> Bool { !intersection(other).isEmpty }
}

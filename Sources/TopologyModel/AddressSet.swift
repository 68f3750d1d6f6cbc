/// A set of IPv4 and IPv6 addresses, one interval set per family.
public struct AddressSet: Hashable, Sendable {
    public var v4: IntervalSet<UInt32>
    public var v6: IntervalSet<UInt128>

    public init(v4: IntervalSet<UInt32> = IntervalSet(), v6: IntervalSet<UInt128> = IntervalSet()) {
        self.v4 = v4
        self.v6 = v6
    }

    /// Inlinable, so importers building hundreds of thousands of rule sides get code
    /// specialised for their arrays.
    @inlinable public init<S: Sequence>(prefixes: S) where S.Element == IPPrefix {
        var set = AddressSet()
        var v4: [ClosedRange<UInt32>] = []
        var v6: [ClosedRange<UInt128>] = []
        for prefix in prefixes {
            let s = prefix.addressSet
            v4 += s.v4.intervals
            v6 += s.v6.intervals
        }
        set.v4 = IntervalSet(v4)
        set.v6 = IntervalSet(v6)
        self = set
    }

    public static let empty = AddressSet()
    public static let all = AddressSet(v4: .full, v6: .full)

    public var isEmpty: Bool { v4.isEmpty && v6.isEmpty }

    public func contains(_ ip: IPAddress) -> Bool {
        switch ip {
        case .v4(let v): return v4.contains(v)
        case .v6(let v): return v6.contains(v)
        }
    }

    public func union(_ o: AddressSet) -> AddressSet { AddressSet(v4: v4.union(o.v4), v6: v6.union(o.v6)) }
    public func intersection(_ o: AddressSet) -> AddressSet { AddressSet(v4: v4.intersection(o.v4), v6: v6.intersection(o.v6)) }
    public func subtracting(_ o: AddressSet) -> AddressSet { AddressSet(v4: v4.subtracting(o.v4), v6: v6.subtracting(o.v6)) }
    public func overlaps(_ o: AddressSet) -> Bool { v4.overlaps(o.v4) || v6.overlaps(o.v6) }

    /// The lowest address, IPv4 first.
    public var first: IPAddress? {
        if let a = v4.first { return .v4(a) }
        if let a = v6.first { return .v6(a) }
        return nil
    }

    /// The IPv4 part as the fewest CIDR blocks, in address order: what a rule or a route
    /// can name of it.
    public var v4Blocks: [IPPrefix] {
        var blocks: [IPPrefix] = []
        for range in v4.intervals {
            var start = UInt64(range.lowerBound)
            let end = UInt64(range.upperBound)
            while start <= end {
                var length = 32
                // Grow the block while it stays aligned and inside the range.
                while length > 0 {
                    let size = UInt64(1) << UInt64(33 - length)
                    guard start % size == 0, start + size - 1 <= end else { break }
                    length -= 1
                }
                blocks.append(IPPrefix(address: .v4(UInt32(start)), length: length))
                start += UInt64(1) << UInt64(32 - length)
            }
        }
        return blocks
    }

    /// The ranges as text, `10.0.0.0-10.0.0.255` style, for reports.
    public var rangeDescriptions: [String] {
        v4.intervals.map { r in
            r.lowerBound == r.upperBound
                ? IPAddress.formatV4(r.lowerBound)
                : "\(IPAddress.formatV4(r.lowerBound))-\(IPAddress.formatV4(r.upperBound))"
        }
            + v6.intervals.map { r in
                r.lowerBound == r.upperBound
                    ? IPAddress.formatV6(r.lowerBound)
                    : "\(IPAddress.formatV6(r.lowerBound))-\(IPAddress.formatV6(r.upperBound))"
            }
    }
}

extension AddressSet {
    /// Addresses that can never be an Internet host: RFC 1918, RFC 6598 shared space,
    /// loopback, link-local, multicast, reserved and "this network" (NSG-31's heuristic),
    /// plus every IPv6 address outside global unicast 2000::/3.
    public static let nonPublic: AddressSet = {
        let v4 = [
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
            "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4",
        ].compactMap { IPPrefix($0) }
        let global6 = AddressSet(prefixes: [IPPrefix("2000::/3")!])
        return AddressSet(prefixes: v4).union(AddressSet(v6: global6.v6.complement()))
    }()

    /// Public address space: everything that is not ``nonPublic``.
    public static let publicSpace: AddressSet = AddressSet.all.subtracting(.nonPublic)
}

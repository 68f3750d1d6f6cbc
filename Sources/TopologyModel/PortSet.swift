/// TCP/UDP ports 0-65535 as an interval set.
public typealias PortSet = IntervalSet<UInt16>

extension IntervalSet where Bound == UInt16 {
    /// Ports a client picks for itself (Linux and Windows both stay inside 1024-65535);
    /// used when a flow gives no source port (NSG-19).
    public static let ephemeral = PortSet(1024...65535)

    /// Compact text: `22,80,443-445`, or `*` for all ports.
    public var portDescription: String {
        if isFull { return "*" }
        if isEmpty { return "none" }
        return intervals.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: ",")
    }

    /// Each range as its own string, for JSON arrays.
    public var portRangeStrings: [String] {
        if isFull { return ["*"] }
        return intervals.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
    }
}

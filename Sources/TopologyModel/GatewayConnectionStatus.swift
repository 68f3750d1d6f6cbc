/// A virtual network gateway connection's `connectionStatus`, when the export has it. Only
/// `NotConnected` is taken to carry nothing: `Connecting` and `Unknown` may be up by the
/// time traffic flows, so they count as connected (an exposure is never hidden by a status
/// the export caught mid-change).
public enum GatewayConnectionStatus: String, Hashable, Sendable, CaseIterable {
    case connected
    case connecting
    case notConnected = "notconnected"
    case unknown

    /// Reads the ARM value, case-insensitively; a value Azure does not define is `unknown`.
    public init(azure text: String) { self = Self(rawValue: text.lowercased()) ?? .unknown }

    public var carriesTraffic: Bool { self != .notConnected }
}

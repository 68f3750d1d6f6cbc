/// A storage account's `minimumTlsVersion`: the oldest TLS a client may use (catalog
/// LAT-STO-005). Ordered oldest first.
public enum TLSVersion: String, Hashable, Sendable, CaseIterable, Comparable {
    case tls1_0
    case tls1_1
    case tls1_2
    case tls1_3

    /// Reads the ARM value (`TLS1_2`), case-insensitively; nil for a value Azure does not
    /// define.
    public init?(azure text: String) { self.init(rawValue: text.lowercased()) }

    public var azureName: String { rawValue.uppercased() }

    public static func < (a: TLSVersion, b: TLSVersion) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// A storage account's redundancy, from its SKU name (`Standard_RAGRS`): whether Azure keeps
/// a copy in a secondary region (catalog LAT-RES-002).
public enum StorageRedundancy: String, Hashable, Sendable, CaseIterable {
    case lrs, zrs, grs, ragrs, gzrs, ragzrs

    /// Reads the part of an ARM SKU name after the tier (`Premium_ZRS` is ZRS),
    /// case-insensitively; nil for a value Azure does not define.
    public init?(skuName: String) {
        let suffix = skuName.split(separator: "_").last.map(String.init) ?? skuName
        self.init(rawValue: suffix.lowercased())
    }

    /// Geo-redundant: a secondary region holds a copy (read-only with RA-).
    public var isGeoReplicated: Bool { self != .lrs && self != .zrs }

    public var azureName: String {
        switch self {
        case .lrs: "LRS"
        case .zrs: "ZRS"
        case .grs: "GRS"
        case .ragrs: "RA-GRS"
        case .gzrs: "GZRS"
        case .ragzrs: "RA-GZRS"
        }
    }
}

/// A blob container's `publicAccess`: what an anonymous client may read when the account
/// allows public blob access (ST-1).
public enum BlobPublicAccess: String, Hashable, Sendable, CaseIterable {
    case none
    /// Anonymous read of blobs by name.
    case blob
    /// Anonymous read and listing of the container.
    case container

    /// Reads the ARM value, case-insensitively; nil for a value Azure does not define.
    public init?(azure text: String) { self.init(rawValue: text.lowercased()) }

    public var isAnonymous: Bool { self != .none }

    public var azureName: String {
        switch self {
        case .none: "None"
        case .blob: "Blob"
        case .container: "Container"
        }
    }
}

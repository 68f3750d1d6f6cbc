/// A key vault's settings that decide no flow but that the auditor report checks (catalog
/// LAT-KV-002, LAT-KV-003). nil: not set in the input.
public struct KeyVaultSettings: Hashable, Sendable {
    /// `enableRbacAuthorization`: data-plane access by Azure RBAC (true) or by the vault's
    /// access policies (false).
    public var rbacAuthorization: Bool?
    /// `enablePurgeProtection`: deleted keys and secrets cannot be purged before their
    /// retention ends.
    public var purgeProtection: Bool?

    public init() {}
}

/// A storage account's settings that decide no flow but that the auditor report checks
/// (catalog LAT-STO-004 to LAT-STO-008, LAT-RES-002). nil: not set in the input.
public struct StorageAccountSettings: Hashable, Sendable {
    /// `keySource` of `encryption`: who holds the key that encrypts the data at rest.
    public enum KeySource: String, Hashable, Sendable {
        case microsoftStorage = "microsoft.storage"
        case microsoftKeyvault = "microsoft.keyvault"

        public init?(azure text: String) { self.init(rawValue: text.lowercased()) }

        public var azureName: String { self == .microsoftStorage ? "Microsoft.Storage" : "Microsoft.Keyvault" }
    }

    /// `sasPolicy.expirationAction`: what Azure does with a SAS that outlives the policy.
    public enum ExpirationAction: String, Hashable, Sendable {
        case log, block

        public init?(azure text: String) { self.init(rawValue: text.lowercased()) }

        public var azureName: String { self == .log ? "Log" : "Block" }
    }

    public var minimumTLSVersion: TLSVersion?
    /// `supportsHttpsTrafficOnly` (secure transfer).
    public var httpsOnly: Bool?
    public var allowCrossTenantReplication: Bool?
    /// `encryption.requireInfrastructureEncryption`: a second layer of encryption at rest.
    public var requireInfrastructureEncryption: Bool?
    public var keySource: KeySource?
    /// `sasPolicy.sasExpirationPeriod` in seconds; nil without a SAS policy.
    public var sasExpirationSeconds: Int?
    public var sasExpirationAction: ExpirationAction?
    /// `keyPolicy.keyExpirationPeriodInDays`; nil without a key policy.
    public var keyExpirationDays: Int?
    /// From `sku.name`.
    public var redundancy: StorageRedundancy?
    /// `secondaryLocation` as the export reports it (geo-redundant accounts), normalised as
    /// locations are (lowercased, no spaces).
    public var secondaryLocation: String?

    public init() {}
}

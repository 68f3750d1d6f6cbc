import TopologyModel

extension ImportContext {
    /// An enumerated Azure setting read into its type. A value Azure does not define is not
    /// guessed at silently: the warning says what the analysis takes instead (`assumed`),
    /// which is always the reading that hides no exposure.
    mutating func setting<Value>(
        _ raw: RawResource, _ node: JSONNode?, named name: String, assumed: Value?, because why: String,
        _ parse: (String) -> Value?
    ) -> Value? {
        guard let node, let text = node.string else { return nil }
        if let value = parse(text) { return value }
        warn(raw, at: node, kind: .assumption, "\(raw.name): \(name) '\(text)' is not a value Azure defines; \(why)")
        return assumed
    }

    mutating func publicNetworkAccess(_ raw: RawResource) -> PublicNetworkAccess? {
        setting(
            raw, raw.property("publicNetworkAccess"), named: "publicNetworkAccess", assumed: .enabled,
            because: "taken as Enabled, so its network rules decide who reaches the public endpoint", PublicNetworkAccess.init(azure:))
    }

    mutating func defaultAction(_ raw: RawResource, _ acls: JSONNode?) -> NetworkDefaultAction? {
        setting(
            raw, acls?.child("defaultAction"), named: "defaultAction", assumed: .allow,
            because: "taken as Allow, so every network reaches the public endpoint", NetworkDefaultAction.init(azure:))
    }

    /// A storage account's settings that decide no flow (catalog STO-004 to STO-008,
    /// RES-002). Values Azure does not define are warned about and taken as unset, which the
    /// findings read as the weaker setting.
    mutating func storageSettings(_ raw: RawResource) -> StorageAccountSettings {
        var settings = StorageAccountSettings()
        let unset = "taken as unset, which the auditor report reads as the weaker setting"
        settings.minimumTLSVersion = setting(
            raw, raw.property("minimumTlsVersion"), named: "minimumTlsVersion", assumed: nil, because: unset, TLSVersion.init(azure:))
        settings.httpsOnly = raw.property("supportsHttpsTrafficOnly")?.bool
        settings.allowCrossTenantReplication = raw.property("allowCrossTenantReplication")?.bool
        let encryption = raw.property("encryption")
        settings.requireInfrastructureEncryption = encryption?.child("requireInfrastructureEncryption")?.bool
        settings.keySource = setting(
            raw, encryption?.child("keySource"), named: "encryption.keySource", assumed: nil, because: unset, StorageAccountSettings.KeySource.init(azure:))
        let sas = raw.property("sasPolicy")
        settings.sasExpirationSeconds = setting(
            raw, sas?.child("sasExpirationPeriod"), named: "sasPolicy.sasExpirationPeriod", assumed: nil, because: unset, Self.duration)
        settings.sasExpirationAction = setting(
            raw, sas?.child("expirationAction"), named: "sasPolicy.expirationAction", assumed: nil, because: unset,
            StorageAccountSettings.ExpirationAction.init(azure:))
        settings.keyExpirationDays = raw.property("keyPolicy")?.child("keyExpirationPeriodInDays")?.string.flatMap { Int($0) }
        settings.redundancy = setting(
            raw, raw.property("sku")?.child("name"), named: "sku.name", assumed: nil, because: unset, StorageRedundancy.init(skuName:))
        settings.secondaryLocation = raw.property("secondaryLocation")?.string.map { $0.lowercased().replacingOccurrences(of: " ", with: "") }
        return settings
    }

    /// An ARM duration, `D.HH:MM:SS` or `HH:MM:SS`, in seconds.
    static func duration(_ text: String) -> Int? {
        var days = 0, clock = Substring(text)
        if let dot = text.firstIndex(of: "."), let colon = text.firstIndex(of: ":"), dot < colon {
            guard let d = Int(text[..<dot]) else { return nil }
            days = d
            clock = text[text.index(after: dot)...]
        }
        let parts = clock.split(separator: ":").map { Int($0) }
        guard parts.count == 3, let h = parts[0], let m = parts[1], let s = parts[2] else { return nil }
        return ((days * 24 + h) * 60 + m) * 60 + s
    }

    mutating func inspectionMode(_ raw: RawResource, _ node: JSONNode?, named name: String) -> FirewallInspectionMode? {
        setting(
            raw, node, named: name, assumed: .alert,
            because: "taken as Alert, which drops nothing, so no flow is judged closed on its account", FirewallInspectionMode.init(azure:))
    }
}

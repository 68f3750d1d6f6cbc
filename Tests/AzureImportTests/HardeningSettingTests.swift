import AzureImport
import Testing
import TopologyModel

/// The settings the auditor report's hardening findings read (catalog LAT-STO-004 to -008,
/// LAT-KV-002, -003, LAT-EDGE-003, LAT-RES-002, -004) become types at import.
@Suite("Hardening settings: typed at import")
struct HardeningSettingTests {
    @Test("storage: TLS, HTTPS only, cross-tenant replication, encryption, SAS and key policies, SKU and secondary region")
    func storage() throws {
        let json =
            "["
            + SettingValueTests.storage(
                #"""
                {"minimumTlsVersion": "tls1_1", "supportsHttpsTrafficOnly": false, "allowCrossTenantReplication": true,
                 "encryption": {"keySource": "Microsoft.Keyvault", "requireInfrastructureEncryption": true},
                 "sasPolicy": {"sasExpirationPeriod": "1.02:03:04", "expirationAction": "Block"}, "keyPolicy": {"keyExpirationPeriodInDays": 60},
                 "secondaryLocation": "Germany North"}
                """#
            ).replacingOccurrences(of: #""properties""#, with: #""sku": {"name": "Standard_RAGZRS"}, "properties""#) + "]"
        let result = try AzureImporter.load(json: json)
        #expect(result.diagnostics.isEmpty)
        let s = try #require(result.topology.storageAccounts.values.first).settings
        #expect(s.minimumTLSVersion == .tls1_1 && s.httpsOnly == false && s.allowCrossTenantReplication == true)
        #expect(s.keySource == .microsoftKeyvault && s.requireInfrastructureEncryption == true)
        #expect(s.sasExpirationSeconds == ((26 * 60) + 3) * 60 + 4 && s.sasExpirationAction == .block && s.keyExpirationDays == 60)
        #expect(s.redundancy == .ragzrs && s.redundancy?.isGeoReplicated == true && s.secondaryLocation == "germanynorth")
    }

    @Test("unset storage settings stay nil, for the findings to read as Azure documents them")
    func unset() throws {
        let s = try #require(try AzureImporter.load(json: "[\(SettingValueTests.storage("{}"))]").topology.storageAccounts.values.first).settings
        #expect(s == StorageAccountSettings())
    }

    @Test("undefined TLS versions, key sources and SAS periods are warnings at their pointers, read as unset")
    func undefined() throws {
        let json =
            "["
            + SettingValueTests.storage(
                #"{"minimumTlsVersion": "TLS9", "encryption": {"keySource": "Elsewhere"}, "sasPolicy": {"sasExpirationPeriod": "a week"}}"#)
            + "]"
        let result = try AzureImporter.load(json: json)
        let s = try #require(result.topology.storageAccounts.values.first).settings
        #expect(s.minimumTLSVersion == nil && s.keySource == nil && s.sasExpirationSeconds == nil)
        #expect(
            Set(result.diagnostics.map(\.pointer)) == [
                "/0/properties/minimumTlsVersion", "/0/properties/encryption/keySource", "/0/properties/sasPolicy/sasExpirationPeriod",
            ])
    }

    @Test("key vault RBAC and purge protection; registry replicas' regions, without counting replications as ignored")
    func vaultsAndRegistries() throws {
        let providers = "\(SettingValueTests.base)/providers"
        let json = """
            [{"id": "\(providers)/Microsoft.KeyVault/vaults/kv", "name": "kv", "type": "Microsoft.KeyVault/vaults", "properties": {"enableRbacAuthorization": true, "enablePurgeProtection": false}},
             {"id": "\(providers)/Microsoft.ContainerRegistry/registries/acr", "name": "acr", "type": "Microsoft.ContainerRegistry/registries", "location": "westeurope", "properties": {}},
             {"id": "\(providers)/Microsoft.ContainerRegistry/registries/acr/replications/sea", "name": "sea", "type": "Microsoft.ContainerRegistry/registries/replications", "location": "Southeast Asia", "properties": {}}]
            """
        let result = try AzureImporter.load(json: json)
        let resources = result.topology.serviceResources.values
        let vault = try #require(resources.first { $0.kind == .keyVault }).vault
        #expect(vault.rbacAuthorization == true && vault.purgeProtection == false)
        #expect(resources.first { $0.kind == .containerRegistry }?.replicaLocations == ["southeastasia"])
        #expect(result.ignoredTypes.isEmpty)
    }
}

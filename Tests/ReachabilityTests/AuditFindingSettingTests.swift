import Foundation
import Lateral
import TestSupport
import Testing

/// Catalog findings read from settings the import types (LAT-STO-004 to -008, LAT-KV-002,
/// LAT-KV-003, LAT-EDGE-003's TLS half, LAT-RES-002, LAT-RES-004): each where the setting
/// says so, none where it does not, and unset values read as Azure documents them.
@Suite("Audit findings: typed settings")
struct AuditFindingSettingTests {
    static let sub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers"

    static func storage(_ name: String, _ properties: String, sku: String = "Standard_LRS") -> String {
        """
        {"id": "\(sub)/Microsoft.Storage/storageAccounts/\(name)", "name": "\(name)", "type": "Microsoft.Storage/storageAccounts",
         "location": "germanywestcentral", "sku": {"name": "\(sku)"}, "properties": {\(properties)}}
        """
    }

    static func vault(_ name: String, _ properties: String) -> String {
        """
        {"id": "\(sub)/Microsoft.KeyVault/vaults/\(name)", "name": "\(name)", "type": "Microsoft.KeyVault/vaults", "location": "germanywestcentral",
         "properties": {\(properties)}}
        """
    }

    /// The findings of resources given as JSON objects; `to` names the targets.
    static func findings(_ resources: [String], to: String = "tag:role=llm-training") throws -> [AuditFinding] {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.appending("settings.json").path
        try Data("[\(resources.joined(separator: ",\n"))]".utf8).write(to: URL(fileURLWithPath: file))
        let analysis = Analysis(estate: try Estate.load(paths: [file]), inputs: [file], from: [.internet], to: [try Selector(parsing: to)])
        return analysis.findings
    }

    static func names(_ found: [AuditFinding], _ code: AuditFinding.Code) -> [String] {
        found.filter { $0.code == code }.compactMap(\.subject?.name)
    }

    @Test("LAT-STO-004: no SAS or key expiration policy, or one longer than 7 days / 90 days; both within bounds raise nothing")
    func expirationPolicies() throws {
        let found = try Self.findings([
            Self.storage("snone", ""),
            Self.storage(
                "slong", #""sasPolicy": {"sasExpirationPeriod": "8.00:00:00", "expirationAction": "Log"}, "keyPolicy": {"keyExpirationPeriodInDays": 90}"#),
            Self.storage(
                "sgood", #""sasPolicy": {"sasExpirationPeriod": "0.01:00:00", "expirationAction": "Log"}, "keyPolicy": {"keyExpirationPeriodInDays": 90}"#),
            Self.storage("skeys", #""sasPolicy": {"sasExpirationPeriod": "1.00:00:00"}, "keyPolicy": {"keyExpirationPeriodInDays": 365}"#),
        ])
        #expect(Self.names(found, .storageExpirationPolicies) == ["skeys", "slong", "snone"])
        let long = try #require(found.first { $0.code == .storageExpirationPolicies && $0.subject?.name == "slong" })
        #expect(long.evidence == .setting(.expirationPolicies(sasSeconds: 8 * 86_400, action: .log, keyDays: 90, sharedKey: nil)))
    }

    @Test("LAT-STO-005: TLS1_0 and TLS1_1 are findings, and so is unset (Azure reads it as TLS 1.0); TLS1_2 is not")
    func minimumTLS() throws {
        let found = try Self.findings([
            Self.storage("stls10", #""minimumTlsVersion": "TLS1_0""#),
            Self.storage("stls11", #""minimumTlsVersion": "TLS1_1", "publicNetworkAccess": "Disabled""#),
            Self.storage("stls12", #""minimumTlsVersion": "TLS1_2""#),
            Self.storage("sunset", ""),
        ])
        #expect(Self.names(found, .storageMinimumTLS) == ["stls10", "stls11", "sunset"])
        let closed = try #require(found.first { $0.code == .storageMinimumTLS && $0.subject?.name == "stls11" })
        // A public endpoint that admits no client: the catalog's Low.
        #expect(closed.evidence == .setting(.minimumTLS(.tls1_1, publicEndpoint: false)))
    }

    @Test("LAT-STO-006: supportsHttpsTrafficOnly false is a finding; true and unset (true since API version 2019-04-01) are not")
    func plainHTTP() throws {
        let found = try Self.findings([
            Self.storage("shttp", #""supportsHttpsTrafficOnly": false"#), Self.storage("shttps", #""supportsHttpsTrafficOnly": true"#),
            Self.storage("sunset", ""),
        ])
        #expect(Self.names(found, .storagePlainHTTP) == ["shttp"])
        #expect(found.first { $0.code == .storagePlainHTTP }?.evidence == .setting(.plainHTTP(openToAllNetworks: true)))
    }

    @Test("LAT-STO-007: only on crown-jewel accounts (here a target of the analysis), when infrastructure encryption or a customer-managed key is missing")
    func encryption() throws {
        let weak = #""encryption": {"keySource": "Microsoft.Storage", "requireInfrastructureEncryption": true}"#
        let strong = #""encryption": {"keySource": "Microsoft.Keyvault", "requireInfrastructureEncryption": true}"#
        let jewels = try Self.findings([Self.storage("sweights", weak), Self.storage("sstrong", strong)], to: "asset:sweights")
        #expect(Self.names(jewels, .storageEncryption) == ["sweights"])
        #expect(jewels.first { $0.code == .storageEncryption }?.inTargetZone == true)
        // The other storage findings are escalated on a crown jewel too (catalog §0).
        #expect(jewels.first { $0.code == .storageOpenToAllNetworks && $0.subject?.name == "sweights" }?.inTargetZone == true)
        #expect(jewels.first { $0.code == .storageOpenToAllNetworks && $0.subject?.name == "sstrong" }?.inTargetZone == false)
        let strongJewel = try Self.findings([Self.storage("sstrong", strong)], to: "asset:sstrong")
        #expect(Self.names(strongJewel, .storageEncryption).isEmpty)
        // Not a crown jewel: not reported.
        #expect(Self.names(try Self.findings([Self.storage("sweights", weak)]), .storageEncryption).isEmpty)
    }

    @Test("LAT-STO-008: allowCrossTenantReplication true is a finding; false and unset (false for new accounts) are not")
    func crossTenant() throws {
        let found = try Self.findings([
            Self.storage("strue", #""allowCrossTenantReplication": true"#), Self.storage("sfalse", #""allowCrossTenantReplication": false"#),
            Self.storage("sunset", ""),
        ])
        #expect(Self.names(found, .crossTenantReplication) == ["strue"])
    }

    @Test("LAT-KV-002 and LAT-KV-003: access policies (false or unset) and purge protection not true")
    func keyVaults() throws {
        let found = try Self.findings([
            Self.vault("kvgood", #""enableRbacAuthorization": true, "enablePurgeProtection": true"#),
            Self.vault("kvpolicies", #""enableRbacAuthorization": false, "enablePurgeProtection": true"#),
            Self.vault("kvunset", ""),
        ])
        #expect(Self.names(found, .keyVaultAccessPolicies) == ["kvpolicies", "kvunset"])
        #expect(Self.names(found, .keyVaultPurgeProtection) == ["kvunset"])
        #expect(found.contains { $0.code == .keyVaultAccessPolicies && $0.evidence == .setting(.accessPolicies(rbac: nil)) })
    }

    @Test("LAT-RES-002: geo-redundant SKUs name the secondary region; LRS and ZRS raise nothing")
    func geoReplication() throws {
        let found = try Self.findings([
            Self.storage("sragrs", #""secondaryLocation": "germanynorth""#, sku: "Standard_RAGRS"),
            Self.storage("sgzrs", "", sku: "Standard_GZRS"), Self.storage("szrs", "", sku: "Standard_ZRS"), Self.storage("slrs", "", sku: "Premium_LRS"),
        ])
        #expect(Self.names(found, .geoReplicatedStorage) == ["sgzrs", "sragrs"])
        #expect(
            found.contains {
                $0.subject?.name == "sragrs" && $0.evidence == .setting(.geoReplication(.ragrs, primary: "germanywestcentral", secondary: "germanynorth"))
            })
    }

    @Test("LAT-RES-004: registry replicas in other regions are listed; one in the home region is not")
    func registryReplicas() throws {
        let registry = "\(Self.sub)/Microsoft.ContainerRegistry/registries"
        func replica(_ acr: String, _ name: String, _ location: String) -> String {
            #"{"id": "\#(registry)/\#(acr)/replications/\#(name)", "name": "\#(name)", "type": "Microsoft.ContainerRegistry/registries/replications", "location": "\#(location)", "properties": {}}"#
        }
        let found = try Self.findings([
            #"{"id": "\#(registry)/acrgeo", "name": "acrgeo", "type": "Microsoft.ContainerRegistry/registries", "location": "germanywestcentral", "properties": {}}"#,
            replica("acrgeo", "gwc", "germanywestcentral"), replica("acrgeo", "eus", "East US"),
            #"{"id": "\#(registry)/acrhome", "name": "acrhome", "type": "Microsoft.ContainerRegistry/registries", "location": "germanywestcentral", "properties": {}}"#,
            replica("acrhome", "gwc", "germanywestcentral"),
        ])
        #expect(Self.names(found, .registryReplicas) == ["acrgeo"])
        #expect(found.contains { $0.evidence == .setting(.replicas(primary: "germanywestcentral", locations: ["eastus"])) })
    }

    /// A Premium firewall whose policy has IDPS in Deny, with or without a TLS inspection CA,
    /// and one application rule from `source` with terminateTLS as given.
    static func firewall(certificate: Bool, terminateTLS: Bool, source: String = "10.9.1.0/24") -> MiniEstate {
        var e = MiniEstate()
        e.vnet("hub", ["10.0.0.0/16"], subnets: [("AzureFirewallSubnet", "10.0.1.0/26", nil, nil)])
        e.vnet("train", ["10.9.0.0/16"], subnets: [("gpu", "10.9.1.0/24", nil, nil)])
        e.nic("vm-gpu", vnet: "train", subnet: "gpu", ip: "10.9.1.4")
        let policy = MiniEstate.id("firewallPolicies", "p")
        var properties: [String: Any] = ["sku": ["tier": "Premium"], "intrusionDetection": ["mode": "Deny"], "threatIntelMode": "Deny"]
        if certificate {
            properties["transportSecurity"] = ["certificateAuthority": ["name": "inspection-ca", "keyVaultSecretId": "https://kv.vault.azure.net/secrets/ca"]]
        }
        e.resources.append(["id": policy, "name": "p", "type": "Microsoft.Network/firewallPolicies", "properties": properties])
        let rule: [String: Any] = [
            "ruleType": "ApplicationRule", "name": "pypi", "protocols": [["protocolType": "Https", "port": 443]], "sourceAddresses": [source],
            "targetFqdns": ["pypi.org"], "terminateTLS": terminateTLS,
        ]
        e.resources.append([
            "id": policy + "/ruleCollectionGroups/rcg", "name": "rcg", "type": "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
            "properties": [
                "priority": 100,
                "ruleCollections": [
                    [
                        "ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "egress", "priority": 100, "action": ["type": "Allow"],
                        "rules": [rule],
                    ]
                ],
            ],
        ])
        e.resources.append([
            "id": MiniEstate.id("azureFirewalls", "fw"), "name": "fw", "type": "Microsoft.Network/azureFirewalls",
            "properties": [
                "sku": ["tier": "Premium"], "firewallPolicy": ["id": policy],
                "ipConfigurations": [
                    [
                        "name": "c",
                        "properties": [
                            "privateIPAddress": "10.0.1.4", "subnet": ["id": MiniEstate.id("virtualNetworks", "hub") + "/subnets/AzureFirewallSubnet"],
                        ],
                    ]
                ],
            ],
        ])
        return e
    }

    @Test(
        "LAT-EDGE-003, TLS half (FW-14): no certificate authority, or no terminateTLS rule for the training zone's egress, is a finding even with Premium IDPS in Deny",
        arguments: [
            (true, true, "10.9.1.0/24", false), (false, true, "10.9.1.0/24", true), (true, false, "10.9.1.0/24", true), (true, true, "10.8.0.0/16", true),
        ])
    func tlsInspection(certificate: Bool, terminateTLS: Bool, source: String, finding: Bool) throws {
        let e = Self.firewall(certificate: certificate, terminateTLS: terminateTLS, source: source)
        let found = try AuditFindingRuleTests.findings(e, to: "subnet:train/gpu").filter { $0.code == .intrusionDetectionNotDeny }
        #expect(!found.isEmpty == finding)
        if certificate && terminateTLS && finding {
            #expect(found.first?.evidence == .setting(.intrusionDetection(tier: "Premium", mode: .deny, certificate: "inspection-ca", terminatingRules: [])))
        }
    }
}

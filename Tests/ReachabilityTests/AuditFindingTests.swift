import Foundation
import Lateral
import TestSupport
import Testing

/// The catalog findings the model and the attack graph prove: each where the estate says so,
/// none where it does not.
@Suite("Audit findings")
struct AuditFindingTests {
    static func findings(_ paths: [String]) throws -> [AuditFinding] {
        let estate = try Estate.load(paths: paths)
        let analysis = Analysis(
            estate: estate, inputs: paths, from: [.internet, try Selector(parsing: "tag:role=retail-frontend")],
            to: [try Selector(parsing: "tag:role=llm-training")])
        return analysis.findings
    }

    @Test("retail-llm: the README's mistakes are findings, and its controls raise none")
    func retailLLM() throws {
        let found = try Self.findings([Fixtures.path("Topologies/retail-llm")])
        func subjects(_ code: AuditFinding.Code) -> [String] { found.filter { $0.code == code }.compactMap(\.subject?.name) }
        // The jump box: SSH and RDP open to the Internet on its own public IP.
        #expect(subjects(.sshFromInternet) == ["vnet-retail-fe-weu/snet-jump"])
        #expect(subjects(.rdpFromInternet) == ["vnet-retail-fe-weu/snet-jump"])
        // One finding per frontend peering that carries every service into the training zone.
        #expect(subjects(.unfilteredPeering) == ["peer-retail-fe-eus-to-llm-train-chn", "peer-retail-fe-weu-to-llm-train-gwc"])
        #expect(subjects(.gatewayWithoutPreventionWAF) == ["agw-retail-weu"])
        #expect(subjects(.storageOpenToAllNetworks) == ["stllmweightsgwc"])
        // allowSharedKeyAccess and allowBlobPublicAccess are false; the private endpoint is Approved.
        #expect(subjects(.sharedKeyAccess).isEmpty && subjects(.anonymousBlobRead).isEmpty && subjects(.noApprovedPrivateEndpoint).isEmpty)
        // The training subnet that keeps default outbound access.
        let egress = found.filter { $0.code == .egressBypassesFirewall }
        #expect(egress.count == 1)
        #expect(egress.allSatisfy { $0.inTargetZone })
        for code in [AuditFinding.Code.internetToTargets, .entriesToTargets, .targetsToInternet] { #expect(found.contains { $0.code == code }) }
        // Ordered by catalog ID.
        #expect(found.map(\.code) == found.map(\.code).sorted())
    }

    @Test("storage, key vault and registry settings from the import")
    func assets() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers"
        let json = """
            [
              {"id": "\(sub)/Microsoft.Storage/storageAccounts/sanon", "name": "sanon", "type": "Microsoft.Storage/storageAccounts", "location": "westeurope",
               "properties": {"allowBlobPublicAccess": true}},
              {"id": "\(sub)/Microsoft.Storage/storageAccounts/sanon/blobServices/default/containers/weights", "name": "weights",
               "type": "Microsoft.Storage/storageAccounts/blobServices/containers", "properties": {"publicAccess": "Container"}},
              {"id": "\(sub)/Microsoft.Storage/storageAccounts/sclosed", "name": "sclosed", "type": "Microsoft.Storage/storageAccounts", "location": "westeurope",
               "properties": {"allowBlobPublicAccess": false, "allowSharedKeyAccess": false, "publicNetworkAccess": "Disabled", "minimumTlsVersion": "TLS1_2",
                 "sasPolicy": {"sasExpirationPeriod": "0.01:00:00", "expirationAction": "Log"}, "keyPolicy": {"keyExpirationPeriodInDays": 90}}},
              {"id": "\(sub)/Microsoft.KeyVault/vaults/kvopen", "name": "kvopen", "type": "Microsoft.KeyVault/vaults", "location": "westeurope", "properties": {}},
              {"id": "\(sub)/Microsoft.KeyVault/vaults/kvdeny", "name": "kvdeny", "type": "Microsoft.KeyVault/vaults", "location": "westeurope",
               "properties": {"networkAcls": {"defaultAction": "Deny"}}},
              {"id": "\(sub)/Microsoft.ContainerRegistry/registries/acr", "name": "acr", "type": "Microsoft.ContainerRegistry/registries", "location": "westeurope",
               "properties": {"adminUserEnabled": true, "anonymousPullEnabled": true, "publicNetworkAccess": "Enabled"}}
            ]
            """
        let file = directory.appending("assets.json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: file))
        let found = try Self.findings([file])
        func codes(_ name: String) -> [String] { found.filter { $0.subject?.name == name }.map(\.code.rawValue) }
        // Unset: no SAS or key expiration policy, and TLS 1.0 (LAT-STO-004, -005).
        #expect(codes("sanon") == ["LAT-PL-002", "LAT-STO-001", "LAT-STO-002", "LAT-STO-003", "LAT-STO-004", "LAT-STO-005"])
        #expect(codes("sclosed").isEmpty)
        // Unset: access policies and no purge protection (LAT-KV-002, -003).
        #expect(codes("kvopen") == ["LAT-PL-002", "LAT-KV-001", "LAT-KV-002", "LAT-KV-003"])
        // Network rules that deny by default close the public endpoint to all but their own.
        #expect(codes("kvdeny") == ["LAT-PL-002", "LAT-KV-002", "LAT-KV-003"])
        #expect(codes("acr") == ["LAT-PL-002", "LAT-ACR-001", "LAT-ACR-002", "LAT-ACR-003"])
        let anonymous = try #require(found.first { $0.code == .anonymousBlobRead })
        #expect(anonymous.evidence == .setting(.anonymousContainers(["weights"], accountAllows: true)))
    }
}

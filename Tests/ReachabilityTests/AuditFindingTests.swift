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

    static let providers = AuditFindingSettingTests.sub

    static func resource(_ type: String, _ name: String, _ properties: String, kind: String? = nil, path: String? = nil) -> String {
        #"{"id": "\#(providers)/\#(path ?? type)/\#(name)", "name": "\#(name)", "type": "\#(type)", "location": "swedencentral", "#
            + (kind.map { #""kind": "\#($0)", "# } ?? "") + #""properties": {\#(properties)}}"#
    }

    static func workspace(_ name: String, _ properties: String) -> String { resource("Microsoft.MachineLearningServices/workspaces", name, properties) }

    static func onlineEndpoint(_ name: String, _ properties: String) -> String {
        resource(
            "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", name, properties,
            path: "Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints")
    }

    static func account(_ name: String, kind: String, _ properties: String) -> String {
        resource("Microsoft.CognitiveServices/accounts", name, properties, kind: kind)
    }

    @Test(
        "LAT-PL-003: inference services open to every network (unset: Azure's Enabled) or taking keys; closed ones, and accounts that serve no LLM, raise nothing"
    )
    func inferenceEndpoints() throws {
        let found = try AuditFindingSettingTests.findings([
            Self.workspace("ws-unset", ""),
            Self.workspace("ws-behind-vnet", #""publicNetworkAccess": "Disabled", "allowPublicAccessWhenBehindVnet": true"#),
            Self.workspace("ws-closed", #""publicNetworkAccess": "Disabled", "allowPublicAccessWhenBehindVnet": false"#),
            Self.onlineEndpoint("ep-key", #""publicNetworkAccess": "Disabled", "authMode": "Key""#),
            Self.onlineEndpoint("ep-public", #""authMode": "AMLToken""#),
            Self.onlineEndpoint("ep-closed", #""publicNetworkAccess": "Disabled", "authMode": "AADToken""#),
            Self.account("oai-unset", kind: "OpenAI", ""),
            Self.account("oai-keys", kind: "OpenAI", #""publicNetworkAccess": "Disabled""#),
            Self.account(
                "ais-closed", kind: "AIServices", #""publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Deny"}, "disableLocalAuth": true"#),
            Self.account("speech-open", kind: "SpeechServices", ""),
        ])
        #expect(
            AuditFindingSettingTests.names(found, .inferenceEndpointExposed) == ["ep-key", "ep-public", "oai-keys", "oai-unset", "ws-behind-vnet", "ws-unset"])
        func evidence(_ name: String) -> AuditFinding.InferenceEndpoint? {
            guard case .setting(.inferenceEndpoint(let e))? = found.first(where: { $0.code == .inferenceEndpointExposed && $0.subject?.name == name })?.evidence
            else { return nil }
            return e
        }
        #expect(evidence("ep-key").map { !$0.openToAllNetworks && $0.takesKeys } == true)
        #expect(evidence("ep-public").map { $0.openToAllNetworks && !$0.takesKeys } == true)
        #expect(evidence("oai-unset").map { $0.openToAllNetworks && $0.takesKeys && $0.disableLocalAuth == nil } == true)
        #expect(evidence("oai-keys").map { !$0.openToAllNetworks && $0.takesKeys } == true)
        #expect(evidence("ws-behind-vnet").map { $0.openToAllNetworks && $0.publicNetworkAccess == .disabled && $0.publicWhenBehindVnet == true } == true)
        // Workspaces and accounts take private endpoints (LAT-PL-002); online endpoints do not.
        #expect(!AuditFindingSettingTests.names(found, .noApprovedPrivateEndpoint).contains { $0.hasPrefix("ep-") })
        #expect(AuditFindingSettingTests.names(found, .noApprovedPrivateEndpoint).contains("ws-unset"))
    }

    @Test("LAT-PL-003: an open inference service is an asset the Internet reaches on 443, so attack paths into it exist and the finding is escalated")
    func inferenceAsset() throws {
        let found = try AuditFindingSettingTests.findings(
            [Self.workspace("ws-open", ""), Self.onlineEndpoint("ep-closed", #""publicNetworkAccess": "Disabled", "authMode": "AADToken""#)],
            to: "asset:ws-open")
        let finding = try #require(found.first { $0.code == .inferenceEndpointExposed })
        #expect(finding.inTargetZone)
        #expect(found.contains { $0.code == .internetToTargets })
        let closed = try AuditFindingSettingTests.findings(
            [Self.onlineEndpoint("ep-closed", #""publicNetworkAccess": "Disabled", "authMode": "AADToken""#)], to: "asset:ep-closed")
        #expect(!closed.contains { $0.code == .internetToTargets })
    }

    static func connection(_ name: String, endpoint: String?, status: String?) -> String {
        let pe = endpoint.map { #""privateEndpoint": {"id": "\#($0)"}, "# } ?? ""
        let state = status.map { #""privateLinkServiceConnectionState": {"status": "\#($0)"}"# } ?? #""privateLinkServiceConnectionState": {}"#
        return #"{"name": "\#(name)", "properties": {\#(pe)\#(state)}}"#
    }

    @Test(
        "LAT-PL-004: an Approved connection from a subscription outside the input's; Pending ones, the input's own and those naming no endpoint raise nothing")
    func foreignPrivateEndpoints() throws {
        let foreign = "/subscriptions/99999999-0000-0000-0000-000000000000/resourceGroups/rg-x/providers/Microsoft.Network/privateEndpoints/pe-x"
        let own = "\(Self.providers)/Microsoft.Network/privateEndpoints/pe-own"
        func connections(_ list: [String]) -> String { #""publicNetworkAccess": "Disabled", "privateEndpointConnections": [\#(list.joined(separator: ","))]"# }
        let found = try AuditFindingSettingTests.findings([
            AuditFindingSettingTests.storage("st-foreign", connections([Self.connection("c1", endpoint: foreign, status: "Approved")])),
            AuditFindingSettingTests.storage("st-pending", connections([Self.connection("c1", endpoint: foreign, status: "Pending")])),
            AuditFindingSettingTests.storage("st-own", connections([Self.connection("c1", endpoint: own, status: "Approved")])),
            AuditFindingSettingTests.storage("st-unset", connections([Self.connection("c1", endpoint: nil, status: "Approved")])),
            AuditFindingSettingTests.vault(
                "kv-foreign",
                connections([Self.connection("c2", endpoint: own, status: "Approved"), Self.connection("c1", endpoint: foreign, status: "approved")])),
            Self.workspace("ws-foreign", connections([Self.connection("c1", endpoint: foreign, status: "Approved")])),
        ])
        #expect(AuditFindingSettingTests.names(found, .foreignPrivateEndpoint) == ["kv-foreign", "st-foreign", "ws-foreign"])
        let vault = try #require(found.first { $0.code == .foreignPrivateEndpoint && $0.subject?.name == "kv-foreign" })
        guard case .setting(.foreignEndpoints(let listed, let subscriptions)) = vault.evidence else { Issue.record("evidence"); return }
        #expect(listed.map(\.name) == ["c1"] && listed.first?.endpoint?.name == "pe-x" && subscriptions == 1)
    }

    @Test("LAT-ACR-004: images by latest or no tag without a digest; fixed tags and digests raise nothing; in a training subnet it is escalated")
    func mutableImages() throws {
        func group(_ name: String, _ images: [String], subnet: String? = nil) -> String {
            let containers = images.enumerated().map { #"{"name": "c\#($0.offset)", "properties": {"image": "\#($0.element)"}}"# }
            return Self.resource(
                "Microsoft.ContainerInstance/containerGroups", name,
                #""containers": [\#(containers.joined(separator: ","))]"# + (subnet.map { #", "subnetIds": [{"id": "\#($0)"}]"# } ?? ""))
        }
        let found = try AuditFindingSettingTests.findings([
            group("aci-untagged", ["myacr.azurecr.io/vllm"]),
            group("aci-latest", ["myacr.azurecr.io/triton:latest", "myacr.azurecr.io/sidecar:1.2"]),
            group("aci-fixed", ["myacr.azurecr.io/vllm:0.6.3"]),
            group("aci-digest", ["myacr.azurecr.io/vllm:latest@sha256:0123"]),
            Self.resource("Microsoft.App/containerApps", "app-latest", #""template": {"containers": [{"name": "api", "image": "api:latest"}]}"#),
            Self.resource("Microsoft.Web/sites", "web-docker", #""siteConfig": {"linuxFxVersion": "DOCKER|myacr.azurecr.io/serve"}"#),
            Self.resource("Microsoft.Web/sites", "web-python", #""siteConfig": {"linuxFxVersion": "PYTHON|3.11"}"#),
        ])
        #expect(AuditFindingSettingTests.names(found, .mutableImageTag) == ["aci-latest", "aci-untagged", "app-latest", "web-docker"])
        let latest = try #require(found.first { $0.code == .mutableImageTag && $0.subject?.name == "aci-latest" })
        guard case .setting(.mutableImages(let images)) = latest.evidence else { Issue.record("evidence"); return }
        #expect(images.map(\.reference) == ["myacr.azurecr.io/triton:latest"])
        #expect(!latest.inTargetZone)
        // A container group in a training subnet (one holding a NIC tagged role=llm-training).
        let network = "\(Self.providers)/Microsoft.Network/virtualNetworks/vnet-train"
        let subnet = network + "/subnets/snet-gpu"
        let training = try AuditFindingSettingTests.findings([
            #"{"id": "\#(network)", "name": "vnet-train", "type": "Microsoft.Network/virtualNetworks", "location": "swedencentral", "properties": {"addressSpace": {"addressPrefixes": ["10.9.0.0/16"]}, "subnets": [{"id": "\#(subnet)", "name": "snet-gpu", "properties": {"addressPrefix": "10.9.1.0/24"}}]}}"#,
            #"{"id": "\#(Self.providers)/Microsoft.Network/networkInterfaces/nic-gpu", "name": "nic-gpu", "type": "Microsoft.Network/networkInterfaces", "location": "swedencentral", "tags": {"role": "llm-training"}, "properties": {"ipConfigurations": [{"name": "ipc", "properties": {"privateIPAddress": "10.9.1.4", "subnet": {"id": "\#(subnet)"}}}]}}"#,
            group("aci-train", ["myacr.azurecr.io/trainer:latest"], subnet: subnet),
        ])
        #expect(training.first { $0.code == .mutableImageTag }?.inTargetZone == true)
    }
}

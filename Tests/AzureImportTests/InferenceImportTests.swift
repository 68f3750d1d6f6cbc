import AzureImport
import Testing
import TopologyModel

/// The resources the catalog's LAT-PL-003, LAT-PL-004 and LAT-ACR-004 read become types at
/// import: inference services as `ServiceResource`s, the target side's private endpoint
/// connections, the subscriptions of the input, and workloads' image references.
@Suite("Inference services, private endpoint connections and images: typed at import")
struct InferenceImportTests {
    static let providers = "\(SettingValueTests.base)/providers"

    /// A resource of `type` named `name`; `path` is its ID's type path when it is a child
    /// (`Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints`).
    static func resource(_ type: String, _ name: String, _ properties: String, kind: String? = nil, path: String? = nil) -> String {
        #"{"id": "\#(providers)/\#(path ?? type)/\#(name)", "name": "\#(name)", "type": "\#(type)", "location": "swedencentral", "#
            + (kind.map { #""kind": "\#($0)", "# } ?? "") + #""properties": \#(properties)}"#
    }

    @Test("LAT-PL-003: workspaces, online endpoints and Cognitive Services accounts are assets with their settings, not ignored types")
    func inferenceServices() throws {
        let json =
            "["
            + [
                Self.resource(
                    "Microsoft.MachineLearningServices/workspaces", "ws", #"{"publicNetworkAccess": "Disabled", "allowPublicAccessWhenBehindVnet": true}"#),
                Self.resource(
                    "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "ep", #"{"publicNetworkAccess": "enabled", "authMode": "key"}"#,
                    path: "Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints"),
                Self.resource(
                    "Microsoft.CognitiveServices/accounts", "oai", #"{"disableLocalAuth": true, "networkAcls": {"defaultAction": "Deny"}}"#, kind: "OpenAI"),
                Self.resource("Microsoft.CognitiveServices/accounts", "speech", "{}", kind: "SpeechServices"),
            ].joined(separator: ",") + "]"
        let result = try AzureImporter.load(json: json)
        #expect(result.diagnostics.isEmpty && result.ignoredTypes.isEmpty)
        let byName = Dictionary(uniqueKeysWithValues: result.topology.serviceResources.values.map { ($0.name, $0) })
        let ws = try #require(byName["ws"]), ep = try #require(byName["ep"]), oai = try #require(byName["oai"])
        #expect(ws.kind == .machineLearningWorkspace && ws.publicNetworkAccess == .disabled && ws.inference.allowPublicAccessWhenBehindVnet == true)
        #expect(ws.openToAllNetworks)
        #expect(ep.kind == .onlineEndpoint && ep.publicNetworkAccess == .enabled && ep.inference.authMode == .key && !ep.kind.takesPrivateEndpoints)
        #expect(oai.kind == .aiServices && oai.inference.accountKind == .openAI && oai.inference.disableLocalAuth == true && oai.defaultAction == .deny)
        #expect(!oai.openToAllNetworks)
        #expect(byName["speech"]?.inference.accountKind == .other("SpeechServices") && byName["speech"]?.inference.accountKind?.servesLanguageModels == false)
    }

    @Test("LAT-PL-003: unset settings stay nil; an authMode Azure does not define is a warning at its pointer, read as Key")
    func unsetAndUndefined() throws {
        let json =
            "["
            + [
                Self.resource("Microsoft.MachineLearningServices/workspaces", "ws", "{}"),
                Self.resource(
                    "Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "ep", #"{"authMode": "Magic"}"#,
                    path: "Microsoft.MachineLearningServices/workspaces/ws/onlineEndpoints"),
                Self.resource("Microsoft.CognitiveServices/accounts", "ai", "{}"),
            ].joined(separator: ",") + "]"
        let result = try AzureImporter.load(json: json)
        let byName = Dictionary(uniqueKeysWithValues: result.topology.serviceResources.values.map { ($0.name, $0) })
        #expect(byName["ws"]?.inference == InferenceSettings() && byName["ws"]?.publicNetworkAccess == nil && byName["ws"]?.openToAllNetworks == true)
        #expect(byName["ai"]?.inference == InferenceSettings())
        #expect(byName["ep"]?.inference.authMode == .key)
        #expect(result.diagnostics.map(\.pointer) == ["/1/properties/authMode"])
    }

    @Test("LAT-PL-004: the target side's connections, nested or as child resources, and the subscriptions of every resource in the input")
    func targetConnections() throws {
        let foreign = "/subscriptions/99999999-0000-0000-0000-000000000000/resourceGroups/rg-x/providers/Microsoft.Network/privateEndpoints/pe-x"
        let own = "\(Self.providers)/Microsoft.Network/privateEndpoints/pe-own"
        let account = "\(Self.providers)/Microsoft.Storage/storageAccounts/st"
        let json = """
            [{"id": "\(account)", "name": "st", "type": "Microsoft.Storage/storageAccounts", "properties": {"privateEndpointConnections": [
               {"id": "\(account)/privateEndpointConnections/st.x", "name": "st.x",
                "properties": {"privateEndpoint": {"id": "\(foreign)"}, "privateLinkServiceConnectionState": {"status": "Approved"}}}]}},
             {"id": "\(account)/privateEndpointConnections/st.own", "name": "st/st.own", "type": "Microsoft.Storage/storageAccounts/privateEndpointConnections",
              "properties": {"privateEndpoint": {"id": "\(own)"}, "privateLinkServiceConnectionState": {"status": "Pending"}}},
             {"id": "/subscriptions/11111111-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm", "name": "vm",
              "type": "Microsoft.Compute/virtualMachines", "properties": {}}]
            """
        let result = try AzureImporter.load(json: json)
        let connections = try #require(result.topology.storageAccounts.values.first).privateEndpointConnections
        #expect(connections.map(\.name) == ["st.own", "st.x"])
        #expect(connections.map(\.state) == [.pending, .approved])
        #expect(connections[1].endpoint?.subscription == "99999999-0000-0000-0000-000000000000")
        #expect(connections[1].id?.name == "st.x")
        // The virtual machine is ignored, yet its subscription is the estate's.
        #expect(result.ignoredTypes == ["Microsoft.Compute/virtualMachines": 1])
        #expect(result.topology.subscriptions == ["00000000-0000-0000-0000-000000000001", "11111111-0000-0000-0000-000000000000"])
    }

    @Test("LAT-PL-004: a resource without privateEndpointConnections has none")
    func noConnections() throws {
        let result = try AzureImporter.load(json: "[\(SettingValueTests.storage("{}"))]")
        #expect(result.topology.storageAccounts.values.first?.privateEndpointConnections == [])
    }

    @Test("LAT-ACR-004: images of container groups, Container Apps and Docker sites; their types stay ignored (their network side is not modelled)")
    func images() throws {
        let json =
            "["
            + [
                Self.resource(
                    "Microsoft.ContainerInstance/containerGroups", "aci",
                    #"{"containers": [{"name": "vllm", "properties": {"image": "myacr.azurecr.io/vllm"}}], "subnetIds": [{"id": "\#(SmallEstate.subnetID)"}]}"#),
                Self.resource(
                    "Microsoft.App/containerApps", "app",
                    #"{"template": {"containers": [{"name": "api", "image": "registry:5000/team/api:1.4@sha256:abc"}]}}"#),
                Self.resource("Microsoft.Web/sites", "web", #"{"siteConfig": {"linuxFxVersion": "DOCKER|myacr.azurecr.io/triton:latest"}}"#),
                Self.resource("Microsoft.Web/sites", "py", #"{"siteConfig": {"linuxFxVersion": "PYTHON|3.11"}}"#),
            ].joined(separator: ",") + "]"
        let result = try AzureImporter.load(json: json)
        let workloads = result.topology.containerWorkloads.values.sorted { $0.name < $1.name }
        #expect(workloads.map(\.name) == ["aci", "app", "web"])
        #expect(workloads.map(\.kind) == [.containerGroup, .containerApp, .webApp])
        let aci = workloads[0].images[0], app = workloads[1].images[0], web = workloads[2].images[0]
        #expect(aci.container == "vllm" && aci.tag == nil && aci.digest == nil && aci.isMutable)
        #expect(workloads[0].subnets == [ResourceID(SmallEstate.subnetID)])
        #expect(app.tag == "1.4" && app.digest == "sha256:abc" && !app.isMutable)
        #expect(web.container == "linuxFxVersion" && web.reference == "myacr.azurecr.io/triton:latest" && web.tag == "latest" && web.isMutable)
        #expect(result.ignoredTypes == ["Microsoft.ContainerInstance/containerGroups": 1, "Microsoft.App/containerApps": 1, "Microsoft.Web/sites": 2])
    }

    @Test(
        "LAT-ACR-004: tags and digests by the OCI reference grammar",
        arguments: [
            ("nginx", nil, nil, true), ("nginx:latest", "latest", nil, true), ("nginx:LATEST", "LATEST", nil, true), ("nginx:1.27", "1.27", nil, false),
            ("host:5000/repo", nil, nil, true), ("host:5000/repo:v2", "v2", nil, false), ("repo@sha256:ff", nil, "sha256:ff", false),
            ("repo:latest@sha256:ff", "latest", "sha256:ff", false),
        ] as [(String, String?, String?, Bool)])
    func reference(_ text: String, _ tag: String?, _ digest: String?, _ mutable: Bool) {
        let image = ContainerImage(container: "c", reference: text)
        #expect(image.tag == tag && image.digest == digest && image.isMutable == mutable)
    }
}

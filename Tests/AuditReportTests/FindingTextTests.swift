import Reachability
import Testing
import TopologyModel

@testable import AuditReport

/// The words and catalog entries of LAT-PL-003, LAT-PL-004 and LAT-ACR-004: what the estate
/// shows, the unset values as Azure reads them, and the escalation on crown jewels.
@Suite("Finding text: inference endpoints, foreign private endpoints, mutable images")
struct FindingTextTests {
    static let sub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers"

    static func service(
        _ kind: ServiceResource.Kind, access: PublicNetworkAccess? = nil, _ edit: (inout InferenceSettings) -> Void = { _ in }
    ) -> ServiceResource {
        var resource = ServiceResource(
            id: ResourceID("\(sub)/Microsoft.CognitiveServices/accounts/r"), name: "r", kind: kind, location: "swedencentral", tags: [:],
            publicNetworkAccess: access, defaultAction: nil, origin: nil)
        edit(&resource.inference)
        return resource
    }

    static func finding(_ code: AuditFinding.Code, _ setting: AuditFinding.Setting, inZone: Bool = false) -> AuditFinding {
        AuditFinding(
            code: code, subject: .init(id: ResourceID("\(sub)/Microsoft.Storage/storageAccounts/s"), name: "s", origin: nil), evidence: .setting(setting),
            inTargetZone: inZone)
    }

    @Test("LAT-PL-003: unset public access and local auth are worded as Azure reads them; High, Critical on a crown jewel")
    func inferenceUnset() {
        let account = Self.service(.aiServices) { $0.accountKind = .openAI }
        let finding = Self.finding(.inferenceEndpointExposed, .inferenceEndpoint(.init(account)))
        let text = FindingText.sentence(finding)
        #expect(text.hasPrefix("OpenAI account: the public endpoint takes traffic from every network: publicNetworkAccess is unset (Enabled)"))
        #expect(text.contains("disableLocalAuth is unset (false): account keys authorise calls"))
        #expect(FindingCatalog.severity(finding) == .high)
        #expect(FindingCatalog.severity(Self.finding(.inferenceEndpointExposed, .inferenceEndpoint(.init(account)), inZone: true)) == .critical)
    }

    @Test("LAT-PL-003: an online endpoint closed to the Internet but taking keys names only its authMode; a workspace names allowPublicAccessWhenBehindVnet")
    func inferenceHalves() {
        let endpoint = Self.service(.onlineEndpoint, access: .disabled) { $0.authMode = .key }
        let text = FindingText.sentence(Self.finding(.inferenceEndpointExposed, .inferenceEndpoint(.init(endpoint))))
        #expect(text == "Online endpoint: authMode is Key: static keys that never expire authorise scoring calls.")
        let workspace = Self.service(.machineLearningWorkspace, access: .disabled) { $0.allowPublicAccessWhenBehindVnet = true }
        let words = FindingText.sentence(Self.finding(.inferenceEndpointExposed, .inferenceEndpoint(.init(workspace))))
        #expect(words.contains("publicNetworkAccess is Disabled") && words.contains("allowPublicAccessWhenBehindVnet is true") && !words.contains("Key"))
        let entry = FindingCatalog.entry(.inferenceEndpointExposed)
        #expect(
            Set(entry.policies.map(\.guid)).isSuperset(of: [
                "438c38d2-3772-465a-a9cc-7a6666a275ce", "037eea7a-bd0a-46c5-9a66-03aea78705d3", "71ef260a-8f18-47b7-abcb-62d0673d94dc",
            ]))
    }

    @Test("LAT-PL-004: the text says the estate is the input's subscriptions and names the endpoint's subscription")
    func foreign() {
        let endpoint = ResourceID("/subscriptions/99999999-0000-0000-0000-000000000000/resourceGroups/x/providers/Microsoft.Network/privateEndpoints/pe-x")
        let connection = PrivateEndpointConnection(name: "s.x", id: nil, endpoint: endpoint, state: .approved)
        let finding = Self.finding(.foreignPrivateEndpoint, .foreignEndpoints([connection], estateSubscriptions: 2))
        let text = FindingText.sentence(finding)
        #expect(text.contains("s.x from private endpoint pe-x in subscription 99999999-0000-0000-0000-000000000000"))
        #expect(text.contains("not among the 2 subscriptions of the input, which Lateral takes as the estate"))
        #expect(FindingCatalog.severity(finding) == .high && FindingCatalog.entry(.foreignPrivateEndpoint).policies.isEmpty)
    }

    @Test("LAT-ACR-004: each mutable image with its container; an untagged one says it pulls latest; Medium, High in the training zone")
    func images() {
        let images = [ContainerImage(container: "vllm", reference: "acr.azurecr.io/vllm"), ContainerImage(container: "api", reference: "api:latest")]
        let finding = Self.finding(.mutableImageTag, .mutableImages(images))
        #expect(
            FindingText.sentence(finding).hasPrefix(
                "Runs images by a mutable tag, with no @sha256: digest: vllm: acr.azurecr.io/vllm (no tag: latest); api: api:latest."))
        #expect(
            FindingCatalog.severity(finding) == .medium
                && FindingCatalog.severity(Self.finding(.mutableImageTag, .mutableImages(images), inZone: true)) == .high)
    }
}

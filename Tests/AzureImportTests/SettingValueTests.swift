import AzureImport
import Testing
import TopologyModel

/// Enumerated Azure settings become types at import; a value Azure does not define is a
/// warning at its pointer and is read the way that hides no exposure.
@Suite("Enumerated settings: typed at import")
struct SettingValueTests {
    static let base = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-small"

    static func storage(_ properties: String) -> String {
        #"{"id": "\#(base)/providers/Microsoft.Storage/storageAccounts/st", "name": "st", "type": "Microsoft.Storage/storageAccounts", "properties": \#(properties)}"#
    }

    @Test("storage publicNetworkAccess and defaultAction are read case-insensitively")
    func storageSettings() throws {
        let json = "[\(Self.storage(#"{"publicNetworkAccess": "disabled", "networkAcls": {"defaultAction": "DENY"}}"#))]"
        let result = try AzureImporter.load(json: json)
        #expect(result.diagnostics.isEmpty)
        let account = try #require(result.topology.storageAccounts.values.first)
        #expect(account.publicNetworkAccess == .disabled)
        #expect(account.defaultAction == .deny)
    }

    @Test("SecuredByPerimeter is its own value, and its network rules still decide")
    func perimeter() throws {
        let result = try AzureImporter.load(json: "[\(Self.storage(#"{"publicNetworkAccess": "SecuredByPerimeter"}"#))]")
        #expect(result.diagnostics.isEmpty)
        let account = try #require(result.topology.storageAccounts.values.first)
        #expect(account.publicNetworkAccess == .securedByPerimeter)
        #expect(account.publicNetworkAccess?.admitsPublicTraffic == true)
    }

    @Test("an undefined publicNetworkAccess or defaultAction is a warning at its pointer, read as open")
    func undefinedSettings() throws {
        let json = "[\(Self.storage(#"{"publicNetworkAccess": "Sometimes", "networkAcls": {"defaultAction": "Maybe"}}"#))]"
        let result = try AzureImporter.load(json: json, file: "st.json")
        let account = try #require(result.topology.storageAccounts.values.first)
        #expect(account.publicNetworkAccess == .enabled)
        #expect(account.defaultAction == .allow)
        let pointers = result.diagnostics.map(\.pointer)
        #expect(pointers.contains("/0/properties/publicNetworkAccess"))
        #expect(pointers.contains("/0/properties/networkAcls/defaultAction"))
        #expect(result.diagnostics.allSatisfy { $0.file == "st.json" && $0.message.contains("is not a value Azure defines") })
    }

    @Test("a container's publicAccess is typed; an undefined one is taken as Container")
    func containers() throws {
        let account = "\(Self.base)/providers/Microsoft.Storage/storageAccounts/st"
        let json = """
            [\(Self.storage("{}")),
             {"id": "\(account)/blobServices/default/containers/a", "name": "a", "type": "Microsoft.Storage/storageAccounts/blobServices/containers", "properties": {"publicAccess": "Blob"}},
             {"id": "\(account)/blobServices/default/containers/b", "name": "b", "type": "Microsoft.Storage/storageAccounts/blobServices/containers", "properties": {}},
             {"id": "\(account)/blobServices/default/containers/c", "name": "c", "type": "Microsoft.Storage/storageAccounts/blobServices/containers", "properties": {"publicAccess": "Everyone"}}]
            """
        let result = try AzureImporter.load(json: json)
        let containers = try #require(result.topology.storageAccounts.values.first).containers
        #expect(containers == ["a": .blob, "b": BlobPublicAccess.none, "c": .container])
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.pointer == "/3/properties/publicAccess")
    }

    @Test("firewall policy modes are typed; an undefined one is a warning read as Alert")
    func firewallModes() throws {
        let policy = "\(Self.base)/providers/Microsoft.Network/firewallPolicies/pol"
        let json = """
            [{"id": "\(Self.base)/providers/Microsoft.Network/azureFirewalls/fw", "name": "fw", "type": "Microsoft.Network/azureFirewalls",
              "properties": {"threatIntelMode": "Off", "firewallPolicy": {"id": "\(policy)"}}},
             {"id": "\(policy)", "name": "pol", "type": "Microsoft.Network/firewallPolicies",
              "properties": {"threatIntelMode": "deny", "intrusionDetection": {"mode": "Loud"}}}]
            """
        let result = try AzureImporter.load(json: json)
        let firewall = try #require(result.topology.firewalls.values.first)
        #expect(firewall.threatIntelMode == .deny)
        #expect(firewall.intrusionDetectionMode == .alert)
        #expect(result.diagnostics.contains { $0.pointer == "/1/properties/intrusionDetection/mode" && $0.message.contains("Loud") })
    }

    @Test("a gateway connection's status is typed; only NotConnected carries nothing")
    func connectionStatus() {
        #expect(GatewayConnectionStatus(azure: "NotConnected") == .notConnected)
        #expect(!GatewayConnectionStatus(azure: "notconnected").carriesTraffic)
        #expect(GatewayConnectionStatus(azure: "Connecting").carriesTraffic)
        #expect(GatewayConnectionStatus(azure: "Whatever") == .unknown)
        #expect(GatewayConnectionStatus(azure: "Whatever").carriesTraffic)
    }
}

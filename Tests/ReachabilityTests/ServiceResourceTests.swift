import AuditReport
import AzureImport
import Reachability
import Testing
import TopologyModel

/// Key vaults and container registries as assets (KV-1, KV-2, ACR-1, §8 cases 36 and 37).
@Suite("Key vault and container registry exposure")
struct ServiceResourceTests {
    func graph(_ resource: String) throws -> ReachabilityGraph {
        EstateIndex(topology: try AzureImporter.load(json: "[\(resource)]").topology).graph()
    }

    static let vault = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
    static let registry = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr"

    @Test("§8 case 36, KV-1: publicNetworkAccess Disabled closes the vault even with defaultAction Allow")
    func vaultDisabled() throws {
        let closed = try graph(
            #"{"id": "\#(Self.vault)", "type": "Microsoft.KeyVault/vaults", "properties": {"publicNetworkAccess": "Disabled", "networkAcls": {"defaultAction": "Allow"}}}"#
        )
        #expect(closed.hop(from: "internet", to: "asset:kv") == nil)
        let open = try graph(
            #"{"id": "\#(Self.vault)", "type": "Microsoft.KeyVault/vaults", "properties": {"publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Allow"}}}"#
        )
        #expect(open.hop(from: "internet", to: "asset:kv") != nil)
        let denied = try graph(
            #"{"id": "\#(Self.vault)", "type": "Microsoft.KeyVault/vaults", "properties": {"publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Deny"}}}"#
        )
        #expect(denied.hop(from: "internet", to: "asset:kv") == nil)
    }

    @Test("KV-2: a vault without network ACLs is reachable from any network (heuristic)")
    func vaultWithoutACLs() throws {
        #expect(try graph(#"{"id": "\#(Self.vault)", "type": "Microsoft.KeyVault/vaults", "properties": {}}"#).hop(from: "internet", to: "asset:kv") != nil)
    }

    @Test("§8 case 37, ACR-1: admin user and anonymous pull are findings on the Internet hop")
    func registry() throws {
        let g = try graph(
            #"{"id": "\#(Self.registry)", "type": "Microsoft.ContainerRegistry/registries", "sku": {"name": "Premium"}, "properties": {"adminUserEnabled": true, "anonymousPullEnabled": true, "publicNetworkAccess": "Enabled", "networkRuleSet": {"defaultAction": "Allow"}}}"#
        )
        let hop = try #require(g.hop(from: "internet", to: "asset:acr"))
        #expect(hop.findings.contains { $0.text.contains("adminUserEnabled") })
        #expect(hop.findings.contains { $0.text.contains("anonymousPullEnabled") })
    }
}

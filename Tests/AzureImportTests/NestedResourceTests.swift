import AzureImport
import TestSupport
import Testing
import TopologyModel

/// Resources nested in another's `resources` array (PSRule's `Export-AzRuleData`,
/// `Get-AzResource -ExpandProperties`, a VM's REST GET) are read as if listed on their own.
@Suite("Resources nested in a resources array")
struct NestedResourceTests {
    static let storage = Fixtures.corpus("rest-json/PSRule.Rules.Azure__tests_PSRule.Rules.Azure.Tests__Resources.Storage.json")
    static let machines = Fixtures.corpus("rest-json/PSRule.Rules.Azure__tests_PSRule.Rules.Azure.Tests__Resources.VirtualMachine__items_5-7_25.json")
    static let accountID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa1"

    @Test("PSRule's storage export: the containers nested in each account are read")
    func psRuleStorage() throws {
        let result = try AzureImporter.load(paths: [Self.storage])
        let accounts = Dictionary(uniqueKeysWithValues: result.topology.storageAccounts.values.map { ($0.name, $0) })
        #expect(accounts["storage-A"]?.containers == ["container1": BlobPublicAccess.none])
        #expect(accounts["storage-B"]?.containers == ["container1": .blob])
        #expect(accounts["storage-B"]?.allowBlobPublicAccess == true)
        // storage-C nests its container directly, with no blob service between them.
        #expect(accounts["storage-C"]?.containers.keys.sorted() == ["container1"])
        #expect(
            result.ignoredTypes == [
                "Microsoft.Storage/storageAccounts/blobServices": 4, "Microsoft.Storage/storageAccounts/fileServices": 2,
                "Microsoft.Security/DefenderForStorageSettings": 2,
            ])
        #expect(!result.diagnostics.contains { $0.kind == .unsupported }, "\(result.diagnostics.map(\.rendered))")
    }

    @Test("PSRule's VM export: a NIC nested only in its VM is read; a differing copy yields to the NIC's own description")
    func psRuleMachines() throws {
        let result = try AzureImporter.load(paths: [Self.machines])
        #expect(result.topology.interfaces.values.map(\.name).sorted() == ["nic-A", "vm-C-NIC"])
        #expect(result.ignoredTypes == ["Microsoft.Compute/virtualMachines": 3])
        let copies = result.diagnostics.filter { $0.message.contains("is described twice with different content") }
        #expect(copies.map(\.pointer) == ["/1/resources/0", "/2/resources/0"])
        #expect(copies.allSatisfy { $0.severity == .warning && $0.line != nil })
        #expect(copies[0].message.contains("(properties/enableAcceleratedNetworking)"), "\(copies[0].message)")
        #expect(copies[0].message.contains("the copy nested in") && copies[0].message.contains("virtualMachines/vm-A"))
        #expect(copies[0].message.contains(":2 (/0) is"), "the NIC listed on its own is analysed: \(copies[0].message)")
    }

    @Test("children written as templates write them (short type, no id) take their type and ID from the container")
    func shortTypes() throws {
        let json = """
            [{"id": "\(SmallEstate.vnetID)", "name": "vnet1", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
              "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}},
              "resources": [{"type": "subnets", "name": "app", "properties": \(SmallEstate.subnetProperties)}]},
             {"Id": "\(SmallEstate.nsgID)", "Name": "nsg-app", "Type": "Microsoft.Network/networkSecurityGroups", "Location": "westeurope",
              "Properties": {},
              "Resources": [{"Type": "securityRules", "Name": "allow-ssh", "Properties": \(SmallEstate.ruleProperties)}]},
             \(SmallEstate.nic)]
            """
        let result = try AzureImporter.load(json: json)
        #expect(ModelSummary(result.topology) == ModelSummary(try AzureImporter.load(json: SmallEstate.array).topology))
        #expect(result.topology.subnets[ResourceID(SmallEstate.subnetID)] != nil)
        #expect(result.topology.securityGroups[ResourceID(SmallEstate.nsgID)]?.rules.contains { $0.name == "allow-ssh" } == true)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.rendered))")
    }

    @Test(
        "a grandchild with a full type and no id gets its ID below the container",
        arguments: ["default/public", "sa1/default/public", "\(accountID)/blobServices/default/containers/public"])
    func grandchildWithoutID(_ name: String) throws {
        let json = """
            {"id": "\(Self.accountID)", "name": "sa1", "type": "Microsoft.Storage/storageAccounts",
             "properties": {"allowBlobPublicAccess": true},
             "resources": [{"type": "Microsoft.Storage/storageAccounts/blobServices/containers", "name": "\(name)",
                            "properties": {"publicAccess": "Container"}}]}
            """
        let result = try AzureImporter.load(json: json)
        let account = try #require(result.topology.storageAccounts[ResourceID(Self.accountID)])
        #expect(account.containers == ["public": .container])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.rendered))")
    }

    @Test("what cannot be read as a resource is a warning at its pointer, and the rest is read")
    func notRead() throws {
        let json = """
            {"id": "\(Self.accountID)", "name": "sa1", "type": "Microsoft.Storage/storageAccounts", "properties": {},
             "resources": [
               42,
               {"value": []},
               {"type": "Microsoft.Network/networkInterfaces", "name": "nic9"},
               {"type": "blobServices"},
               {"type": "Microsoft.Storage/storageAccounts/blobServices/containers", "name": "a/b/c/d"},
               {"id": "\(Self.accountID)/blobServices/default/containers/kept", "properties": {"publicAccess": "None"}}]}
            """
        let result = try AzureImporter.load(json: json)
        let skipped = result.diagnostics.filter { $0.kind == .unsupported }
        #expect(skipped.map(\.pointer) == (0...4).map { "/resources/\($0)" })
        #expect(skipped.allSatisfy { $0.severity == .warning && $0.message.hasPrefix("nested in Microsoft.Storage/storageAccounts 'sa1' but not read: ") })
        #expect(skipped[0].message.hasSuffix("must be a resource object, found a number"), "\(skipped[0].message)")
        #expect(skipped[1].message.hasSuffix("it has neither \"id\" nor \"type\""), "\(skipped[1].message)")
        #expect(skipped[2].message.contains("Microsoft.Network/networkInterfaces named 'nic9' is not a child of"), "\(skipped[2].message)")
        #expect(skipped[3].message.hasSuffix("no \"name\" to make one from"), "\(skipped[3].message)")
        #expect(result.topology.storageAccounts[ResourceID(Self.accountID)]?.containers == ["kept": BlobPublicAccess.none])
    }

    @Test("\"resources\" that is not an array is a warning")
    func notAnArray() throws {
        let json = #"{"id": "\#(Self.accountID)", "type": "Microsoft.Storage/storageAccounts", "properties": {}, "resources": {"a": 1}}"#
        let result = try AzureImporter.load(json: json)
        let warning = try #require(result.diagnostics.first { $0.kind == .unsupported })
        #expect(warning.pointer == "/resources")
        #expect(warning.message.hasSuffix("\"resources\" must be an array of resources, found an object"), "\(warning.message)")
        #expect(result.topology.storageAccounts.count == 1)
    }
}

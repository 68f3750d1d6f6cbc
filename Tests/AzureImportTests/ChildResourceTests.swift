import AzureImport
import Foundation
import Testing
import TopologyModel

/// Subnets and security rules nested in their parents or given as separate child resources
/// (az resource list, template exports, `.../securityRules/x` GETs) mean the same model.
@Suite("Nested and separate child resources")
struct ChildResourceTests {
    static let nested = SmallEstate.array
    static let separate =
        "[\(SmallEstate.vnet(subnets: "[]")), \(SmallEstate.subnet), \(SmallEstate.nsg(rules: "[]")), \(SmallEstate.rule), \(SmallEstate.nic)]"
    /// Children listed before their parents, with no "subnets"/"securityRules" key at all.
    static let childrenFirst = """
        [\(SmallEstate.rule), \(SmallEstate.subnet), \(SmallEstate.nic),
         {"id": "\(SmallEstate.vnetID)", "type": "Microsoft.Network/virtualNetworks", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}},
         {"id": "\(SmallEstate.nsgID)", "type": "Microsoft.Network/networkSecurityGroups", "properties": {}}]
        """
    /// Both nested and separate: the same subnet and rule twice.
    static let both = "[\(SmallEstate.vnet()), \(SmallEstate.subnet), \(SmallEstate.nsg()), \(SmallEstate.rule), \(SmallEstate.nic)]"
    /// Nested children without their own "id" (synthesised from the parent), plus the separate ones.
    static let bothWithoutNestedIDs = """
        [\(SmallEstate.vnet(subnets: #"[{"name": "app", "properties": \#(SmallEstate.subnetProperties)}]"#)), \(SmallEstate.subnet),
         \(SmallEstate.nsg(rules: #"[{"name": "allow-ssh", "properties": \#(SmallEstate.ruleProperties)}]"#)), \(SmallEstate.rule), \(SmallEstate.nic)]
        """

    @Test(
        "separate children give the nested model",
        arguments: [("separate", separate), ("children first", childrenFirst), ("both", both), ("both, nested without ids", bothWithoutNestedIDs)])
    func sameModel(_ label: String, _ json: String) throws {
        let reference = ModelSummary(try AzureImporter.load(json: Self.nested).topology)
        let result = try AzureImporter.load(json: json)
        let summary = ModelSummary(result.topology)
        #expect(summary == reference, "\(label)")
        #expect(summary.subnets.count == 1)
        #expect(summary.rules.count == 7)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.rendered))")
    }

    @Test("a child given twice is counted once, keeping the fuller description")
    func fullerWins() throws {
        // The nested rule is a bare stub; the separate one has the properties.
        let json = """
            [\(SmallEstate.nsg(rules: #"[{"id": "\#(SmallEstate.ruleID)", "name": "allow-ssh", "properties": {"priority": 100}}]"#)), \(SmallEstate.rule)]
            """
        let t = try AzureImporter.load(json: json).topology
        let nsg = try #require(t.securityGroups.values.first)
        let custom = nsg.rules.filter { !$0.isDefault }
        #expect(custom.count == 1)
        #expect(custom.first?.destinationPorts.portDescription == "22")
        #expect(custom.first?.origin?.pointer == "/1")
    }

    @Test("a later, barer description of a child does not replace the fuller one before it")
    func fullerFirstStays() throws {
        // The separate rule comes first with its properties; the NSG after it nests a stub.
        let json = """
            [\(SmallEstate.rule), \(SmallEstate.nsg(rules: #"[{"id": "\#(SmallEstate.ruleID)", "name": "allow-ssh", "properties": {"priority": 100}}]"#))]
            """
        let t = try AzureImporter.load(json: json).topology
        let custom = try #require(t.securityGroups.values.first).rules.filter { !$0.isDefault }
        #expect(custom.count == 1)
        #expect(custom.first?.destinationPorts.portDescription == "22")
        #expect(custom.first?.origin?.pointer == "/0")
        // The same after a what-if edit elsewhere, which reads the resources by ID.
        let asg = ResourceID("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/asg-new")
        let edit = ResourceEdit(
            target: asg,
            action: .put(
                type: "Microsoft.Network/applicationSecurityGroups",
                body: .object(JSONObject(keys: ["properties"], values: [.object(JSONObject(keys: [], values: []))]))),
            originFile: "change.yaml", originLine: 1)
        let edited = try AzureImporter.build([try SourceDocument(bytes: Array(json.utf8), file: "<memory>")], edits: [edit]).topology
        #expect(edited.applicationSecurityGroups[asg] != nil)
        #expect(try #require(edited.securityGroups.values.first).rules.filter { !$0.isDefault }.first?.destinationPorts.portDescription == "22")
    }

    @Test("a type missing from a resource is read from its id")
    func typeFromID() throws {
        let json = SmallEstate.array
            .replacingOccurrences(of: #""type": "Microsoft.Network/virtualNetworks", "#, with: "")
            .replacingOccurrences(of: #""type": "Microsoft.Network/networkSecurityGroups", "#, with: "")
            .replacingOccurrences(of: #""type": "Microsoft.Network/networkInterfaces", "#, with: "")
            .replacingOccurrences(of: #""type": "Microsoft.Network/virtualNetworks/subnets", "#, with: "")
            .replacingOccurrences(of: #""type": "Microsoft.Network/networkSecurityGroups/securityRules", "#, with: "")
        #expect(!json.contains("\"type\""))
        let t = try AzureImporter.load(json: json).topology
        #expect(ModelSummary(t) == ModelSummary(try AzureImporter.load(json: SmallEstate.array).topology))
        // A separate child without "type" too.
        let separate =
            "[\(SmallEstate.nsg(rules: "[]")), \(SmallEstate.rule.replacingOccurrences(of: #""type": "Microsoft.Network/networkSecurityGroups/securityRules", "#, with: ""))]"
        #expect(try AzureImporter.load(json: separate).topology.securityGroups.values.first?.rules.count == 7)
    }

    @Test("property names and enum values are read case-insensitively")
    func caseInsensitive() throws {
        let json = """
            [{"ID": "\(SmallEstate.vnetID)", "NAME": "vnet1", "TYPE": "MICROSOFT.NETWORK/VIRTUALNETWORKS",
              "Properties": {"ADDRESSSPACE": {"addressprefixes": ["10.0.0.0/16"]},
                "Subnets": [{"Name": "app", "PROPERTIES": {"AddressPrefix": "10.0.1.0/24"}}]}},
             {"id": "\(SmallEstate.nsgID)", "type": "Microsoft.Network/networkSecurityGroups",
              "properties": {"SECURITYRULES": [{"name": "allow-ssh", "Properties": {"PROTOCOL": "TCP", "Access": "ALLOW", "direction": "inbound",
                "Priority": "100", "SourceAddressPrefix": "10.0.0.0/16", "sourceportrange": "*", "DestinationAddressPrefix": "*",
                "DESTINATIONPORTRANGE": "22"}}]}}]
            """
        let result = try AzureImporter.load(json: json)
        let t = result.topology
        #expect(t.networks.values.first?.addressSpace == [IPPrefix("10.0.0.0/16")!])
        #expect(t.subnets[ResourceID(SmallEstate.subnetID)]?.prefixes == [IPPrefix("10.0.1.0/24")!])
        let rule = try #require(t.securityGroups.values.first?.rules.first { !$0.isDefault })
        #expect(rule.protocols == .tcp)
        #expect(rule.protocolText == "TCP")
        #expect(rule.access == .allow)
        #expect(rule.direction == .inbound)
        #expect(rule.priority == 100)
        #expect(rule.destinationPorts.portDescription == "22")
        #expect(rule.source.prefixes == AddressSet(prefixes: [IPPrefix("10.0.0.0/16")!]))
        // Pointers keep the document's spelling.
        #expect(rule.origin?.pointer == "/1/properties/SECURITYRULES/0")
    }
}

/// Children are indexed by parent in runs; a parent's children scattered through the input,
/// between another parent's, must all be found, in input order.
@Suite("Scattered child resources")
struct ScatteredChildTests {
    static func nsg(_ name: String) -> String {
        #"{"id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/networkSecurityGroups/\#(name)", "type": "Microsoft.Network/networkSecurityGroups", "properties": {}}"#
    }

    static func rule(_ nsg: String, _ name: String, _ priority: Int) -> String {
        #"{"id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/networkSecurityGroups/\#(nsg)/securityRules/\#(name)", "type": "Microsoft.Network/networkSecurityGroups/securityRules", "properties": {"protocol": "Tcp", "access": "Allow", "direction": "Inbound", "priority": \#(priority), "sourcePortRange": "*", "destinationPortRange": "22", "sourceAddressPrefix": "*", "destinationAddressPrefix": "*"}}"#
    }

    @Test("rules of two NSGs, interleaved with each other and with their parents, land in the right NSG in input order")
    func interleaved() throws {
        let json =
            "["
            + [
                Self.rule("a", "a1", 100), Self.nsg("a"), Self.rule("b", "b1", 100), Self.rule("a", "a2", 110), Self.nsg("b"),
                Self.rule("b", "b2", 110), Self.rule("a", "a3", 120),
            ].joined(separator: ",") + "]"
        let topology = try AzureImporter.load(json: json).topology
        func names(_ nsg: String) -> [String] {
            let id = ResourceID("/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/networkSecurityGroups/" + nsg)
            return (topology.securityGroups[id]?.rules(.inbound) ?? []).filter { !$0.isDefault }.map(\.name)
        }
        #expect(names("a") == ["a1", "a2", "a3"])
        #expect(names("b") == ["b1", "b2"])
    }
}

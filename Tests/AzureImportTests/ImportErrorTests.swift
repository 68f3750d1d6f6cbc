import AzureImport
import Foundation
import Testing
import TopologyModel

/// Broken input throws an ImportError whose diagnostics say where: file, line, JSON pointer.
@Suite("Import errors")
struct ImportErrorTests {
    // MARK: Malformed JSON

    @Test(
        "malformed JSON names the line and column",
        arguments: [
            ("[\n  {\n    \"id\": \"x\",\n    \"name\": \"a\"\n    \"type\": \"t\"\n  }\n]", 5, 5, "expected ',' or '}' in an object"),
            ("[1,]", 1, 4, "unexpected character ']'"),
            ("{\"value\": [", 1, 12, "unexpected end of input"),
            ("[] x", 1, 4, "unexpected content after the JSON value"),
            ("", 1, 1, "unexpected end of input"),
            ("{'id': 1}", 1, 2, "expected a member name in double quotes"),
            ("[\"a\tb\"]", 1, 4, "control character in a string"),
            ("\n\n  [tru]", 3, 4, "invalid literal"),
            ("\r\n[\r\n  {\"id\": \"\\q\"}]", 3, 13, "invalid escape sequence"),
        ])
    func malformed(_ json: String, _ line: Int, _ column: Int, _ fragment: String) throws {
        let errors = importErrors(json, file: "broken.json")
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.severity == .error)
        #expect(error.kind == .invalidInput)
        #expect(error.file == "broken.json")
        #expect(error.line == line)
        #expect(error.pointer == nil)
        #expect(error.message == "malformed JSON at line \(line), column \(column): \(fragment)")
        #expect(error.rendered == "broken.json:\(line): error: \(error.message)")
    }

    // MARK: Documents that are not resource lists

    @Test(
        "a document that is not an array or object",
        arguments: [
            (#""just a string""#, "a string"), ("42", "a number"), ("null", "null"), ("true", "a boolean"),
        ])
    func scalarDocument(_ json: String, _ kind: String) throws {
        let errors = importErrors(json)
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.file == "bad.json")
        #expect(error.pointer == "")
        #expect(error.message == "expected a JSON array or object of Azure resources, found \(kind)")
    }

    @Test("an ARM deployment template is evaluated: an undeclared parameter is named at its line and pointer")
    func deploymentTemplate() throws {
        let json = """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "resources": [
                {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "[parameters('vnetName')]",
                 "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}}
              ]
            }
            """
        let errors = importErrors(json, file: "azuredeploy.json")
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.file == "azuredeploy.json")
        #expect(error.line == 5)
        #expect(error.pointer == "/resources/0/name")
        #expect(error.message == "parameters('vnetName'): the template declares no such parameter (in [parameters('vnetName')])")
    }

    @Test("an object holding no resources")
    func noResources() throws {
        let error = try #require(importErrors(#"{"foo": [1, 2]}"#).first)
        #expect(error.message.hasPrefix("no Azure resources found"))
        #expect(error.pointer == "")
    }

    @Test("array items that are not resources, and a resource with neither id nor type")
    func badItems() {
        let errors = importErrors(#"[1, "x", {"name": "orphan"}]"#)
        #expect(errors.map(\.pointer) == ["/0", "/1", "/2"])
        #expect(
            errors.map(\.message) == [
                "expected a resource object, found a number", "expected a resource object, found a string",
                #"resource has no "id" (name "orphan")"#,
            ])
    }

    // MARK: Invalid values

    @Test("an invalid CIDR in a VNet address space")
    func invalidAddressSpace() throws {
        let json = """
            [
              {
                "id": "\(SmallEstate.vnetID)",
                "type": "Microsoft.Network/virtualNetworks",
                "properties": {
                  "addressSpace": { "addressPrefixes": ["10.0.0.0/16", "10.0.0.0/33"] }
                }
              }
            ]
            """
        let errors = importErrors(json)
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.file == "bad.json")
        #expect(error.pointer == "/0/properties/addressSpace/addressPrefixes/1")
        // Scalars carry no offset; the line is the resource's.
        #expect(error.line == 2)
        #expect(error.resource == ResourceID(SmallEstate.vnetID))
        #expect(error.message == "invalid CIDR '10.0.0.0/33'")
    }

    @Test("a VNet without an address space, and a subnet with a bad prefix")
    func missingAddressSpace() {
        let json = """
            [{"id": "\(SmallEstate.vnetID)", "type": "Microsoft.Network/virtualNetworks",
              "properties": {"subnets": [{"name": "app", "properties": {"addressPrefix": "10.0.1.0/24x"}}]}}]
            """
        let errors = importErrors(json)
        #expect(errors.map(\.pointer) == ["/0/properties", "/0/properties/subnets/0/properties/addressPrefix"])
        #expect(errors.first?.message == "virtual network 'vnet1' has no addressSpace.addressPrefixes")
        #expect(errors.last?.message == "invalid CIDR '10.0.1.0/24x'")
        #expect(errors.map(\.line) == [2, 2])
    }

    /// An NSG with one rule `r1`; the rule object starts on line 7 and its properties on line 9.
    static func ruleDocument(_ overrides: [String: String?]) -> String {
        let keys = [
            "protocol", "access", "direction", "priority", "sourceAddressPrefix", "sourcePortRange",
            "destinationAddressPrefix", "destinationPortRange",
        ]
        let defaults = [
            "protocol": "\"Tcp\"", "access": "\"Allow\"", "direction": "\"Inbound\"", "priority": "100",
            "sourceAddressPrefix": "\"*\"", "sourcePortRange": "\"*\"", "destinationAddressPrefix": "\"*\"",
            "destinationPortRange": "\"22\"",
        ]
        var members: [String] = []
        for key in keys {
            let value: String? = overrides.keys.contains(key) ? overrides[key]! : defaults[key]
            if let value { members.append("          \"\(key)\": \(value)") }
        }
        for (key, value) in overrides.sorted(by: { $0.key < $1.key }) where !keys.contains(key) {
            if let value { members.append("          \"\(key)\": \(value)") }
        }
        return """
            [
              {
                "id": "\(SmallEstate.nsgID)",
                "type": "Microsoft.Network/networkSecurityGroups",
                "properties": {
                  "securityRules": [
                    {
                      "name": "r1",
                      "properties": {
            \(members.joined(separator: ",\n"))
                      }
                    }
                  ]
                }
              }
            ]
            """
    }

    static let rulePointer = "/0/properties/securityRules/0/properties"

    @Test(
        "invalid security rules",
        arguments: [
            ("port 70000", ["destinationPortRange": "\"70000\""], "/destinationPortRange", 7, "port 70000 is outside 0-65535"),
            ("range to 70000", ["destinationPortRange": "\"80-70000\""], "/destinationPortRange", 7, "port 70000 is outside 0-65535"),
            (
                "port in a list", ["destinationPortRange": nil, "destinationPortRanges": #"["22", "65536"]"#], "/destinationPortRanges/1", 7,
                "port 65536 is outside 0-65535"
            ),
            (
                "half a range", ["destinationPortRange": "\"22-\""], "/destinationPortRange", 7,
                "invalid port '22-': expected *, a port or a range like 1000-2000"
            ),
            ("backwards range", ["destinationPortRange": "\"443-80\""], "/destinationPortRange", 7, "port range '443-80' runs backwards"),
            ("priority 50", ["priority": "50"], "/priority", 7, "priority 50 is outside 100-4096 (NSG-11)"),
            ("priority 99", ["priority": "99"], "/priority", 7, "priority 99 is outside 100-4096 (NSG-11)"),
            ("priority 4097", ["priority": "4097"], "/priority", 7, "priority 4097 is outside 100-4096 (NSG-11)"),
            ("priority 5000", ["priority": "5000"], "/priority", 7, "priority 5000 is outside 100-4096 (NSG-11)"),
            ("fractional priority", ["priority": "100.5"], "/priority", 7, "priority must be an integer, found '100.5'"),
            ("protocol Gre", ["protocol": "\"Gre\""], "/protocol", 7, "protocol 'Gre' is not Tcp, Udp, Icmp, Esp, Ah or *"),
            ("access Maybe", ["access": "\"Maybe\""], "/access", 7, "access 'Maybe' is not Allow or Deny"),
            ("direction", ["direction": "\"Sideways\""], "/direction", 7, "direction 'Sideways' is not Inbound or Outbound"),
            ("no source port", ["sourcePortRange": nil], "", 9, "security rule 'r1' has no sourcePortRange or sourcePortRanges (NSG-10)"),
            (
                "empty source ports", ["sourcePortRange": "\"\"", "sourcePortRanges": "[]"], "", 9,
                "security rule 'r1' has no sourcePortRange or sourcePortRanges (NSG-10)"
            ),
            (
                "no destination address", ["destinationAddressPrefix": nil, "destinationAddressPrefixes": "[]"], "", 9,
                "security rule 'r1' has no destinationAddressPrefix, destinationAddressPrefixes or destinationApplicationSecurityGroups (NSG-10)"
            ),
            ("no priority", ["priority": nil], "", 9, #"security rule 'r1' has no "priority""#),
            ("address /33", ["sourceAddressPrefix": "\"10.0.0.0/33\""], "/sourceAddressPrefix", 7, "invalid IP address or CIDR '10.0.0.0/33'"),
            (
                "address 256", ["sourceAddressPrefixes": #"["10.0.0.1", "256.0.0.1"]"#, "sourceAddressPrefix": nil], "/sourceAddressPrefixes/1", 7,
                "invalid IP address or CIDR '256.0.0.1'"
            ),
        ] as [(String, [String: String?], String, Int, String)])
    func invalidRule(_ label: String, _ overrides: [String: String?], _ pointer: String, _ line: Int, _ message: String) throws {
        let errors = importErrors(Self.ruleDocument(overrides))
        let error = try #require(errors.first, "\(label)")
        #expect(errors.count == 1, "\(label): \(errors.map(\.rendered))")
        #expect(error.file == "bad.json")
        #expect(error.pointer == Self.rulePointer + pointer, "\(label)")
        #expect(error.line == line, "\(label)")
        #expect(error.message == message, "\(label)")
        #expect(error.resource == ResourceID(SmallEstate.nsgID + "/securityRules/r1"))
    }

    @Test("the rule document itself is valid")
    func ruleDocumentBaseline() throws {
        let t = try AzureImporter.load(json: Self.ruleDocument([:])).topology
        #expect(t.securityGroups.values.first?.rules.first?.name == "r1")
    }

    @Test("rendered diagnostics read file:line: at pointer: severity: message")
    func rendered() throws {
        let error = try #require(importErrors(Self.ruleDocument(["priority": "50"])).first)
        #expect(error.rendered == "bad.json:7: at /0/properties/securityRules/0/properties/priority: error: priority 50 is outside 100-4096 (NSG-11)")
    }

    @Test("two rules with one priority in one direction")
    func duplicatePriority() throws {
        func rule(_ name: String, _ direction: String) -> String {
            #"{"name": "\#(name)", "properties": {"protocol": "Tcp", "access": "Allow", "direction": "\#(direction)", "priority": 200, "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "\#(name.count)"}}"#
        }
        let json = """
            [
              {
                "id": "\(SmallEstate.nsgID)",
                "name": "nsg-app",
                "type": "Microsoft.Network/networkSecurityGroups",
                "properties": {
                  "securityRules": [
                    \(rule("first", "Inbound")),
                    \(rule("second", "Inbound")),
                    \(rule("third", "Outbound"))
                  ]
                }
              }
            ]
            """
        let errors = importErrors(json)
        let error = try #require(errors.first)
        #expect(errors.count == 1, "the outbound rule at 200 is fine")
        #expect(error.pointer == "/0/properties/securityRules/1/properties/priority")
        #expect(error.line == 9)
        #expect(error.message == "rules 'first' and 'second' of NSG 'nsg-app' share priority 200 inbound; Azure rejects this (NSG-11)")
    }

    @Test("duplicate priority between a nested rule and a separate child rule")
    func duplicatePrioritySeparate() throws {
        let other = SmallEstate.rule.replacingOccurrences(of: "allow-ssh", with: "allow-ssh-2")
        let errors = importErrors("[\(SmallEstate.nsg()), \(other)]")
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.pointer == "/1/properties/priority")
        #expect(error.message.contains("share priority 100 inbound"))
    }

    @Test("several errors in one file are all reported, sorted by line")
    func severalErrors() {
        // Each rule names every field once (JSON objects with repeated names are not used here).
        func rule(_ name: String, _ overrides: String) -> String {
            #"{"name": "\#(name)", "properties": {"direction": "Inbound", "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*", \#(overrides)}}"#
        }
        let json = """
            [
              {"id": "\(SmallEstate.vnetID)", "type": "Microsoft.Network/virtualNetworks",
               "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/33"]}}},
              {"id": "\(SmallEstate.nsgID)", "type": "Microsoft.Network/networkSecurityGroups",
               "properties": {"securityRules": [
                 \(rule("a", #""protocol": "Tcp", "access": "Allow", "priority": 100, "destinationPortRange": "70000""#)),
                 \(rule("b", #""protocol": "Gre", "access": "Allow", "priority": 110, "destinationPortRange": "22""#)),
                 \(rule("c", #""protocol": "Tcp", "access": "Maybe", "priority": 120, "destinationPortRange": "22""#)),
                 \(rule("d", #""protocol": "Tcp", "access": "Allow", "priority": 5000, "destinationPortRange": "22""#))
               ]}},
              \(SmallEstate.nic.replacingOccurrences(of: "10.0.1.4", with: "10.0.1.999"))
            ]
            """
        let errors = importErrors(json, file: "several.json")
        #expect(errors.count == 6, "\(errors.map(\.rendered))")
        #expect(errors.allSatisfy { $0.file == "several.json" && $0.severity == .error })
        #expect(
            Set(errors.compactMap(\.pointer)) == [
                "/0/properties/addressSpace/addressPrefixes/0",
                "/1/properties/securityRules/0/properties/destinationPortRange",
                "/1/properties/securityRules/1/properties/protocol",
                "/1/properties/securityRules/2/properties/access",
                "/1/properties/securityRules/3/properties/priority",
                "/2/properties/ipConfigurations/0/properties/privateIPAddress",
            ])
        #expect(errors.map(\.line) == [2, 6, 7, 8, 9, 12])
    }
}

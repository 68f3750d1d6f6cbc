import Foundation
import TestSupport
import Testing
import TopologyModel

@testable import AzureImport

/// Templates turned into resources: copy loops, conditions, child resources, nested
/// deployments and their scopes, symbolic names, parameters and their precedence.
@Suite("Template expansion")
struct TemplateExpansionTests {
    static let schema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"
    static let rg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/template-rg/providers/Microsoft.Network"

    func subnet(_ result: ImportResult, _ vnet: String, _ name: String) -> Subnet? {
        result.topology.subnets[ResourceID("\(Self.rg)/virtualNetworks/\(vnet)/subnets/\(name)")]
    }

    @Test("resource, property and variable copy loops")
    func copies() throws {
        let result = try TemplateTesting.expand(
            """
            {"$schema": "\(Self.schema)", "contentVersion": "1.0.0.0",
             "parameters": {"spokes": {"type": "int", "defaultValue": 3}},
             "variables": {"copy": [{"name": "rules", "count": 2,
                 "input": {"name": "[concat('allow-', copyIndex('rules'))]",
                           "properties": {"priority": "[add(100, copyIndex('rules'))]", "access": "Allow", "direction": "Inbound", "protocol": "Tcp",
                                          "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*",
                                          "destinationPortRange": "[string(add(8080, copyIndex('rules')))]"}}}]},
             "resources": [
               {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-05-01", "name": "[format('spoke{0}', copyIndex(1))]",
                "copy": {"name": "spokeLoop", "count": "[parameters('spokes')]"},
                "properties": {"addressSpace": {"addressPrefixes": ["[cidrSubnet('10.0.0.0/8', 16, copyIndex())]"]},
                  "copy": [{"name": "subnets", "count": 2, "input": {"name": "[concat('snet', copyIndex('subnets'))]",
                     "properties": {"addressPrefix": "[cidrSubnet(cidrSubnet('10.0.0.0/8', 16, copyIndex()), 24, copyIndex('subnets'))]"}}}]}},
               {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-05-01", "name": "nsg",
                "properties": {"securityRules": "[variables('rules')]"}}
             ]}
            """)
        #expect(result.topology.networks.count == 3)
        #expect(subnet(result, "spoke3", "snet1")?.prefixes.map(\.description) == ["10.2.1.0/24"])
        #expect(subnet(result, "spoke1", "snet0")?.prefixes.map(\.description) == ["10.0.0.0/24"])
        let nsg = try #require(result.topology.securityGroups[ResourceID("\(Self.rg)/networkSecurityGroups/nsg")])
        let custom = nsg.rules.filter { !$0.isDefault }
        #expect(custom.map(\.name) == ["allow-0", "allow-1"])
        #expect(custom.map(\.destinationPorts.portDescription) == ["8080", "8081"])
        #expect(nsg.origin == SourceLocation(file: "template.json", pointer: "/resources/1"))
    }

    @Test("conditions: false leaves a resource out, a deploy-time one keeps it with a warning")
    func conditions() throws {
        let result = try TemplateTesting.expand(
            """
            {"$schema": "\(Self.schema)",
             "parameters": {"hub": {"type": "string", "defaultValue": "No"}},
             "resources": [
               {"condition": "[equals(parameters('hub'), 'Yes')]", "type": "Microsoft.Network/virtualNetworks", "name": "hub",
                "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}},
               {"condition": "[not(equals(parameters('hub'), 'Yes'))]", "type": "Microsoft.Network/virtualNetworks", "name": "solo",
                "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}}},
               {"condition": "[equals(reference('x').state, 'on')]", "type": "Microsoft.Network/virtualNetworks", "name": "maybe",
                "properties": {"addressSpace": {"addressPrefixes": ["10.2.0.0/16"]}}}
             ]}
            """, options: TemplateOptions(parameterValues: [("hub", "No")]))
        #expect(Set(result.topology.networks.values.map(\.name)) == ["solo", "maybe"])
        #expect(result.diagnostics.contains { $0.pointer == "/resources/2/condition" && $0.message.contains("known only at deploy time") })
    }

    @Test("child resources nested in resources get their full type and name")
    func children() throws {
        let result = try TemplateTesting.expand(
            """
            {"$schema": "\(Self.schema)", "resources": [
              {"type": "Microsoft.Network/virtualNetworks", "name": "vnet", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}},
               "resources": [{"type": "subnets", "name": "web", "properties": {"addressPrefix": "10.0.1.0/24"}}]},
              {"type": "Microsoft.Network/virtualNetworks/subnets", "name": "vnet/db", "properties": {"addressPrefix": "10.0.2.0/24"}}
            ]}
            """)
        #expect(subnet(result, "vnet", "web")?.prefixes.map(\.description) == ["10.0.1.0/24"])
        #expect(subnet(result, "vnet", "web")?.origin == SourceLocation(file: "template.json", pointer: "/resources/0/resources/0"))
        #expect(subnet(result, "vnet", "db")?.prefixes.map(\.description) == ["10.0.2.0/24"])
    }

    @Test("nested deployments: outer scope reads the parent's names, inner its own parameters, both deploy where they say")
    func nestedScopes() throws {
        let result = try TemplateTesting.expand(
            """
            {"$schema": "\(Self.schema)",
             "variables": {"prefix": "10.5.0.0/16"},
             "resources": [
              {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "outerOne", "resourceGroup": "network-rg",
               "properties": {"mode": "Incremental", "template": {"$schema": "\(Self.schema)", "resources": [
                 {"type": "Microsoft.Network/virtualNetworks", "name": "outer", "properties": {"addressSpace": {"addressPrefixes": ["[variables('prefix')]"]}}}]}}},
              {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "innerOne",
               "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"},
                 "parameters": {"space": {"value": "[replace(variables('prefix'), '5', '6')]"}},
                 "template": {"$schema": "\(Self.schema)", "parameters": {"space": {"type": "string"}},
                   "variables": {"prefix": "ignored"},
                   "resources": [{"type": "Microsoft.Network/virtualNetworks", "name": "[deployment().name]",
                     "properties": {"addressSpace": {"addressPrefixes": ["[parameters('space')]"]}}}]}}}
            ]}
            """)
        let outer = try #require(
            result.topology.networks[
                ResourceID("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/network-rg/providers/Microsoft.Network/virtualNetworks/outer")])
        #expect(outer.addressSpace.map(\.description) == ["10.5.0.0/16"])
        #expect(outer.origin?.pointer == "/resources/0/properties/template/resources/0")
        let inner = try #require(result.topology.networks[ResourceID("\(Self.rg)/virtualNetworks/innerOne")])
        #expect(inner.addressSpace.map(\.description) == ["10.6.0.0/16"])
    }

    @Test("an inner-scope deployment inside an outer-scope one evaluates what was escaped with [[ for it")
    func escapedForInner() throws {
        let result = try TemplateTesting.expand(
            """
            {"$schema": "\(Self.schema)", "variables": {"hub": "hub-vnet"},
             "resources": [
              {"type": "Microsoft.Resources/deployments", "name": "outer",
               "properties": {"mode": "Incremental", "template": {"$schema": "\(Self.schema)", "resources": [
                 {"type": "Microsoft.Resources/deployments", "name": "inner",
                  "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"},
                    "parameters": {"name": {"value": "[variables('hub')]"}},
                    "template": {"$schema": "\(Self.schema)", "parameters": {"name": {"type": "string"}},
                      "resources": [{"type": "Microsoft.Network/virtualNetworks", "name": "[[parameters('name')]",
                        "properties": {"addressSpace": {"addressPrefixes": ["[[concat('10.', '4.0.0/16')]"]}}}]}}}]}}}
            ]}
            """)
        let vnet = try #require(result.topology.networks[ResourceID("\(Self.rg)/virtualNetworks/hub-vnet")])
        #expect(vnet.addressSpace.map(\.description) == ["10.4.0.0/16"])
    }

    @Test("languageVersion 2.0: resources by symbolic name, existing ones not deployed, user-defined functions")
    func symbolicNames() throws {
        let result = try TemplateTesting.expand(
            """
            {"$schema": "\(Self.schema)", "languageVersion": "2.0", "contentVersion": "1.0.0.0",
             "metadata": {"_generator": {"name": "bicep", "version": "0.32.4.45862"}},
             "functions": [{"namespace": "__bicep", "members": {"snet": {"parameters": [{"type": "int", "name": "i"}],
                "output": {"type": "string", "value": "[cidrSubnet('10.9.0.0/16', 24, parameters('i'))]"}}}}],
             "resources": {
               "hub": {"existing": true, "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-05-01", "name": "hub"},
               "spoke": {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-05-01", "name": "spoke",
                 "properties": {"addressSpace": {"addressPrefixes": ["10.9.0.0/16"]},
                   "subnets": [{"name": "a", "properties": {"addressPrefix": "[__bicep.snet(2)]"}}]}},
               "toHub": {"type": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings", "apiVersion": "2023-05-01",
                 "name": "[format('{0}/{1}', 'spoke', 'to-hub')]", "dependsOn": ["spoke", "hub"],
                 "properties": {"remoteVirtualNetwork": {"id": "[resourceId('Microsoft.Network/virtualNetworks', 'hub')]"},
                   "allowVirtualNetworkAccess": true}}
             }}
            """)
        #expect(result.topology.networks.values.map(\.name) == ["spoke"])
        #expect(subnet(result, "spoke", "a")?.prefixes.map(\.description) == ["10.9.2.0/24"])
        let peering = try #require(result.topology.peerings.values.first)
        #expect(peering.remoteNetwork == ResourceID("\(Self.rg)/virtualNetworks/hub"))
        #expect(peering.origin?.pointer == "/resources/toHub")
        #expect(result.diagnostics.contains { $0.message.contains("declared as existing") })
    }

    @Test("parameter precedence: name=value over files over the default; undeclared names are warned about")
    func precedence() throws {
        let template = """
            {"$schema": "\(Self.schema)", "parameters": {"prefix": {"type": "string", "defaultValue": "10.0.0.0/16"}, "count": {"type": "int"}},
             "resources": [{"type": "Microsoft.Network/virtualNetworks", "name": "[concat('v', parameters('count'))]",
               "properties": {"addressSpace": {"addressPrefixes": ["[parameters('prefix')]"]}}}]}
            """
        let defaulted = try TemplateTesting.expand(template, options: TemplateOptions(parameterValues: [("count", "1")]))
        #expect(defaulted.topology.networks.values.first?.addressSpace.map(\.description) == ["10.0.0.0/16"])
        let given = try TemplateTesting.expand(
            template, options: TemplateOptions(parameterValues: [("count", "2"), ("prefix", "10.1.0.0/16"), ("stray", "x")]))
        #expect(given.topology.networks.values.first?.name == "v2")
        #expect(given.topology.networks.values.first?.addressSpace.map(\.description) == ["10.1.0.0/16"])
        #expect(given.diagnostics.contains { $0.message.contains("parameter 'stray', which the template does not declare") })
    }

    @Test("the deployment context comes from the options, or defaults said in a note")
    func context() throws {
        let template = """
            {"$schema": "\(Self.schema)", "resources": [{"type": "Microsoft.Network/virtualNetworks", "name": "v", "location": "[resourceGroup().location]",
               "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}}]}
            """
        let given = try TemplateTesting.expand(template, options: TemplateOptions(subscription: "sub-1", resourceGroup: "rg-1", location: "norwayeast"))
        let vnet = try #require(given.topology.networks.values.first)
        #expect(vnet.id == ResourceID("/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Network/virtualNetworks/v"))
        #expect(vnet.location == "norwayeast")
        #expect(!given.diagnostics.contains { $0.message.contains("(defaults;") })
        let defaulted = try TemplateTesting.expand(template)
        #expect(defaulted.diagnostics.contains { $0.severity == .note && $0.message.contains("subscription 00000000-0000-0000-0000-000000000000") })
    }

    @Test("bad input: a missing parameter, an unknown function and a bad name are each named with file, line and pointer")
    func badInput() {
        let template = """
            {"$schema": "\(Self.schema)",
             "parameters": {"name": {"type": "string"}},
             "resources": [
               {"type": "Microsoft.Network/virtualNetworks", "name": "[parameters('name')]"},
               {"type": "Microsoft.Network/virtualNetworks", "name": "v", "properties": {"addressSpace": {"addressPrefixes": ["[cidrBlock('10.0.0.0/8')]"]}}},
               {"type": "Microsoft.Network/virtualNetworks/subnets", "name": "no-parent"}
             ]}
            """
        let error = #expect(throws: ImportError.self) { try TemplateTesting.expand(template) }
        let diagnostics = error?.diagnostics ?? []
        #expect(diagnostics.count == 3)
        let missing = diagnostics.first { $0.pointer == "/resources/0/name" }
        #expect(missing?.message.contains("parameter 'name' has no value and no default") == true)
        #expect(missing?.line == 4)
        let unknown = diagnostics.first { $0.pointer == "/resources/1/properties/addressSpace/addressPrefixes/0" }
        #expect(unknown?.message.contains("unknown template function 'cidrBlock'") == true)
        #expect(unknown?.file == "template.json")
        #expect(diagnostics.contains { $0.pointer == "/resources/2" && $0.message.contains("needs 2 (one per level: parent/child)") })
    }

    @Test("a linked template beside the file is read in its own scope, with its own file and lines; a missing one is a warning")
    func linked() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-linked")
        defer { directory.remove() }
        try FileManager.default.createDirectory(at: directory.appending("nested"), withIntermediateDirectories: true)
        let child = directory.appending("nested/vnet.json").path
        try """
        {"$schema": "\(Self.schema)",
         "parameters": {"prefix": {"type": "string"}},
         "resources": [
           {"type": "Microsoft.Network/virtualNetworks", "name": "linked",
            "properties": {"addressSpace": {"addressPrefixes": ["[parameters('prefix')]"]}}}]}
        """.write(toFile: child, atomically: true, encoding: .utf8)
        let main = directory.appending("main.json").path
        try """
        {"$schema": "\(Self.schema)", "resources": [
          {"type": "Microsoft.Resources/deployments", "name": "net",
           "properties": {"mode": "Incremental", "templateLink": {"relativePath": "nested/vnet.json"},
                          "parameters": {"prefix": {"value": "10.7.0.0/16"}}}},
          {"type": "Microsoft.Resources/deployments", "name": "gone",
           "properties": {"mode": "Incremental", "templateLink": {"uri": "https://example.org/t/missing.json"}}}
        ]}
        """.write(toFile: main, atomically: true, encoding: .utf8)
        let result = try AzureImporter.load(paths: [main])
        let vnet = try #require(result.topology.networks.values.first)
        #expect(vnet.addressSpace.map(\.description) == ["10.7.0.0/16"])
        #expect(vnet.origin == SourceLocation(file: child, pointer: "/resources/0"))
        #expect(result.diagnostics.contains { $0.file == main && $0.message.contains("the linked template 'https://example.org/t/missing.json'") })
    }

    @Test("reference() of a resource the template declares reads its declaration; what Azure sets at deployment stays symbolic")
    func declaredReference() throws {
        let result = try TemplateTesting.expand(
            """
            {"$schema": "\(Self.schema)", "resources": [
              {"type": "Microsoft.Network/networkInterfaces", "name": "nva-nic",
               "properties": {"ipConfigurations": [{"name": "ip", "properties": {"privateIPAllocationMethod": "Static", "privateIPAddress": "10.0.1.4"}}]}},
              {"type": "Microsoft.Network/routeTables", "name": "rt",
               "properties": {"routes": [
                 {"name": "via-nva", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance",
                   "nextHopIpAddress": "[reference(resourceId('Microsoft.Network/networkInterfaces', 'nva-nic')).ipConfigurations[0].properties.privateIPAddress]"}},
                 {"name": "via-pip", "properties": {"addressPrefix": "10.9.0.0/16", "nextHopType": "VirtualAppliance",
                   "nextHopIpAddress": "[reference('nva-nic').ipConfigurations[0].properties.publicIPAddress.ipAddress]"}}]}}
            ]}
            """)
        let routes = try #require(result.topology.routeTables.values.first).routes
        #expect(routes.first { $0.name == "via-nva" }?.nextHopAddress == IPAddress("10.0.1.4"))
        #expect(result.diagnostics.contains { $0.severity == .note && $0.message.contains("is read from the template's own declaration") })
        // A public IP's address is not in the declaration: the route's next hop is not known.
        #expect(routes.first { $0.name == "via-pip" }?.nextHopAddress == nil)
        #expect(result.diagnostics.contains { $0.pointer?.hasPrefix("/resources/1/properties/routes/1") == true && $0.message.contains("deploy time") })
    }

    @Test("comments are accepted in templates, and only there")
    func comments() throws {
        let result = try TemplateTesting.expand(
            """
            // a template
            {"$schema": "\(Self.schema)", /* the resources */ "resources": [
              {"type": "Microsoft.Network/virtualNetworks", "name": "v", // the only one
               "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}}]}
            """)
        #expect(result.topology.networks.count == 1)
        #expect(throws: ImportError.self) { try AzureImporter.load(json: "// no\n[]") }
    }
}

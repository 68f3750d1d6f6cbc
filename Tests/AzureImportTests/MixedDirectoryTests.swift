import AzureImport
import Foundation
import TestSupport
import Testing
import TopologyModel

/// A directory holding templates, parameter files, Terraform plans and exports side by side:
/// each file is recognised by what it holds, and every file's errors are named in one run.
@Suite("Directories of mixed inputs")
struct MixedDirectoryTests {
    static let schema = "https://schema.management.azure.com/schemas/2019-04-01/"

    /// A template deploying one VNet whose name and prefix are parameters, with comments.
    static func template(_ parameter: String) -> String {
        """
        {
          // a line comment, as Azure accepts
          "$schema": "\(schema)deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": { "\(parameter)": { "type": "string" }, "prefix": { "type": "string", "defaultValue": "10.99.0.0/16" } },
          /* a block comment */
          "resources": [
            { "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-04-01", "name": "[parameters('\(parameter)')]",
              "location": "westeurope", "properties": { "addressSpace": { "addressPrefixes": ["[parameters('prefix')]"] } } }
          ]
        }
        """
    }

    static func parameters(_ values: [String: String], schema: Bool = true, link: String? = nil) -> String {
        let entries = values.sorted { $0.key < $1.key }.map { "\"\($0.key)\": { \"value\": \"\($0.value)\" }" }.joined(separator: ", ")
        return """
            {
              /* parameters */
              \(schema ? "\"$schema\": \"\(Self.schema)deploymentParameters.json#\"," : "")
              "contentVersion": "1.0.0.0",
              \(link.map { "\"metadata\": { \"template\": \"\($0)\" }," } ?? "")
              "parameters": { \(entries) } // values
            }
            """
    }

    func write(_ files: [String: String], in directory: TemporaryDirectory) throws {
        for (name, text) in files {
            let url = directory.appending(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    func networks(_ result: ImportResult) -> [String] {
        result.topology.networks.values.map { "\($0.name) \($0.addressSpace.map(\.description).joined(separator: ","))" }.sorted()
    }

    @Test("templates, their parameter files (paired four ways), a plan and an export in one directory")
    func mixed() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-mixed")
        defer { directory.remove() }
        try write(
            [
                // By name: X.parameters.json with X.json.
                "net/main.json": Self.template("name"),
                "net/main.parameters.json": Self.parameters(["name": "vnet-main", "prefix": "10.50.0.0/16"]),
                // PSRule's names: X.Parameters.json with X.Template.json.
                "psrule/Resources.Net.Template.json": Self.template("name"),
                "psrule/Resources.Net.Parameters.json": Self.parameters(["name": "vnet-psrule"]),
                // The portal's export: template.json and parameters.json, with no $schema.
                "portal/template.json": Self.template("virtualNetworks_portal_name"),
                "portal/parameters.json": Self.parameters(["virtualNetworks_portal_name": "vnet-portal"], schema: false),
                // PSRule's metadata link, across directories.
                "linked/site.json": Self.template("siteName"),
                "params/site-values.json": Self.parameters(["siteName": "vnet-linked"], link: "../linked/site.json"),
            ], in: directory)
        try write(
            [
                "plan/tfplan.json": String(decoding: Fixtures.read(Fixtures.fixture("Terraform/hub-spoke-v4.tfplan.json")), as: UTF8.self),
                "export/peering.json": String(
                    decoding: Fixtures.read(
                        Fixtures.corpus("rest-json/azure-rest-api-specs__network_stable_2024-01-01_examples__VirtualNetworkPeeringGet.json")),
                    as: UTF8.self),
            ], in: directory)
        let result = try AzureImporter.load(paths: [directory.path])
        #expect(
            networks(result) == [
                "vnet-hub 10.10.0.0/16", "vnet-linked 10.99.0.0/16", "vnet-main 10.50.0.0/16", "vnet-portal 10.99.0.0/16",
                "vnet-psrule 10.99.0.0/16", "vnet-spoke 10.20.0.0/16",
            ])
        #expect(result.files.count == 10)
        let unpaired = result.diagnostics.filter {
            $0.message.contains("no Azure resources") || $0.message.contains("parameter file with no template") || $0.message.contains("has no value")
        }
        #expect(unpaired.isEmpty, "\(unpaired.map(\.rendered))")
    }

    @Test("files of other tools (a quickstart's metadata.json, bicepconfig.json, .terraform/) are skipped with a warning each")
    func otherTools() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-mixed-other")
        defer { directory.remove() }
        try write(
            [
                "vnet/main.json": Self.template("name"), "vnet/main.parameters.json": Self.parameters(["name": "vnet-main"]),
                "vnet/metadata.json": #"{"$schema": "https://aka.ms/azure-quickstart-templates-metadata-schema#", "itemDisplayName": "A VNet"}"#,
                "bicepconfig.json": #"{"analyzers": {"core": {"enabled": true}}}"#,
                ".terraform/modules/modules.json": #"{"Modules": []}"#,
                ".git/HEAD": "ref: refs/heads/main\n",
            ], in: directory)
        let result = try AzureImporter.load(paths: [directory.path])
        #expect(networks(result) == ["vnet-main 10.99.0.0/16"])
        #expect(result.files.map { URL(fileURLWithPath: $0).lastPathComponent } == ["main.json", "main.parameters.json"])
        let skipped = result.diagnostics.filter { $0.message.hasPrefix("skipped: ") }
        #expect(skipped.allSatisfy { $0.severity == .warning })
        #expect(
            skipped.map { "\($0.file.map { String($0.dropFirst(directory.path.count + 1)) } ?? "") \($0.message)" } == [
                ".terraform skipped: a hidden directory is not searched (name it as an input to read its .json files)",
                "bicepconfig.json skipped: Bicep's configuration file holds no Azure resources",
                "vnet/metadata.json skipped: its \"$schema\" (https://aka.ms/azure-quickstart-templates-metadata-schema#) names neither a deployment template nor a parameter file, and it holds no Azure resources",
            ])
        // Named as an input, a file of another tool is refused.
        let named = try #require(throws: ImportError.self) { try AzureImporter.load(paths: [directory.appending("vnet/metadata.json").path]) }
        #expect(named.diagnostics.first?.message.hasPrefix("no Azure resources found") == true)
    }

    @Test("a linked template beside the template that links to it is deployed through it only, with the parameters it passes")
    func linkedTemplate() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-mixed-linked")
        defer { directory.remove() }
        let main = """
            {"$schema": "\(Self.schema)deploymentTemplate.json#", "contentVersion": "1.0.0.0", "resources": [
              {"type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "net",
               "properties": {"mode": "Incremental", "templateLink": {"relativePath": "nestedtemplates/vnet.json"},
                              "parameters": {"name": {"value": "vnet-linked"}, "prefix": {"value": "10.7.0.0/16"}}}}]}
            """
        // Without a default for "name", the linked template alone could not be evaluated.
        let linked = Self.template("name").replacingOccurrences(of: #""defaultValue": "10.99.0.0/16""#, with: #""metadata": {}"#)
        try write(["azuredeploy.json": main, "nestedtemplates/vnet.json": linked], in: directory)
        let result = try AzureImporter.load(paths: [directory.path])
        #expect(networks(result) == ["vnet-linked 10.7.0.0/16"])
        let note = try #require(result.diagnostics.first { $0.message.hasPrefix("a linked template of") })
        #expect(note.file == directory.appending("nestedtemplates/vnet.json").path)
        #expect(note.message == "a linked template of \(directory.appending("azuredeploy.json").path): analysed as that template deploys it, not on its own")
        #expect(note.severity == .note)
    }

    @Test("a parameter file named after a template that is not there is not used with another template in its directory")
    func namedAfterAbsentTemplate() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-mixed-absent")
        defer { directory.remove() }
        try write(
            [
                "a/one.json": Self.template("name"), "a/one.parameters.json": Self.parameters(["name": "vnet-one"]),
                "a/two.parameters.json": Self.parameters(["name": "vnet-two"]),
                "b/three.json": Self.template("name"), "b/three.parameters.json": Self.parameters(["name": "vnet-three"]),
            ], in: directory)
        let result = try AzureImporter.load(paths: [directory.path])
        #expect(networks(result) == ["vnet-one 10.99.0.0/16", "vnet-three 10.99.0.0/16"])
        let warning = try #require(result.diagnostics.first { $0.message.contains("parameter file with no template") })
        #expect(warning.file == directory.appending("a/two.parameters.json").path)
        #expect(warning.severity == .warning)
    }

    @Test("a parameter file given with --parameters is not also reported as unpaired")
    func givenAndInDirectory() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-mixed-given")
        defer { directory.remove() }
        try write(["a/one.json": Self.template("name"), "b/one.parameters.json": Self.parameters(["name": "vnet-one"])], in: directory)
        try write(["c/two.json": Self.template("name")], in: directory)
        let given = directory.appending("b/one.parameters.json").path
        let result = try AzureImporter.load(paths: [directory.path], templates: TemplateOptions(parameterFiles: [given]))
        // Both templates deploy the VNet the given file names, under one ID.
        #expect(networks(result) == ["vnet-one 10.99.0.0/16"])
        #expect(!result.diagnostics.contains { $0.message.contains("parameter file with no template") }, "\(result.diagnostics.map(\.rendered))")
    }

    @Test("two parameter files beside one template are two deployments, each into its own resource group unless one is given")
    func environments() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-mixed-environments")
        defer { directory.remove() }
        try write(
            [
                "main.json": Self.template("name"),
                "main.parameters.dev.json": Self.parameters(["name": "vnet-app", "prefix": "10.1.0.0/16"]),
                "main.parameters.prod.json": Self.parameters(["name": "vnet-app", "prefix": "10.2.0.0/16"]),
            ], in: directory)
        let result = try AzureImporter.load(paths: [directory.path])
        let groups = result.topology.networks.values.map { "\($0.id.text.split(separator: "/")[3]) \($0.addressSpace.map(\.description))" }.sorted()
        #expect(groups == ["template-rg-dev [\"10.1.0.0/16\"]", "template-rg-prod [\"10.2.0.0/16\"]"])
        let notes = result.diagnostics.filter { $0.message.hasPrefix("deployed once per parameter file beside it (2 of them)") }
        #expect(notes.count == 2 && notes.allSatisfy { $0.severity == .note && $0.file == directory.appending("main.json").path })
        // Into one resource group given, the two deployments of one VNet disagree: refused, naming both.
        let error = try #require(throws: ImportError.self) {
            try AzureImporter.load(paths: [directory.path], templates: TemplateOptions(resourceGroup: "rg-app"))
        }
        #expect(error.diagnostics.contains { $0.message.contains("rg-app/providers/Microsoft.Network/virtualNetworks/vnet-app is described twice") })
    }

    @Test("--parameters takes the parameters object alone, as az does; anything else is refused naming the file")
    func bareParameters() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-mixed-bare")
        defer { directory.remove() }
        try write(
            [
                "main.json": Self.template("name"), "bare.json": #"{"name": {"value": "vnet-bare"}, "prefix": {"value": "10.8.0.0/16"}}"#,
                "odd.json": #"{"name": "vnet-odd"}"#,
            ], in: directory)
        let result = try AzureImporter.load(
            paths: [directory.appending("main.json").path], templates: TemplateOptions(parameterFiles: [directory.appending("bare.json").path]))
        #expect(networks(result) == ["vnet-bare 10.8.0.0/16"])
        let odd = directory.appending("odd.json").path
        let error = try #require(throws: ImportError.self) {
            try AzureImporter.load(paths: [directory.appending("main.json").path], templates: TemplateOptions(parameterFiles: [odd]))
        }
        let refusal = try #require(error.diagnostics.first { $0.file == odd })
        #expect(refusal.message.hasPrefix("not a parameter file: expected an object with \"parameters\", or the parameters alone"), "\(refusal.message)")
    }

    @Test("every file's errors in one run: malformed JSON, a template, a plan, an export, a template without $schema")
    func everyError() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-mixed-errors")
        defer { directory.remove() }
        let badTemplate = Self.template("name").replacingOccurrences(of: "[parameters('prefix')]", with: "[cidrBlock('10.0.0.0/8')]")
        try write(
            [
                "broken.json": "[{\"id\": \n",
                "bad-template.json": badTemplate, "bad-template.parameters.json": Self.parameters(["name": "x"]),
                "unbraced-template.json": Self.template("name").replacingOccurrences(of: "} } }\n  ]", with: "} }\n  ]"),
                "schemaless-template.json": #"{"contentVersion": "1.0.0.0", "resources": []}"#,
                "commented-export.json": "[\n  // exports are strict\n  {}\n]",
            ], in: directory)
        try FileManager.default.copyItem(atPath: Fixtures.fixture("Terraform/future-format.tfplan.json"), toPath: directory.appending("bad-plan.json").path)
        try FileManager.default.copyItem(atPath: Fixtures.fixture("Import/bad-cidr.json"), toPath: directory.appending("bad-export.json").path)
        let error = try #require(throws: ImportError.self) { try AzureImporter.load(paths: [directory.path]) }
        let byFile = Dictionary(grouping: error.diagnostics) { ($0.file.map { URL(fileURLWithPath: $0).lastPathComponent }) ?? "" }
        #expect(
            byFile.keys.sorted() == [
                "bad-export.json", "bad-plan.json", "bad-template.json", "broken.json", "commented-export.json", "schemaless-template.json",
                "unbraced-template.json",
            ])
        #expect(byFile["bad-export.json"]?.first?.message == "invalid CIDR '10.1.0.0/33'")
        #expect(byFile["bad-template.json"]?.first?.message.contains("unknown template function 'cidrBlock'") == true)
        #expect(byFile["bad-plan.json"]?.first?.message.contains("TF-FORMAT-VERSION") == true)
        #expect(byFile["broken.json"]?.first?.line == 2)
        // The template's error is where it breaks, not at its first comment.
        let unbraced = try #require(byFile["unbraced-template.json"]?.first)
        #expect(unbraced.line == 10, "\(unbraced.rendered)")
        #expect(unbraced.message == "malformed JSON at line 10, column 3: expected ',' or '}' in an object")
        #expect(
            byFile["commented-export.json"]?.first?.message
                == "malformed JSON at line 2, column 3: unexpected character '/'; comments are accepted only in deployment templates and parameter files (whose \"$schema\" names deploymentTemplate or deploymentParameters)"
        )
        #expect(
            byFile["schemaless-template.json"]?.first?.message.hasSuffix(
                "this looks like an ARM deployment template, but it has no \"$schema\": add \"$schema\": \"\(Self.schema)deploymentTemplate.json#\"") == true)
        #expect(error.diagnostics.allSatisfy { $0.severity == .error })
    }
}

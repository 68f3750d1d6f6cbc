import AzureImport
import Foundation
import TestSupport
import Testing
import TopologyModel

/// Errors from files on disk name the file as given.
@Suite("Import from files")
struct ImportFileTests {
    static let malformed = Fixtures.fixture("Import/malformed.json")
    static let badCIDR = Fixtures.fixture("Import/bad-cidr.json")

    func errors(_ paths: [String]) -> [Diagnostic] {
        do {
            _ = try AzureImporter.load(paths: paths)
            Issue.record("expected an ImportError")
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test("malformed JSON in a file")
    func malformed() throws {
        let error = try #require(errors([Self.malformed]).first)
        #expect(error.file == Self.malformed)
        #expect(error.line == 7)
        #expect(error.message == "malformed JSON at line 7, column 5: expected a member name in double quotes")
        #expect(error.rendered == "\(Self.malformed):7: error: \(error.message)")
    }

    @Test("errors from two files are all reported, each naming its file")
    func twoFiles() {
        let errors = errors([Self.malformed, Self.badCIDR])
        #expect(errors.count == 2)
        #expect(Set(errors.compactMap(\.file)) == [Self.malformed, Self.badCIDR])
        let cidr = errors.first { $0.file == Self.badCIDR }
        #expect(cidr?.pointer == "/value/0/properties/addressSpace/addressPrefixes/0")
        #expect(cidr?.line == 3)
        #expect(cidr?.message == "invalid CIDR '10.1.0.0/33'")
        #expect(cidr?.rendered == "\(Self.badCIDR):3: at /value/0/properties/addressSpace/addressPrefixes/0: error: invalid CIDR '10.1.0.0/33'")
    }

    @Test("a missing path and an empty directory are errors")
    func missingPaths() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("lateral-h3-empty-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let missing = Fixtures.fixture("Import/does-not-exist.json")
        let errors = errors([missing, empty])
        #expect(errors.map(\.message).sorted() == ["directory holds no .json files", "no such file or directory"])
        #expect(Set(errors.compactMap(\.file)) == [missing, empty])
    }

    @Test("a real ARM template from the corpus is read: its parameters are named when missing")
    func corpusTemplate() throws {
        let template = Fixtures.corpus("arm-templates/azure-quickstart-templates__101-application-gateway-waf__azuredeploy.json")
        let parameters = Fixtures.corpus("arm-templates/azure-quickstart-templates__101-application-gateway-waf__azuredeploy.parameters.json")
        let result = try AzureImporter.load(paths: [template, parameters])
        #expect(result.topology.applicationGateways.count == 1)
        #expect(result.files == [template, parameters])
    }

    @Test("a directory is read recursively, in sorted order, .json files only")
    func directory() throws {
        // b.json, nested/a.json and z.json hold corpus files; notes.md is not JSON.
        let tree = try TemporaryDirectory(prefix: "lateral-import-tree")
        defer { tree.remove() }
        let manager = FileManager.default
        try manager.createDirectory(at: tree.appending("nested"), withIntermediateDirectories: true)
        let sources = [
            "b.json": "azure-cli__network_recording__test_network_extended_nsg__i010_GET_securityRule_child_resource.json",
            "nested/a.json": "azure-cli__network_recording__test_network_vnet_with_subnet_nsg__i007_GET_virtualNetwork_subnet_with_nsg.json",
            "z.json": "azure-rest-api-specs__network_stable_2024-01-01_examples__VirtualNetworkPeeringGet.json",
        ]
        for (name, source) in sources {
            try manager.copyItem(atPath: Fixtures.corpus("rest-json/" + source), toPath: tree.appending(name).path)
        }
        try Data("not JSON".utf8).write(to: tree.appending("notes.md"))
        let result = try AzureImporter.load(paths: [tree.path])
        #expect(result.files.map { String($0.dropFirst(tree.path.count + 1)) } == ["b.json", "nested/a.json", "z.json"])
    }
}

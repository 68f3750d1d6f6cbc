import Foundation
import TestSupport
import Testing
import TopologyModel

@testable import AzureImport

/// Files read from disk have the resources of a root array described by a worker while the
/// parser reads on. The model and every diagnostic must be what describing after the parse
/// gives.
@Suite("Describing while parsing")
struct DescribeWhileParsingTests {
    static let files: [String] = {
        let semantics = Fixtures.directories(in: "Semantics").map { Fixtures.fixture("Semantics/\($0)/topology.json") }
        let bundled = AzureImporter.jsonFiles(under: Fixtures.path("Topologies/retail-llm")).files
        return semantics + bundled
    }()

    static func build(_ file: String, describing: Bool) throws -> (ModelSummary?, [Diagnostic]) {
        let bytes = try AzureImporter.contents(of: file)
        let document = try SourceDocument(bytes: bytes, file: file, describing: describing)
        do {
            let result = try AzureImporter.build([document])
            return (ModelSummary(result.topology), result.diagnostics)
        } catch {
            return (nil, error.diagnostics)
        }
    }

    @Test("the same model and diagnostics either way", arguments: files)
    func sameResult(_ file: String) throws {
        let (whileParsing, whileDiagnostics) = try Self.build(file, describing: true)
        let (afterParsing, afterDiagnostics) = try Self.build(file, describing: false)
        #expect(whileParsing == afterParsing)
        #expect(whileDiagnostics == afterDiagnostics)
    }

    @Test("items that are not resources, and a resource with no id, are reported at the same places")
    func badItems() throws {
        let json =
            #"[{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}}, 7, {"name": "x"}]"#
        func errors(_ describing: Bool) throws -> [String] {
            let document = try SourceDocument(bytes: Array(json.utf8), file: "bad.json", describing: describing)
            do { _ = try AzureImporter.build([document]); return [] } catch { return error.diagnostics.map(\.rendered) }
        }
        let whileParsing = try errors(true)
        #expect(whileParsing.count == 2)
        #expect(whileParsing == (try errors(false)))
    }

    @Test("a file malformed halfway fails as before, and the worker stops")
    func malformed() throws {
        let json =
            "["
            + (0..<200).map {
                #"{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/a\#($0)", "type": "Microsoft.Network/applicationSecurityGroups"}"#
            }.joined(separator: ",\n") + ",\n{\"id\": }]"
        #expect(throws: Diagnostic.self) { try SourceDocument(bytes: Array(json.utf8), file: "broken.json", describing: true) }
        do {
            _ = try SourceDocument(bytes: Array(json.utf8), file: "broken.json", describing: true)
        } catch {
            #expect(error.line == 201)
        }
    }

    @Test("a second import of the same documents describes them again (what-if builds twice)")
    func describedOnce() throws {
        let file = Fixtures.fixture("Semantics/\(Fixtures.directories(in: "Semantics")[0])/topology.json")
        let document = try SourceDocument(bytes: try AzureImporter.contents(of: file), file: file, describing: true)
        let first = try AzureImporter.build([document]), second = try AzureImporter.build([document])
        #expect(ModelSummary(first.topology) == ModelSummary(second.topology))
        #expect(first.diagnostics == second.diagnostics)
    }

    /// Once the parse is over, the parser's thread describes items from the back while the
    /// worker goes on from the front: however they meet, resources come out in input order,
    /// each followed by its nested children, and so do the diagnostics.
    @Test("items described from both ends come out in input order", arguments: [1, 2, 50, 3000])
    func bothEnds(_ count: Int) throws {
        let vnet = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"
        var items: [String] = [], expected: [String] = []
        for i in 0..<count {
            if i % 97 == 5 { items.append("\(i)"); continue }  // not a resource: an error at /i
            items.append(
                #"{"id": "\#(vnet)\#(i)", "type": "Microsoft.Network/virtualNetworks", "properties": {"addressSpace": {"addressPrefixes": ["10.\#(i % 250).0.0/16"]}, "subnets": [{"name": "a", "properties": {"addressPrefix": "10.\#(i % 250).1.0/24"}}, {"name": "b", "properties": {"addressPrefix": "10.\#(i % 250).2.0/24"}}]}}"#
            )
            expected += ["\(vnet)\(i)", "\(vnet)\(i)/subnets/a", "\(vnet)\(i)/subnets/b"]
        }
        let bytes = Array(("[" + items.joined(separator: ",\n") + "]").utf8)
        for _ in 0..<3 {
            let document = try SourceDocument(bytes: bytes, file: "both.json", describing: true)
            let described = try #require(document.described?.take())
            #expect(described.resources.map(\.id.text) == expected)
            #expect(described.diagnostics.compactMap(\.pointer) == items.indices.filter { $0 % 97 == 5 }.map { "/\($0)" })
        }
    }
}

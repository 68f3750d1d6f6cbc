import AzureImport
import Foundation
import TestSupport
import Testing
import TopologyModel

/// Every REST body of the corpus (real files written by others, copied into
/// `Tests/Fixtures/Corpus`) imports.
@Suite("Corpus: rest-json")
struct CorpusImportTests {
    static let directory = Fixtures.corpus("rest-json")
    static let files = Fixtures.files(in: directory) { $0.hasSuffix(".json") }.map { URL(fileURLWithPath: $0).lastPathComponent }
    /// The specification's example lists two IP groups under one (malformed) ID with different
    /// addresses: which one is meant cannot be told, so the import refuses it.
    static let twoResourcesOneID = "azure-rest-api-specs__network_stable_2024-01-01_examples__IpGroupsListByResourceGroup.json"

    @Test("the corpus is there")
    func present() {
        #expect(Self.files.count == 37, "expected the 37 corpus files at \(Self.directory)")
    }

    @Test("one ID given to two different resources is refused, naming both places")
    func sameIDTwice() throws {
        let path = Self.directory + "/" + Self.twoResourcesOneID
        let error = try #require(throws: ImportError.self) { try AzureImporter.load(paths: [path]) }
        let message = "\(error)"
        #expect(message.contains("is described twice with different content"), "\(message)")
        #expect(message.contains("(/value/0)") && message.contains("(/value/1)") && message.contains("properties/ipAddresses"), "\(message)")
    }

    @Test("imports without throwing", arguments: files.filter { $0 != twoResourcesOneID })
    func imports(_ name: String) throws {
        let path = Self.directory + "/" + name
        let result = try AzureImporter.load(paths: [path])
        #expect(result.files == [path])
        #expect(!result.diagnostics.contains { $0.severity == .error })
        #expect(result.diagnostics.allSatisfy { $0.file == path })
        // Something was read: a modelled resource, an ignored type, or a warning about one.
        #expect(result.topology.resourceCount + result.ignoredTypes.values.reduce(0, +) + result.diagnostics.count > 0)
    }
}

import AzureImport
import Foundation
import Testing
import TestSupport
import TopologyModel

/// Every REST body of the shared corpus (real files written by others) imports.
@Suite("Shared corpus: rest-json")
struct CorpusImportTests {
    static let directory = Fixtures.sharedRoot.appendingPathComponent("corpus/rest-json").path
    static let files = Fixtures.files(in: directory) { $0.hasSuffix(".json") }.map { URL(fileURLWithPath: $0).lastPathComponent }

    @Test("the corpus is there")
    func present() {
        #expect(Self.files.count >= 30, "expected the corpus at \(Self.directory)")
    }

    @Test("imports without throwing", arguments: files)
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

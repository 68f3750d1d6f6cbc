import EstateGenerator
import Foundation
import Testing
import TopologyModel

@testable import AzureImport

/// Lines and columns of byte offsets, from an index of line starts built once per file.
@Suite("Line index")
struct LineIndexTests {
    /// What the importer did before the index: count the newlines from the start, per question.
    static func scanned(_ offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return (line, offset - lineStart + 1)
    }

    @Test("agrees with a scan from the start for every offset of random texts", arguments: 0..<40)
    func agreesWithScan(_ seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        // Texts of 0 to 400 bytes; newlines common, runs of them too, and at either end.
        let count = Int.random(in: 0...400, using: &random)
        let bytes = (0..<count).map { _ in [0x0A, 0x0A, 0x0D, 0x20, 0x7B, 0xC3, 0xA9].randomElement(using: &random)! as UInt8 }
        let index = LineIndex(bytes: bytes)
        for offset in 0...(count + 2) {
            let expected = Self.scanned(offset, in: bytes)
            let found = index.lineAndColumn(of: offset)
            #expect(found.line == expected.line && found.column == expected.column, "offset \(offset) of \(bytes)")
        }
    }

    @Test("edge texts: empty, one newline, no newline, newline last")
    func edges() {
        #expect(LineIndex(bytes: []).lineAndColumn(of: 0) == (1, 1))
        #expect(LineIndex(bytes: Array("\n".utf8)).lineAndColumn(of: 1) == (2, 1))
        #expect(LineIndex(bytes: Array("abc".utf8)).lineAndColumn(of: 2) == (1, 3))
        let text = LineIndex(bytes: Array("ab\ncd\n".utf8))
        #expect(text.lineAndColumn(of: 2) == (1, 3))
        #expect(text.lineAndColumn(of: 3) == (2, 1))
        #expect(text.lineAndColumn(of: 6) == (3, 1))
    }

    @Test("a file with thousands of invalid resources: every error is reported, each at its own line")
    func thousandsOfDiagnostics() throws {
        let count = 5_000
        // One resource per line after the opening bracket: resource i is on line i + 2.
        let rows = (0..<count).map { i in
            #"{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v\#(i)", "type": "Microsoft.Network/virtualNetworks", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/33"]}}}"#
        }
        let text = "[\n" + rows.joined(separator: ",\n") + "\n]\n"
        let error = #expect(throws: ImportError.self) { try AzureImporter.load(json: text, file: "many.json") }
        let diagnostics = error?.diagnostics ?? []
        #expect(diagnostics.count == count)
        #expect(Set(diagnostics.compactMap(\.line)) == Set((0..<count).map { $0 + 2 }))
        #expect(diagnostics.allSatisfy { $0.message == "invalid CIDR '10.0.0.0/33'" && $0.file == "many.json" })
    }
}

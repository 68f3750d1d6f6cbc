import Foundation
import Testing

@testable import AuditReport

/// Report files are written piece by piece: the file must hold exactly the joined bytes,
/// whatever was there before.
@Suite("Output bytes")
struct OutputBytesTests {
    static func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lateral-output-\(UUID().uuidString).json")
    }

    @Test("pieces are written in order; empty pieces are dropped; the count is the sum")
    func writesInOrder() throws {
        var bytes = OutputBytes(Array("{\n".utf8))
        bytes.append([])
        bytes.append(Array("  \"a\" : 1".utf8))
        bytes.append(Array("\n}\n".utf8))
        #expect(bytes.pieces.count == 3 && bytes.count == 14)
        #expect(bytes == OutputBytes(Array("{\n  \"a\" : 1\n}\n".utf8)))
        let url = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try bytes.write(to: url)
        #expect(try Data(contentsOf: url) == Data(bytes.joined))
    }

    @Test("a longer file already there is replaced, not overwritten in part")
    func truncates() throws {
        let url = Self.temporaryFile()
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(repeating: 0x78, count: 10_000).write(to: url)
        try OutputBytes(pieces: [Array("short".utf8), [], Array("er".utf8)]).write(to: url)
        #expect(try Data(contentsOf: url) == Data("shorter".utf8))
    }

    @Test("a file that cannot be created is an error")
    func unwritable() {
        let url = URL(fileURLWithPath: "/nonexistent-directory-\(UUID().uuidString)/paths.json")
        #expect(throws: (any Error).self) { try OutputBytes(Array("x".utf8)).write(to: url) }
    }
}

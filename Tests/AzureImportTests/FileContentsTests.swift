@testable import AzureImport
import Foundation
import Testing

/// Input files are read straight into the parser's byte array: regular files in one go,
/// pipes (`<(az ...)`, `/dev/stdin`) block by block until they end.
@Suite("Reading input files")
struct FileContentsTests {
    static func scratchPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("lateral-\(name)-\(getpid())").path
    }

    @Test("a regular file's bytes, including an empty file")
    func regular() throws {
        let path = Self.scratchPath("regular.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = Array("[{\"id\": \"/subscriptions/s\"}]\n".utf8)
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text)))
        #expect(AzureImporter.contents(of: path) == text)
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(AzureImporter.contents(of: path) == [])
    }

    @Test("a pipe is read to its end, across many blocks")
    func pipe() throws {
        let path = Self.scratchPath("fifo")
        defer { unlink(path) }
        #expect(mkfifo(path, 0o600) == 0)
        // More than one 64 KiB block, with a pattern that shows misplaced blocks.
        let text = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.write(Data(text))
            try? handle.close()
        }
        writer.start()
        #expect(AzureImporter.contents(of: path) == text)
    }

    @Test("a missing file or a directory gives nothing, which the importer reports")
    func missing() {
        #expect(AzureImporter.contents(of: Self.scratchPath("missing")) == nil)
        #expect(AzureImporter.contents(of: FileManager.default.temporaryDirectory.path) == nil)
        let (documents, errors) = AzureImporter.read(paths: [Self.scratchPath("missing")])
        #expect(documents.isEmpty && errors.first?.message == "no such file or directory")
    }
}

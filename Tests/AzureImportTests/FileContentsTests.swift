import Foundation
import Testing

@testable import AzureImport

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
        #expect(try AzureImporter.contents(of: path) == text)
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(try AzureImporter.contents(of: path) == [])
    }

    @Test("a pipe is read to its end, across many blocks")
    func pipe() throws {
        let path = Self.scratchPath("fifo")
        defer { unlink(path) }
        #expect(mkfifo(path, 0o600) == 0)
        // More than one 64 KiB block, with a pattern that shows misplaced blocks, after a
        // first byte that can start JSON (anything else is refused at the first block).
        let text = Array("[".utf8) + (0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.write(Data(text))
            try? handle.close()
        }
        writer.start()
        #expect(try AzureImporter.contents(of: path) == text)
    }

    @Test("a missing file or a directory gives nothing, which the importer reports")
    func missing() {
        #expect(throws: InputReadError(message: "cannot read the file: no such file or directory")) {
            try AzureImporter.contents(of: Self.scratchPath("missing"))
        }
        #expect(throws: InputReadError(message: "cannot read the file: it is a directory")) {
            try AzureImporter.contents(of: FileManager.default.temporaryDirectory.path)
        }
        let read = AzureImporter.read(paths: [Self.scratchPath("missing")])
        #expect(read.documents.isEmpty && read.errors.first?.message == "no such file or directory")
    }

    @Test("a regular file larger than the limit is refused before it is read, naming both sizes")
    func regularTooLarge() throws {
        let path = Self.scratchPath("large.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x20, count: 20)))
        #expect(throws: InputReadError(message: "the file is 20 bytes, more than the input size limit of 10 bytes (raise it with --max-input-size)")) {
            try AzureImporter.contents(of: path, limit: 10)
        }
        #expect(try AzureImporter.contents(of: path, limit: 20).count == 20)
    }

    @Test("a pipe that goes on past the limit is refused")
    func pipeTooLong() throws {
        let path = Self.scratchPath("long-fifo")
        defer { unlink(path) }
        #expect(mkfifo(path, 0o600) == 0)
        // One byte more than the limit; the writer is done before the reader can see it.
        let text = Array("[".utf8) + [UInt8](repeating: 0x20, count: 100_000)
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.write(Data(text))
            try? handle.close()
        }
        writer.start()
        #expect(
            throws: InputReadError(
                message: "the input goes on past 100000 bytes, more than the input size limit of 100000 bytes (raise it with --max-input-size)")
        ) {
            try AzureImporter.contents(of: path, limit: 100_000)
        }
    }

    @Test("/dev/zero and other streams that cannot be JSON are refused at their first block")
    func endlessStreams() throws {
        #expect(throws: InputReadError(message: "this is not JSON: its first byte that is not white space is 0x0, and JSON input starts with '[' or '{'")) {
            try AzureImporter.contents(of: "/dev/zero")
        }
        let read = AzureImporter.read(paths: ["/dev/zero"])
        #expect(read.errors.map(\.file) == ["/dev/zero"])
    }

    @Test("a named pipe inside an input directory is skipped with a warning, not waited on")
    func fifoInDirectory() throws {
        let directory = Self.scratchPath("dir-with-fifo")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/pipe.json", file = directory + "/vnets.json"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(FileManager.default.createFile(atPath: file, contents: Data("[]".utf8)))
        let result = try AzureImporter.load(paths: [directory])
        #expect(result.files == [file])
        let warning = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(warning.severity == .warning && warning.file == fifo)
        #expect(warning.message == "skipped: not a regular file (a named pipe)")
    }
}

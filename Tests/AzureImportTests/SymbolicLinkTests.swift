import Foundation
import TestSupport
import Testing

@testable import AzureImport

/// Inputs that are symbolic links going nowhere: the message says what the link does, not
/// that there is no such file (the user can see the file in `ls`).
@Suite("Symbolic links that lead nowhere")
struct SymbolicLinkTests {
    /// `a.json` and `b.json` pointing at each other, in a fresh directory.
    static func loop(in directory: TemporaryDirectory) throws -> String {
        let a = directory.appending("a.json").path, b = directory.appending("b.json").path
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        return a
    }

    @Test("a loop named as an input is a symbolic link loop")
    func loopNamed() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-link-loop")
        defer { directory.remove() }
        let a = try Self.loop(in: directory)
        let errors = AzureImporter.read(paths: [a]).errors
        #expect(errors.map(\.file) == [a])
        #expect(errors.first?.message.hasPrefix("symbolic link loop") == true, "\(errors)")
        #expect(errors.first?.message.contains("ELOOP") == true)
        #expect(throws: InputReadError.self) { try AzureImporter.contents(of: a) }
        do { _ = try AzureImporter.contents(of: a) } catch { #expect(error.message.hasPrefix("cannot read the file: symbolic link loop")) }
    }

    @Test("a directory whose only .json entries are a loop says so in its error")
    func loopInDirectory() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-link-loop-dir")
        defer { directory.remove() }
        _ = try Self.loop(in: directory)
        let read = AzureImporter.read(paths: [directory.path])
        #expect(read.warnings.count == 2)
        #expect(read.warnings.allSatisfy { $0.message.hasPrefix("skipped: symbolic link loop") })
        let error = try #require(read.errors.first)
        #expect(error.file == directory.path)
        #expect(
            error.message.hasPrefix("directory holds no .json files it can read: \(directory.appending("a.json").path) skipped: symbolic link loop"),
            "\(error.message)")
        #expect(error.message.hasSuffix("(and 1 more skipped)"))
    }

    @Test("a link to a missing file names where it points")
    func dangling() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-link-dangling")
        defer { directory.remove() }
        let link = directory.appending("estate.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "exports/estate.json")
        #expect(AzureImporter.read(paths: [link]).errors.map(\.message) == ["a symbolic link to 'exports/estate.json', which does not exist"])
    }
}

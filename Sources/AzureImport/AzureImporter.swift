import Foundation
import TopologyModel

/// What an import produced: the model, what was assumed or ignored along the way, and
/// counts for the report.
public struct ImportResult: Sendable {
    public let topology: Topology
    /// Warnings and notes, sorted; errors never appear here (they throw).
    public let diagnostics: [Diagnostic]
    /// Resource types the model does not cover, with how many of each were skipped.
    public let ignoredTypes: [String: Int]
    /// The files read, in the order read.
    public let files: [String]
}

/// The import failed: every error found, each naming its file and place.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.rendered).joined(separator: "\n") }
}

/// Reads Azure resource JSON (REST GET bodies, `az ... list/show` output, Resource Graph
/// results, `Get-AzResource` exports) into a ``Topology``. The only place Azure's JSON is
/// understood.
public enum AzureImporter {
    /// Imports files and directories (directories are searched recursively for `*.json`,
    /// in sorted order).
    ///
    /// - Throws: ``ImportError`` listing every error when any input is malformed or invalid.
    public static func load(paths: [String]) throws(ImportError) -> ImportResult {
        var context = ImportContext()
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                context.error(file: path, message: "no such file or directory")
                continue
            }
            if isDirectory.boolValue {
                let found = jsonFiles(under: path)
                if found.isEmpty { context.error(file: path, message: "directory holds no .json files") }
                files += found
            } else {
                files.append(path)
            }
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                context.error(file: file, message: "cannot read the file")
                continue
            }
            context.read(bytes: [UInt8](data), file: file)
        }
        return try context.finish(files: files)
    }

    /// Imports one in-memory document (tests, embedding programs).
    public static func load(json: String, file: String = "<memory>") throws(ImportError) -> ImportResult {
        var context = ImportContext()
        context.read(bytes: Array(json.utf8), file: file)
        return try context.finish(files: [file])
    }

    static func jsonFiles(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.lowercased().hasSuffix(".json") {
                let full = (directory as NSString).appendingPathComponent(relative)
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue { found.append(full) }
            }
        }
        return found.sorted()
    }
}

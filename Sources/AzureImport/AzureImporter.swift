import Foundation
#if canImport(Glibc)
import Glibc
#endif
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
        let (documents, parseErrors) = read(paths: paths)
        if parseErrors.isEmpty {
            let result = try build(documents)
            BackgroundRelease.release(consume documents)
            return result
        }
        // Report the other files' errors too, so one run names every problem.
        var errors = parseErrors
        do { _ = try build(documents) } catch { errors += error.diagnostics }
        throw ImportError(diagnostics: errors.sorted())
    }

    /// Reads and parses files and directories without converting them, so callers can time
    /// the stages apart or edit the documents first (what-if changes).
    ///
    /// - Throws: ``ImportError`` naming every missing, unreadable or malformed file.
    public static func parse(paths: [String]) throws(ImportError) -> [SourceDocument] {
        let (documents, errors) = read(paths: paths)
        if !errors.isEmpty { throw ImportError(diagnostics: errors.sorted()) }
        return documents
    }

    static func read(paths: [String]) -> ([SourceDocument], [Diagnostic]) {
        var errors: [Diagnostic] = []
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                errors.append(Diagnostic(severity: .error, kind: .invalidInput, file: path, message: "no such file or directory"))
                continue
            }
            if isDirectory.boolValue {
                let found = jsonFiles(under: path)
                if found.isEmpty { errors.append(Diagnostic(severity: .error, kind: .invalidInput, file: path, message: "directory holds no .json files")) }
                files += found
            } else {
                files.append(path)
            }
        }
        var documents: [SourceDocument] = []
        for file in files {
            guard let data = Self.contents(of: file) else {
                errors.append(Diagnostic(severity: .error, kind: .invalidInput, file: file, message: "cannot read the file"))
                continue
            }
            do throws(Diagnostic) {
                documents.append(try SourceDocument(bytes: data, file: file, describing: true))
            } catch {
                errors.append(error)
            }
        }
        return (documents, errors)
    }

    /// A file's bytes, read straight into the array the parser reads (through `Data` they
    /// were copied once more: 157 MB at 1,000 spokes).
    static func contents(of file: String) -> [UInt8]? {
        #if canImport(Glibc)
        let descriptor = open(file, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        // Pipes and other special files (process substitution, `/dev/stdin`) are read until
        // they end, in blocks.
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            var bytes: [UInt8] = [], block = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = block.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n < 0 { return nil }
                if n == 0 { return bytes }
                bytes += block[0..<n]
            }
        }
        // Read into uninitialized storage: zeroing it first cost a pass over 157 MB.
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var filled = 0
            while filled < size {
                let n = Glibc.read(descriptor, buffer.baseAddress! + filled, size - filled)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { complete = false; break }
                filled += n
            }
            initialized = filled
        }
        // A file that grew or shrank while it was read is read again the general way.
        guard complete else { return FileManager.default.contents(atPath: file).map { [UInt8]($0) } }
        return bytes
        #else
        return FileManager.default.contents(atPath: file).map { [UInt8]($0) }
        #endif
    }

    /// Converts parsed documents into a model, in the order given, after applying `edits`
    /// (what-if changes) to their resources.
    ///
    /// - Throws: ``ImportError`` listing every invalid resource.
    public static func build(_ documents: [SourceDocument], edits: [ResourceEdit] = []) throws(ImportError) -> ImportResult {
        var context = ImportContext()
        for document in documents { context.read(document) }
        context.apply(edits)
        let result = try context.finish(files: documents.map(\.file))
        // The raw resources and indices are done with: freed while the caller goes on.
        BackgroundRelease.release(consume context)
        return result
    }

    /// Imports one in-memory document (tests, embedding programs).
    public static func load(json: String, file: String = "<memory>") throws(ImportError) -> ImportResult {
        let document: SourceDocument
        do throws(Diagnostic) {
            document = try SourceDocument(bytes: Array(json.utf8), file: file)
        } catch {
            throw ImportError(diagnostics: [error])
        }
        return try build([document])
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

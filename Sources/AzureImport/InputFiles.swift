import Foundation
import TopologyModel

#if canImport(Glibc)
    import Glibc
#endif

/// Why an input file's bytes could not be had.
package struct InputReadError: Error, Equatable {
    package let message: String
}

extension AzureImporter {
    /// Finds the files named (directories searched), reads and parses them.
    ///
    /// - Returns: the parsed documents; errors naming each file that is missing, unreadable,
    ///   too large or malformed; warnings for what a directory holds that is not a regular file.
    static func read(
        paths: [String], maxInputSize: Int = defaultMaxInputSize, templates: TemplateOptions = TemplateOptions()
    )
        -> (documents: [SourceDocument], errors: [Diagnostic], warnings: [Diagnostic])
    {
        var errors: [Diagnostic] = [], warnings: [Diagnostic] = []
        var files: [String] = [], scanned: Set<String> = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                errors.append(Diagnostic(severity: .error, kind: .invalidInput, file: path, message: FileProblem.describe(errno, path: path)))
                continue
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                let (found, skipped) = jsonFiles(under: path)
                warnings += skipped
                if found.isEmpty {
                    // The skipped entries' warnings are not shown beside an error: say why here.
                    let why =
                        skipped.first.map {
                            " it can read: \($0.file ?? "") \($0.message)" + (skipped.count > 1 ? " (and \(skipped.count - 1) more skipped)" : "")
                        } ?? ""
                    errors.append(Diagnostic(severity: .error, kind: .invalidInput, file: path, message: "directory holds no .json files" + why))
                }
                files += found
                scanned.formUnion(found)
            } else if let advice = bicepAdvice(path) {
                errors.append(Diagnostic(severity: .error, kind: .invalidInput, file: path, message: advice))
            } else {
                // Named directly: pipes (`<(az ...)`, `/dev/stdin`) are read, up to the limit.
                files.append(path)
            }
        }
        var documents: [SourceDocument] = []
        for file in files {
            let data: [UInt8]
            do throws(InputReadError) {
                data = try contents(of: file, limit: maxInputSize)
            } catch {
                errors.append(Diagnostic(severity: .error, kind: .invalidInput, file: file, message: error.message))
                continue
            }
            do throws(Diagnostic) {
                let document = try SourceDocument(bytes: data, file: file, describing: true)
                if ServiceTagFile.isServiceTagData(document.root) {
                    let message = "service tag data, not Azure resources: give it with --service-tags"
                    if scanned.contains(file) {
                        warnings.append(Diagnostic(severity: .warning, kind: .invalidInput, file: file, message: "skipped: " + message))
                    } else {
                        errors.append(Diagnostic(severity: .error, kind: .invalidInput, file: file, message: message))
                    }
                    continue
                }
                if scanned.contains(file), let reason = foreignFormat(of: document.root, file: file) {
                    warnings.append(Diagnostic(severity: .warning, kind: .invalidInput, file: file, message: "skipped: " + reason))
                    continue
                }
                documents.append(document)
            } catch {
                errors.append(error)
            }
        }
        let expanded = expandTemplates(documents, options: templates, maxInputSize: maxInputSize)
        return (expanded.documents, errors + expanded.errors, warnings + expanded.warnings)
    }

    /// Why a JSON file found in a directory is no input at all: it declares a `$schema` of
    /// another kind (a quickstart's `metadata.json`) or is Bicep's `bicepconfig.json`, and holds
    /// no resources. Nil for anything else, which is read (and refused if it holds nothing).
    static func foreignFormat(of root: JSONValue, file: String) -> String? {
        guard SourceDocument.kind(of: root) == .resources, case .object(let o) = root,
            !["id", "resourceId", "type", "resourceType", "value", "data"].contains(where: { o[$0] != nil })
        else { return nil }
        if (file as NSString).lastPathComponent.lowercased() == "bicepconfig.json" { return "Bicep's configuration file holds no Azure resources" }
        guard let schema = o["$schema"]?.stringValue else { return nil }
        return "its \"$schema\" (\(schema)) names neither a deployment template nor a parameter file, and it holds no Azure resources"
    }

    /// What to do with a Bicep file, which Lateral reads only once compiled; nil for any
    /// other file.
    static func bicepAdvice(_ path: String) -> String? {
        let lower = path.lowercased()
        guard lower.hasSuffix(".bicep") || lower.hasSuffix(".bicepparam") else { return nil }
        let json = lower.hasSuffix(".bicepparam") ? "the parameters JSON" : "the template JSON"
        let command = lower.hasSuffix(".bicepparam") ? "az bicep build-params --file \(path)" : "az bicep build --file \(path)"
        return "a Bicep file is not read directly: compile it with `\(command)` (or `bicep build`) and pass \(json) it writes"
    }

    /// A file's bytes, read straight into the array the parser reads (through `Data` they
    /// were copied once more: 157 MB at 1,000 spokes).
    ///
    /// A regular file larger than `limit` is refused before it is read. Anything else (a pipe,
    /// `/dev/stdin`, a device) is read in blocks until it ends, and refused once it passes
    /// `limit` or, with `json`, when its first byte that is not white space cannot start JSON,
    /// so `/dev/zero` and `/dev/urandom` end at once instead of filling memory. Change and
    /// policy files (YAML) are read here too, without that check.
    ///
    /// - Throws: ``InputReadError`` saying why there are no bytes.
    package static func contents(of file: String, limit: Int = defaultMaxInputSize, json: Bool = true) throws(InputReadError) -> [UInt8] {
        #if canImport(Glibc)
            let descriptor = open(file, O_RDONLY)
            guard descriptor >= 0 else { throw InputReadError(message: "cannot read the file: \(FileProblem.describe(errno, path: file))") }
            defer { close(descriptor) }
            var info = stat()
            guard fstat(descriptor, &info) == 0 else { throw InputReadError(message: "cannot read the file: \(String(cString: strerror(errno)))") }
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw InputReadError(message: "cannot read the file: it is a directory")
            default: return try stream(descriptor, limit: limit, json: json)
            }
            let size = Int(info.st_size)
            guard size <= limit else { throw tooLarge(limit, size: size) }
            // Read into uninitialized storage: zeroing it first cost a pass over 157 MB.
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
            // A file that shrank while it was read is read again the general way.
            guard complete else {
                guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw InputReadError(message: "cannot read the file: it changed while it was read") }
                return try stream(descriptor, limit: limit, json: json)
            }
            return bytes
        #else
            guard let data = FileManager.default.contents(atPath: file) else { throw InputReadError(message: "cannot read the file") }
            guard data.count <= limit else { throw tooLarge(limit, size: data.count) }
            return [UInt8](data)
        #endif
    }

    private static func tooLarge(_ limit: Int, size: Int?) -> InputReadError {
        let what = size.map { "the file is \($0) bytes" } ?? "the input goes on past \(limit) bytes"
        return InputReadError(message: "\(what), more than the input size limit of \(limit) bytes (raise it with --max-input-size)")
    }

    #if canImport(Glibc)
        /// Reads a descriptor in blocks until it ends, at most `limit` bytes.
        private static func stream(_ descriptor: Int32, limit: Int, json: Bool) throws(InputReadError) -> [UInt8] {
            var bytes: [UInt8] = [], block = [UInt8](repeating: 0, count: 1 << 16)
            var checked = !json
            while true {
                let n = block.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n < 0 { throw InputReadError(message: "cannot read the file: \(String(cString: strerror(errno)))") }
                if n == 0 { return bytes }
                guard bytes.count + n <= limit else { throw tooLarge(limit, size: nil) }
                bytes += block[0..<n]
                if !checked, let first = bytes.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) {
                    checked = true
                    guard startsJSON(first) else {
                        throw InputReadError(
                            message: "this is not JSON: its first byte that is not white space is 0x\(String(first, radix: 16, uppercase: true)), "
                                + "and JSON input starts with '[' or '{'")
                    }
                }
            }
        }
    #endif

    /// Whether a text can start with this byte (after white space) and be an input we read:
    /// an array, an object, or a byte order mark (UTF-8 EF, UTF-16 FE or FF).
    static func startsJSON(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || byte == 0xEF || byte == 0xFE || byte == 0xFF
    }

    /// The `.json` files below a directory, sorted, and a warning for each entry ending in
    /// `.json` that is not a regular file (a FIFO would block the read, a device never end).
    ///
    /// Hidden directories below it (`.terraform`, whose `modules.json` is no plan; `.vscode`;
    /// `.git`) are not searched; a warning names each one that holds `.json` files.
    static func jsonFiles(under directory: String) -> (files: [String], skipped: [Diagnostic]) {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return ([], []) }
        var found: [String] = [], skipped: [Diagnostic] = []
        while let relative = enumerator.nextObject() as? String {
            let full = (directory as NSString).appendingPathComponent(relative)
            var directoryInfo = stat()
            if (relative as NSString).lastPathComponent.hasPrefix("."), stat(full, &directoryInfo) == 0, directoryInfo.st_mode & S_IFMT == S_IFDIR {
                enumerator.skipDescendants()
                if holdsJSON(full) {
                    skipped.append(
                        Diagnostic(
                            severity: .warning, kind: .invalidInput, file: full,
                            message: "skipped: a hidden directory is not searched (name it as an input to read its .json files)"))
                }
                continue
            }
            if let advice = bicepAdvice(relative) {
                skipped.append(Diagnostic(severity: .warning, kind: .invalidInput, file: full, message: "skipped: " + advice))
                continue
            }
            guard relative.lowercased().hasSuffix(".json") else { continue }
            var info = stat()
            guard stat(full, &info) == 0 else {
                skipped.append(
                    Diagnostic(
                        severity: .warning, kind: .invalidInput, file: full,
                        message: "skipped: \(FileProblem.describe(errno, path: full))"))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG: found.append(full)
            case S_IFDIR: continue
            case let kind:
                skipped.append(
                    Diagnostic(
                        severity: .warning, kind: .invalidInput, file: full,
                        message: "skipped: not a regular file (\(Self.describe(kind)))"))
            }
        }
        return (found.sorted(), skipped.sorted())
    }

    /// Whether a directory holds a `.json` file at any depth.
    private static func holdsJSON(_ directory: String) -> Bool {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return false }
        while let relative = enumerator.nextObject() as? String {
            if relative.lowercased().hasSuffix(".json") { return true }
        }
        return false
    }

    private static func describe(_ kind: mode_t) -> String {
        switch kind {
        case S_IFIFO: "a named pipe"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        default: "a special file"
        }
    }
}

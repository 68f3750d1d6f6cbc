import Foundation
import Lateral

/// Where a command may write: never over a file it read, nor into a directory it read.
///
/// A report written over an export loses the export; one written into an input directory is
/// read back as input by the next run. Paths are compared after resolving symbolic links, so
/// `./estate.json`, `estate.json` and a link to it are one file.
enum OutputPaths {
    /// - Parameters:
    ///   - outputs: the files the command is about to write.
    ///   - inputs: every file or directory it reads (exports, policy and change files).
    /// - Throws: a usage error (exit 2) naming both paths, before anything is written.
    static func refuseInputs(_ outputs: [String], inputs: [String]) throws {
        let readFrom = inputs.map { (given: $0, resolved: resolved($0), directory: isDirectory($0)) }
        for output in outputs {
            let target = resolved(output)
            for input in readFrom {
                if target == input.resolved {
                    throw CLIError(message: "error: output \(output) is the input \(input.given); refusing to overwrite it (name another output)")
                }
                if input.directory, target.hasPrefix(input.resolved.hasSuffix("/") ? input.resolved : input.resolved + "/") {
                    throw CLIError(
                        message:
                            "error: output \(output) is inside the input directory \(input.given), which the next run would read as input; name an output outside it"
                    )
                }
            }
        }
    }

    /// Writes every file to a temporary name beside it, then renames them all into place, so a
    /// failure (a full disk) leaves the earlier files as they were rather than cut short.
    /// An existing symbolic link is replaced by the new file; the file it pointed to is kept.
    static func writeAtomically(_ files: [(path: String, write: (URL) throws -> Void)]) throws {
        var staged: [(temporary: URL, final: URL)] = []
        do {
            for file in files {
                let final = URL(fileURLWithPath: file.path)
                let temporary = final.deletingLastPathComponent().appendingPathComponent(".\(final.lastPathComponent).lateral-\(getpid())")
                staged.append((temporary, final))
                try file.write(temporary)
            }
            for file in staged {
                guard rename(file.temporary.path, file.final.path) == 0 else {
                    throw CLIError(message: "error: cannot write \(file.final.path): \(String(cString: strerror(errno)))", code: 3)
                }
            }
        } catch {
            for file in staged { try? FileManager.default.removeItem(at: file.temporary) }
            if let error = error as? CLIError { throw error }
            throw CLIError(message: "error: cannot write \(staged.last?.final.path ?? "the output"): \(describe(error))", code: 3)
        }
    }

    /// A file error in words (Foundation's are "NSCocoaErrorDomain error 512").
    static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }

    private static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if FileManager.default.fileExists(atPath: url.path) { return url.resolvingSymlinksInPath().path }
        // A file still to be written: its directory resolved, its name as given.
        return url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path
    }

    private static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}

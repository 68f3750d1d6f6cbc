#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a path could not be found or opened, in words: `strerror` says "No such file or
/// directory" for a link that leads nowhere, which sends the user looking for a file that is
/// plainly there, and "Too many levels of symbolic links" for a loop, which does not say loop.
package enum FileProblem {
    /// The reason for `code` (an `errno`) met on `path`.
    package static func describe(_ code: Int32, path: String) -> String {
        switch code {
        case ELOOP:
            return "symbolic link loop: following its links never reaches a file (ELOOP, too many levels of symbolic links)"
        case ENOENT:
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return "no such file or directory" }
            return "a symbolic link to \(linkTarget(path).map { "'\($0)', " } ?? "")which does not exist"
        default:
            return String(cString: strerror(code))
        }
    }

    /// Where a symbolic link points, as written in it.
    private static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

import AuditReport
import Crypto
import Foundation

/// The inputs as the auditor report's cover lists them: each file read, its size and its
/// SHA-256, so a reader can tell whether the files in hand are the ones analysed.
public enum InputDigest {
    /// - Parameter files: the files the import read, as it names them (relative paths stay
    ///   relative).
    /// - Returns: one entry per file, in the order given; a file that is not a regular file
    ///   (a pipe), or cannot be read again, has no size or digest.
    /// - Complexity: reads every file once, in chunks of 4 MiB.
    public static func files(_ files: [String]) -> [HTMLReport.InputFile] {
        files.map { path in
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                attributes[.type] as? FileAttributeType == .typeRegular, let handle = FileHandle(forReadingAtPath: path)
            else { return HTMLReport.InputFile(path: path, bytes: nil, sha256: nil) }
            defer { try? handle.close() }
            var hasher = SHA256()
            var total = 0
            while let chunk = try? handle.read(upToCount: 4 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                total += chunk.count
            }
            return HTMLReport.InputFile(path: path, bytes: total, sha256: hex(hasher.finalize()))
        }
    }

    /// SHA-256 of bytes, in lowercase hex.
    public static func sha256(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in digest { out += [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]] }
        return String(decoding: out, as: UTF8.self)
    }
}

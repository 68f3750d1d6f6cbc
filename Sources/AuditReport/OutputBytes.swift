import Foundation

/// A report file's bytes, kept in the pieces they were produced in.
///
/// Long reports are encoded in runs on every core; joining the runs into one array copied
/// 48 MB into fresh memory at 1,000 spokes, a page fault every 4 KiB, only for the copy to
/// be written out and dropped. The pieces are written one after the other instead.
public struct OutputBytes: Sendable, Equatable {
    /// The pieces, in order; together they are the file.
    public private(set) var pieces: [[UInt8]]
    /// How many bytes the pieces hold together.
    public private(set) var count: Int

    public init(_ bytes: [UInt8]) {
        pieces = bytes.isEmpty ? [] : [bytes]
        count = bytes.count
    }

    public init(pieces: [[UInt8]]) {
        self.pieces = pieces.filter { !$0.isEmpty }
        count = pieces.reduce(0) { $0 + $1.count }
    }

    public mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        pieces.append(bytes)
        count += bytes.count
    }

    /// All the bytes in one array (tests, standard output, callers that need them whole).
    public var joined: [UInt8] {
        if pieces.count == 1 { return pieces[0] }
        var all: [UInt8] = []
        all.reserveCapacity(count)
        for piece in pieces { all += piece }
        return all
    }

    /// Creates or truncates the file at `url` and writes the pieces in order.
    ///
    /// - Throws: the error Foundation reports when the file cannot be created or written.
    public func write(to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        for piece in pieces { try handle.write(contentsOf: piece) }
    }

    public static func == (a: OutputBytes, b: OutputBytes) -> Bool { a.count == b.count && a.joined == b.joined }
}

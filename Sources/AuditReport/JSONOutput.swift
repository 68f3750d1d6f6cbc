import Dispatch
import Foundation
import TopologyModel

/// Deterministic JSON: sorted keys, two-space indentation, no escaped slashes, a final
/// newline. Same input, same bytes.
public enum JSONOutput {
    public static func encode<T: Encodable>(_ value: T) -> String {
        guard let data = try? encoder().encode(value), let text = String(data: data, encoding: .utf8) else { return "{}\n" }
        return text + "\n"
    }

    /// A path report, with the same bytes as ``encode(_:)`` gives, built one path at a time:
    /// Foundation's encoder holds a whole tree of the value before it writes, which for the
    /// thousands of explained paths of a whole-estate report is hundreds of megabytes.
    public static func encode(_ report: ReportSchema.Paths) -> String {
        var skeleton = report
        skeleton.paths = []
        if skeleton.exfiltration != nil { skeleton.exfiltration = [] }
        if skeleton.ranking != nil { skeleton.ranking = [] }
        return spliced(skeleton, arrays: [("exfiltration", report.exfiltration ?? []), ("paths", report.paths), ("ranking", report.ranking ?? [])])
    }

    /// Encodes `skeleton`, whose top-level arrays named in `arrays` are empty, then puts each
    /// array's elements in, each encoded on its own and indented to its depth.
    static func spliced<T: Encodable>(_ skeleton: T, arrays: [(key: String, elements: [any Encodable])]) -> String {
        let text = Array(encode(skeleton).utf8)
        // Where each non-empty array sits in the skeleton: Foundation writes an empty array
        // at depth 1 as `[`, a blank line, then `  ]`.
        var cuts: [(range: Range<Int>, key: String, elements: [any Encodable])] = []
        for (key, elements) in arrays where !elements.isEmpty {
            let empty = Array("\n  \"\(key)\" : [\n\n  ]".utf8)
            guard let at = Self.firstRange(of: empty, in: text) else { return encode(skeleton) }
            cuts.append((at, key, elements))
        }
        cuts.sort { $0.range.lowerBound < $1.range.lowerBound }
        // One output buffer, written once.
        var bytes: [UInt8] = []
        var position = 0
        for cut in cuts {
            bytes += text[position..<cut.range.lowerBound]
            bytes += Array("\n  \"\(cut.key)\" : [\n".utf8)
            // Elements are encoded on every core (an encoder per worker) in blocks, and each
            // block is spliced in order before the next is encoded: only one block's encodings
            // are held at a time (all of them at once raised the peak by the report's size).
            let elements = Shared(cut.elements)
            let block = 64
            var first = true
            for blockStart in stride(from: 0, to: elements.value.count, by: block) {
                let blockEnd = min(blockStart + block, elements.value.count)
                // Each worker also indents what it encoded, so this thread only appends.
                let encoded = Slots<[UInt8]>(count: blockEnd - blockStart)
                let shares = min(blockEnd - blockStart, 8)
                DispatchQueue.concurrentPerform(iterations: shares) { share in
                    let local = Self.encoder()
                    let count = blockEnd - blockStart
                    for i in count * share / shares..<count * (share + 1) / shares {
                        guard let data = try? local.encode(AnyEncodable(elements.value[blockStart + i])) else { continue }
                        encoded.store(Self.indented(data), at: i)
                    }
                }
                for i in 0..<(blockEnd - blockStart) {
                    guard let element = encoded.value(at: i) else { return "{}\n" }
                    if !first { bytes.append(0x2C); bytes.append(0x0A) }
                    first = false
                    bytes += element
                }
            }
            bytes += Array("\n  ]".utf8)
            position = cut.range.upperBound
        }
        bytes += text[position...]
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let indent: [UInt8] = [0x20, 0x20, 0x20, 0x20]

    /// Every line indented by four spaces; blank lines (empty arrays) stay blank. Copied a
    /// line at a time, not a byte at a time.
    static func indented(_ data: Data) -> [UInt8] {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [UInt8] in
            let bytes = raw.bindMemory(to: UInt8.self)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 8 + 8)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                if end > start { out += indent }
                // The line and its newline, if it has one.
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<min(end + 1, bytes.count)]))
                start = end + 1
            }
            return out
        }
    }

    /// Where `needle` first occurs in `haystack`. The needles start with a newline, which
    /// begins every line of the skeleton: candidates are checked with `memcmp`, not a
    /// generic slice comparison (that was most of the splicing time on large reports).
    static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard let head = needle.first, needle.count <= haystack.count else { return nil }
        let last = haystack.count - needle.count
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { wanted in
                var i = 0
                while i <= last {
                    if hay[i] == head && memcmp(hay.baseAddress! + i, wanted.baseAddress!, wanted.count) == 0 { return i..<i + wanted.count }
                    i += 1
                }
                return nil
            }
        }
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    private struct AnyEncodable: Encodable {
        let value: any Encodable
        init(_ value: any Encodable) { self.value = value }
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }
}

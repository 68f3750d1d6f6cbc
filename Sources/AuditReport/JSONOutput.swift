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
                let encoded = Slots<Data>(count: blockEnd - blockStart)
                let shares = min(blockEnd - blockStart, 8)
                DispatchQueue.concurrentPerform(iterations: shares) { share in
                    let local = Self.encoder()
                    let count = blockEnd - blockStart
                    for i in count * share / shares..<count * (share + 1) / shares {
                        encoded.store(try? local.encode(AnyEncodable(elements.value[blockStart + i])), at: i)
                    }
                }
                for i in 0..<(blockEnd - blockStart) {
                    guard let data = encoded.value(at: i) else { return "{}\n" }
                    if !first { bytes.append(0x2C); bytes.append(0x0A) }
                    first = false
                    // Indent every line by four spaces; blank lines (empty arrays) stay blank.
                    data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                        var lineStart = true
                        for byte in raw {
                            if lineStart && byte != 0x0A { bytes.append(contentsOf: Self.indent) }
                            bytes.append(byte)
                            lineStart = byte == 0x0A
                        }
                    }
                }
            }
            bytes += Array("\n  ]".utf8)
            position = cut.range.upperBound
        }
        bytes += text[position...]
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let indent: [UInt8] = [0x20, 0x20, 0x20, 0x20]

    /// Where `needle` first occurs in `haystack` (a plain byte search: the generic
    /// collection search was most of the splicing time on large reports).
    static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard let head = needle.first, needle.count <= haystack.count else { return nil }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == head && haystack[i..<i + needle.count].elementsEqual(needle) { return i..<i + needle.count }
            i += 1
        }
        return nil
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

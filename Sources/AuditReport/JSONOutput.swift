import Foundation

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
        let encoder = encoder()
        var text = encode(skeleton)
        for (key, elements) in arrays where !elements.isEmpty {
            // Foundation writes an empty array at depth 1 as `[`, a blank line, then `  ]`.
            let empty = "\n  \"\(key)\" : [\n\n  ]"
            guard let range = text.range(of: empty) else { return encode(skeleton) }
            var bytes: [UInt8] = Array("\n  \"\(key)\" : [\n".utf8)
            for (i, element) in elements.enumerated() {
                guard let data = try? encoder.encode(AnyEncodable(element)) else { return "{}\n" }
                if i > 0 { bytes += Array(",\n".utf8) }
                // Indent every line by four spaces; blank lines (empty arrays) stay blank.
                var lineStart = true
                for byte in data {
                    if lineStart && byte != 0x0A { bytes += [0x20, 0x20, 0x20, 0x20] }
                    bytes.append(byte)
                    lineStart = byte == 0x0A
                }
            }
            bytes += Array("\n  ]".utf8)
            text.replaceSubrange(range, with: String(decoding: bytes, as: UTF8.self))
        }
        return text
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

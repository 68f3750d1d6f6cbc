import Dispatch
import Foundation
import ParallelSupport
import TopologyModel

/// Deterministic JSON: sorted keys, two-space indentation, no escaped slashes, a final
/// newline. Same input, same bytes.
public enum JSONOutput {
    public static func encode<T: Encodable>(_ value: T) -> String {
        String(decoding: encodeBytes(value), as: UTF8.self)
    }

    /// ``encode(_:)`` as the bytes of a file, with no detour through `String`.
    public static func encodeBytes<T: Encodable>(_ value: T) -> [UInt8] { plain(value) }

    /// The whole value through one encoder, on this thread.
    static func plain<T: Encodable>(_ value: T) -> [UInt8] {
        guard var bytes = try? PrettyJSONEncoder().encode(value) else { return Array("{}\n".utf8) }
        bytes.append(0x0A)
        return bytes
    }

    /// A path report, with the same bytes as ``encode(_:)`` gives.
    public static func encode(_ report: ReportSchema.Paths) -> String {
        String(decoding: encodeBytes(report), as: UTF8.self)
    }

    /// A path report as bytes: its long lists (paths, ranking, exfiltration, nodes) encoded on
    /// every core and spliced into the rest.
    public static func encodeBytes(_ report: ReportSchema.Paths) -> [UInt8] { encodePieces(report).joined }

    /// ``encodeBytes(_:)-(ReportSchema.Paths)`` in the pieces it is encoded in, for writing to
    /// a file without joining them first.
    public static func encodePieces(_ report: ReportSchema.Paths) -> OutputBytes {
        var skeleton = report
        skeleton.paths = []
        skeleton.nodes = []
        if skeleton.exfiltration != nil { skeleton.exfiltration = [] }
        if skeleton.ranking != nil { skeleton.ranking = [] }
        return spliced(
            skeleton, whole: report,
            arrays: [
                ("exfiltration", report.exfiltration ?? []), ("nodes", report.nodes), ("paths", report.paths),
                ("ranking", report.ranking ?? []),
            ])
    }

    /// Encodes `skeleton`, whose top-level arrays named in `arrays` are empty, then puts each
    /// array's elements in, encoded at their depth.
    static func spliced<T: Encodable>(_ skeleton: T, whole: T, arrays: [(key: String, elements: [any Encodable])]) -> OutputBytes {
        let text = plain(skeleton)
        // Where each non-empty array sits in the skeleton: an empty array at depth 1 is `[`,
        // a blank line, then `  ]`.
        var cuts: [(range: Range<Int>, key: String, elements: [any Encodable])] = []
        for (key, elements) in arrays where !elements.isEmpty {
            let empty = Array("\n  \"\(key)\" : [\n\n  ]".utf8)
            guard let at = Self.firstRange(of: empty, in: text) else { return OutputBytes(plain(whole)) }
            cuts.append((at, key, elements))
        }
        cuts.sort { $0.range.lowerBound < $1.range.lowerBound }
        // Runs of elements are encoded on every core, each run into one buffer with its
        // separators and indentation; the runs are the output's pieces, in order.
        var runs: [(cut: Int, elements: Range<Int>)] = []
        for (c, cut) in cuts.enumerated() {
            for start in stride(from: 0, to: cut.elements.count, by: Self.run) { runs.append((c, start..<min(start + Self.run, cut.elements.count))) }
        }
        let input = Shared((cuts: cuts, runs: runs))
        let encoded = Slots<[UInt8]>(count: runs.count)
        DispatchQueue.concurrentPerform(iterations: runs.count) { r in
            let (c, range) = input.value.runs[r]
            let elements = input.value.cuts[c].elements
            // One buffer per run, each element written straight into it: a buffer per element,
            // then copied into the run's, cost a page fault per 4 KiB of report on large estates.
            let sink = JSONSink()
            for i in range {
                if i > 0 { sink.bytes.append(0x2C) }
                sink.bytes.append(0x0A)
                sink.bytes += Self.indent
                do { try sink.write(AnyEncodable(elements[i]), depth: 2, path: []) } catch { return }
            }
            encoded.store(sink.bytes, at: r)
        }
        // A run that failed to encode (a value JSON cannot hold): the whole value, as the
        // plain encoder gives it.
        for r in runs.indices where encoded.value(at: r) == nil { return OutputBytes(plain(whole)) }
        var bytes = OutputBytes([])
        var position = 0, r = 0
        for (c, cut) in cuts.enumerated() {
            bytes.append(Array(text[position..<cut.range.lowerBound]) + Array("\n  \"\(cut.key)\" : [".utf8))
            while r < runs.count && runs[r].cut == c {
                bytes.append(encoded.take(at: r) ?? [])
                r += 1
            }
            bytes.append(Array("\n  ]".utf8))
            position = cut.range.upperBound
        }
        bytes.append(Array(text[position...]))
        return bytes
    }

    /// Elements per run: enough that a run is worth handing to a core, few enough that the
    /// two cores finish together.
    static let run = 16

    /// The first line of an element at depth 2 (the encoder indents the rest).
    private static let indent: [UInt8] = [0x20, 0x20, 0x20, 0x20]

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

    private struct AnyEncodable: Encodable {
        let value: any Encodable
        init(_ value: any Encodable) { self.value = value }
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }
}

import Foundation
import FuzzSupport
import GraphvizRender

/// libFuzzer's entry: the input's NUL-separated pieces as the labels of a small diagram (its
/// title, a cluster, two nodes and the edge between them), encoded as DOT, and each piece
/// escaped on its own. Hostile text must stay inside its quoted string: the DOT is compared,
/// quoted strings left out, with the same diagram labelled `x`; and every quoted string must
/// hold no control character, no backslash but the one before a quote, and no more
/// characters than the encoder's limits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDOT(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let pieces = UnsafeBufferPointer(start: data, count: size).split(separator: 0, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    // The same shape with harmless labels: an empty edge label is left out and a label past
    // the limit gets a tooltip, so their stand-ins are empty and as long.
    let plain = pieces.map { piece in
        piece.isEmpty ? "" : piece.unicodeScalars.count > DOTEncoder.labelLimit ? String(repeating: "x", count: DOTEncoder.labelLimit + 1) : "x"
    }
    let (shape, strings) = DOTText.split(DOTEncoder.encode(diagram(pieces)))
    FuzzReplay.require(shape == DOTText.split(DOTEncoder.encode(diagram(plain))).shape, "a label changed the DOT outside its quoted string")
    for string in strings {
        FuzzReplay.require(DOTText.isSafe(string, limit: DOTEncoder.tooltipLimit), "unsafe quoted string \(string.debugDescription)")
    }
    for piece in pieces.dropFirst(4) {
        let escaped = DOTEncoder.escape(piece)
        FuzzReplay.require(DOTText.isSafe(escaped, limit: DOTEncoder.labelLimit), "unsafe label \(escaped.debugDescription)")
    }
    return 0
}

/// The title, one network cluster, two nodes (the first inside it) and an edge between them,
/// labelled by the first four pieces; the pieces' count picks the edge's role.
func diagram(_ pieces: [String]) -> Diagram {
    func piece(_ i: Int) -> String { i < pieces.count ? pieces[i] : "" }
    let roles: [Diagram.EdgeRole] = [.attackPath, .reachability, .peering, .brokenPeering, .opened, .closed, .unchanged]
    return Diagram(
        title: piece(0), clusters: [Diagram.Cluster(id: "c", label: piece(1), parent: nil, role: .network)],
        nodes: [
            Diagram.Node(id: "a", label: piece(2), cluster: "c", role: .entry, highlighted: true),
            Diagram.Node(id: "b", label: piece(3), cluster: nil, role: .target, highlighted: false),
        ],
        edges: [Diagram.Edge(from: "a", to: "b", label: piece(3), role: roles[pieces.count % roles.count])],
        showLegend: false)
}

/// DOT text read the way Graphviz's scanner reads it: a quoted string runs from `"` to the
/// next `"` that no backslash escapes. Bytes, not Strings: UTF-8 never uses `"` or `\` inside
/// a multibyte character.
enum DOTText {
    /// The text with each quoted string's contents taken out, and those contents.
    static func split(_ dot: String) -> (shape: [UInt8], strings: [String]) {
        var shape: [UInt8] = [], strings: [String] = []
        let bytes = Array(dot.utf8)
        var i = 0
        while i < bytes.count {
            shape.append(bytes[i])
            guard bytes[i] == UInt8(ascii: "\"") else { i += 1; continue }
            var end = i + 1
            while end < bytes.count && bytes[end] != UInt8(ascii: "\"") {
                end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
            }
            FuzzReplay.require(end < bytes.count, "the DOT ends inside a quoted string")
            strings.append(String(decoding: bytes[(i + 1)..<end], as: UTF8.self))
            shape.append(bytes[end])
            i = end + 1
        }
        return (shape, strings)
    }

    /// No control character or line break, a backslash only before a quote, and at most
    /// `limit` characters and an ellipsis once `\"` and `&amp;` are read as one.
    static func isSafe(_ string: String, limit: Int) -> Bool {
        let scalars = Array(string.unicodeScalars)
        var count = 0, i = 0
        let entity = Array("&amp;".unicodeScalars)
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "\\" {
                guard i + 1 < scalars.count, scalars[i + 1] == "\"" else { return false }
                i += 1
            } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}" {
                return false
            } else if scalar == "&" {
                guard i + entity.count <= scalars.count, Array(scalars[i..<(i + entity.count)]) == entity else { return false }
                i += entity.count - 1
            }
            count += 1
            i += 1
        }
        return count <= limit + 1
    }
}

/// The program of an ordinary build, which replays files (`FuzzReplay`). Under libFuzzer, which
/// brings its own `main`, this file is a library and this constant is never read.
let replay: Void = FuzzReplay.run(fuzzDOT)

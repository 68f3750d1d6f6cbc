/// Graphviz SVG made fit to sit inside an HTML page.
///
/// What goes: the XML declaration, the DOCTYPE and comments before the `<svg>` element (HTML
/// parses none of them as SVG needs); every `id` attribute, since several diagrams in one page
/// would repeat Graphviz's `graph0`, `node1`... and the page's anchors must be unique; and every
/// `<title>` element, which holds only the synthetic node IDs (`n3`) and would show as a
/// meaningless tooltip. Labels and tooltips are kept as Graphviz escaped them: the DOT text's
/// labels were sanitised (``DOTEncoder``) and Graphviz writes `<`, `>`, `&` and quotes as
/// entities, so a hostile name stays text.
enum InlineSVG {
    static func embed(_ svg: [UInt8], label: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(svg.count)
        guard let start = find(Array("<svg".utf8), in: svg, from: 0) else { return "" }
        var i = start
        let idAttribute = Array(" id=\"".utf8), titleOpen = Array("<title>".utf8), titleClose = Array("</title>".utf8)
        let svgTag = Array("<svg".utf8)
        while i < svg.count {
            if matches(idAttribute, svg, at: i), let end = svg[(i + idAttribute.count)...].firstIndex(of: UInt8(ascii: "\"")) {
                i = end + 1
            } else if matches(titleOpen, svg, at: i), let end = find(titleClose, in: svg, from: i) {
                i = end + titleClose.count
                if i < svg.count, svg[i] == UInt8(ascii: "\n") { i += 1 }
            } else if i == start, matches(svgTag, svg, at: i) {
                out += svgTag
                out += Array(" role=\"img\" aria-label=\"\(HTMLEscape.text(label))\"".utf8)
                i += svgTag.count
            } else {
                out.append(svg[i])
                i += 1
            }
        }
        while let last = out.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: " ") { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    static func matches(_ needle: [UInt8], _ bytes: [UInt8], at i: Int) -> Bool {
        guard i + needle.count <= bytes.count, bytes[i] == needle[0] else { return false }
        for k in 1..<needle.count where bytes[i + k] != needle[k] { return false }
        return true
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        var i = from
        while i + needle.count <= bytes.count {
            if matches(needle, bytes, at: i) { return i }
            i += 1
        }
        return nil
    }
}

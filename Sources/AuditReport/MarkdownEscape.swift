/// Text from the estate (names, tags, descriptions) made safe for Markdown: a name may hold
/// backticks, pipes, newlines, brackets or control characters, and written raw it would close
/// its code span, split a table row, start a heading or a link.
package enum MarkdownEscape {
    /// A code span that shows `text` as written: fenced with one backtick more than its longest
    /// run of backticks, line breaks and control characters made visible, and in a table cell
    /// the pipes escaped (GitHub's tables split cells before reading code spans).
    package static func code(_ text: String, inTable: Bool = false) -> String {
        var body = visible(text)
        if inTable { body = body.replacingOccurrences(of: "|", with: "\\|") }
        var longest = 0, run = 0
        for c in body { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = body.hasPrefix("`") || body.hasSuffix("`") ? " " : ""
        return fence + pad + body + pad + fence
    }

    /// Prose that may quote names: the characters that would open a code span, a link, HTML
    /// or a table cell are escaped, and line breaks made visible, so nothing in it becomes a
    /// link, markup or a new line (a heading). Emphasis characters are left as written.
    package static func text(_ text: String) -> String {
        var out = ""
        for c in visible(text) {
            if "\\`[]<|".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// Line breaks and other control characters (C0, DEL, C1) as `\u{..}`, so a name cannot
    /// break a line or reach a terminal as a control sequence.
    package static func visible(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Text from the estate (names, tags, descriptions) made safe for Markdown: a name may hold
/// backticks, pipes, newlines, brackets or control characters, and written raw it would close
/// its code span, split a table row, start a heading or a link.
package enum MarkdownEscape {
    /// A code span that shows `text` as written: fenced with one backtick more than its longest
    /// run of backticks, line breaks and control characters made visible, and in a table cell
    /// the pipes escaped (GitHub's tables split cells before reading code spans).
    ///
    /// Works on scalars, not Characters: Markdown readers see a backtick or a pipe followed by
    /// a combining mark as a backtick or a pipe, where Swift sees one Character.
    package static func code(_ text: String, inTable: Bool = false) -> String {
        var body = String.UnicodeScalarView()
        var longest = 0, run = 0
        for scalar in visible(text).unicodeScalars {
            if inTable && scalar == "|" { body.append("\\") }
            body.append(scalar)
            run = scalar == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        // CommonMark has no empty code span: an empty name shows as a span of one space.
        guard let first = body.first, let last = body.last else { return "` `" }
        let fence = String(repeating: "`", count: longest + 1)
        // A reader strips one space from each end of a span that starts and ends with one
        // (unless it is all spaces): a backtick at an end needs that space to stay apart from
        // the fence, and a name with spaces at both ends needs it to keep them.
        let spaced = first == " " && last == " " && body.contains { $0 != " " }
        let pad = first == "`" || last == "`" || spaced ? " " : ""
        return fence + pad + String(body) + pad + fence
    }

    /// Prose that may quote names: the characters that would open a code span, a link, HTML
    /// or a table cell are escaped, and line breaks made visible, so nothing in it becomes a
    /// link, markup or a new line (a heading). Emphasis characters are left as written.
    /// Scalars, as in ``code(_:inTable:)``.
    package static func text(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in visible(text).unicodeScalars {
            if "\\`[]<|".unicodeScalars.contains(scalar) { out.append("\\") }
            out.append(scalar)
        }
        return String(out)
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

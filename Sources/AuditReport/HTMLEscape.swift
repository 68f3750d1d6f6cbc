/// Text from the estate (names, tags, rule names, file names) made safe for HTML: a name may
/// hold `<`, `&` or quotes, and written raw it would open an element, a script or an
/// attribute.
///
/// One function for element text and attribute values alike, so there is no second place to
/// forget. Control characters become visible as in ``MarkdownEscape/visible(_:)``, and so do
/// the bidirectional overrides and isolates, which would otherwise reorder what an auditor
/// reads (a rule name that shows as `allow-ssh` but is stored reversed).
package enum HTMLEscape {
    package static func text(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in MarkdownEscape.visible(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}", "\u{200E}", "\u{200F}", "\u{061C}":
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` as a `<code>` element.
    package static func code(_ text: String) -> String { "<code>" + Self.text(text) + "</code>" }
}

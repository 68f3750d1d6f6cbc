import Testing

/// Resource names and labels an attacker (or an unlucky admin) might write.
struct HostileText: Sendable, CustomTestStringConvertible {
    let name: String
    let raw: String
    /// What ``DOTEncoder/escape(_:)`` must produce, compared scalar by scalar.
    let escaped: String
    /// What a reader of the rendered diagram sees.
    let shown: String
    var testDescription: String { name }

    static let all: [HostileText] = [
        HostileText(name: "double quotes", raw: #"say "hi""#, escaped: #"say \"hi\""#, shown: #"say "hi""#),
        HostileText(name: "lone quote at the end", raw: #"vnet""#, escaped: #"vnet\""#, shown: #"vnet""#),
        HostileText(name: "backslash", raw: #"C:\temp\"#, escaped: "C:/temp/", shown: "C:/temp/"),
        HostileText(name: "backslash before a quote", raw: #"a\"b"#, escaped: #"a/\"b"#, shown: #"a/"b"#),
        HostileText(name: "Graphviz escape sequences", raw: #"\N \G \l"#, escaped: "/N /G /l", shown: "/N /G /l"),
        HostileText(name: "newline and tab", raw: "line1\nline2\tend\r", escaped: "line1 line2 end ", shown: "line1 line2 end"),
        HostileText(name: "markup", raw: "<b>bold</b> <i>", escaped: "<b>bold</b> <i>", shown: "<b>bold</b> <i>"),
        HostileText(name: "braces and semicolons", raw: "x]; n0 -> n1 [label={", escaped: "x]; n0 -> n1 [label={", shown: "x]; n0 -> n1 [label={"),
        HostileText(name: "quote followed by a combining mark", raw: "\"\u{301}x", escaped: "\\\"\u{301}x", shown: "\"\u{301}x"),
        HostileText(name: "line and paragraph separators", raw: "a\u{2028}b\u{2029}c", escaped: "a b c", shown: "a b c"),
        HostileText(name: "non-Latin text", raw: "Zürich 東京 🚀", escaped: "Zürich 東京 🚀", shown: "Zürich 東京 🚀"),
        HostileText(name: "empty", raw: "", escaped: "", shown: ""),
    ]
}

/// One parsed ARM template expression (the text between the outer `[` and `]`).
///
/// Kept as a tree rather than evaluated while parsing, because `if` must evaluate only the
/// branch it takes (a guarded `reference()` would otherwise fail) and a copy loop evaluates
/// the same text once per index.
indirect enum TemplateExpression: Sendable {
    case string(String)
    case integer(Int)
    /// A function call; `name` is as written, with a namespace prefix for user-defined
    /// functions (`contoso.uniqueName`).
    case call(name: String, arguments: [TemplateExpression])
    /// `.name` after a value.
    case member(TemplateExpression, String)
    /// `[index]` after a value.
    case index(TemplateExpression, TemplateExpression)
}

extension TemplateExpression {
    /// Whether a JSON string is an expression: it starts with `[` and ends with `]` and does
    /// not start with the `[[` escape.
    static func isExpression(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return false }
        return bytes.dropFirst().first != UInt8(ascii: "[")
    }

    /// The literal a string stands for when it is not an expression: `[[x]` is `[x]`.
    static func unescaped(_ text: String) -> String {
        let bytes = text.utf8
        if bytes.count >= 2, bytes.first == UInt8(ascii: "["), bytes.dropFirst().first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") {
            return String(text.dropFirst())
        }
        return text
    }

    /// The expression as ARM would print it, for diagnostics and symbolic values.
    var text: String {
        switch self {
        case .string(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .integer(let n): return String(n)
        case .call(let name, let arguments): return name + "(" + arguments.map(\.text).joined(separator: ", ") + ")"
        case .member(let base, let name): return base.text + "." + name
        case .index(let base, let index): return base.text + "[" + index.text + "]"
        }
    }
}

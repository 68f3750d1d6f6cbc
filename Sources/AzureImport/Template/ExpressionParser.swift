/// Parses the text of an ARM template expression into a ``TemplateExpression``.
///
/// The grammar: a string literal in single quotes (`''` is a quote), an integer (with an
/// optional minus), a function call `name(args)` or `namespace.name(args)`, each followed
/// by any number of `.member` and `[expression]` accessors. White space, newlines included,
/// may sit between tokens.
struct ExpressionParser {
    /// What is wrong with an expression's text, and where.
    struct Failure: Error {
        let message: String
    }

    private let bytes: [UInt8]
    private var position = 0

    private init(_ text: String) { bytes = Array(text.utf8) }

    /// Parses a whole JSON string that ``TemplateExpression/isExpression(_:)`` accepted.
    static func parse(_ text: String) throws(Failure) -> TemplateExpression {
        var parser = ExpressionParser(text)
        guard parser.bytes.first == UInt8(ascii: "["), parser.bytes.last == UInt8(ascii: "]") else {
            throw Failure(message: "an expression starts with '[' and ends with ']'")
        }
        parser.position = 1
        let end = parser.bytes.count - 1
        let expression = try parser.parseExpression()
        parser.skipSpace()
        guard parser.position == end else {
            throw Failure(message: "unexpected text after the expression at character \(parser.position + 1): '\(parser.rest(to: end))'")
        }
        return expression
    }

    private func rest(to end: Int) -> String {
        String(decoding: bytes[position..<min(end, position + 20)], as: UTF8.self)
    }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private func peek() -> UInt8? { position < bytes.count - 1 ? bytes[position] : nil }

    private mutating func parseExpression() throws(Failure) -> TemplateExpression {
        skipSpace()
        guard let first = peek() else { throw Failure(message: "the expression ends where a value was expected") }
        var value: TemplateExpression
        if first == UInt8(ascii: "'") {
            value = .string(try parseString())
        } else if first == UInt8(ascii: "-") || (0x30...0x39).contains(first) {
            value = .integer(try parseInteger())
        } else if Self.startsName(first) {
            let name = parseName()
            skipSpace()
            guard peek() == UInt8(ascii: "(") else {
                throw Failure(
                    message:
                        "'\(name)' is not followed by '(': names in an expression are function calls (true, false and null are written true(), false(), null())"
                )
            }
            position += 1
            value = .call(name: name, arguments: try parseArguments())
        } else {
            throw Failure(message: "unexpected character '\(Character(Unicode.Scalar(first)))' at character \(position + 1)")
        }
        while true {
            skipSpace()
            guard let next = peek() else { return value }
            if next == UInt8(ascii: ".") {
                position += 1
                skipSpace()
                guard let c = peek(), Self.startsName(c) else { throw Failure(message: "a member name must follow '.' at character \(position + 1)") }
                value = .member(value, parseName())
            } else if next == UInt8(ascii: "[") {
                position += 1
                let index = try parseExpression()
                skipSpace()
                guard peek() == UInt8(ascii: "]") else { throw Failure(message: "expected ']' at character \(position + 1)") }
                position += 1
                value = .index(value, index)
            } else {
                return value
            }
        }
    }

    private mutating func parseArguments() throws(Failure) -> [TemplateExpression] {
        var arguments: [TemplateExpression] = []
        skipSpace()
        if peek() == UInt8(ascii: ")") {
            position += 1
            return arguments
        }
        while true {
            arguments.append(try parseExpression())
            skipSpace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: ")"):
                position += 1
                return arguments
            default: throw Failure(message: "expected ',' or ')' in the arguments at character \(position + 1)")
            }
        }
    }

    private mutating func parseString() throws(Failure) -> String {
        position += 1
        var out: [UInt8] = []
        while let c = peek() {
            position += 1
            if c == UInt8(ascii: "'") {
                if peek() == UInt8(ascii: "'") {
                    out.append(c)
                    position += 1
                } else {
                    return String(decoding: out, as: UTF8.self)
                }
            } else {
                out.append(c)
            }
        }
        throw Failure(message: "a string literal is not closed with '")
    }

    private mutating func parseInteger() throws(Failure) -> Int {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        while let c = peek(), (0x30...0x39).contains(c) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Int(text) else { throw Failure(message: "'\(text)' is not an integer") }
        return value
    }

    private mutating func parseName() -> String {
        let start = position
        while let c = peek(), Self.startsName(c) || (0x30...0x39).contains(c) || c == UInt8(ascii: ".") && nextStartsName() {
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Within a name, a `.` belongs to it (a user-defined function's namespace) only when a
    /// call follows the dotted name; `parameters('x').y` reads a member instead. Decided by
    /// looking past the next name for `(`.
    private func nextStartsName() -> Bool {
        var p = position + 1
        guard p < bytes.count - 1, Self.startsName(bytes[p]) else { return false }
        while p < bytes.count - 1, Self.startsName(bytes[p]) || (0x30...0x39).contains(bytes[p]) { p += 1 }
        while p < bytes.count - 1, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[p]) { p += 1 }
        return p < bytes.count - 1 && bytes[p] == UInt8(ascii: "(")
    }

    private static func startsName(_ c: UInt8) -> Bool {
        (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "$")
    }
}

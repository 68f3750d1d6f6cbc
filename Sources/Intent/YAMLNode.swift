import AzureImport
import Foundation
import TopologyModel
import Yams

/// A YAML value with the line, column and pointer it was found at, so every complaint
/// about a change or policy file can say exactly where.
struct YAMLNode {
    enum Value {
        case null
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
        case sequence([YAMLNode])
        case mapping([(key: String, value: YAMLNode)])
    }

    let value: Value
    let line: Int
    let column: Int
    /// A JSON pointer (RFC 6901) from the document root.
    let pointer: String
    let file: String

    /// The most values a document may hold once its aliases are expanded. Yams composes an
    /// alias as a second reference to the anchored value, so nine levels of nine aliases are a
    /// few hundred bytes of YAML and 9^9 values here: the walk counts what it builds and stops.
    /// Hand-written change and policy files hold hundreds of values; a `put` of a large
    /// resource body a few thousand.
    static let valueLimit = 100_000

    /// Parses the first document of a YAML text.
    ///
    /// - Throws: ``IntentError`` with the line and column of a syntax error, or at the value
    ///   where the document grows past ``valueLimit`` values.
    static func parse(_ text: String, file: String) throws(IntentError) -> YAMLNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw IntentError(diagnostics: [Self.diagnostic(error, file: file, text: text)])
        } catch {
            throw IntentError(diagnostics: [Diagnostic(severity: .error, kind: .invalidInput, file: file, message: "malformed YAML: \(error)")])
        }
        guard let root else {
            throw IntentError(diagnostics: [Diagnostic(severity: .error, kind: .invalidInput, file: file, line: 1, message: "the document is empty")])
        }
        var budget = valueLimit
        return try YAMLNode(root, pointer: "", file: file, lines: lineCount(text), budget: &budget)
    }

    /// Reads a file through the importer's reader, so a change or policy file gets the same
    /// size limit and the same words for a missing file or a link loop as an export.
    static func load(file: String) throws(IntentError) -> YAMLNode {
        let bytes: [UInt8]
        do throws(InputReadError) {
            bytes = try AzureImporter.contents(of: file, json: false)
        } catch {
            throw IntentError(diagnostics: [Diagnostic(severity: .error, kind: .invalidInput, file: file, message: error.message)])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw IntentError(diagnostics: [Diagnostic(severity: .error, kind: .invalidInput, file: file, message: "the file is not UTF-8 text")])
        }
        return try parse(text, file: file)
    }

    /// A node's line, never past the text's last: libyaml ends a text that lacks its last line
    /// break with one of its own, so a value at the very end can be marked on the line after.
    private static func line(_ mark: Mark?, within lines: Int) -> Int? { mark.map { min($0.line, lines) } }

    private init(_ node: Node, pointer: String, file: String, lines: Int, budget: inout Int) throws(IntentError) {
        guard budget > 0 else {
            throw IntentError(diagnostics: [
                Diagnostic(
                    severity: .error, kind: .invalidInput, file: file, line: Self.line(node.mark, within: lines), pointer: pointer,
                    message: "the document holds more than \(Self.valueLimit) values once its YAML aliases are expanded; write the repeated values out")
            ])
        }
        budget -= 1
        self.line = Self.line(node.mark, within: lines) ?? 1
        self.column = node.mark?.column ?? 1
        self.pointer = pointer
        self.file = file
        switch node {
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: value = .null
            case Tag.Name.bool.rawValue: value = node.bool.map(Value.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue: value = Self.integer(scalar.string).map(Value.int) ?? .string(scalar.string)
            case Tag.Name.float.rawValue: value = node.float.map(Value.double) ?? .string(scalar.string)
            default: value = .string(scalar.string)
            }
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for (i, item) in sequence.enumerated() { items.append(try YAMLNode(item, pointer: pointer + "/\(i)", file: file, lines: lines, budget: &budget)) }
            value = .sequence(items)
        case .mapping(let mapping):
            var members: [(key: String, value: YAMLNode)] = []
            // Keys that differ only in case are one member to the importer, which reads resource
            // bodies and patches without regard to case: which one counts cannot be told.
            var seen: [String: (key: String, line: Int?)] = [:]
            for (key, item) in mapping {
                guard case .scalar(let k) = key else {
                    throw IntentError(diagnostics: [
                        Diagnostic(
                            severity: .error, kind: .invalidInput, file: file, line: Self.line(key.mark, within: lines),
                            pointer: pointer, message: "mapping keys must be plain strings")
                    ])
                }
                if let first = seen.updateValue((k.string, Self.line(key.mark, within: lines)), forKey: MemberName.key(k.string)) {
                    let message =
                        first.key == k.string
                        ? "the key '\(k.string)' appears twice"
                        : "the keys '\(first.key)' (line \(first.line.map(String.init) ?? "?")) and '\(k.string)' differ only in case, which Azure does not tell apart"
                    throw IntentError(diagnostics: [
                        Diagnostic(
                            severity: .error, kind: .invalidInput, file: file, line: Self.line(key.mark, within: lines),
                            pointer: pointer, message: message)
                    ])
                }
                members.append((k.string, try YAMLNode(item, pointer: pointer + "/" + Self.token(k.string), file: file, lines: lines, budget: &budget)))
            }
            value = .mapping(members)
        case .alias:
            throw IntentError(diagnostics: [
                Diagnostic(
                    severity: .error, kind: .invalidInput, file: file, line: Self.line(node.mark, within: lines), pointer: pointer,
                    message: "YAML aliases are not supported; write the value out")
            ])
        }
    }

    static func diagnostic(_ error: YamlError, file: String, text: String) -> Diagnostic {
        switch error {
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams names the keys and where their mapping starts; the line to show is the
            // key's second occurrence inside that mapping.
            let key = duplicates.sorted().first ?? ""
            var seen = 0
            var line: Int? = nil
            for (i, content) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where i + 1 >= context.mark.line {
                var body = content.drop { $0 == " " }
                if body.hasPrefix("- ") { body = body.dropFirst(2).drop { $0 == " " } }
                guard body.hasPrefix(key), body.dropFirst(key.count).drop(while: { $0 == " " }).hasPrefix(":") else { continue }
                seen += 1
                if seen == 2 { line = i + 1; break }
            }
            return Diagnostic(
                severity: .error, kind: .invalidInput, file: file, line: line ?? context.mark.line,
                message: "the key '\(key)' appears twice in one mapping")
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            let what = [context.map { "\($0.text)" }, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            // libyaml ends a text that lacks its last line break with one of its own, so an error
            // at the end can name the line after the last.
            let lines = lineCount(text)
            guard mark.line <= lines else {
                return Diagnostic(
                    severity: .error, kind: .invalidInput, file: file, line: lines,
                    message: "malformed YAML at the end of the file (line \(lines)): \(what)")
            }
            return Diagnostic(
                severity: .error, kind: .invalidInput, file: file, line: mark.line,
                message: "malformed YAML at line \(mark.line), column \(mark.column): \(what)")
        default:
            return Diagnostic(severity: .error, kind: .invalidInput, file: file, message: "malformed YAML: \(error)")
        }
    }

    /// The lines of a text as libyaml counts them: a line feed, a carriage return, the two
    /// together, NEL, LS and PS each end one.
    static func lineCount(_ text: String) -> Int {
        var count = 1
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": if previous != "\r" { count += 1 }
            case "\r", "\u{85}", "\u{2028}", "\u{2029}": count += 1
            default: break
            }
            previous = scalar
        }
        return count
    }

    // MARK: Reading

    func fail(_ message: String) -> IntentError {
        IntentError(diagnostics: [Diagnostic(severity: .error, kind: .invalidInput, file: file, line: line, pointer: pointer, message: message)])
    }

    var kindName: String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// Scalars as text (YAML readers expect `priority: 100` and `priority: "100"` alike).
    var text: String? {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    func string() throws(IntentError) -> String {
        guard let text, !text.isEmpty else { throw fail("expected a non-empty string, found \(kindName)") }
        return text
    }

    func integer() throws(IntentError) -> Int {
        switch value {
        case .int(let i): return i
        case .string(let s): if let i = Int(s) { return i }
        default: break
        }
        throw fail("expected an integer, found \(kindName)")
    }

    func boolean() throws(IntentError) -> Bool {
        if case .bool(let b) = value { return b }
        throw fail("expected true or false, found \(kindName)")
    }

    func list() throws(IntentError) -> [YAMLNode] {
        if case .sequence(let items) = value { return items }
        throw fail("expected a list, found \(kindName)")
    }

    /// A string or a list of strings.
    func strings() throws(IntentError) -> [String] {
        if case .sequence(let items) = value {
            var result: [String] = []
            for item in items { result.append(try item.string()) }
            return result
        }
        return [try string()]
    }

    func mapping() throws(IntentError) -> YAMLMapping {
        guard case .mapping(let members) = value else { throw fail("expected a mapping, found \(kindName)") }
        return YAMLMapping(node: self, members: members)
    }

    /// The value as JSON, for resource bodies and merge patches.
    var json: JSONValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(Double(i))
        case .double(let d): return .number(d)
        case .string(let s): return .string(s)
        case .sequence(let items): return .array(items.map(\.json))
        case .mapping(let members): return .object(JSONObject(keys: members.map(\.key), values: members.map(\.value.json)))
        }
    }
}

/// The members of a YAML mapping, read key by key; keys nobody asked for are errors, so a
/// misspelt option never silently does nothing.
struct YAMLMapping {
    let node: YAMLNode
    let members: [(key: String, value: YAMLNode)]
    private(set) var used = Set<String>()

    init(node: YAMLNode, members: [(key: String, value: YAMLNode)]) {
        self.node = node
        self.members = members
    }

    mutating func optional(_ key: String) -> YAMLNode? {
        used.insert(key)
        return members.first { $0.key == key }.map(\.value).flatMap { if case .null = $0.value { return nil } else { return $0 } }
    }

    mutating func required(_ key: String, context: String) throws(IntentError) -> YAMLNode {
        guard let value = optional(key) else { throw node.fail("\(context) needs '\(key)'") }
        return value
    }

    /// Fails on the first key not read.
    func finish(context: String) throws(IntentError) {
        for (key, value) in members where !used.contains(key) {
            let known = used.sorted().map { "'\($0)'" }.joined(separator: ", ")
            throw IntentError(diagnostics: [
                Diagnostic(
                    severity: .error, kind: .invalidInput, file: node.file, line: value.line,
                    pointer: node.pointer + "/" + key,
                    message: "unknown key '\(key)' in \(context); expected \(known)")
            ])
        }
    }
}

/// YAML documents as JSON, for tools that check change and policy files against the JSON
/// Schemas in docs/schemas (the test suite does).
public enum YAMLInput {
    /// - Throws: ``IntentError`` with the line and column of a syntax error.
    public static func json(_ text: String, file: String = "<memory>") throws(IntentError) -> JSONValue {
        try YAMLNode.parse(text, file: file).json
    }
}

extension YAMLNode {
    /// A YAML 1.1 integer as the resolver tagged it: decimal, `0x` hexadecimal, `0o` or
    /// leading-zero octal, `0b` binary, `_` between digits, or base 60 (`1:30` is 90); nil
    /// when it does not fit an `Int`, so it stays text. Yams's own conversion traps on a
    /// base-60 number that overflows (FuzzPolicy found `666666600065664042:45`).
    static func integer(_ text: String) -> Int? {
        var digits = Substring(text.replacingOccurrences(of: "_", with: ""))
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var magnitude: Int
        if digits.contains(":") {
            magnitude = 0
            for part in digits.split(separator: ":", omittingEmptySubsequences: false) {
                guard let place = Int(part, radix: 10), place >= 0 else { return nil }
                let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: 60)
                guard !overflow else { return nil }
                let (sum, carry) = shifted.addingReportingOverflow(place)
                guard !carry else { return nil }
                magnitude = sum
            }
        } else if digits.hasPrefix("0x") {
            guard let n = Int(digits.dropFirst(2), radix: 16) else { return nil }
            magnitude = n
        } else if digits.hasPrefix("0o") {
            guard let n = Int(digits.dropFirst(2), radix: 8) else { return nil }
            magnitude = n
        } else if digits.hasPrefix("0b") {
            guard let n = Int(digits.dropFirst(2), radix: 2) else { return nil }
            magnitude = n
        } else if digits.count > 1, digits.hasPrefix("0") {
            guard let n = Int(digits.dropFirst(), radix: 8) else { return nil }
            magnitude = n
        } else {
            guard let n = Int(digits, radix: 10) else { return nil }
            magnitude = n
        }
        return negative ? -magnitude : magnitude
    }
}

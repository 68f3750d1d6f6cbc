import Foundation
import Lateral

/// Checks JSON documents against a JSON Schema, so tests can hold our output to published
/// schemas instead of to our own reading of them.
///
/// No Swift JSON Schema validator is among our allowed dependencies, so this one covers what
/// we need: every keyword of the OASIS SARIF 2.1.0 schema (draft-04) and the draft-07
/// keywords our own schemas in `docs/schemas/` are likely to use. It lives in `TestSupport`
/// because nothing outside the tests validates JSON.
///
/// The schema is compiled once, in ``init(schema:alsoIgnoring:)``, and compiling is where the
/// validator refuses what it does not understand: a keyword that could constrain a document
/// but is not implemented (``unsupportedKeywords``, or any name it does not know) throws a
/// ``SchemaError`` rather than passing every document unchecked. Keywords that only annotate
/// (``ignoredKeywords``) are skipped.
///
/// Decisions a reader of a failing test may need:
/// - `$ref` may only point into the same document (`#` or `#/...`); drafts 04 to 07 ignore the
///   keywords beside a `$ref`, so a `$ref` with constraining siblings is a ``SchemaError``
///   (wrap them in `allOf`) instead of a silently ignored constraint.
/// - Numbers are doubles (that is how `JSONValue` stores them), so `1.0` counts as an integer
///   and integers beyond 2^53 compare approximately.
/// - `pattern` and `patternProperties` use `NSRegularExpression` (ICU syntax), searched
///   anywhere in the string as ECMA-262 `test` does; anchor with `^...$` to match whole strings.
///   ICU and ECMA-262 agree on the patterns these schemas use.
/// - `format` is checked loosely for `uri`, `uri-reference` and `date-time` only (see
///   ``checkFormat(_:_:)``); any other format name is a ``SchemaError``.
/// - String lengths count Unicode scalars, as the drafts count characters.
public struct JSONSchemaValidator: Sendable {
    /// One way an instance breaks the schema.
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        /// RFC 6901 pointer to the offending value in the instance (`""` is the root).
        public let instancePointer: String
        /// RFC 6901 pointer to the keyword in the schema document that failed; after a `$ref`
        /// it names the keyword where it is written, not the path that led there.
        public let schemaPointer: String
        public let message: String

        public init(instancePointer: String, schemaPointer: String, message: String) {
            self.instancePointer = instancePointer
            self.schemaPointer = schemaPointer
            self.message = message
        }

        public var description: String {
            "\(instancePointer.isEmpty ? "(root)" : instancePointer): \(message) [schema #\(schemaPointer)]"
        }
    }

    /// The schema itself cannot be used: malformed, or asks for something this validator
    /// does not implement.
    public struct SchemaError: Error, Sendable, CustomStringConvertible {
        /// RFC 6901 pointer into the schema document.
        public let schemaPointer: String
        public let message: String

        public var description: String { "schema #\(schemaPointer): \(message)" }
    }

    /// Keywords that constrain documents but are not implemented; a schema using one fails to
    /// compile. (Unknown names fail too; this list is what a reader should expect to add.)
    public static let unsupportedKeywords: [String] = [
        "additionalItems", "contains", "contentEncoding", "contentMediaType", "dependencies",
        "else", "if", "maxProperties", "minProperties", "multipleOf", "propertyNames", "then",
    ]

    /// Keywords that never affect validity and are skipped. `definitions` and `$defs` hold
    /// schemas reached through `$ref`; they are compiled (so their mistakes surface) but do
    /// not apply to the instance themselves.
    public static let ignoredKeywords: Set<String> = [
        "$comment", "$id", "$schema", "default", "deprecated", "description", "examples", "id",
        "readOnly", "title", "writeOnly",
    ]

    /// The formats ``checkFormat(_:_:)`` understands.
    public static let supportedFormats: Set<String> = ["date-time", "uri", "uri-reference"]

    private let nodes: [Node]

    /// Compiles a schema.
    ///
    /// - Parameters:
    ///   - schema: the schema document; its root is `#`.
    ///   - alsoIgnoring: further annotation keywords to skip (for example an editor's
    ///     `markdownDescription`), which would otherwise be refused as unknown.
    /// - Throws: ``SchemaError`` for a malformed schema, a `$ref` that does not resolve, or a
    ///   keyword that is unsupported or unknown.
    public init(schema: JSONValue, alsoIgnoring: Set<String> = []) throws(SchemaError) {
        var compiler = Compiler(root: schema, ignored: Self.ignoredKeywords.union(alsoIgnoring))
        _ = try compiler.node(at: "", schema)
        nodes = compiler.nodes
    }

    /// Reads, parses and compiles a schema file.
    ///
    /// - Throws: the parser's `Diagnostic` for malformed JSON, ``SchemaError`` as
    ///   ``init(schema:alsoIgnoring:)`` does, or a file-system error.
    public init(contentsOfFile path: String, alsoIgnoring: Set<String> = []) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try self.init(schema: Self.parse(data, file: path), alsoIgnoring: alsoIgnoring)
    }

    /// The official SARIF 2.1.0 schema copied into the fixtures (see ``Fixtures/sarifSchema``).
    public static func sarif() throws -> JSONSchemaValidator {
        try JSONSchemaValidator(contentsOfFile: Fixtures.sarifSchema)
    }

    /// Parses JSON text with the importer's parser, the one public JSON entry point we have.
    public static func parse(_ data: Data, file: String = "(in memory)") throws -> JSONValue {
        try SourceDocument(bytes: [UInt8](data), file: file).root
    }

    /// Every violation of the schema by `instance`; empty means valid.
    ///
    /// The order is deterministic: schema keywords in the order the schema file writes them,
    /// instance members and items in document order, depth first.
    public func validate(_ instance: JSONValue) -> [Violation] {
        var violations: [Violation] = []
        evaluate(0, instance, at: "", depth: 0, into: &violations)
        return violations
    }

    /// Parses JSON text and validates it.
    ///
    /// - Throws: the parser's `Diagnostic` for malformed JSON.
    public func validate(json data: Data) throws -> [Violation] {
        validate(try Self.parse(data))
    }
}

// MARK: - Compiled form

extension JSONSchemaValidator {
    /// A compiled schema. Subschemas are indices into `nodes`, which lets `$ref` cycles
    /// (SARIF's `propertyBag`, recursive `#` references) be plain integers.
    fileprivate enum Node: Sendable {
        case accept
        case reject(pointer: String)
        case keywords([Keyword])
    }

    fileprivate struct Keyword: Sendable {
        let pointer: String
        let check: Check
    }

    fileprivate enum JSONType: String, Sendable {
        case null, boolean, object, array, number, integer, string
    }

    /// `NSRegularExpression` is immutable once built and documented as safe to share across
    /// threads; the wrapper only tells the compiler so.
    fileprivate struct Pattern: @unchecked Sendable {
        let source: String
        let regex: NSRegularExpression

        func matches(_ text: String) -> Bool {
            regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }

    fileprivate enum Check: Sendable {
        case type([JSONType])
        case ref(Int)
        case properties([(name: String, node: Int)])
        case patternProperties([(pattern: Pattern, node: Int)])
        case additionalProperties(node: Int, named: Set<String>, patterns: [Pattern])
        case required([String])
        case items(Int)
        case uniqueItems
        case minItems(Int)
        case maxItems(Int)
        case minimum(Double, exclusive: Bool)
        case maximum(Double, exclusive: Bool)
        case pattern(Pattern)
        case enumeration([JSONValue])
        case constant(JSONValue)
        case anyOf([Int])
        case oneOf([Int])
        case allOf([Int])
        case not(Int)
        case format(String)
        case minLength(Int)
        case maxLength(Int)
    }
}

// MARK: - Compiling

extension JSONSchemaValidator {
    private struct Compiler {
        let root: JSONValue
        let ignored: Set<String>
        var nodes: [Node] = []
        var indexByPointer: [String: Int] = [:]

        /// The node for the schema at `pointer`, compiled once. The index is reserved before
        /// compiling so a `$ref` back into a schema being compiled finds it.
        mutating func node(at pointer: String, _ schema: JSONValue) throws(SchemaError) -> Int {
            if let index = indexByPointer[pointer] { return index }
            let index = nodes.count
            nodes.append(.accept)
            indexByPointer[pointer] = index
            nodes[index] = try compile(schema, at: pointer)
            return index
        }

        private func fail(_ pointer: String, _ message: String) -> SchemaError {
            SchemaError(schemaPointer: pointer, message: message)
        }

        private mutating func compile(_ schema: JSONValue, at pointer: String) throws(SchemaError) -> Node {
            switch schema {
            case .bool(true): return .accept
            case .bool(false): return .reject(pointer: pointer)
            case .object(let object): return try compile(object, at: pointer)
            default: throw fail(pointer, "a schema must be an object or a boolean, found \(schema.kindName)")
            }
        }

        private mutating func compile(_ object: JSONObject, at pointer: String) throws(SchemaError) -> Node {
            if let ref = member(object, "$ref") {
                let constraining = object.keys.filter { $0 != "$ref" && $0 != "definitions" && $0 != "$defs" && !ignored.contains($0) }
                if let first = constraining.first {
                    throw fail(pointer, "'\(first)' beside '$ref' is ignored by drafts 04-07; move it into an 'allOf' with the '$ref'")
                }
                try compileDefinitions(object, at: pointer)
                return .keywords([Keyword(pointer: pointer + "/$ref", check: .ref(try resolve(ref, at: pointer + "/$ref")))])
            }
            var keywords: [Keyword] = []
            for (key, value) in zip(object.keys, object.values) {
                let here = pointer + "/" + JSONSchemaValidator.escape(key)
                if ignored.contains(key) { continue }
                if let check = try compileKeyword(key, value, in: object, at: here, schemaPointer: pointer) {
                    keywords.append(Keyword(pointer: here, check: check))
                }
            }
            return .keywords(keywords)
        }

        private mutating func compileDefinitions(_ object: JSONObject, at pointer: String) throws(SchemaError) {
            for key in ["definitions", "$defs"] {
                guard let value = member(object, key) else { continue }
                _ = try compileKeyword(key, value, in: object, at: pointer + "/" + key, schemaPointer: pointer)
            }
        }

        private mutating func compileKeyword(
            _ key: String, _ value: JSONValue, in object: JSONObject, at here: String, schemaPointer: String
        ) throws(SchemaError) -> Check? {
            switch key {
            case "definitions", "$defs":
                for (name, schema) in try schemaMap(value, at: here) {
                    _ = try node(at: here + "/" + JSONSchemaValidator.escape(name), schema)
                }
                return nil
            case "type":
                let names: [JSONValue] = value.arrayValue ?? [value]
                var types: [JSONType] = []
                for name in names {
                    guard let text = name.stringValue, let type = JSONType(rawValue: text) else {
                        throw fail(here, "unknown type \(describe(name))")
                    }
                    types.append(type)
                }
                if types.isEmpty { throw fail(here, "'type' lists no types") }
                return .type(types)
            case "properties":
                var compiled: [(name: String, node: Int)] = []
                for (name, schema) in try schemaMap(value, at: here) {
                    compiled.append((name, try node(at: here + "/" + JSONSchemaValidator.escape(name), schema)))
                }
                return .properties(compiled)
            case "patternProperties":
                var compiled: [(pattern: Pattern, node: Int)] = []
                for (source, schema) in try schemaMap(value, at: here) {
                    let childPointer = here + "/" + JSONSchemaValidator.escape(source)
                    compiled.append((try pattern(source, at: childPointer), try node(at: childPointer, schema)))
                }
                return .patternProperties(compiled)
            case "additionalProperties":
                // Which members count as "additional" depends on the sibling keywords.
                let named = Set(member(object, "properties")?.objectValue?.keys ?? [])
                var patterns: [Pattern] = []
                for source in member(object, "patternProperties")?.objectValue?.keys ?? [] {
                    patterns.append(try pattern(source, at: schemaPointer + "/patternProperties/" + JSONSchemaValidator.escape(source)))
                }
                return .additionalProperties(node: try node(at: here, value), named: named, patterns: patterns)
            case "required":
                guard let items = value.arrayValue else { throw fail(here, "'required' must be an array of strings") }
                var names: [String] = []
                for item in items {
                    guard let name = item.stringValue else { throw fail(here, "'required' must be an array of strings") }
                    names.append(name)
                }
                return .required(names)
            case "items":
                if value.arrayValue != nil { throw fail(here, "the array (tuple) form of 'items' is not supported") }
                return .items(try node(at: here, value))
            case "uniqueItems":
                guard case .bool(let unique) = value else { throw fail(here, "'uniqueItems' must be a boolean") }
                return unique ? .uniqueItems : nil
            case "minItems": return .minItems(try count(value, at: here))
            case "maxItems": return .maxItems(try count(value, at: here))
            case "minLength": return .minLength(try count(value, at: here))
            case "maxLength": return .maxLength(try count(value, at: here))
            case "minimum", "maximum":
                guard case .number(let bound) = value else { throw fail(here, "'\(key)' must be a number") }
                // Draft-04 writes exclusivity as a boolean beside the bound.
                let flag = member(object, key == "minimum" ? "exclusiveMinimum" : "exclusiveMaximum")
                let exclusive: Bool
                if case .bool(let b) = flag { exclusive = b } else { exclusive = false }
                return key == "minimum" ? .minimum(bound, exclusive: exclusive) : .maximum(bound, exclusive: exclusive)
            case "exclusiveMinimum", "exclusiveMaximum":
                let partner = key == "exclusiveMinimum" ? "minimum" : "maximum"
                switch value {
                case .bool:
                    // Draft-04: folded into the partner's check above.
                    if member(object, partner) == nil { throw fail(here, "draft-04 boolean '\(key)' needs '\(partner)' beside it") }
                    return nil
                case .number(let bound):
                    return key == "exclusiveMinimum" ? .minimum(bound, exclusive: true) : .maximum(bound, exclusive: true)
                default:
                    throw fail(here, "'\(key)' must be a boolean (draft-04) or a number (draft-07)")
                }
            case "pattern":
                guard let source = value.stringValue else { throw fail(here, "'pattern' must be a string") }
                return .pattern(try pattern(source, at: here))
            case "enum":
                guard let values = value.arrayValue, !values.isEmpty else { throw fail(here, "'enum' must be a non-empty array") }
                return .enumeration(values)
            case "const":
                return .constant(value)
            case "anyOf", "oneOf", "allOf":
                guard let schemas = value.arrayValue, !schemas.isEmpty else { throw fail(here, "'\(key)' must be a non-empty array of schemas") }
                var indices: [Int] = []
                for (i, schema) in schemas.enumerated() { indices.append(try node(at: here + "/\(i)", schema)) }
                return key == "anyOf" ? .anyOf(indices) : key == "oneOf" ? .oneOf(indices) : .allOf(indices)
            case "not":
                return .not(try node(at: here, value))
            case "format":
                guard let name = value.stringValue else { throw fail(here, "'format' must be a string") }
                guard JSONSchemaValidator.supportedFormats.contains(name) else {
                    throw fail(
                        here,
                        "format '\(name)' is not checked by this validator (supported: \(JSONSchemaValidator.supportedFormats.sorted().joined(separator: ", ")))"
                    )
                }
                return .format(name)
            default:
                if JSONSchemaValidator.unsupportedKeywords.contains(key) {
                    throw fail(here, "keyword '\(key)' is not supported by this validator")
                }
                throw fail(here, "unknown keyword '\(key)'; if it only annotates, pass it in 'alsoIgnoring'")
            }
        }

        /// Resolves a same-document reference (`#` or `#/json/pointer`).
        private mutating func resolve(_ ref: JSONValue, at here: String) throws(SchemaError) -> Int {
            guard let text = ref.stringValue else { throw fail(here, "'$ref' must be a string") }
            guard text.hasPrefix("#") else { throw fail(here, "only references within the schema ('#...') are supported, not '\(text)'") }
            let fragment = String(text.dropFirst()).removingPercentEncoding ?? String(text.dropFirst())
            guard fragment.isEmpty || fragment.hasPrefix("/") else { throw fail(here, "'\(text)' is not a JSON pointer reference") }
            var target = root
            for token in fragment.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
                let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                switch target {
                case .object(let object):
                    guard let next = member(object, name) else { throw fail(here, "'\(text)' does not resolve: no member '\(name)'") }
                    target = next
                case .array(let items):
                    guard let i = Int(name), items.indices.contains(i) else { throw fail(here, "'\(text)' does not resolve: no item '\(name)'") }
                    target = items[i]
                default:
                    throw fail(here, "'\(text)' does not resolve: \(target.kindName) has no member '\(name)'")
                }
            }
            return try node(at: fragment, target)
        }

        private func schemaMap(_ value: JSONValue, at here: String) throws(SchemaError) -> [(String, JSONValue)] {
            guard let object = value.objectValue else { throw fail(here, "expected an object of schemas, found \(value.kindName)") }
            return Array(zip(object.keys, object.values))
        }

        private func count(_ value: JSONValue, at here: String) throws(SchemaError) -> Int {
            guard case .number(let n) = value, n >= 0, n == n.rounded(), n < 1e15 else {
                throw fail(here, "expected a non-negative integer, found \(describe(value))")
            }
            return Int(n)
        }

        private func pattern(_ source: String, at here: String) throws(SchemaError) -> Pattern {
            do {
                return Pattern(source: source, regex: try NSRegularExpression(pattern: source))
            } catch {
                throw fail(here, "invalid regular expression '\(source)': \(error.localizedDescription)")
            }
        }
    }
}

// MARK: - Evaluating

extension JSONSchemaValidator {
    /// Deep enough for any real document; a schema that recurses without consuming the
    /// instance (`{"allOf": [{"$ref": "#"}]}`) stops here instead of overflowing the stack.
    private static let maximumDepth = 200

    private func evaluate(_ index: Int, _ value: JSONValue, at path: String, depth: Int, into out: inout [Violation]) {
        switch nodes[index] {
        case .accept:
            return
        case .reject(let pointer):
            out.append(Violation(instancePointer: path, schemaPointer: pointer, message: "no value is allowed here (the schema is 'false')"))
        case .keywords(let keywords):
            for keyword in keywords {
                if depth > Self.maximumDepth {
                    out.append(
                        Violation(instancePointer: path, schemaPointer: keyword.pointer, message: "schema recursion deeper than \(Self.maximumDepth) levels"))
                    return
                }
                apply(keyword, value, at: path, depth: depth, into: &out)
            }
        }
    }

    private func matches(_ index: Int, _ value: JSONValue, at path: String, depth: Int) -> [Violation] {
        var found: [Violation] = []
        evaluate(index, value, at: path, depth: depth + 1, into: &found)
        return found
    }

    private func apply(_ keyword: Keyword, _ value: JSONValue, at path: String, depth: Int, into out: inout [Violation]) {
        func violation(_ message: String, at instancePointer: String? = nil) {
            out.append(Violation(instancePointer: instancePointer ?? path, schemaPointer: keyword.pointer, message: message))
        }
        switch keyword.check {
        case .type(let types):
            if !types.contains(where: { Self.has(value, type: $0) }) {
                let wanted = types.map(\.rawValue).joined(separator: " or ")
                violation("expected \(wanted), found \(Self.describe(value))")
            }
        case .ref(let target):
            evaluate(target, value, at: path, depth: depth + 1, into: &out)
        case .properties(let properties):
            guard case .object(let object) = value else { return }
            for (key, member) in zip(object.keys, object.values) {
                for property in properties where property.name == key {
                    evaluate(property.node, member, at: path + "/" + Self.escape(key), depth: depth + 1, into: &out)
                }
            }
        case .patternProperties(let patterns):
            guard case .object(let object) = value else { return }
            for (key, member) in zip(object.keys, object.values) {
                for entry in patterns where entry.pattern.matches(key) {
                    evaluate(entry.node, member, at: path + "/" + Self.escape(key), depth: depth + 1, into: &out)
                }
            }
        case .additionalProperties(let node, let named, let patterns):
            guard case .object(let object) = value else { return }
            for (key, member) in zip(object.keys, object.values) where !named.contains(key) && !patterns.contains(where: { $0.matches(key) }) {
                let memberPath = path + "/" + Self.escape(key)
                if case .reject = nodes[node] {
                    violation("property '\(key)' is not allowed", at: memberPath)
                } else {
                    evaluate(node, member, at: memberPath, depth: depth + 1, into: &out)
                }
            }
        case .required(let names):
            guard case .object(let object) = value else { return }
            for name in names where !object.keys.contains(name) {
                violation("missing required property '\(name)'")
            }
        case .items(let node):
            guard case .array(let items) = value else { return }
            for (i, item) in items.enumerated() {
                evaluate(node, item, at: path + "/\(i)", depth: depth + 1, into: &out)
            }
        case .uniqueItems:
            guard case .array(let items) = value else { return }
            for j in items.indices {
                if let i = items[..<j].indices.first(where: { Self.equal(items[$0], items[j]) }) {
                    violation("item \(j) repeats item \(i); items must be unique", at: path + "/\(j)")
                }
            }
        case .minItems(let n):
            if case .array(let items) = value, items.count < n { violation("expected at least \(n) items, found \(items.count)") }
        case .maxItems(let n):
            if case .array(let items) = value, items.count > n { violation("expected at most \(n) items, found \(items.count)") }
        case .minimum(let bound, let exclusive):
            if case .number(let n) = value, exclusive ? n <= bound : n < bound {
                violation("\(Self.format(n)) is \(exclusive ? "not greater than" : "less than") \(Self.format(bound))")
            }
        case .maximum(let bound, let exclusive):
            if case .number(let n) = value, exclusive ? n >= bound : n > bound {
                violation("\(Self.format(n)) is \(exclusive ? "not less than" : "greater than") \(Self.format(bound))")
            }
        case .pattern(let pattern):
            if case .string(let text) = value, !pattern.matches(text) {
                violation("\(Self.describe(value)) does not match the pattern '\(pattern.source)'")
            }
        case .enumeration(let allowed):
            if !allowed.contains(where: { Self.equal($0, value) }) {
                violation("\(Self.describe(value)) is not one of \(allowed.map(Self.describe).joined(separator: ", "))")
            }
        case .constant(let expected):
            if !Self.equal(expected, value) { violation("expected \(Self.describe(expected)), found \(Self.describe(value))") }
        case .anyOf(let alternatives):
            var failures: [[Violation]] = []
            for alternative in alternatives {
                let found = matches(alternative, value, at: path, depth: depth)
                if found.isEmpty { return }
                failures.append(found)
            }
            violation("matches none of the 'anyOf' alternatives (\(Self.summarize(failures, at: path)))")
        case .oneOf(let alternatives):
            var failures: [[Violation]] = []
            var matched: [Int] = []
            for (i, alternative) in alternatives.enumerated() {
                let found = matches(alternative, value, at: path, depth: depth)
                if found.isEmpty { matched.append(i) } else { failures.append(found) }
            }
            if matched.isEmpty {
                violation("matches none of the 'oneOf' alternatives (\(Self.summarize(failures, at: path)))")
            } else if matched.count > 1 {
                violation("matches 'oneOf' alternatives \(matched.map(String.init).joined(separator: " and ")); exactly one must match")
            }
        case .allOf(let parts):
            for part in parts { evaluate(part, value, at: path, depth: depth + 1, into: &out) }
        case .not(let node):
            if matches(node, value, at: path, depth: depth).isEmpty { violation("must not match the schema under 'not'") }
        case .format(let name):
            if case .string(let text) = value, !Self.checkFormat(name, text) {
                violation("\(Self.describe(value)) is not a valid '\(name)'")
            }
        case .minLength(let n):
            if case .string(let text) = value, text.unicodeScalars.count < n {
                violation("expected at least \(n) characters, found \(text.unicodeScalars.count)")
            }
        case .maxLength(let n):
            if case .string(let text) = value, text.unicodeScalars.count > n {
                violation("expected at most \(n) characters, found \(text.unicodeScalars.count)")
            }
        }
    }

    /// Checks the three formats the SARIF schema names, loosely: enough to catch a path with
    /// spaces or a local time without an offset, not a full RFC 3986 / RFC 3339 grammar.
    ///
    /// - `uri`: a scheme (`letter *(letter / digit / "+" / "-" / ".") ":"`) and then only
    ///   characters a URI may contain.
    /// - `uri-reference`: only characters a URI may contain (so relative paths pass).
    /// - `date-time`: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` with fields in range; day 31
    ///   passes for every month.
    ///
    /// "Characters a URI may contain" means printable ASCII other than space and
    /// `"<>\^`{|}`, with every `%` followed by two hex digits; non-ASCII text must be
    /// percent-encoded.
    static func checkFormat(_ name: String, _ text: String) -> Bool {
        switch name {
        case "uri":
            guard let colon = text.firstIndex(of: ":") else { return false }
            let scheme = text[..<colon]
            guard let first = scheme.unicodeScalars.first, isASCIILetter(first),
                scheme.unicodeScalars.allSatisfy({ isASCIILetter($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) })
            else { return false }
            return hasOnlyURICharacters(text)
        case "uri-reference":
            return hasOnlyURICharacters(text)
        case "date-time":
            return isDateTime(text)
        default:
            return true
        }
    }

    private static func isASCIILetter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }

    private static func hasOnlyURICharacters(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            guard s.value > 0x20, s.value < 0x7F, !"\"<>\\^`{|}".unicodeScalars.contains(s) else { return false }
            if s == "%" {
                guard i + 2 < scalars.count, scalars[i + 1].properties.isASCIIHexDigit, scalars[i + 2].properties.isASCIIHexDigit else { return false }
                i += 2
            }
            i += 1
        }
        return true
    }

    private static let dateTimeShape = Pattern(
        source: "date-time",
        regex: try! NSRegularExpression(pattern: #"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$"#))

    private static func isDateTime(_ text: String) -> Bool {
        let range = NSRange(text.startIndex..., in: text)
        guard let match = dateTimeShape.regex.firstMatch(in: text, range: range) else { return false }
        func field(_ group: Int) -> Int? {
            guard let r = Range(match.range(at: group), in: text) else { return nil }
            return Int(text[r])
        }
        // Month, day, hour, minute, second (60 for a leap second), offset hour and minute.
        let limits: [(group: Int, range: ClosedRange<Int>)] = [(2, 1...12), (3, 1...31), (4, 0...23), (5, 0...59), (6, 0...60), (9, 0...23), (10, 0...59)]
        return limits.allSatisfy { limit in field(limit.group).map { limit.range.contains($0) } ?? true }
    }
}

// MARK: - JSON helpers

extension JSONSchemaValidator {
    /// Escapes one reference token of a JSON pointer (RFC 6901).
    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// JSON equality as the drafts define it: numbers by value, objects regardless of member
    /// order, strings by code point (Swift's `==` would equate canonically equivalent text).
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            guard Set(x.keys).count == Set(y.keys).count else { return false }
            return zip(x.keys, x.values).allSatisfy { key, value in
                member(y, key).map { equal(value, $0) } ?? false
            }
        default: return false
        }
    }

    fileprivate static func has(_ value: JSONValue, type: JSONType) -> Bool {
        switch (type, value) {
        case (.null, .null), (.boolean, .bool), (.object, .object), (.array, .array), (.string, .string), (.number, .number): return true
        case (.integer, .number(let n)): return n.isFinite && n == n.rounded()
        default: return false
        }
    }

    static func format(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
    }

    /// A value as it would appear in JSON, shortened for messages.
    static func describe(_ value: JSONValue) -> String {
        let text: String
        switch value {
        case .null: text = "null"
        case .bool(let b): text = String(b)
        case .number(let n): text = format(n)
        case .string(let s): text = "\"" + s + "\""
        case .array(let items): text = "[" + items.map(describe).joined(separator: ", ") + "]"
        case .object(let object): text = "{" + object.keys.map { "\"\($0)\": …" }.joined(separator: ", ") + "}"
        }
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    /// The first problem of each failed alternative, so an `anyOf` failure says why.
    private static func summarize(_ failures: [[Violation]], at path: String) -> String {
        failures.enumerated().map { i, found in
            let first = found[0]
            let location = first.instancePointer == path ? "" : " at \(first.instancePointer)"
            return "\(i): \(first.message)\(location)"
        }.joined(separator: "; ")
    }
}

/// Exact member lookup. `JSONObject`'s subscript ignores ASCII case for Azure's sake, which
/// would let `"Message"` satisfy `required: ["message"]`.
private func member(_ object: JSONObject, _ key: String) -> JSONValue? {
    object.keys.firstIndex(of: key).map { object.values[$0] }
}

private func describe(_ value: JSONValue) -> String { JSONSchemaValidator.describe(value) }

import Foundation
import TopologyModel

/// Evaluates expressions and the JSON around them in one ``TemplateScope``.
///
/// A value: it carries the copy loops it is inside (`copyIndex()`) and the place it is
/// evaluating, so that a failure or an assumption names the file, line and JSON pointer.
struct Evaluator {
    let scope: TemplateScope
    /// The copy loops around the value, innermost last.
    var loops: [(name: String, index: Int)] = []
    /// The resource's own copy loop, which `copyIndex()` without a name reads even inside a
    /// property loop.
    var resourceLoop: (name: String, index: Int)?
    /// The JSON pointer and the offset of the nearest object, of the value being evaluated.
    var pointer = ""
    var offset = -1
    /// The full type of the resource being evaluated (empty outside one): a deploy-time value
    /// in a network resource is a warning, elsewhere (a VM's boot diagnostics) a note.
    var resourceType = ""
    /// The lambda variables in reach (`lambdaVariables('x')`), innermost last.
    var lambdaValues: [(name: String, value: JSONValue)] = []

    init(scope: TemplateScope) { self.scope = scope }

    // MARK: Trees

    /// A JSON value of the template with its expressions evaluated and its property copy
    /// loops expanded; nil when it evaluates to null (ARM leaves such a property out).
    ///
    /// - Throws: ``TemplateError`` placed at the value that failed.
    mutating func tree(_ value: JSONValue, pointer: String, offset: Int) throws(TemplateError) -> JSONValue? {
        let saved = (self.pointer, self.offset)
        defer { (self.pointer, self.offset) = saved }
        self.pointer = pointer
        self.offset = offset
        switch value {
        case .string(let text):
            let result = try string(text)
            return result.isNull ? nil : result
        case .array(let items):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                // In an array a null stays: only a property is left out.
                out.append(try tree(item, pointer: pointer + "/\(i)", offset: offset) ?? .null)
            }
            return .array(out)
        case .object(let object):
            return .object(try members(object, pointer: pointer))
        default:
            return value
        }
    }

    /// An object's members evaluated; a `copy` member holding an array of loops becomes the
    /// arrays those loops build.
    mutating func members(_ object: JSONObject, pointer: String) throws(TemplateError) -> JSONObject {
        var keys: [String] = [], values: [JSONValue] = []
        keys.reserveCapacity(object.keys.count)
        values.reserveCapacity(object.keys.count)
        let here = object.offset >= 0 ? object.offset : offset
        for (key, member) in zip(object.keys, object.values) {
            let memberPointer = pointer + "/" + JSONNode.escape(key)
            if key.lowercased() == "copy", case .array(let loops) = member, loops.allSatisfy({ $0["input"] != nil }) {
                for (i, loop) in loops.enumerated() {
                    guard let name = loop["name"]?.stringValue else {
                        throw place(TemplateError("a property copy loop needs a \"name\""), pointer: memberPointer + "/\(i)", offset: here)
                    }
                    keys.append(name)
                    values.append(try copyLoop(loop, pointer: memberPointer + "/\(i)", offset: loop.objectValue?.offset ?? here))
                }
                continue
            }
            if let evaluated = try tree(member, pointer: memberPointer, offset: member.objectValue?.offset ?? here) {
                keys.append(key)
                values.append(evaluated)
            }
        }
        return JSONObject(keys: keys, values: values, offset: object.offset)
    }

    /// The array a `{name, count, input}` loop builds (property and variable loops).
    mutating func copyLoop(_ loop: JSONValue, pointer: String, offset: Int) throws(TemplateError) -> JSONValue {
        guard let name = loop["name"]?.stringValue else { throw place(TemplateError("a copy loop needs a \"name\""), pointer: pointer, offset: offset) }
        let count = try loopCount(loop, pointer: pointer, offset: offset)
        guard let input = loop["input"] else { throw place(TemplateError("copy loop '\(name)' has no \"input\""), pointer: pointer, offset: offset) }
        var items: [JSONValue] = []
        for i in 0..<count {
            loops.append((name, i))
            defer { loops.removeLast() }
            items.append(try tree(input, pointer: pointer + "/input", offset: input.objectValue?.offset ?? offset) ?? .null)
        }
        return .array(items)
    }

    /// A loop's `count`, checked: a whole number from 0 to 800.
    mutating func loopCount(_ loop: JSONValue, pointer: String, offset: Int) throws(TemplateError) -> Int {
        guard let declared = loop["count"] else { throw place(TemplateError("a copy loop needs a \"count\""), pointer: pointer, offset: offset) }
        let value = try tree(declared, pointer: pointer + "/count", offset: offset) ?? .null
        guard let count = Self.integer(value) else {
            if SymbolicValue.isSymbolic(value) {
                throw place(TemplateError("the copy count is known only at deploy time (\(Self.text(value)))"), pointer: pointer + "/count", offset: offset)
            }
            throw place(TemplateError("a copy count must be a whole number, found \(value.kindName)"), pointer: pointer + "/count", offset: offset)
        }
        guard (0...800).contains(count) else {
            throw place(TemplateError("a copy count must be between 0 and 800, found \(count)"), pointer: pointer + "/count", offset: offset)
        }
        return count
    }

    /// A string of the template: an expression evaluated, anything else as written (`[[`
    /// unescaped).
    mutating func string(_ text: String) throws(TemplateError) -> JSONValue {
        guard TemplateExpression.isExpression(text) else { return .string(TemplateExpression.unescaped(text)) }
        let expression: TemplateExpression
        do throws(ExpressionParser.Failure) {
            expression = try ExpressionParser.parse(text)
        } catch {
            throw place(TemplateError("cannot parse the expression \(Self.clip(text)): \(error.message)"), pointer: pointer, offset: offset)
        }
        do throws(TemplateError) {
            let value = try evaluate(expression)
            // Only reference() makes partly known objects; most expressions never read one.
            return text.utf8.count > 10 && text.lowercased().contains("reference(") ? SymbolicValue.removingMarks(value) : value
        } catch {
            throw place(error, pointer: pointer, offset: offset, expression: text)
        }
    }

    /// The error placed at `pointer` in this scope's file, unless it is placed already (a
    /// variable's own failure names the variable).
    func place(_ error: TemplateError, pointer: String, offset: Int, expression: String? = nil) -> TemplateError {
        if error.diagnostic != nil { return error }
        let message = error.message + (expression.map { " (in \(Self.clip($0)))" } ?? "")
        return TemplateError(
            placed: Diagnostic(
                severity: .error, kind: .invalidInput, file: scope.file, line: scope.line(of: offset), pointer: pointer, message: message))
    }

    /// Records an assumption at the value being evaluated.
    func assume(_ message: String, severity: Diagnostic.Severity = .warning) {
        let severity = severity == .warning && !resourceType.isEmpty && !resourceType.lowercased().hasPrefix("microsoft.network/") ? .note : severity
        scope.diagnostics.add(
            Diagnostic(severity: severity, kind: .assumption, file: scope.file, line: scope.line(of: offset), pointer: pointer, message: message))
    }

    static func clip(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return flat.count > 200 ? String(flat.prefix(200)) + "…" : flat
    }

    // MARK: Expressions

    mutating func evaluate(_ expression: TemplateExpression) throws(TemplateError) -> JSONValue {
        switch expression {
        case .string(let s): return .string(s)
        case .integer(let n): return .number(Double(n))
        case .call(let name, let arguments): return try call(name, arguments)
        case .member(let base, let name):
            let value = try evaluate(base)
            if SymbolicValue.isSymbolic(value) { return SymbolicValue.make(expression.text) }
            guard case .object(let object) = value else {
                throw TemplateError("cannot read '.\(name)' of \(value.kindName) in \(expression.text)")
            }
            if SymbolicValue.isPartial(object), object[name] == nil { return SymbolicValue.make(expression.text) }
            guard let member = object[name] else {
                let known = object.keys.prefix(12).joined(separator: ", ")
                throw TemplateError("\(base.text) has no member '\(name)'" + (known.isEmpty ? "" : " (it has \(known))"))
            }
            return member
        case .index(let base, let indexExpression):
            let value = try evaluate(base)
            let index = try evaluate(indexExpression)
            if SymbolicValue.isSymbolic(value) || SymbolicValue.isSymbolic(index) { return SymbolicValue.make(expression.text) }
            switch (value, index) {
            case (.array(let items), _):
                guard let i = Self.integer(index) else { throw TemplateError("an array index must be a whole number, found \(index.kindName)") }
                if !items.indices.contains(i), case .object(let first)? = items.first, SymbolicValue.isPartial(first) {
                    return SymbolicValue.make(expression.text)
                }
                guard items.indices.contains(i) else {
                    throw TemplateError("index \(i) is out of range: \(base.text) has \(items.count) item\(items.count == 1 ? "" : "s")")
                }
                return items[i]
            case (.object(let object), .string(let key)):
                if SymbolicValue.isPartial(object), object[key] == nil { return SymbolicValue.make(expression.text) }
                guard let member = object[key] else { throw TemplateError("\(base.text) has no member '\(key)'") }
                return member
            default:
                throw TemplateError("cannot index \(value.kindName) with \(index.kindName) in \(expression.text)")
            }
        }
    }

    // MARK: Conversions

    /// A whole number held by a JSON number.
    static func integer(_ value: JSONValue) -> Int? {
        guard case .number(let n) = value, n == n.rounded(), abs(n) < 9.2e18 else { return nil }
        return Int(n)
    }

    /// A value as text: strings as they are, numbers and booleans as ARM prints them,
    /// arrays and objects as compact JSON.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .bool(let b): return b ? "True" : "False"
        case .null: return ""
        case .number: return JSONNode.text(of: value) ?? ""
        case .array, .object: return CompactJSON.text(value)
        }
    }
}

import Foundation

/// The string functions, and those that take a string or an array alike (`length`,
/// `first`, `take`...). Positions count UTF-16 code units, as .NET strings do.
extension Evaluator {
    mutating func stringFunction(_ key: String, _ name: String, _ values: [JSONValue]) throws(TemplateError) -> JSONValue? {
        switch key {
        case "concat":
            if values.isEmpty { return .string("") }
            if values.allSatisfy({ if case .array = $0 { return true } else { return $0.isNull } }) {
                return .array(values.flatMap { $0.arrayValue ?? [] })
            }
            var text = ""
            for (i, value) in values.enumerated() {
                switch value {
                case .array, .object:
                    throw TemplateError("concat(): argument \(i + 1) is \(value.kindName) among strings; concat joins all strings or all arrays")
                default: text += Self.text(value)
                }
            }
            return .string(text)
        case "format":
            try count(values.count, 1...Int.max, name)
            return .string(try Self.format(try string(values, 0, name), Array(values.dropFirst())))
        case "string":
            try count(values.count, 1...1, name)
            return .string(Self.text(values[0]))
        case "tolower", "toupper":
            try count(values.count, 1...1, name)
            let s = try string(values, 0, name)
            return .string(key == "tolower" ? s.lowercased() : s.uppercased())
        case "trim":
            try count(values.count, 1...1, name)
            return .string(try string(values, 0, name).trimmingCharacters(in: .whitespacesAndNewlines))
        case "replace":
            try count(values.count, 3...3, name)
            let old = try string(values, 1, name)
            guard !old.isEmpty else { throw TemplateError("replace(): the text to replace is empty") }
            return .string(try string(values, 0, name).replacingOccurrences(of: old, with: try string(values, 2, name)))
        case "split":
            try count(values.count, 2...2, name)
            let text = try string(values, 0, name)
            var delimiters: [String]
            if case .array(let items) = values[1] {
                delimiters = []
                for (i, _) in items.enumerated() { delimiters.append(try string(items, i, name)) }
            } else {
                delimiters = [try string(values, 1, name)]
            }
            return .array(Self.split(text, on: delimiters.filter { !$0.isEmpty }).map { .string($0) })
        case "startswith", "endswith":
            try count(values.count, 2...2, name)
            let s = try string(values, 0, name).lowercased(), part = try string(values, 1, name).lowercased()
            return .bool(key == "startswith" ? s.hasPrefix(part) : s.hasSuffix(part))
        case "indexof", "lastindexof":
            try count(values.count, 2...2, name)
            if case .array(let items) = values[0] {
                let found =
                    key == "indexof" ? items.firstIndex(where: { $0.sameContent(as: values[1]) }) : items.lastIndex(where: { $0.sameContent(as: values[1]) })
                return Self.number(found ?? -1)
            }
            let s = try string(values, 0, name).lowercased(), part = try string(values, 1, name).lowercased()
            if part.isEmpty { return Self.number(key == "indexof" ? 0 : s.utf16.count) }
            guard let range = key == "indexof" ? s.range(of: part) : s.range(of: part, options: .backwards) else { return Self.number(-1) }
            return Self.number(s.utf16.distance(from: s.startIndex, to: range.lowerBound))
        case "substring":
            try count(values.count, 2...3, name)
            let units = Array(try string(values, 0, name).utf16)
            let start = try integer(values, 1, name)
            let length = values.count == 3 ? try integer(values, 2, name) : units.count - start
            guard start >= 0, length >= 0, start <= units.count, start + length <= units.count else {
                throw TemplateError(
                    "substring(): start \(start) and length \(length) do not lie within the string, which has \(units.count) character\(units.count == 1 ? "" : "s")"
                )
            }
            return .string(String(decoding: units[start..<start + length], as: UTF16.self))
        case "padleft":
            try count(values.count, 2...3, name)
            let s = Self.text(values[0])
            let width = try integer(values, 1, name)
            let pad = values.count == 3 ? try string(values, 2, name) : " "
            guard pad.utf16.count == 1 else { throw TemplateError("padLeft(): the padding must be one character") }
            let missing = width - s.utf16.count
            return .string(missing > 0 ? String(repeating: pad, count: missing) + s : s)
        case "length":
            try count(values.count, 1...1, name)
            switch values[0] {
            case .string(let s): return Self.number(s.utf16.count)
            case .array(let a): return Self.number(a.count)
            case .object(let o): return Self.number(o.keys.count)
            default: throw TemplateError("length(): needs a string, an array or an object, found \(values[0].kindName)")
            }
        case "empty":
            try count(values.count, 1...1, name)
            switch values[0] {
            case .null: return .bool(true)
            case .string(let s): return .bool(s.isEmpty)
            case .array(let a): return .bool(a.isEmpty)
            case .object(let o): return .bool(o.keys.isEmpty)
            default: throw TemplateError("empty(): needs a string, an array or an object, found \(values[0].kindName)")
            }
        case "first", "last":
            try count(values.count, 1...1, name)
            switch values[0] {
            case .string(let s):
                guard let c = key == "first" ? s.first : s.last else { return .string("") }
                return .string(String(c))
            case .array(let a): return (key == "first" ? a.first : a.last) ?? .null
            default: throw TemplateError("\(name)(): needs a string or an array, found \(values[0].kindName)")
            }
        case "take", "skip":
            try count(values.count, 2...2, name)
            let n = try integer(values, 1, name)
            switch values[0] {
            case .string(let s):
                let units = Array(s.utf16), k = max(0, min(n, units.count))
                return .string(String(decoding: key == "take" ? units[0..<k] : units[k...], as: UTF16.self))
            case .array(let a):
                let k = max(0, min(n, a.count))
                return .array(Array(key == "take" ? a[0..<k] : a[k...]))
            default: throw TemplateError("\(name)(): needs a string or an array, found \(values[0].kindName)")
            }
        case "contains":
            try count(values.count, 2...2, name)
            switch values[0] {
            case .string(let s): return .bool(s.contains(Self.text(values[1])))
            case .array(let a): return .bool(a.contains(where: { $0.sameContent(as: values[1]) }))
            case .object(let o): return .bool(o[Self.text(values[1])] != nil)
            default: throw TemplateError("contains(): needs a string, an array or an object, found \(values[0].kindName)")
            }
        case "uniquestring":
            try count(values.count, 1...Int.max, name)
            var parts: [String] = []
            for i in values.indices { parts.append(try string(values, i, name)) }
            return .string(TemplateHash.uniqueString(parts))
        case "guid":
            try count(values.count, 1...Int.max, name)
            var parts: [String] = []
            for i in values.indices { parts.append(try string(values, i, name)) }
            return .string(TemplateHash.guid(parts))
        case "newguid", "utcnow":
            assume("\(name)() gives a new value at each deployment; kept as a symbolic value")
            return SymbolicValue.make(name + "()")
        case "base64":
            try count(values.count, 1...1, name)
            return .string(Data(try string(values, 0, name).utf8).base64EncodedString())
        case "base64tostring", "base64tojson":
            try count(values.count, 1...1, name)
            guard let data = Data(base64Encoded: try string(values, 0, name)), let text = String(data: data, encoding: .utf8) else {
                throw TemplateError("\(name)(): the argument is not base64 text of UTF-8")
            }
            return key == "base64tostring" ? .string(text) : try Self.parseJSON(text, name)
        case "json":
            try count(values.count, 1...1, name)
            return try Self.parseJSON(try string(values, 0, name), name)
        case "uri":
            try count(values.count, 2...2, name)
            return .string(Self.resolve(try string(values, 1, name), against: try string(values, 0, name)))
        case "uricomponent":
            try count(values.count, 1...1, name)
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-_.~")
            return .string(try string(values, 0, name).addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        case "uricomponenttostring":
            try count(values.count, 1...1, name)
            return .string(try string(values, 0, name).removingPercentEncoding ?? "")
        case "datauri":
            try count(values.count, 1...1, name)
            return .string("data:text/plain;charset=utf8;base64," + Data(try string(values, 0, name).utf8).base64EncodedString())
        default:
            return nil
        }
    }

    static func parseJSON(_ text: String, _ name: String) throws(TemplateError) -> JSONValue {
        do throws(JSONParser.Failure) {
            return try JSONParser.parse(Array(text.utf8))
        } catch {
            throw TemplateError("\(name)(): the text is not JSON (\(error.message) at character \(error.offset + 1))")
        }
    }

    /// Splits on any of `delimiters`, keeping empty fields (so `split('/a/b', '/')[1]` is
    /// `a`, as templates that take resource IDs apart rely on).
    static func split(_ text: String, on delimiters: [String]) -> [String] {
        guard !delimiters.isEmpty else { return [text] }
        var fields: [String] = [], current = Substring(text)
        while let match = delimiters.compactMap({ d in current.range(of: d).map { (range: $0, d: d) } }).min(by: { $0.range.lowerBound < $1.range.lowerBound })
        {
            fields.append(String(current[..<match.range.lowerBound]))
            current = current[match.range.upperBound...]
        }
        fields.append(String(current))
        return fields
    }

    /// A relative reference resolved against a base URI: an absolute reference as it is, a
    /// path from the root kept with the base's scheme and host, any other path put in place
    /// of the base's last segment.
    static func resolve(_ relative: String, against base: String) -> String {
        if relative.contains("://") { return relative }
        if relative.hasPrefix("/") {
            guard let scheme = base.range(of: "://") else { return relative }
            let host = base[scheme.upperBound...].firstIndex(of: "/") ?? base.endIndex
            return String(base[..<host]) + relative
        }
        guard let slash = base.lastIndex(of: "/") else { return relative }
        return String(base[...slash]) + relative
    }

    /// .NET composite formatting with the invariant culture: `{0}`, `{0,8}` (alignment),
    /// `{0:D3}`, `{0:N0}`, `{0:X}`, `{{` and `}}`.
    static func format(_ pattern: String, _ arguments: [JSONValue]) throws(TemplateError) -> String {
        var out = "", i = pattern.startIndex
        while i < pattern.endIndex {
            let c = pattern[i]
            let next = pattern.index(after: i)
            if c == "{" && next < pattern.endIndex && pattern[next] == "{" || c == "}" && next < pattern.endIndex && pattern[next] == "}" {
                out.append(c)
                i = pattern.index(after: next)
                continue
            }
            if c == "}" { throw TemplateError("format(): a lone '}' in '\(pattern)' (write '}}')") }
            guard c == "{" else {
                out.append(c)
                i = next
                continue
            }
            guard let close = pattern[next...].firstIndex(of: "}") else { throw TemplateError("format(): '{' without '}' in '\(pattern)'") }
            let item = pattern[next..<close]
            let (head, spec) = item.firstIndex(of: ":").map { (item[..<$0], String(item[item.index(after: $0)...])) } ?? (item, "")
            let parts = head.split(separator: ",", maxSplits: 1)
            guard let indexText = parts.first, let index = Int(indexText.trimmingCharacters(in: .whitespaces)) else {
                throw TemplateError("format(): '{\(item)}' does not start with an argument number")
            }
            guard arguments.indices.contains(index) else {
                throw TemplateError("format(): '{\(item)}' names argument \(index), but \(arguments.count) \(arguments.count == 1 ? "was" : "were") given")
            }
            var text = try formatted(arguments[index], spec)
            if parts.count == 2, let width = Int(parts[1].trimmingCharacters(in: .whitespaces)) {
                let pad = String(repeating: " ", count: max(0, abs(width) - text.count))
                text = width < 0 ? text + pad : pad + text
            }
            out += text
            i = pattern.index(after: close)
        }
        return out
    }

    private static func formatted(_ value: JSONValue, _ spec: String) throws(TemplateError) -> String {
        guard !spec.isEmpty else { return text(value) }
        guard let n = integer(value) else { throw TemplateError("format(): the specifier '\(spec)' needs an integer, found \(value.kindName)") }
        let letter = spec.first!.uppercased(), digits = Int(spec.dropFirst()) ?? (spec.count == 1 ? nil : -1)
        guard digits != -1 else { throw TemplateError("format(): the specifier '\(spec)' is not supported") }
        switch letter {
        case "D":
            let body = String(n.magnitude)
            return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, (digits ?? 0) - body.count)) + body
        case "X":
            var body = String(n, radix: 16, uppercase: spec.first == "X")
            body = String(repeating: "0", count: max(0, (digits ?? 0) - body.count)) + body
            return body
        case "N":
            let body = String(n.magnitude)
            var grouped = ""
            for (i, c) in body.enumerated() {
                if i > 0 && (body.count - i) % 3 == 0 { grouped += "," }
                grouped.append(c)
            }
            let places = digits ?? 2
            return (n < 0 ? "-" : "") + grouped + (places > 0 ? "." + String(repeating: "0", count: places) : "")
        default:
            throw TemplateError("format(): the specifier '\(spec)' is not supported (D, N and X are)")
        }
    }
}

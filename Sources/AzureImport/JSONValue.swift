/// A parsed JSON document. Objects keep their key order and the byte offset where they
/// start, so diagnostics can name a line as well as a JSON pointer.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    indirect case object(JSONObject)

    /// Member lookup by key, ignoring ASCII case (Azure exports vary: `properties`,
    /// `Properties`).
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// A short name of the kind of value, for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON object: ordered members plus its byte offset in the source.
public struct JSONObject: Sendable {
    public var keys: [String]
    public var values: [JSONValue]
    public var offset: Int

    /// `offset` -1 marks an object built in memory, with no place in an input file.
    public init(keys: [String], values: [JSONValue], offset: Int = -1) {
        self.keys = keys
        self.values = values
        self.offset = offset
    }

    public subscript(key: String) -> JSONValue? {
        if let i = index(of: key) { return values[i] }
        return nil
    }

    /// The key as the document spells it, for JSON pointers.
    public func spelledKey(_ key: String) -> String? { index(of: key).map { keys[$0] } }

    func index(of key: String) -> Int? {
        // One pass: an exact match wins at once; otherwise the first ASCII case-insensitive
        // one. Keys of another length are skipped by their count alone (most lookups are for
        // members a resource does not have).
        var key = key
        return key.withUTF8 { wanted in
            var folded: Int? = nil
            for i in keys.indices where keys[i].utf8.count == wanted.count {
                var candidate = keys[i]
                let (same, similar) = candidate.withUTF8 { bytes -> (Bool, Bool) in
                    var same = true
                    for j in 0..<bytes.count where bytes[j] != wanted[j] {
                        same = false
                        let a = bytes[j] | 0x20
                        if a != wanted[j] | 0x20 || a < 0x61 || a > 0x7a { return (false, false) }
                    }
                    return (same, true)
                }
                if same { return i }
                if similar && folded == nil { folded = i }
            }
            return folded
        }
    }
}

extension JSONValue {
    /// Whether two values say the same thing: objects member by member whatever their order
    /// (member names compared as written), arrays in order, scalars exactly.
    func sameContent(as other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.sameContent(as: $1) }
        case (.object(let a), .object(let b)):
            guard a.keys.count == b.keys.count else { return false }
            for (i, key) in a.keys.enumerated() {
                guard let j = b.keys.firstIndex(of: key), a.values[i].sameContent(as: b.values[j]) else { return false }
            }
            return true
        default: return false
        }
    }

    /// The first member that two objects both hold with different values, as a path below
    /// them (`securityRules/0/properties/access`); nil when one only adds members to the
    /// other. Arrays that differ are reported whole.
    func firstConflict(with other: JSONValue) -> String? {
        guard case .object(let a) = self, case .object(let b) = other else { return sameContent(as: other) ? nil : "" }
        for (i, key) in a.keys.enumerated() {
            guard let j = b.keys.firstIndex(of: key) else { continue }
            let x = a.values[i], y = b.values[j]
            if case .object = x, case .object = y {
                if let inner = x.firstConflict(with: y) { return inner.isEmpty ? key : key + "/" + inner }
            } else if !x.sameContent(as: y) {
                return key
            }
        }
        return nil
    }
}

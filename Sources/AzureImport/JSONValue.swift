/// A parsed JSON document. Objects keep their key order and the byte offset where they
/// start, so diagnostics can name a line as well as a JSON pointer.
public indirect enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

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
        // Exact match first (the common case), then an ASCII case-insensitive one; both
        // compare bytes in place.
        if let i = keys.firstIndex(of: key) { return i }
        var key = key
        return key.withUTF8 { wanted in
            keys.firstIndex { candidate in
                var candidate = candidate
                return candidate.withUTF8 { bytes in
                    guard bytes.count == wanted.count else { return false }
                    for j in 0..<bytes.count {
                        let a = bytes[j], b = wanted[j]
                        if a != b && !(a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7a) { return false }
                    }
                    return true
                }
            }
        }
    }
}

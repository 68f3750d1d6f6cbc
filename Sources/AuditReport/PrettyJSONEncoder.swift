import Foundation

/// Writes `Encodable` values as the JSON that Foundation's `JSONEncoder` gives with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`, byte for byte, straight into
/// one buffer.
///
/// Foundation's encoder first builds a tree of boxed values and then serialises it; for
/// the thousands of explained paths of a whole-estate report that was most of the report
/// stage. Here each value is written where it lands: an object's members go out in the
/// order the type encodes them and are put in key order when the object closes (only
/// when they are not in order already), so every byte is moved at most once per object
/// that holds it.
///
/// Numbers other than integers, and `Date`, `Data`, `Decimal` and `URL` values, are
/// handed to Foundation one scalar at a time, so their spelling stays Foundation's.
public struct PrettyJSONEncoder {
    /// The indentation level of the value's first line: elements spliced into an array
    /// that itself sits in an object are written at depth 2.
    public var depth: Int

    public init(depth: Int = 0) { self.depth = depth }

    /// The value's JSON, without a final newline.
    ///
    /// - Throws: `EncodingError` for values JSON cannot hold (NaN, infinity), as Foundation does.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let sink = JSONSink()
        try sink.write(value, depth: depth, path: [])
        return sink.bytes
    }
}

/// The output buffer and the encoders writing into it. Only the innermost open value
/// writes at any time; an enclosing object or array resumes when it closes.
final class JSONSink {
    // Only the thread encoding one value touches its sink, one writer at a time: the
    // run-time exclusivity check on every append was a fifth of encoding.
    @exclusivity(unchecked) var bytes: [UInt8] = []
    /// Where an object's members are copied while they are put in key order.
    private var scratch: [UInt8] = []
    /// The last key sequence seen for each key type and the order that sorts it: the
    /// objects of one type nearly always encode the same keys, so they are sorted once.
    private var orders: [ObjectIdentifier: (keys: [String], order: [Int])] = [:]

    init() { bytes.reserveCapacity(4096) }

    func write<T: Encodable>(_ value: T, depth: Int, path: [any CodingKey]) throws {
        // Types compared by metatype, not cast: this runs for every value of a report.
        if T.self == String.self {
            writeString(unsafeBitCast(value, to: String.self))
        } else if T.self == Int.self {
            writeInteger(Int64(unsafeBitCast(value, to: Int.self)))
        } else if T.self == Bool.self {
            writeRaw(unsafeBitCast(value, to: Bool.self) ? "true" : "false")
        } else if let text = Self.otherInteger(value) {
            bytes += text.utf8
        } else if T.self == Double.self || T.self == Float.self || T.self == Date.self || T.self == Data.self || T.self == Decimal.self || T.self == URL.self {
            try writeFoundation(value, path: path)
        } else {
            let encoder = JSONValueEncoder(sink: self, depth: depth, codingPath: path)
            try value.encode(to: encoder)
            try encoder.close()
        }
    }

    /// A scalar spelled by Foundation's own encoder (at the top level, a fragment).
    func writeFoundation<T: Encodable>(_ value: T, path: [any CodingKey]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            bytes += try encoder.encode(value)
        } catch let EncodingError.invalidValue(v, context) {
            throw EncodingError.invalidValue(v, EncodingError.Context(codingPath: path + context.codingPath, debugDescription: context.debugDescription))
        }
    }

    func writeRaw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// The decimal text of an integer of a type other than `Int`.
    static func otherInteger<T>(_ value: T) -> String? {
        if T.self == Int64.self { return String(unsafeBitCast(value, to: Int64.self)) }
        if T.self == Int32.self { return String(unsafeBitCast(value, to: Int32.self)) }
        if T.self == Int16.self { return String(unsafeBitCast(value, to: Int16.self)) }
        if T.self == Int8.self { return String(unsafeBitCast(value, to: Int8.self)) }
        if T.self == UInt.self { return String(unsafeBitCast(value, to: UInt.self)) }
        if T.self == UInt64.self { return String(unsafeBitCast(value, to: UInt64.self)) }
        if T.self == UInt32.self { return String(unsafeBitCast(value, to: UInt32.self)) }
        if T.self == UInt16.self { return String(unsafeBitCast(value, to: UInt16.self)) }
        if T.self == UInt8.self { return String(unsafeBitCast(value, to: UInt8.self)) }
        if T.self == Int128.self { return String(unsafeBitCast(value, to: Int128.self)) }
        if T.self == UInt128.self { return String(unsafeBitCast(value, to: UInt128.self)) }
        return nil
    }

    func writeInteger(_ value: Int64) {
        if value < 0 {
            guard value != .min else { bytes += String(value).utf8; return }
            bytes.append(0x2D)
            writeInteger(-value)
            return
        }
        if value < 10 { bytes.append(0x30 + UInt8(value)); return }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        var rest = UInt64(value)
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[23 - count] = 0x30 + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 64)

    func newline(indent depth: Int) {
        bytes.append(0x0A)
        var left = depth * 2
        while left > 0 {
            let n = min(left, Self.spaces.count)
            bytes.append(contentsOf: Self.spaces[0..<n])
            left -= n
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A JSON string: `"` and `\` escaped, control characters as `\b \t \n \f \r` or
    /// `\u00XX`, everything else (slashes, non-ASCII, DEL) as is.
    func writeString(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            bytes.append(0x22)
            var start = 0
            for i in 0..<utf8.count {
                let b = utf8[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                start = i + 1
                bytes.append(0x5C)
                switch b {
                case 0x22, 0x5C: bytes.append(b)
                case 0x08: bytes.append(0x62)
                case 0x09: bytes.append(0x74)
                case 0x0A: bytes.append(0x6E)
                case 0x0C: bytes.append(0x66)
                case 0x0D: bytes.append(0x72)
                default:
                    bytes.append(0x75); bytes.append(0x30); bytes.append(0x30)
                    bytes.append(Self.hex[Int(b >> 4)]); bytes.append(Self.hex[Int(b & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
            bytes.append(0x22)
        }
    }

    /// Puts an object's members, written from `start` in the order given, in key order
    /// (UTF-8 byte order, as Foundation sorts). Members after the first were written with a
    /// leading comma outside their range. A key given twice keeps its last value.
    func sortMembers(keys: [String], ranges: [Range<Int>], keyType: ObjectIdentifier, from start: Int) {
        let order: [Int]
        if let known = orders[keyType], known.keys == keys {
            order = known.order
        } else {
            order = Self.order(of: keys)
            orders[keyType] = (keys, order)
        }
        if order.count == keys.count && order.indices.allSatisfy({ order[$0] == $0 }) { return }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: bytes[start...])
        bytes.removeSubrange(start...)
        for (n, i) in order.enumerated() {
            if n > 0 { bytes.append(0x2C) }
            bytes.append(contentsOf: scratch[(ranges[i].lowerBound - start)..<(ranges[i].upperBound - start)])
        }
    }

    /// The positions of `keys` in sorted order, the last of equal keys only.
    static func order(of keys: [String]) -> [Int] {
        let utf8 = keys.map { Array($0.utf8) }
        let sorted = keys.indices.sorted { a, b in
            utf8[a].lexicographicallyPrecedes(utf8[b]) || (utf8[a] == utf8[b] && a < b)
        }
        var kept: [Int] = []
        kept.reserveCapacity(sorted.count)
        for (n, i) in sorted.enumerated() where n + 1 == sorted.count || utf8[sorted[n + 1]] != utf8[i] { kept.append(i) }
        return kept
    }
}

/// The encoder for one value at one depth. The value asks for one kind of container (or
/// several views of the same one); ``close()`` ends it once the value has encoded itself.
final class JSONValueEncoder: Encoder {
    enum Kind { case empty, object, array, scalar }

    let sink: JSONSink
    let depth: Int
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var kind = Kind.empty
    /// An object's first byte after `{`, its members' keys and byte ranges, its key type.
    var start = 0
    @exclusivity(unchecked) var keys: [String] = []
    @exclusivity(unchecked) var ranges: [Range<Int>] = []
    var keyType = ObjectIdentifier(JSONIndexKey.self)
    /// An array's element count.
    var count = 0
    /// A nested container or super-encoder handed out and not yet closed: it closes before
    /// this value writes anything else.
    var open: JSONValueEncoder? = nil
    /// Run when this value closes (a nested member ends its range).
    var onClose: (() -> Void)? = nil

    init(sink: JSONSink, depth: Int, codingPath: [any CodingKey]) {
        self.sink = sink
        self.depth = depth
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if kind == .empty {
            sink.bytes.append(0x7B)
            kind = .object
            start = sink.bytes.count
            keyType = ObjectIdentifier(type)
        }
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if kind == .empty {
            sink.bytes.append(0x5B)
            kind = .array
        }
        return JSONUnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { JSONSingleContainer(encoder: self) }

    func closeOpen() throws {
        if let child = open {
            open = nil
            try child.close()
        }
    }

    /// Starts a member: the key, and where its bytes begin (after the separating comma).
    func beginMember(_ key: String) throws {
        try closeOpen()
        guard kind == .object else { return }
        if !keys.isEmpty { sink.bytes.append(0x2C) }
        let from = sink.bytes.count
        sink.newline(indent: depth + 1)
        sink.writeString(key)
        sink.bytes.append(0x20); sink.bytes.append(0x3A); sink.bytes.append(0x20)
        keys.append(key)
        ranges.append(from..<from)
    }

    func endMember() {
        guard kind == .object, let last = ranges.last else { return }
        ranges[ranges.count - 1] = last.lowerBound..<sink.bytes.count
    }

    func beginElement() throws {
        try closeOpen()
        guard kind == .array else { return }
        if count > 0 { sink.bytes.append(0x2C) }
        sink.newline(indent: depth + 1)
        count += 1
    }

    /// Ends the value: an object's members go in key order; empty objects and arrays are a
    /// blank line, as Foundation writes them. A value that asked for no container is `{}`.
    func close() throws {
        try closeOpen()
        switch kind {
        case .empty:
            sink.bytes.append(0x7B)
            sink.bytes.append(0x0A)
            sink.newline(indent: depth)
            sink.bytes.append(0x7D)
        case .object:
            if keys.isEmpty {
                sink.bytes.append(0x0A)
            } else {
                sink.sortMembers(keys: keys, ranges: ranges, keyType: keyType, from: start)
            }
            sink.newline(indent: depth)
            sink.bytes.append(0x7D)
        case .array:
            if count == 0 { sink.bytes.append(0x0A) }
            sink.newline(indent: depth)
            sink.bytes.append(0x5D)
        case .scalar:
            break
        }
        kind = .scalar
        onClose?()
        onClose = nil
    }

    /// A child encoder for a nested container or super-encoder, closed when this value next
    /// writes or closes.
    func openChild(path: [any CodingKey]) -> JSONValueEncoder {
        let child = JSONValueEncoder(sink: sink, depth: depth + 1, codingPath: path)
        open = child
        return child
    }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func member(_ key: Key, _ write: (JSONSink) throws -> Void) throws {
        try encoder.beginMember(key.stringValue)
        try write(encoder.sink)
        encoder.endMember()
    }

    mutating func encodeNil(forKey key: Key) throws { try member(key) { $0.writeRaw("null") } }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try member(key) { $0.writeRaw(value ? "true" : "false") } }
    mutating func encode(_ value: String, forKey key: Key) throws { try member(key) { $0.writeString(value) } }
    mutating func encode(_ value: Int, forKey key: Key) throws { try member(key) { $0.writeInteger(Int64(value)) } }
    // 128-bit integers have requirements of their own, whose default implementations throw.
    mutating func encode(_ value: Int128, forKey key: Key) throws { try member(key) { $0.bytes += String(value).utf8 } }
    mutating func encode(_ value: UInt128, forKey key: Key) throws { try member(key) { $0.bytes += String(value).utf8 } }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        let depth = encoder.depth + 1, path = encoder.codingPath + [key]
        try member(key) { try $0.write(value, depth: depth, path: path) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        child(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { child(key).unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { child(JSONIndexKey(string: "super")) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { child(key) }

    /// Starts a member whose value is written through a container handed out now; the
    /// member's range ends when that container closes.
    private func child(_ key: any CodingKey) -> JSONValueEncoder {
        try? encoder.beginMember(key.stringValue)
        let child = encoder.openChild(path: encoder.codingPath + [key])
        let parent = encoder
        child.onClose = { parent.endMember() }
        return child
    }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.count }

    private func element(_ write: (JSONSink) throws -> Void) throws {
        try encoder.beginElement()
        try write(encoder.sink)
    }

    mutating func encodeNil() throws { try element { $0.writeRaw("null") } }
    mutating func encode(_ value: Bool) throws { try element { $0.writeRaw(value ? "true" : "false") } }
    mutating func encode(_ value: String) throws { try element { $0.writeString(value) } }
    mutating func encode(_ value: Int) throws { try element { $0.writeInteger(Int64(value)) } }
    mutating func encode(_ value: Int128) throws { try element { $0.bytes += String(value).utf8 } }
    mutating func encode(_ value: UInt128) throws { try element { $0.bytes += String(value).utf8 } }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let depth = encoder.depth + 1
        if T.self == String.self || T.self == Int.self || T.self == Bool.self {
            try element { try $0.write(value, depth: depth, path: []) }
            return
        }
        let path = encoder.codingPath + [JSONIndexKey(index: count)]
        try element { try $0.write(value, depth: depth, path: path) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        child().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { child().unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { child() }

    private func child() -> JSONValueEncoder {
        let path = encoder.codingPath + [JSONIndexKey(index: count)]
        try? encoder.beginElement()
        return encoder.openChild(path: path)
    }
}

struct JSONSingleContainer: SingleValueEncodingContainer {
    let encoder: JSONValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func scalar(_ write: (JSONSink) throws -> Void) throws {
        try encoder.closeOpen()
        try write(encoder.sink)
        encoder.kind = .scalar
    }

    mutating func encodeNil() throws { try scalar { $0.writeRaw("null") } }
    mutating func encode(_ value: Bool) throws { try scalar { $0.writeRaw(value ? "true" : "false") } }
    mutating func encode(_ value: String) throws { try scalar { $0.writeString(value) } }
    mutating func encode(_ value: Int) throws { try scalar { $0.writeInteger(Int64(value)) } }
    mutating func encode(_ value: Int128) throws { try scalar { $0.bytes += String(value).utf8 } }
    mutating func encode(_ value: UInt128) throws { try scalar { $0.bytes += String(value).utf8 } }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let depth = encoder.depth, path = encoder.codingPath
        try scalar { try $0.write(value, depth: depth, path: path) }
    }
}

/// Coding keys for array positions and super-encoders, for coding paths in errors.
struct JSONIndexKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    init(string: String) { stringValue = string; intValue = nil }
    init(index: Int) { stringValue = "Index \(index)"; intValue = index }
    init?(stringValue: String) { self.init(string: stringValue) }
    init?(intValue: Int) { self.init(index: intValue) }
}

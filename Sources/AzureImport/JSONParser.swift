#if canImport(Glibc)
    import Glibc
#endif

/// A strict RFC 8259 JSON parser over bytes.
///
/// Written here rather than using Foundation's `JSONSerialization` because estate exports
/// are large (the semantics of speed: see docs/performance.md) and because errors must
/// name a line and column.
struct JSONParser {
    struct Failure: Error {
        let offset: Int
        let message: String
        /// Another offset the message is about (the first of two equal member names).
        var related: Int? = nil
    }

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    /// Strings met before, so a repeated one shares its storage instead of allocating again:
    /// an estate repeats a few dozen member names (`destinationAddressPrefix`) and type names
    /// hundreds of thousands of times. Direct-mapped and fixed in size, so unique strings
    /// (IDs, names) cost one probe and never grow it. Only strings too long to be stored
    /// inline (16 bytes and more) are worth it.
    private var recent: [Recent]

    struct Recent {
        var start = 0
        var count = 0
        var string = ""
    }

    static let recentSlots = 4096

    /// Members and items of the containers being parsed, innermost last. A container's
    /// values are moved from here into an array of exactly their count when it closes:
    /// appending to its own arrays regrew them four or five times for a dozen members, a
    /// malloc and a free each time, for each of a large estate's million objects.
    private let pending = PendingValues()

    init(bytes: [UInt8]) {
        self.bytes = bytes
        recent = Array(repeating: Recent(), count: Self.recentSlots)
    }

    /// Called with each element of a root array as soon as it is parsed, in order (the import
    /// describes resources while the rest of the file is still being read).
    var rootItem: ((JSONValue) -> Void)? = nil

    /// Whether `//` and `/* */` comments and raw control characters in strings are let
    /// through, as Azure Resource Manager reads templates and parameter files.
    var lenient = false

    static func parse(_ bytes: [UInt8], rootItem: ((JSONValue) -> Void)? = nil, lenient: Bool = false) throws(Failure) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.rootItem = rootItem
        parser.lenient = lenient
        // Skip a UTF-8 byte order mark, which PowerShell's Out-File writes.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { parser.position = 3 }
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw Failure(offset: parser.position, message: "unexpected content after the JSON value") }
        return value
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            case UInt8(ascii: "/") where lenient && position + 1 < bytes.count:
                if bytes[position + 1] == UInt8(ascii: "/") {
                    while position < bytes.count && bytes[position] != 0x0A { position += 1 }
                } else if bytes[position + 1] == UInt8(ascii: "*") {
                    position += 2
                    while position + 1 < bytes.count && !(bytes[position] == UInt8(ascii: "*") && bytes[position + 1] == UInt8(ascii: "/")) { position += 1 }
                    position = min(bytes.count, position + 2)
                } else {
                    return
                }
            default: return
            }
        }
    }

    private func fail(_ message: String) -> Failure { Failure(offset: position, message: message) }

    private mutating func parseValue() throws(Failure) -> JSONValue {
        guard position < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case let byte where byte >= 0x80:
            throw fail("unexpected byte 0x\(String(byte, radix: 16, uppercase: true)) at byte offset \(position)")
        default:
            throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[position])))'")
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw fail("unexpected end of input") }
        let start = word.utf8Start
        for i in 0..<count where bytes[position + i] != start[i] { throw fail("invalid literal") }
        position += count
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > 512 { throw fail("nesting deeper than 512 levels") }
    }

    private mutating func parseObject() throws(Failure) -> JSONValue {
        let start = position
        try enter()
        position += 1
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "}") {
            position += 1; depth -= 1
            return .object(JSONObject(keys: [], values: [], offset: start))
        }
        let base = pending.count
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a member name in double quotes") }
            let keyOffset = position
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':' after member name") }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            pending.push(key: key, value: value, offset: keyOffset)
            skipWhitespace()
            guard position < bytes.count else { throw fail("unexpected end of input inside an object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; break }
            throw fail("expected ',' or '}' in an object")
        }
        depth -= 1
        if let (first, second) = pending.repeatedKey(from: base) {
            // Readers disagree on which of the two counts (the first, the last, an error):
            // say so rather than pick one. Names that differ only in case are the same name to
            // Azure, and the importer would read one of them and drop the other.
            let message =
                first.key == second.key
                ? "the member name \"\(second.key)\" appears twice in one object"
                : "the member names \"\(first.key)\" and \"\(second.key)\" differ only in case, which Azure does not tell apart"
            throw Failure(offset: second.offset, message: message, related: first.offset)
        }
        let (keys, values) = pending.takeMembers(from: base)
        return .object(JSONObject(keys: keys, values: values, offset: start))
    }

    private mutating func parseArray() throws(Failure) -> JSONValue {
        try enter()
        position += 1
        skipWhitespace()
        if position < bytes.count && bytes[position] == UInt8(ascii: "]") {
            position += 1; depth -= 1
            return .array([])
        }
        let root = depth == 1 ? rootItem : nil
        let base = pending.count
        while true {
            skipWhitespace()
            let item = try parseValue()
            root?(item)
            pending.push(item: item)
            skipWhitespace()
            guard position < bytes.count else { throw fail("unexpected end of input inside an array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; break }
            throw fail("expected ',' or ']' in an array")
        }
        depth -= 1
        return .array(pending.takeItems(from: base))
    }

    private mutating func parseNumber() throws(Failure) -> JSONValue {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        func digits(_ p: inout Int, _ b: [UInt8]) -> Int {
            let s = p
            while p < b.count && b[p] >= 0x30 && b[p] <= 0x39 { p += 1 }
            return p - s
        }
        guard position < bytes.count else { throw fail("incomplete number") }
        if bytes[position] == UInt8(ascii: "0") { position += 1 } else if digits(&position, bytes) == 0 { throw fail("invalid number") }
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            if digits(&position, bytes) == 0 { throw fail("invalid number: digits expected after '.'") }
        }
        if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) { position += 1 }
            if digits(&position, bytes) == 0 { throw fail("invalid number: digits expected in exponent") }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Double(text) else { throw Failure(offset: start, message: "invalid number '\(text)'") }
        return .number(value)
    }

    private mutating func parseString() throws(Failure) -> String {
        position += 1
        let start = position
        // Bytes of the string ORed together: the high bit says whether it needs checking as UTF-8.
        var seen: UInt8 = 0
        // Fast path: no escapes.
        while position < bytes.count {
            let b = bytes[position]
            seen |= b
            if b == UInt8(ascii: "\"") {
                if seen >= 0x80 { try checkUTF8(from: start, to: position) }
                let s = position - start >= 16 && position - start <= 64 ? shared(start, position) : String(decoding: bytes[start..<position], as: UTF8.self)
                position += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 && !lenient { throw fail("control character in a string") }
            position += 1
        }
        var scalars = Array(bytes[start..<position])
        while position < bytes.count {
            let b = bytes[position]
            seen |= b
            if b == UInt8(ascii: "\"") {
                // Escapes are ASCII, so the text between the quotes is checked as it stands.
                if seen >= 0x80 { try checkUTF8(from: start, to: position) }
                position += 1
                return String(decoding: scalars, as: UTF8.self)
            }
            if b < 0x20 && !lenient { throw fail("control character in a string") }
            if b != UInt8(ascii: "\\") { scalars.append(b); position += 1; continue }
            position += 1
            guard position < bytes.count else { break }
            let e = bytes[position]
            position += 1
            switch e {
            case UInt8(ascii: "\""): scalars.append(0x22)
            case UInt8(ascii: "\\"): scalars.append(0x5C)
            case UInt8(ascii: "/"): scalars.append(0x2F)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if code >= 0xD800 && code < 0xDC00 {
                    // A high surrogate must be followed by a low one.
                    if position + 1 < bytes.count && bytes[position] == UInt8(ascii: "\\") && bytes[position + 1] == UInt8(ascii: "u") {
                        position += 2
                        let low = try hex4()
                        guard low >= 0xDC00 && low < 0xE000 else { throw fail("invalid surrogate pair") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        throw fail("unpaired surrogate")
                    }
                } else if code >= 0xDC00 && code < 0xE000 {
                    throw fail("unpaired surrogate")
                }
                guard let scalar = Unicode.Scalar(code) else { throw fail("invalid unicode escape") }
                scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: throw fail("invalid escape sequence")
            }
        }
        throw fail("unterminated string")
    }

    /// Fails at the first byte of `bytes[start..<end]` that does not begin a well-formed UTF-8
    /// sequence (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), rather
    /// than let it turn into U+FFFD unnoticed.
    private func checkUTF8(from start: Int, to end: Int) throws(Failure) {
        guard let bad = Self.firstInvalidUTF8(bytes, from: start, to: end) else { return }
        throw Failure(offset: bad, message: "invalid UTF-8 at byte offset \(bad) (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)))")
    }

    /// The offset of the first ill-formed UTF-8 sequence in `bytes[start..<end]`, if any.
    static func firstInvalidUTF8(_ bytes: [UInt8], from start: Int, to end: Int) -> Int? {
        var i = start
        while i < end {
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            // Continuation bytes after the lead, and the range the first of them must be in.
            let count: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: count = 1
            case 0xE0: count = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: count = 2
            case 0xED: count = 2; high = 0x9F
            case 0xF0: count = 3; low = 0x90
            case 0xF1...0xF3: count = 3
            case 0xF4: count = 3; high = 0x8F
            default: return i
            }
            guard i + count < end, (low...high).contains(bytes[i + 1]) else { return i }
            var k = 2
            while k <= count {
                guard (0x80...0xBF).contains(bytes[i + k]) else { return i }
                k += 1
            }
            i += count + 1
        }
        return nil
    }

    /// The string of `bytes[start..<end]` (no escapes), from `recent` when it was met before.
    private mutating func shared(_ start: Int, _ end: Int) -> String {
        let count = end - start
        return bytes.withUnsafeBufferPointer { all -> String in
            let base = all.baseAddress! + start
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for i in 0..<count { hash = (hash ^ UInt64(base[i])) &* 0x100_0000_01b3 }
            let slot = Int(truncatingIfNeeded: (hash ^ (hash >> 29)) & UInt64(Self.recentSlots - 1))
            if recent[slot].count == count && memcmp(all.baseAddress! + recent[slot].start, base, count) == 0 { return recent[slot].string }
            let string = String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
            recent[slot] = Recent(start: start, count: count, string: string)
            return string
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("incomplete unicode escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail("invalid hex digit in unicode escape")
            }
            v = v << 4 | d
            position += 1
        }
        return v
    }
}

/// The parser's stack of values read but not yet placed in their container (see
/// `JSONParser.pending`). Keys stand beside their values; an array's items have none. A class
/// so that values left behind by a parse that failed halfway are released with it.
private final class PendingValues {
    private var keys: UnsafeMutablePointer<String>
    private var values: UnsafeMutablePointer<JSONValue>
    /// Where each member's name starts in the text (items: unset).
    private var offsets: UnsafeMutablePointer<Int>
    private var capacity = 256
    private(set) var count = 0

    init() {
        keys = .allocate(capacity: capacity)
        values = .allocate(capacity: capacity)
        offsets = .allocate(capacity: capacity)
    }

    deinit {
        // Keys are set for members only: an empty string stands in for an item's.
        keys.deinitialize(count: count)
        values.deinitialize(count: count)
        keys.deallocate()
        values.deallocate()
        offsets.deallocate()
    }

    func push(key: String, value: JSONValue, offset: Int = 0) {
        if count == capacity { grow() }
        (keys + count).initialize(to: key)
        (values + count).initialize(to: value)
        offsets[count] = offset
        count += 1
    }

    func push(item: JSONValue) { push(key: "", value: item) }

    /// The first member name pushed since `base` that an earlier one repeats, ignoring ASCII
    /// case as the importer's lookups do: the earlier one's offset and name, and the repeat's.
    ///
    /// - Complexity: O(n²) comparisons for the n ≤ 16 members of almost every object (names
    ///   of different lengths are told apart by their counts alone), O(n) hashing beyond.
    func repeatedKey(from base: Int) -> (first: (offset: Int, key: String), second: (offset: Int, key: String))? {
        let n = count - base
        guard n > 1 else { return nil }
        if n <= 16 {
            for j in base + 1..<count {
                for i in base..<j where MemberName.same(keys[i], keys[j]) { return ((offsets[i], keys[i]), (offsets[j], keys[j])) }
            }
            return nil
        }
        var seen: [String: Int] = [:]
        seen.reserveCapacity(n)
        for j in base..<count {
            if let i = seen.updateValue(j, forKey: MemberName.key(keys[j])) { return ((offsets[i], keys[i]), (offsets[j], keys[j])) }
        }
        return nil
    }

    /// The members pushed since `base`, moved out in order.
    func takeMembers(from base: Int) -> ([String], [JSONValue]) {
        let n = count - base
        let keys = [String](unsafeUninitializedCapacity: n) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: self.keys + base, count: n)
            initialized = n
        }
        count = base
        return (keys, moveValues(from: base, count: n))
    }

    /// The items pushed since `base`, moved out in order.
    func takeItems(from base: Int) -> [JSONValue] {
        let n = count - base
        // Items' keys are empty strings, which own no storage: nothing to release.
        (keys + base).deinitialize(count: n)
        count = base
        return moveValues(from: base, count: n)
    }

    private func moveValues(from base: Int, count n: Int) -> [JSONValue] {
        [JSONValue](unsafeUninitializedCapacity: n) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: self.values + base, count: n)
            initialized = n
        }
    }

    private func grow() {
        let bigger = capacity * 2
        let newKeys = UnsafeMutablePointer<String>.allocate(capacity: bigger)
        let newValues = UnsafeMutablePointer<JSONValue>.allocate(capacity: bigger)
        let newOffsets = UnsafeMutablePointer<Int>.allocate(capacity: bigger)
        newKeys.moveInitialize(from: keys, count: count)
        newValues.moveInitialize(from: values, count: count)
        newOffsets.moveInitialize(from: offsets, count: count)
        keys.deallocate()
        values.deallocate()
        offsets.deallocate()
        keys = newKeys
        values = newValues
        offsets = newOffsets
        capacity = bigger
    }
}

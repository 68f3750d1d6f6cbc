/// Writes compact JSON straight into bytes, flushing full chunks to a sink.
///
/// The estate is written once and never read back, so a tree of values (or
/// `JSONSerialization`) would only cost time and memory: at 145 MB a tree is several times
/// the output. One flag tracks whether the next member or item needs a comma.
struct JSONBuffer {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false
    let chunkSize: Int
    /// Bytes handed to the sink so far.
    private(set) var flushed = 0
    private let sink: (ArraySlice<UInt8>) throws -> Void

    init(chunkSize: Int, sink: @escaping (ArraySlice<UInt8>) throws -> Void) {
        self.chunkSize = chunkSize
        self.sink = sink
        bytes.reserveCapacity(chunkSize + chunkSize / 4)
    }

    var count: Int { flushed + bytes.count }

    /// Hands the bytes so far to the sink once a chunk is full (call between resources).
    mutating func flushIfFull() throws {
        if bytes.count >= chunkSize { try flush() }
    }

    mutating func flush() throws {
        guard !bytes.isEmpty else { return }
        try sink(bytes[...])
        flushed += bytes.count
        bytes.removeAll(keepingCapacity: true)
    }

    // MARK: Structure

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    mutating func openObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func closeObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func openArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func closeArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }
    /// A line break between top-level resources, so the file can be read and diffed.
    mutating func newline() { bytes.append(UInt8(ascii: "\n")) }

    mutating func openObject(_ name: StaticString) { key(name); openObject() }
    mutating func openArray(_ name: StaticString) { key(name); openArray() }

    mutating func object(_ name: StaticString, _ body: (inout JSONBuffer) -> Void) {
        key(name); openObject(); body(&self); closeObject()
    }
    mutating func array(_ name: StaticString, _ body: (inout JSONBuffer) -> Void) {
        key(name); openArray(); body(&self); closeArray()
    }
    mutating func emptyArray(_ name: StaticString) { key(name); openArray(); closeArray() }
    /// `"name": {"id": "..."}`, the shape of every ARM reference.
    mutating func reference(_ name: StaticString, _ id: String) { object(name) { $0.field("id", id) } }
    /// An array item `{"id": "..."}`.
    mutating func referenceItem(_ id: String) { openObject(); field("id", id); closeObject() }

    // MARK: Values

    mutating func field(_ name: StaticString, _ value: String) { key(name); string(value) }
    mutating func field(_ name: StaticString, _ value: StaticString) { key(name); string(value) }
    mutating func field(_ name: StaticString, _ value: Int) { key(name); integer(value) }
    mutating func field(_ name: StaticString, _ value: Bool) { key(name); boolean(value) }
    mutating func field(_ name: StaticString, address: UInt32) { key(name); ipv4(address) }
    mutating func field(_ name: StaticString, address: UInt32, length: Int) { key(name); ipv4(address, length: length) }

    mutating func string(_ value: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        raw(value)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func string(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
                case 0..<0x20:
                    bytes.append(contentsOf: Array("\\u00".utf8)); hexDigit(UInt64(byte >> 4)); hexDigit(UInt64(byte & 0xF))
                default:
                    bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func integer(_ value: Int) {
        separate()
        digits(value)
        needsComma = true
    }

    mutating func boolean(_ value: Bool) {
        separate()
        if value { raw("true") } else { raw("false") }
        needsComma = true
    }

    /// A dotted IPv4 address, optionally with a prefix length, as a JSON string.
    mutating func ipv4(_ address: UInt32, length: Int? = nil) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        dotted(address)
        if let length { bytes.append(UInt8(ascii: "/")); digits(length) }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// A GUID-shaped string from 128 random bits (8-4-4-4-12 lowercase hex), optionally as
    /// an etag `W/"..."`.
    mutating func guid(_ high: UInt64, _ low: UInt64, etag: Bool = false) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        if etag { raw("W/\\\"") }
        hex(high >> 32, digits: 8); bytes.append(UInt8(ascii: "-"))
        hex(high >> 16, digits: 4); bytes.append(UInt8(ascii: "-"))
        hex(high, digits: 4); bytes.append(UInt8(ascii: "-"))
        hex(low >> 48, digits: 4); bytes.append(UInt8(ascii: "-"))
        hex(low, digits: 12)
        if etag { raw("\\\"") }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    // MARK: Bytes

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func digits(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var scratch:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var used = 0
        withUnsafeMutableBytes(of: &scratch) { buffer in
            repeat {
                buffer[19 - used] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                used += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(20 - used)...])
        }
    }

    private mutating func dotted(_ address: UInt32) {
        digits(Int(address >> 24)); bytes.append(UInt8(ascii: "."))
        digits(Int((address >> 16) & 0xFF)); bytes.append(UInt8(ascii: "."))
        digits(Int((address >> 8) & 0xFF)); bytes.append(UInt8(ascii: "."))
        digits(Int(address & 0xFF))
    }

    private mutating func hexDigit(_ nibble: UInt64) {
        let n = UInt8(nibble & 0xF)
        bytes.append(n < 10 ? UInt8(ascii: "0") + n : UInt8(ascii: "a") + n - 10)
    }

    private mutating func hex(_ value: UInt64, digits: Int) {
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) { hexDigit(value >> UInt64(shift)) }
    }
}

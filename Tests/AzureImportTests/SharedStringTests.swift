import Testing

@testable import AzureImport

/// The parser shares the storage of strings it met before (member names, types). Sharing
/// must never change a value: these tests parse many strings of the lengths it shares, with
/// repeats and with strings bound to land in the same slot, and compare every one.
@Suite("Parser string sharing")
struct SharedStringTests {
    static func strings(of value: JSONValue) -> [String] { value.arrayValue?.compactMap(\.stringValue) ?? [] }

    @Test("Thousands of distinct and repeated strings of 16 to 64 bytes parse exactly")
    func distinctAndRepeated() throws {
        // Far more distinct strings than slots, of every shared length, each written three
        // times at different distances, so slots are reused and overwritten.
        var expected: [String] = []
        for i in 0..<12_000 {
            let length = 16 + i % 49
            let stem = "s\(i)-"
            expected.append(stem + String(repeating: "x", count: max(0, length - stem.count)))
        }
        let order = expected + expected.reversed() + expected
        let json = "[" + order.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        let parsed = Self.strings(of: try JSONParser.parse(Array(json.utf8)))
        #expect(parsed == order)
    }

    @Test("Same length, same slot candidates, different bytes: never confused")
    func sameLengthDifferentBytes() throws {
        // Strings differing in one byte only, at every position.
        let base = Array("Microsoft.Network/networkInterfaces".utf8)
        var expected: [String] = []
        for position in base.indices {
            var bytes = base
            bytes[position] = bytes[position] == UInt8(ascii: "q") ? UInt8(ascii: "r") : UInt8(ascii: "q")
            expected.append(String(decoding: bytes, as: UTF8.self))
            expected.append(String(decoding: base, as: UTF8.self))
        }
        let json = "[" + expected.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        #expect(Self.strings(of: try JSONParser.parse(Array(json.utf8))) == expected)
    }

    @Test("Member names are shared and still read back exactly, escapes included")
    func memberNames() throws {
        let json =
            #"[{"destinationAddressPrefix": "10.0.0.0/24", "destinationAddressPrefix2": 1}, {"destinationAddressPrefix": "x"}, {"destination\u0041ddressPrefix": 2}]"#
        let items = try JSONParser.parse(Array(json.utf8)).arrayValue ?? []
        #expect(items.count == 3)
        #expect(items.first?.objectValue?.keys == ["destinationAddressPrefix", "destinationAddressPrefix2"])
        #expect(items[1].objectValue?.keys == ["destinationAddressPrefix"])
        #expect(items[1]["destinationAddressPrefix"]?.stringValue == "x")
        #expect(items.last?.objectValue?.keys == ["destinationAddressPrefix"])
    }
}

import AuditReport
import Foundation
import Testing

@Suite("JSONOutput")
struct JSONOutputTests {
    struct Unsorted: Encodable {
        let zebra = 1
        let apple = "a/b"
        let mango: [String: Int] = ["z": 1, "b": 2, "a": 3, "k": 4, "c": 5, "y": 6, "d": 7]
        let nested = Nested()
        struct Nested: Encodable {
            let y = true
            let b: Int? = nil
            let a = [3, 1, 2]
        }
    }

    @Test("keys are sorted at every level, arrays keep their order")
    func sortedKeys() {
        let text = JSONOutput.encode(Unsorted())
        let keyLines = text.split(separator: "\n").compactMap { line -> String? in
            guard let colon = line.range(of: "\" : ") else { return nil }
            return String(line[..<colon.lowerBound]).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "")
        }
        #expect(keyLines == ["apple", "mango", "a", "b", "c", "d", "k", "y", "z", "nested", "a", "y", "zebra"])
        #expect(text.contains("[\n      3,\n      1,\n      2\n    ]"))
    }

    @Test("slashes are not escaped, nil optionals are left out, and the text ends in one newline")
    func formatting() {
        let text = JSONOutput.encode(Unsorted())
        #expect(text.contains("\"apple\" : \"a/b\""))
        #expect(!text.contains("\\/"))
        #expect(!text.contains("\"b\" : null"))
        #expect(text.hasSuffix("}\n"))
        #expect(!text.hasSuffix("\n\n"))
    }

    @Test("the same value encodes to the same bytes every time")
    func deterministic() {
        let first = JSONOutput.encode(Unsorted())
        for _ in 0..<20 { #expect(JSONOutput.encode(Unsorted()) == first) }
        let big = Dictionary(uniqueKeysWithValues: (0..<500).map { ("key\($0)", $0) })
        #expect(JSONOutput.encode(big) == JSONOutput.encode(Dictionary(uniqueKeysWithValues: big.shuffled().map { ($0.key, $0.value) })))
    }

    @Test("the output is valid JSON that round-trips")
    func validJSON() throws {
        let data = Data(JSONOutput.encode(Unsorted()).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["zebra"] as? Int == 1)
        #expect((object["mango"] as? [String: Int])?["k"] == 4)
    }

    @Test("a value that cannot be encoded gives an empty object, not a crash")
    func unencodable() {
        #expect(JSONOutput.encode(Double.nan) == "{}\n")
    }
}

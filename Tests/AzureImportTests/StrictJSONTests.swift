import EstateGenerator
import Foundation
import TestSupport
import Testing
import TopologyModel

@testable import AzureImport

/// JSON that readers disagree on, or that would be read as something it is not, is refused
/// with the place named: repeated member names, bytes that are not UTF-8, containers of the
/// wrong kind. UTF-16 with a byte order mark (Windows PowerShell's `>`) is read.
@Suite("Strict JSON input")
struct StrictJSONTests {
    static let base = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network"

    /// The single error importing `bytes` gives.
    func error(_ bytes: [UInt8], file: String = "input.json") throws -> Diagnostic {
        let document: SourceDocument
        do {
            document = try SourceDocument(bytes: bytes, file: file)
        } catch {
            return error
        }
        let failure = try #require(throws: ImportError.self) { try AzureImporter.build([document]) }
        #expect(failure.diagnostics.count == 1, "\(failure.diagnostics.map(\.rendered))")
        return try #require(failure.diagnostics.first)
    }

    // MARK: Repeated member names

    @Test("a member name twice in one object: both lines named")
    func repeatedMember() throws {
        let text = """
            [
              {
                "id": "\(Self.base)/networkSecurityGroups/nsg",
                "type": "Microsoft.Network/networkSecurityGroups",
                "properties": {"securityRules": []},
                "properties": {"securityRules": [{"name": "allow-all"}]}
              }
            ]
            """
        let d = try error(Array(text.utf8))
        #expect(d.file == "input.json" && d.line == 6)
        #expect(d.message == #"malformed JSON at line 6, column 5: the member name "properties" appears twice in one object (first at line 5)"#)
    }

    @Test("repeated names are found in small and in large objects, first repeat named", arguments: [2, 16, 17, 40])
    func repeatedInWideObject(_ width: Int) throws {
        let members = (0..<width).map { "\"k\($0)\": \($0)" } + ["\"k1\": -1"]
        let d = try error(Array(("{\n" + members.joined(separator: ",\n") + "\n}").utf8))
        #expect(d.line == width + 2)
        #expect(d.message.hasSuffix(#"the member name "k1" appears twice in one object (first at line 3)"#))
    }

    @Test("the same name in different objects is no repeat")
    func notRepeated() throws {
        let value = try JSONParser.parse(Array(#"[{"a": 1, "b": 2}, {"a": 3, "B": 4}]"#.utf8))
        #expect(value.arrayValue?.count == 2)
    }

    /// A rule whose `access` is given twice, the second time spelled `spelling`, then padded to
    /// `width` members so that both ways of finding repeats are tried.
    static func ruleWithTwoAccesses(_ spelling: String, width: Int) -> String {
        let padding = (0..<max(0, width - 2)).map { ",\n      \"x\($0)\": \($0)" }.joined()
        return """
            [
              {
                "id": "\(base)/networkSecurityGroups/nsg/securityRules/r",
                "properties": {
                  "access": "Allow",
                  "\(spelling)": "Deny"\(padding)
                }
              }
            ]
            """
    }

    @Test(
        "names that differ only in case are refused with both lines (the importer read the lower-case one)",
        arguments: [("Access", 2), ("ACCESS", 2), ("aCcEsS", 30)])
    func differingInCase(_ spelling: String, _ width: Int) throws {
        let d = try error(Array(Self.ruleWithTwoAccesses(spelling, width: width).utf8))
        #expect(d.file == "input.json" && d.line == 6)
        #expect(
            d.message
                == "malformed JSON at line 6, column 7: the member names \"access\" and \"\(spelling)\" differ only in case, which Azure does not tell apart (first at line 5)"
        )
    }

    @Test("properties and Properties in one resource are refused")
    func propertiesTwice() throws {
        let text = #"[{"id": "\#(Self.base)/virtualNetworks/v", "properties": {}, "Properties": {"addressSpace": {}}}]"#
        let d = try error(Array(text.utf8))
        #expect(d.message.contains(#"the member names "properties" and "Properties" differ only in case"#))
    }

    @Test("names that differ beyond ASCII letters are different names, as the lookups find them")
    func differentNames() throws {
        // `@` and a backtick differ by the case bit, as do `_` and DEL; Ä and ä are not ASCII.
        let names = ["a@b", "A`B", "a_b", "A\u{7F}B", "a\u{C4}", "a\u{E4}"]
        let text = "{" + names.enumerated().map { "\"\($0.element)\": \($0.offset)" }.joined(separator: ", ") + "}"
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value.objectValue?.keys == names)
    }

    // MARK: UTF-8

    @Test(
        "bytes that are not UTF-8 inside a string: the byte offset is named",
        arguments: [[0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xC3, 0x28]] as [[UInt8]])
    func invalidUTF8(_ bad: [UInt8]) throws {
        let before = Array("{\n  \"name\": \"ab".utf8)
        let d = try error(before + bad + Array("cd\"\n}".utf8))
        #expect(d.line == 2)
        #expect(d.message.contains("invalid UTF-8 at byte offset \(before.count) (byte 0x\(String(bad[0], radix: 16, uppercase: true)))"), "\(d.message)")
    }

    @Test("a byte above 0x7F outside strings is named by its value and offset")
    func highByteOutsideString() throws {
        let d = try error(Array("[1, ".utf8) + [0xC3, 0xA9] + Array("]".utf8))
        #expect(d.message.hasSuffix("unexpected byte 0xC3 at byte offset 4"), "\(d.message)")
    }

    @Test("well-formed UTF-8 of every length is read as written")
    func validUTF8() throws {
        let text = "[\"é ✓ 𝄞 \\u00e9\"]"
        #expect(try JSONParser.parse(Array(text.utf8)).arrayValue?.first?.stringValue == "é ✓ 𝄞 é")
    }

    @Test("the check agrees with the standard library's UTF-8 validation on random bytes", arguments: 0..<20)
    func agreesWithStandardLibrary(_ seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        for _ in 0..<500 {
            // Mostly bytes that start or continue sequences, so both answers occur.
            let count = Int.random(in: 0...8, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0x7E...0xF6, using: &random) }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect((JSONParser.firstInvalidUTF8(bytes, from: 0, to: bytes.count) == nil) == valid, "\(bytes)")
        }
    }

    // MARK: UTF-16

    static func utf16(_ text: String, littleEndian: Bool) -> [UInt8] {
        let bom: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        return bom
            + text.utf16.flatMap { unit -> [UInt8] in
                let low = UInt8(unit & 0xFF), high = UInt8(unit >> 8)
                return littleEndian ? [low, high] : [high, low]
            }
    }

    @Test("UTF-16 with a byte order mark reads as the same file in UTF-8, lines included", arguments: [true, false])
    func utf16Files(_ littleEndian: Bool) throws {
        let path = Fixtures.fixture("Semantics/intra-subnet/topology.json")
        let text = String(decoding: Fixtures.read(path), as: UTF8.self) + "\n"  // ends in a newline either way
        let plain = try AzureImporter.build([try SourceDocument(bytes: Array(text.utf8), file: "a.json")])
        let wide = try AzureImporter.build([try SourceDocument(bytes: Self.utf16(text, littleEndian: littleEndian), file: "a.json")])
        #expect(wide.topology.resourceCount == plain.topology.resourceCount)
        #expect(wide.diagnostics == plain.diagnostics)
        // A mistake is reported at the same line as in UTF-8.
        let broken = text.replacingOccurrences(of: "\"properties\"", with: "\"properties\" 1")
        let narrowError = try error(Array(broken.utf8)), wideError = try error(Self.utf16(broken, littleEndian: littleEndian))
        #expect(wideError.line == narrowError.line)
    }

    @Test("UTF-16 that is cut short or holds an unpaired surrogate is refused, saying what it is")
    func brokenUTF16() throws {
        let odd = try error([0xFF, 0xFE, 0x5B, 0x00, 0x5D])
        #expect(odd.message == "the file starts with a UTF-16 little-endian byte order mark but has an odd number of bytes (5); save it as UTF-8")
        let surrogate = try error([0xFE, 0xFF, 0x00, 0x5B, 0xD8, 0x00, 0x00, 0x5D])
        #expect(
            surrogate.message
                == "the file starts with a UTF-16 big-endian byte order mark but is not valid UTF-16 big-endian (an unpaired surrogate at byte offset 4); save it as UTF-8"
        )
    }

    // MARK: Containers of the wrong kind

    @Test(
        "containers of the wrong kind are errors at their pointer, not dropped",
        arguments: [
            (#""properties": "none""#, "/0/properties", #""properties" must be an object, found a string"#),
            (#""properties": {"securityRules": {"name": "r"}}"#, "/0/properties/securityRules", #""securityRules" must be an array, found an object"#),
            (#""properties": {"securityRules": "r"}"#, "/0/properties/securityRules", #""securityRules" must be an array, found a string"#),
            (#""properties": {"securityRules": ["r"]}"#, "/0/properties/securityRules/0", #"an item of "securityRules" must be an object, found a string"#),
        ])
    func wrongContainers(_ c: (member: String, pointer: String, message: String)) throws {
        let text = """
            [
              {"id": "\(Self.base)/networkSecurityGroups/nsg", "type": "Microsoft.Network/networkSecurityGroups",
               \(c.member)}
            ]
            """
        let d = try error(Array(text.utf8))
        #expect(d.pointer == c.pointer)
        #expect(d.message == c.message)
        #expect(d.line != nil)
    }
}

@testable import AuditReport
import Foundation
import Testing

/// The pieces of splicing a large report: finding an empty array's place in the skeleton
/// and indenting an element's lines (the whole is compared with one encoding in
/// GeneratedReportTests).
@Suite("JSON splicing pieces")
struct JSONSpliceTests {
    @Test("The first occurrence is found wherever it is, and only a whole match counts")
    func firstRange() {
        let hay = Array("\n  \"a\" : [\n\n  ],\n  \"b\" : [\n\n  ]".utf8)
        #expect(JSONOutput.firstRange(of: Array("\n  \"b\" : [\n\n  ]".utf8), in: hay) == 16..<hay.count)
        #expect(JSONOutput.firstRange(of: Array("\n  \"a\"".utf8), in: hay) == 0..<6)
        #expect(JSONOutput.firstRange(of: Array("\n  \"c\"".utf8), in: hay) == nil)
        #expect(JSONOutput.firstRange(of: hay + [0x20], in: hay) == nil)
        #expect(JSONOutput.firstRange(of: [], in: hay) == nil)
    }

    @Test("Every non-blank line gets four spaces; blank lines and a missing final newline are kept")
    func indented() {
        func run(_ text: String) -> String { String(decoding: JSONOutput.indented(Data(text.utf8)), as: UTF8.self) }
        #expect(run("{\n  \"a\" : [\n\n  ]\n}") == "    {\n      \"a\" : [\n\n      ]\n    }")
        #expect(run("x\n") == "    x\n")
        #expect(run("\n\n") == "\n\n")
        #expect(run("") == "")
    }
}

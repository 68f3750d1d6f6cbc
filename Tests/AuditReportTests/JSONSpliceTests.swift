import Foundation
import Testing

@testable import AuditReport

/// The piece of splicing a large report that stands alone: finding an empty array's place
/// in the skeleton (the whole is compared with one encoding in GeneratedReportTests).
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
}

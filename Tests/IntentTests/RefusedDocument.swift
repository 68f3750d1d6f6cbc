import Testing
import TopologyModel

/// A change or policy file that must be refused at `line` with a message containing
/// `fragment`.
struct RefusedDocument: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let line: Int
    let fragment: String
    var testDescription: String { name }

    /// Checks the diagnostic the document was refused with.
    func check(_ d: Diagnostic, file: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(d.file == file, sourceLocation: sourceLocation)
        #expect(d.line == line, "\(d.rendered)", sourceLocation: sourceLocation)
        #expect(d.message.contains(fragment), "\(d.rendered)", sourceLocation: sourceLocation)
    }
}

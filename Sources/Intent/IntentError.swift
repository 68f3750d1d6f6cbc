import TopologyModel

/// A change file or policy file is malformed or names something that does not exist.
/// Every diagnostic names the file, the line and the place (a JSON pointer into the
/// YAML document) and says what is wrong.
public struct IntentError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics.sorted() }

    public var description: String { diagnostics.map(\.rendered).joined(separator: "\n") }
}

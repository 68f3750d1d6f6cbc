import TopologyModel

/// One input file, parsed but not yet converted. Keeping the bytes lets diagnostics turn
/// offsets into line numbers long after parsing; keeping the tree editable lets what-if
/// changes apply to resources exactly as the user exported them.
public struct SourceDocument: Sendable {
    public let file: String
    public var bytes: [UInt8] { lines.bytes }
    public var root: JSONValue
    /// Turns offsets into lines, for this document's diagnostics.
    let lines: LineIndex
    /// A root array's resources, described while it was parsed (see ``DescribedItems``).
    let described: DescribedItems?

    /// Parses a file's bytes.
    ///
    /// - Throws: a ``Diagnostic`` naming the file, line and column of malformed JSON.
    public init(bytes: [UInt8], file: String) throws(Diagnostic) {
        try self.init(bytes: bytes, file: file, describing: false)
    }

    /// Parses a file's bytes; with `describing`, a worker describes the resources of a root
    /// array while the parser reads on.
    init(bytes: [UInt8], file: String, describing: Bool) throws(Diagnostic) {
        self.file = file
        lines = LineIndex(bytes: bytes)
        var context = ImportContext()
        context.fileLines[file] = lines
        let described = describing ? DescribedItems(context: context, file: file) : nil
        self.described = described
        do {
            root = try JSONParser.parse(bytes, rootItem: described.map { items in { items.push($0) } })
            described?.finish(helping: true)
        } catch {
            described?.finish(helping: false)
            let (line, column) = lines.lineAndColumn(of: error.offset)
            throw Diagnostic(severity: .error, kind: .invalidInput, file: file, line: line,
                             message: "malformed JSON at line \(line), column \(column): \(error.message)")
        }
    }

    /// A document built in memory (what-if overlays, tests); `bytes` may be empty, in which
    /// case diagnostics about it carry a JSON pointer but no line.
    public init(file: String, root: JSONValue, bytes: [UInt8] = []) {
        self.file = file
        self.root = root
        lines = LineIndex(bytes: bytes)
        described = nil
    }
}

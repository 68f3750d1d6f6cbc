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
    /// For a deployment template, the resources it deploys (set when inputs are read).
    var expanded: ExpandedTemplate?

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
        // UTF-16 with a byte order mark (what Windows PowerShell's `>` writes) is read as the
        // same text in UTF-8; lines stay where they were, columns count UTF-8 bytes.
        let bytes = try Self.utf8(bytes, file: file)
        let lines = LineIndex(bytes: bytes)
        self.lines = lines
        var context = ImportContext()
        context.fileLines[file] = lines
        let described = describing ? DescribedItems(context: context, file: file) : nil
        self.described = described
        do {
            root = try JSONParser.parse(bytes, rootItem: described.map { items in { items.push($0) } })
            described?.finish(helping: true)
        } catch {
            described?.finish(helping: false)
            // Templates and parameter files may hold comments and raw line breaks in strings,
            // as Azure Resource Manager accepts; nothing else may.
            var failure = error, advice = ""
            let atComment = Self.startsComment(at: error.offset, in: bytes)
            do throws(JSONParser.Failure) {
                let lenient = try JSONParser.parse(bytes, lenient: true)
                if Self.kind(of: lenient) != .resources {
                    root = lenient
                    return
                }
                if atComment {
                    advice =
                        "; comments are accepted only in deployment templates and parameter files (whose \"$schema\" names deploymentTemplate or deploymentParameters)"
                }
            } catch {
                // A file that uses comments breaks where it breaks with comments allowed: its
                // first comment says nothing of what is wrong with a template.
                if atComment { failure = error }
            }
            let (line, column) = lines.lineAndColumn(of: failure.offset)
            let related = failure.related.map { " (first at line \(lines.lineAndColumn(of: $0).line))" } ?? ""
            throw Diagnostic(
                severity: .error, kind: .invalidInput, file: file, line: line,
                message: "malformed JSON at line \(line), column \(column): \(failure.message)\(related)\(advice)")
        }
    }

    /// Whether `//` or `/*` starts at `offset`.
    private static func startsComment(at offset: Int, in bytes: [UInt8]) -> Bool {
        guard offset >= 0, offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "/") else { return false }
        return bytes[offset + 1] == UInt8(ascii: "/") || bytes[offset + 1] == UInt8(ascii: "*")
    }

    /// The bytes as UTF-8: unchanged, or transcoded from UTF-16 when they start with its
    /// byte order mark (FF FE little-endian, FE FF big-endian), the mark dropped.
    ///
    /// - Throws: a ``Diagnostic`` when UTF-16 text is cut short or holds unpaired surrogates.
    static func utf8(_ bytes: [UInt8], file: String) throws(Diagnostic) -> [UInt8] {
        guard bytes.count >= 2 else { return bytes }
        let littleEndian: Bool
        switch (bytes[0], bytes[1]) {
        case (0xFF, 0xFE): littleEndian = true
        case (0xFE, 0xFF): littleEndian = false
        default: return bytes
        }
        let order = littleEndian ? "UTF-16 little-endian" : "UTF-16 big-endian"
        guard bytes.count % 2 == 0 else {
            throw Diagnostic(
                severity: .error, kind: .invalidInput, file: file,
                message: "the file starts with a \(order) byte order mark but has an odd number of bytes (\(bytes.count)); save it as UTF-8")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2 - 1)
        for i in stride(from: 2, to: bytes.count, by: 2) {
            units.append(littleEndian ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(units.count)
        var decoder = UTF16()
        var iterator = units.makeIterator()
        var index = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                UTF8.encode(scalar) { utf8.append($0) }
                index += scalar.value > 0xFFFF ? 2 : 1
            case .emptyInput:
                return utf8
            case .error:
                throw Diagnostic(
                    severity: .error, kind: .invalidInput, file: file,
                    message:
                        "the file starts with a \(order) byte order mark but is not valid \(order) (an unpaired surrogate at byte offset \(2 + 2 * index)); save it as UTF-8"
                )
            }
        }
    }

    /// What a document holds, by its `$schema` (or Terraform's `format_version`).
    public enum Kind: Sendable {
        /// Exported resources (any envelope).
        case resources
        /// An ARM deployment template (compiled Bicep included).
        case template
        /// An ARM parameter file.
        case parameters
        /// `terraform show -json` of a plan or a state.
        case terraform
    }

    public var kind: Kind { Self.kind(of: root) }

    static func kind(of root: JSONValue) -> Kind {
        if TerraformFormat.recognises(root) { return .terraform }
        guard case .object(let o) = root else { return .resources }
        guard let schema = o["$schema"]?.stringValue?.lowercased() else { return isParameterFile(o) ? .parameters : .resources }
        if schema.contains("deploymenttemplate") { return .template }
        if schema.contains("deploymentparameters") { return .parameters }
        return .resources
    }

    /// Whether an object without `$schema` is a parameter file all the same, as `az deployment
    /// ... --parameters` takes it: `parameters` holding `{"value": ...}` or `{"reference": ...}`
    /// entries, beside nothing but `contentVersion` and `metadata`.
    static func isParameterFile(_ o: JSONObject) -> Bool {
        guard case .object(let parameters)? = o["parameters"], !parameters.keys.isEmpty,
            o.keys.allSatisfy({ ["parameters", "contentversion", "metadata"].contains($0.lowercased()) })
        else { return false }
        return parameters.values.allSatisfy { $0["value"] != nil || $0["reference"] != nil }
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

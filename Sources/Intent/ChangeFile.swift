import AzureImport
import TopologyModel

/// A what-if change file: operations on the topology, in order, as a platform engineer
/// would make them in the portal or in Terraform. The format is documented in
/// docs/whatif.md and docs/schemas/change.schema.json.
public struct ChangeFile: Sendable {
    public let file: String
    public let description: String?
    let operations: [ChangeOperation]

    /// One line per operation, as the report prints it (`remove-nsg-rule nsg:web/rule:ssh`).
    public var summaries: [String] { operations.map(\.summary) }

    /// Reads and checks a change file (targets are resolved later, against the estate).
    ///
    /// - Throws: ``IntentError`` naming the line of a malformed document, an unknown
    ///   operation or a missing field.
    public static func load(file: String) throws(IntentError) -> ChangeFile {
        try ChangeFile(root: YAMLNode.load(file: file))
    }

    public static func parse(_ text: String, file: String = "<memory>") throws(IntentError) -> ChangeFile {
        try ChangeFile(root: YAMLNode.parse(text, file: file))
    }

    init(root: YAMLNode) throws(IntentError) {
        file = root.file
        var top = try root.mapping()
        let version = try top.required("version", context: "a change file").integer()
        guard version == 1 else { throw root.fail("unsupported change file version \(version); this Lateral reads version 1") }
        description = try top.optional("description")?.string()
        let list = try top.required("changes", context: "a change file").list()
        try top.finish(context: "a change file")
        var operations: [ChangeOperation] = []
        for item in list { operations.append(try ChangeOperation(item)) }
        self.operations = operations
    }

    /// The edits this file makes to an estate, each target resolved.
    ///
    /// - Throws: ``IntentError`` naming the operation's line when a target does not
    ///   exist, is ambiguous, or already exists where one is added.
    public func edits(against catalog: ResourceCatalog) throws(IntentError) -> [ResourceEdit] {
        var compiler = ChangeCompiler(catalog: WorkingCatalog(catalog), file: file)
        for operation in operations { try compiler.compile(operation) }
        return compiler.edits
    }
}

import TopologyModel

/// The values of one resource that a what-if change wrote, and where in the change file: a
/// diagnostic about one of them names the change file's line, since that is where the user
/// wrote the value (the estate's line would point at a value that was never there).
struct EditOrigins: Sendable {
    /// The change file.
    let file: String
    /// The pointer, lowercased, of the object the edit's body or patch applies to (the
    /// resource's node); the edit's own pointers continue it.
    private let base: String
    /// The edit's origins, their pointers lowercased: member names are matched without regard
    /// to case, as the merge that applied them matched them.
    private let origins: [String: ResourceEdit.Origin]

    init(_ edit: ResourceEdit, at base: String, after earlier: EditOrigins? = nil) {
        file = edit.originFile
        self.base = base.lowercased()
        var origins = earlier?.base == self.base ? earlier?.origins ?? [:] : [:]
        for (pointer, origin) in edit.origins {
            // A later patch merging into a value an earlier edit wrote whole leaves it whole.
            let key = pointer.lowercased()
            if let before = origins[key], before.whole, !origin.whole { continue }
            origins[key] = origin
        }
        self.origins = origins
    }

    /// Where the change file wrote the value at `pointer` (a pointer in the input, as
    /// diagnostics carry), or the whole value holding it; nil when the value came from the
    /// estate.
    func origin(of pointer: String) -> ResourceEdit.Origin? {
        let lowered = pointer.lowercased()
        guard lowered.hasPrefix(base) else { return nil }
        var relative = lowered.dropFirst(base.count)
        guard relative.isEmpty || relative.hasPrefix("/") else { return nil }
        if let origin = origins[String(relative)] { return origin }
        while let slash = relative.lastIndex(of: "/") {
            relative = relative[..<slash]
            if let origin = origins[String(relative)], origin.whole { return origin }
        }
        return nil
    }

    /// The diagnostic re-placed in the change file when it is about a value the edit wrote.
    func placed(_ diagnostic: Diagnostic) -> Diagnostic {
        guard let pointer = diagnostic.pointer, let origin = origin(of: pointer) else { return diagnostic }
        return Diagnostic(
            severity: diagnostic.severity, kind: diagnostic.kind, file: file, line: origin.line, pointer: origin.pointer,
            resource: diagnostic.resource, message: diagnostic.message)
    }
}

import TopologyModel

/// The resources of parsed documents before conversion, by ID: what a change file's
/// targets are resolved against, with each resource's JSON as exported.
public struct ResourceCatalog: Sendable {
    public struct Entry: Sendable {
        public let id: ResourceID
        /// Lowercased full type, e.g. `microsoft.network/networksecuritygroups/securityrules`.
        public let type: String
        public let name: String
        /// The resource object as found (nested children included, if it nested them).
        public let body: JSONValue
        public let location: SourceLocation
    }

    /// In input order.
    public let entries: [Entry]
    let byID: [ResourceID: Int]

    init(entries: [Entry]) {
        self.entries = entries
        var byID: [ResourceID: Int] = [:]
        for (i, e) in entries.enumerated() { byID[e.id] = i }
        self.byID = byID
    }

    public func entry(_ id: ResourceID) -> Entry? { byID[id].map { entries[$0] } }
}

extension AzureImporter {
    /// Registers the documents' resources (nested children included) without converting
    /// them.
    ///
    /// - Complexity: O(size of the documents).
    public static func catalog(_ documents: [SourceDocument]) -> ResourceCatalog {
        var context = ImportContext()
        for document in documents { context.read(document) }
        return ResourceCatalog(
            entries: context.order.compactMap { id in
                context.resources[id].map { ResourceCatalog.Entry(id: $0.id, type: $0.type, name: $0.name, body: $0.node.value, location: $0.sourceLocation) }
            })
    }
}

extension SourceDocument {
    /// The line of the object a JSON pointer leads into (the innermost object on the way,
    /// since only objects remember where they start), for reports that point at input.
    public func line(at pointer: String) -> Int? {
        guard !bytes.isEmpty else { return nil }
        // A Terraform resource's location is its address (with a JSON pointer below it).
        if kind == .terraform, !pointer.hasPrefix("/") { return terraformLine(at: pointer) }
        var current: JSONValue? = root
        var offset = root.objectValue?.offset
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let key = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let o)?: current = o.index(of: key).map { o.values[$0] }
            case .array(let a)?: current = Int(key).flatMap { $0 >= 0 && $0 < a.count ? a[$0] : nil }
            default: current = nil
            }
            guard let value = current else { break }
            if let o = value.objectValue, o.offset >= 0 { offset = o.offset }
        }
        return offset.map { lines.lineAndColumn(of: $0).line }
    }

    /// The line of the plan entry (or state resource) whose address starts `pointer`.
    private func terraformLine(at pointer: String) -> Int? {
        let address = pointer.split(separator: "/", maxSplits: 1).first.map(String.init) ?? pointer
        func find(_ module: JSONValue?) -> Int? {
            for resource in module?["resources"]?.arrayValue ?? [] where resource["address"]?.stringValue == address {
                return resource.objectValue?.offset
            }
            for child in module?["child_modules"]?.arrayValue ?? [] { if let offset = find(child) { return offset } }
            return nil
        }
        let change = root["resource_changes"]?.arrayValue?.first { $0["address"]?.stringValue == address }
        guard let offset = change?.objectValue?.offset ?? find(root["values"]?["root_module"]) else { return nil }
        return lines.lineAndColumn(of: offset).line
    }
}

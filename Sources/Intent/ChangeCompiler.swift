import AzureImport
import TopologyModel

/// Turns a change file's operations into resource edits, resolving each target against
/// the estate as the operations before it left it.
struct ChangeCompiler {
    enum Resolved {
        case resource(ResourceID)
        case collection(owner: ResourceID, key: String, index: Int)
        case firewallRule(owner: ResourceID, key: String, collection: Int, rule: Int)
    }

    var catalog: WorkingCatalog
    let file: String
    var edits: [ResourceEdit] = []

    init(catalog: WorkingCatalog, file: String) {
        self.catalog = catalog
        self.file = file
    }

    // MARK: Resolution

    func resolve(_ path: TargetPath, at node: YAMLNode) throws(IntentError) -> Resolved {
        if path.isResourceID {
            let id = ResourceID(path.text)
            guard catalog.items[id] != nil else { throw node.fail("the target \(path.text) is not in the input") }
            return .resource(id)
        }
        var current: Resolved? = nil
        for segment in path.segments {
            switch (segment.kind, current) {
            case ("collection", .resource(let owner)?):
                let item = catalog.items[owner]!
                guard item.type == "microsoft.network/azurefirewalls" || item.type == "microsoft.network/firewallpolicies/rulecollectiongroups" else {
                    throw node.fail("in '\(path.text)': only a firewall or a firewall policy's rule collection group holds rule collections")
                }
                let properties = FirewallCollections.properties(item.body)
                var names: [String] = []
                var found: Resolved? = nil
                for key in FirewallCollections.keys(forType: item.type) {
                    for (i, collection) in (properties[key]?.arrayValue ?? []).enumerated() {
                        let name = FirewallCollections.name(collection) ?? ""
                        names.append(name)
                        if name.lowercased() == segment.name.lowercased() { found = .collection(owner: owner, key: key, index: i) }
                    }
                }
                guard let found else {
                    throw node.fail(
                        "no rule collection '\(segment.name)' in \(item.name)"
                            + (names.isEmpty ? " (it has none)" : "; it has \(names.sorted().joined(separator: ", "))"))
                }
                current = found
            case ("rule", .collection(let owner, let key, let index)?):
                let collection = FirewallCollections.properties(catalog.items[owner]!.body)[key]!.arrayValue![index]
                let rules = FirewallCollections.rules(of: collection)
                guard let i = rules.firstIndex(where: { FirewallCollections.name($0)?.lowercased() == segment.name.lowercased() }) else {
                    throw node.fail(
                        "no rule '\(segment.name)' in the rule collection \(FirewallCollections.name(collection) ?? "")"
                            + "; it has \(rules.compactMap(FirewallCollections.name).sorted().joined(separator: ", "))")
                }
                current = .firewallRule(owner: owner, key: key, collection: index, rule: i)
            case ("collection", _), (_, .collection?), (_, .firewallRule?):
                throw node.fail("cannot read '\(path.text)': '\(segment.kind):' cannot follow what comes before it")
            default:
                let type = TargetPath.resourceKinds[segment.kind]!
                var parent: ResourceID? = nil
                if case .resource(let p)? = current {
                    let parentType = catalog.items[p]!.type
                    guard type.hasPrefix(parentType + "/"), type.split(separator: "/").count == parentType.split(separator: "/").count + 1 else {
                        throw node.fail("in '\(path.text)': a \(segment.kind) is not part of a \(catalog.items[p]!.type.split(separator: "/").last ?? "")")
                    }
                    parent = p
                }
                let found = catalog.find(type: type, name: segment.name, parent: parent)
                if found.isEmpty {
                    throw node.fail(
                        "no \(segment.kind) named '\(segment.name)'" + (parent.map { " in \($0.name)" } ?? "") + " in the input (target '\(path.text)')")
                }
                if found.count > 1 {
                    throw node.fail(
                        "the \(segment.kind) '\(segment.name)' is ambiguous: \(found.map(\.text).joined(separator: ", ")); write the resource ID instead")
                }
                current = .resource(found[0])
            }
        }
        return current!
    }

    /// Resolves a target that must be a resource of one of `types` (any type when empty).
    func resource(_ path: TargetPath, at node: YAMLNode, _ types: [String], what: String) throws(IntentError) -> ResourceID {
        guard case .resource(let id) = try resolve(path, at: node) else {
            throw node.fail("the target '\(path.text)' must be \(what)")
        }
        let type = catalog.items[id]!.type
        guard types.isEmpty || types.contains(type) else {
            throw node.fail("the target '\(path.text)' is a \(type), but this operation needs \(what)")
        }
        return id
    }

    // MARK: Emitting

    /// Adds an edit; `origins` says where the change file wrote the values it carries (see
    /// ``ResourceEdit/origins``).
    mutating func emit(_ id: ResourceID, _ action: ResourceEdit.Action, _ node: YAMLNode, origins: [String: ResourceEdit.Origin] = [:]) {
        edits.append(ResourceEdit(target: id, action: action, originFile: file, originLine: node.line, origins: origins))
        switch action {
        case .remove: catalog.remove(id)
        case .put(let type, let body), .deploy(let type, let body, _):
            catalog.remove(id)
            catalog.insert(id, WorkingCatalog.Item(type: type.lowercased(), name: body["name"]?.stringValue ?? id.name, body: body))
        case .mergePatch(let patch): catalog.patch(id, patch)
        }
    }

    /// A merge patch setting members of the resource's `properties` (or of the resource
    /// itself when the export flattened them).
    func propertiesPatch(_ id: ResourceID, _ members: JSONValue) -> JSONValue {
        if nestsProperties(id) { return .object(JSONObject(keys: ["properties"], values: [members])) }
        return members
    }

    /// Where ``propertiesPatch(_:_:)`` puts the members: `/properties`, or the top.
    func propertiesPointer(_ id: ResourceID) -> String { nestsProperties(id) ? "/properties" : "" }

    private func nestsProperties(_ id: ResourceID) -> Bool { catalog.items[id]?.body["properties"]?.objectValue != nil }

    static func object(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(keys: pairs.map(\.0), values: pairs.map(\.1)))
    }

    /// A child resource body in REST shape from the YAML payload: `name` plus either a
    /// `properties` mapping or the properties written inline.
    static func childBody(_ payload: YAMLNode, defaults: [(String, JSONValue)] = []) throws(IntentError) -> (name: String, body: JSONValue) {
        guard case .object(let object) = payload.json, let nameIndex = object.keys.firstIndex(of: "name"),
            let name = object.values[nameIndex].stringValue, !name.isEmpty
        else {
            throw payload.fail("needs a 'name'")
        }
        var properties: JSONValue
        if let p = object["properties"] {
            properties = p
        } else {
            var rest = object
            rest.keys.remove(at: nameIndex)
            rest.values.remove(at: nameIndex)
            properties = .object(rest)
        }
        for (key, value) in defaults.reversed() where properties[key] == nil {
            var o = properties.objectValue ?? JSONObject(keys: [], values: [])
            o.keys.insert(key, at: 0)
            o.values.insert(value, at: 0)
            properties = .object(o)
        }
        return (name, Self.object([("name", .string(name)), ("properties", properties)]))
    }
}

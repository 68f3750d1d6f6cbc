import TopologyModel

extension ImportContext {
    /// Applies what-if edits to the registered resources, in order. A target that does not
    /// exist (or, for `put`, whose parent does not) is an error naming the change file's
    /// line.
    mutating func apply(_ edits: [ResourceEdit]) {
        if !edits.isEmpty { edited = true }
        for edit in edits {
            switch edit.action {
            case .remove:
                guard resources[edit.target] != nil else {
                    editError(edit, "cannot remove \(edit.target.text): no such resource in the input")
                    continue
                }
                removeTree(edit.target)
            case .put(let type, let body), .deploy(let type, let body, _):
                guard case .object(var object) = body else {
                    editError(edit, "the new body of \(edit.target.text) must be an object, not \(body.kindName)")
                    continue
                }
                if let parent = edit.target.parent, resources[parent] == nil {
                    editError(edit, "cannot add \(edit.target.text): its parent \(parent.text) is not in the input")
                    continue
                }
                if object.index(of: "id") == nil { object.keys.insert("id", at: 0); object.values.insert(.string(edit.target.text), at: 0) }
                if object.index(of: "type") == nil { object.keys.insert("type", at: 1); object.values.insert(.string(type), at: 1) }
                if object.index(of: "name") == nil { object.keys.insert("name", at: 1); object.values.insert(.string(edit.target.name), at: 1) }
                if let existing = resources[edit.target] {
                    if case .deploy = edit.action {
                        removeReplaced(existing, by: object)
                    } else {
                        removeTree(edit.target)
                    }
                }
                if case .deploy(_, _, let pointer) = edit.action {
                    // Diagnostics name the template's or plan's own place, through its lines.
                    if let lines = edit.lines { fileLines[edit.originFile] = lines }
                    register(
                        JSONNode(value: .object(object), pointer: pointer), file: edit.originFile, parent: edit.target.parent, impliedType: type.lowercased())
                } else {
                    register(
                        JSONNode(value: .object(object), pointer: ""), file: edit.originFile, parent: edit.target.parent, impliedType: type.lowercased(),
                        edit: EditOrigins(edit, at: ""))
                }
            case .mergePatch(let patch):
                guard let existing = resources[edit.target] else {
                    editError(edit, "cannot change \(edit.target.text): no such resource in the input")
                    continue
                }
                let merged = existing.node.value.mergePatched(with: patch)
                // Child collections named by the patch replace the children of that kind.
                let patchedKeys = Set(((patch["properties"]?.objectValue?.keys ?? []) + (patch.objectValue?.keys ?? [])).map { $0.lowercased() })
                // `properties: null` removes the properties (RFC 7396), nested children with them.
                let propertiesRemoved = patch["properties"]?.isNull == true
                let childKinds = (Self.nestedChildren[existing.type] ?? []).filter { propertiesRemoved || patchedKeys.contains($0.0.lowercased()) }
                for (_, childType) in childKinds {
                    for id in order where id.parent == edit.target && resources[id]?.type == childType { removeTree(id) }
                }
                let node = JSONNode(value: merged, pointer: existing.node.pointer)
                let properties: JSONNode
                if let p = node.child("properties"), p.isObject { properties = p } else { properties = node }
                let patched = RawResource(
                    id: existing.id, type: existing.type, typeText: existing.typeText, node: node,
                    properties: properties, file: existing.file, sequence: existing.sequence)
                let origins = EditOrigins(edit, at: existing.node.pointer, after: existing.edit)
                patched.edit = origins
                resources[edit.target] = patched
                for (key, childType) in childKinds {
                    guard let list = properties.child(key) else { continue }
                    for item in list.items where item.isObject {
                        register(item, file: existing.file, parent: edit.target, impliedType: childType, edit: origins)
                    }
                }
            }
        }
    }

    /// Removes a resource a deployment replaces, with its children of the kinds the new body
    /// lists; other children stay.
    mutating func removeReplaced(_ existing: RawResource, by body: JSONObject) {
        let listed = Set((body["properties"]?.objectValue?.keys ?? []).map { $0.lowercased() })
        let replaced = Set((Self.nestedChildren[existing.type] ?? []).filter { listed.contains($0.0.lowercased()) }.map(\.1))
        for id in order where id.parent == existing.id && resources[id].map({ replaced.contains($0.type) }) == true { removeTree(id) }
        order.removeAll { $0 == existing.id }
        resources[existing.id] = nil
    }

    /// Removes a resource and every resource whose ID lies under it.
    mutating func removeTree(_ id: ResourceID) {
        let prefix = id.key + "/"
        order.removeAll { other in
            guard other == id || other.key.hasPrefix(prefix) else { return false }
            resources[other] = nil
            return true
        }
    }

    mutating func editError(_ edit: ResourceEdit, _ message: String) {
        diagnostics.append(
            Diagnostic(
                severity: .error, kind: .invalidInput, file: edit.originFile, line: edit.originLine,
                resource: edit.target, message: message))
    }
}

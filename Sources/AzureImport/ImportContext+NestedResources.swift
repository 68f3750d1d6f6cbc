import TopologyModel

extension ImportContext {
    /// Reads the resources that PSRule's `Export-AzRuleData`, `Get-AzResource` and REST GETs of
    /// some types nest in a resource's `resources` array as if they had been listed on their own.
    ///
    /// PSRule puts a storage account's blob services and their containers there, a firewall
    /// policy's rule collection groups, a VM's network interfaces; a REST GET of a VM lists its
    /// extensions there. Left unread, an anonymous container or a NIC known only inside its VM
    /// would be missed without a word.
    /// A child written as templates write it (`"type": "subnets"`, no `id`) takes its type and
    /// ID from its container's. What cannot be read as a resource is a warning at its pointer.
    func describeNested(_ list: JSONNode, in container: RawResource, into described: inout [RawResource], diagnostics: inout [Diagnostic]) {
        let file = container.file
        func skip(_ item: JSONNode, _ why: String) {
            diagnostics.append(
                Diagnostic(
                    severity: .warning, kind: .unsupported, file: file, line: line(of: item.offset != nil ? item : container.node, file: file),
                    pointer: item.pointer, resource: container.id,
                    message: "nested in \(container.typeText) '\(container.name)' but not read: \(why)"))
        }
        guard case .array = list.value else {
            skip(list, "\"resources\" must be an array of resources, found \(list.value.kindName)")
            return
        }
        for item in list.items {
            guard case .object(let object) = item.value else {
                skip(item, "an item of \"resources\" must be a resource object, found \(item.value.kindName)")
                continue
            }
            let idText = Self.text(in: object, anyOf: Self.idKeys).flatMap { $0.isEmpty ? nil : $0 }
            let name = Self.text(in: object, anyOf: Self.nameKey)
            var type = Self.text(in: object, anyOf: Self.typeKeys).flatMap { $0.isEmpty ? nil : $0 }
            if let short = type, !short.contains("/") { type = container.typeText + "/" + short }
            var impliedID: ResourceID? = nil
            if idText == nil {
                guard let type else {
                    skip(item, "it has neither \"id\" nor \"type\"")
                    continue
                }
                guard let name, !name.isEmpty else {
                    skip(item, "it has no \"id\" and no \"name\" to make one from")
                    continue
                }
                guard let id = Self.childID(of: container, type: type, name: name) else {
                    skip(
                        item,
                        "it has no \"id\", and one cannot be made from its container's: \(type) named '\(name)' is not a child of \(container.typeText)")
                    continue
                }
                impliedID = id
            }
            let first = described.count
            describe(
                item, file: file, parent: container.id, impliedType: type?.lowercased(), spelledType: type, impliedID: impliedID,
                into: &described, diagnostics: &diagnostics)
            if described.count > first, !Self.isWithin(described[first].id, container.id) { described[first].copiedInto = container.id }
        }
    }

    /// The ID of a child of `container` of the full `type` named `name`: one name segment per
    /// type segment below the container's type (`default/c` for a container under a storage
    /// account), the whole `account/default/c` form, or the child's ID itself (as PSRule's
    /// expanded templates write some names). Nil when `type` is not below the container's
    /// type or the name has another number of segments.
    static func childID(of container: RawResource, type: String, name: String) -> ResourceID? {
        if name.hasPrefix("/") {
            let id = ResourceID(name)
            return isWithin(id, container.id) && id.impliedType?.lowercased() == type.lowercased() ? id : nil
        }
        let types = type.split(separator: "/"), above = container.type.split(separator: "/")
        guard types.count > above.count, zip(types, above).allSatisfy({ $0.lowercased() == $1 }) else { return nil }
        let below = types[above.count...]
        var names = name.split(separator: "/", omittingEmptySubsequences: false)
        if names.count == types.count - 1 { names = Array(names.suffix(below.count)) }
        guard names.count == below.count, !names.contains(where: \.isEmpty) else { return nil }
        return ResourceID(container.id.text + zip(below, names).map { "/\($0)/\($1)" }.joined())
    }

    /// Whether `id` names `container` or a resource below it.
    static func isWithin(_ id: ResourceID, _ container: ResourceID) -> Bool {
        id.key == container.key || id.key.hasPrefix(container.key + "/")
    }
}

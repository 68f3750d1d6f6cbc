import Dispatch
import ParallelSupport
import TopologyModel

/// Accumulates resources and diagnostics across files, then converts them into a model.
struct ImportContext {
    var diagnostics: [Diagnostic] = []
    var resources: [ResourceID: RawResource] = [:]
    var order: [ResourceID] = []
    /// The recorded resources in `order`'s order (the fuller of two descriptions in the first
    /// one's place), so finishing walks them without looking each up again; what-if edits
    /// rearrange `order` and `resources`, and set `edited`.
    var recorded: [RawResource] = []
    var edited = false
    var ignored: [String: Int] = [:]
    var ignoredSpelling: [String: String] = [:]
    /// Each file's line index, to turn offsets into line numbers in diagnostics.
    var fileLines: [String: LineIndex] = [:]
    var sequence = 0
    /// Rule sides and port fields met before, by their single text: most rules of an estate
    /// repeat a few hundred values (`*`, `VirtualNetwork`, a spoke's prefix, `443`).
    var addressMatches: [String: AddressMatch] = [:]
    var portSets: [String: PortSet] = [:]
    /// Published service tag data: tags it holds become their prefixes (TAG-10..12).
    var serviceTags: ServiceTagCatalog?

    // MARK: Diagnostics

    func line(of node: JSONNode?, file: String?) -> Int? {
        guard let file, let offset = node?.offset, offset >= 0, let lines = fileLines[file] else { return nil }
        return lines.lineAndColumn(of: offset).line
    }

    mutating func error(file: String, node: JSONNode? = nil, pointer: String? = nil, resource: ResourceID? = nil, message: String) {
        diagnostics.append(
            Diagnostic(
                severity: .error, kind: .invalidInput, file: file, line: line(of: node, file: file),
                pointer: pointer ?? node?.pointer, resource: resource, message: message))
    }

    mutating func error(_ raw: RawResource, at node: JSONNode?, _ message: String) {
        // A template value known only at deploy time cannot be read as an address or a port:
        // what needs it is left out, and the user told, rather than the template refused.
        if message.contains(SymbolicValue.opening) {
            diagnostics.append(
                diagnostic(
                    .warning, .assumption, raw, at: node, message + ": the value is known only at deploy time, so what holds it is left out of the analysis"))
            return
        }
        diagnostics.append(diagnostic(.error, .invalidInput, raw, at: node, message))
    }

    mutating func warn(_ raw: RawResource, at node: JSONNode? = nil, kind: Diagnostic.Kind, _ message: String, severity: Diagnostic.Severity = .warning) {
        diagnostics.append(diagnostic(severity, kind, raw, at: node, message))
    }

    /// A diagnostic about `node` (the resource itself when nil) of `raw`: at the change file's
    /// line when a what-if change wrote the value, else at the input's.
    func diagnostic(_ severity: Diagnostic.Severity, _ kind: Diagnostic.Kind, _ raw: RawResource, at node: JSONNode?, _ message: String) -> Diagnostic {
        let target = node ?? raw.node
        if let edit = raw.edit, let origin = edit.origin(of: target.pointer) {
            return Diagnostic(severity: severity, kind: kind, file: edit.file, line: origin.line, pointer: origin.pointer, resource: raw.id, message: message)
        }
        // Scalars carry no offset: fall back to the enclosing resource's line.
        let lineNode = target.offset != nil ? target : raw.node
        return Diagnostic(
            severity: severity, kind: kind, file: raw.file, line: line(of: lineNode, file: raw.file),
            pointer: target.pointer, resource: raw.id, message: message)
    }

    // MARK: Reading

    mutating func read(_ document: SourceDocument) {
        fileLines[document.file] = document.lines
        if let expanded = document.expanded {
            for (file, lines) in expanded.lines { fileLines[file] = lines }
            var described: [RawResource] = [], found: [Diagnostic] = []
            for resource in expanded.resources {
                describe(
                    JSONNode(value: resource.value, pointer: resource.pointer), file: resource.file, parent: nil, impliedType: nil, into: &described,
                    diagnostics: &found)
            }
            for raw in described { record(raw) }
            diagnostics += expanded.diagnostics + found
            return
        }
        // Described while parsed (a root array): recorded in input order as they are.
        if case .array = document.root, let described = document.described?.take() {
            resources.reserveCapacity(resources.count + described.resources.count)
            order.reserveCapacity(order.count + described.resources.count)
            recorded.reserveCapacity(recorded.count + described.resources.count)
            for raw in described.resources { record(raw) }
            diagnostics += described.diagnostics
            return
        }
        let rootNode = JSONNode(value: document.root, pointer: "")
        let items = resourceItems(in: rootNode, file: document.file)
        // Describing a resource (its ID, type and nested children) is independent of the
        // others and most of the reading: done on every core, in contiguous shares of the
        // document's items; recording keeps input order.
        let shares = min(items.count, 16)
        let input = Shared((context: self, items: items))
        let described = Slots<(resources: [RawResource], diagnostics: [Diagnostic])>(count: shares)
        DispatchQueue.concurrentPerform(iterations: shares) { share in
            var resources: [RawResource] = [], diagnostics: [Diagnostic] = []
            let all = input.value.items
            for item in all[all.count * share / shares..<all.count * (share + 1) / shares] {
                input.value.context.describe(item, file: document.file, parent: nil, impliedType: nil, into: &resources, diagnostics: &diagnostics)
            }
            described.store((resources, diagnostics), at: share)
        }
        // Room for every resource up front: growing a dictionary of 300,000 resources by
        // doubling rehashed it twenty times.
        let count = (0..<shares).reduce(0) { $0 + (described.value(at: $1)?.resources.count ?? 0) }
        resources.reserveCapacity(resources.count + count)
        order.reserveCapacity(order.count + count)
        recorded.reserveCapacity(recorded.count + count)
        for share in 0..<shares {
            guard let part = described.value(at: share) else { continue }
            for raw in part.resources { record(raw) }
            diagnostics += part.diagnostics
        }
    }

    private static func describe(_ kind: SourceDocument.Kind) -> String {
        switch kind {
        case .template: "an ARM deployment template"
        case .parameters: "an ARM parameter file"
        case .terraform: "Terraform JSON output"
        case .resources: "a resource list"
        }
    }

    /// The resource objects of a document, whatever its envelope.
    mutating func resourceItems(in root: JSONNode, file: String) -> [JSONNode] {
        switch root.value {
        case .array:
            return root.items
        case .object:
            if let value = root.child("value"), case .array = value.value { return value.items }
            if let data = root.child("data"), case .array = data.value { return data.items }
            if SourceDocument.kind(of: root.value) != .resources {
                // Templates are expanded, and parameter files used with them, when files are
                // read; a document built in memory has not been.
                error(
                    file: file, node: root, pointer: "",
                    message:
                        "this is \(Self.describe(SourceDocument.kind(of: root.value))), which is evaluated only when read from a file (AzureImporter.load or parse)"
                )
                return []
            }
            if root.child(anyOf: ["id", "resourceId", "type", "resourceType"]) != nil { return [root] }
            var why = ""
            if root.child("resources") != nil, root.child(anyOf: ["contentVersion", "parameters", "variables"]) != nil {
                // A template is recognised by its schema, as Azure's own tools recognise it.
                why =
                    "; this looks like an ARM deployment template, but "
                    + (root.child("$schema")?.string.map { "its \"$schema\" (\($0)) does not name deploymentTemplate" } ?? "it has no \"$schema\"")
                    + ": add \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\""
            }
            error(
                file: file, node: root, pointer: "",
                message:
                    "no Azure resources found: expected a JSON array of resources, an object with \"value\" or \"data\" holding one, or a single resource with \"id\" and \"type\""
                    + why)
            return []
        default:
            error(file: file, pointer: "", message: "expected a JSON array or object of Azure resources, found \(root.value.kindName)")
            return []
        }
    }

    /// Records a resource and, recursively, the children nested inside it; `edit` says which
    /// of their values a what-if change wrote.
    mutating func register(_ node: JSONNode, file: String, parent: ResourceID?, impliedType: String?, edit: EditOrigins? = nil) {
        var resources: [RawResource] = [], found: [Diagnostic] = []
        describe(node, file: file, parent: parent, impliedType: impliedType, into: &resources, diagnostics: &found)
        for raw in resources {
            raw.edit = edit
            record(raw)
        }
        diagnostics += edit.map { edit in found.map(edit.placed) } ?? found
    }

    /// Keeps a described resource: numbered in input order, the fuller of two descriptions
    /// of the same resource (nested and as a separate child, or in two files).
    mutating func record(_ raw: RawResource) {
        sequence += 1
        raw.sequence = sequence
        // One hash lookup for the usual case, a first description: the table is updated and
        // put back in the rare one where the description already there is the fuller.
        if let existing = resources.updateValue(raw, forKey: raw.id) {
            // Two descriptions of one resource may differ only in what one of them leaves out
            // (a nested child and the same child listed on its own). Where both hold a member
            // with different values, which one is true cannot be told: copy-pasted rule IDs
            // made half of an NSG's rules vanish, and the answer depended on argument order.
            var keepNew = memberCount(raw.properties) > memberCount(existing.properties)
            if let member = existing.properties.value.firstConflict(with: raw.properties.value) {
                func here(_ r: RawResource) -> String {
                    "\(r.file)" + (line(of: r.node, file: r.file).map { ":\($0)" } ?? "") + " (\(r.node.pointer.isEmpty ? "/" : r.node.pointer))"
                }
                let at: RawResource, message: String
                if existing.copiedInto != nil || raw.copiedInto != nil {
                    // A copy nested in another resource yields to the resource's own
                    // description, and a later copy to an earlier one.
                    keepNew = raw.copiedInto == nil
                    let kept = keepNew ? raw : existing
                    at = keepNew ? existing : raw
                    message =
                        "resource \(raw.id.text) is described twice with different content (properties/\(member)): the copy nested in \(at.copiedInto?.text ?? "") at \(here(at)) is not analysed; the description at \(here(kept)) is"
                } else {
                    at = raw
                    message =
                        "resource \(raw.id.text) is described twice with different content, at \(here(existing)) and at \(here(raw)): they disagree on properties/\(member.isEmpty ? "" : member); give each resource its own ID, or one description"
                }
                let copy = at.copiedInto != nil
                diagnostics.append(
                    Diagnostic(
                        severity: copy ? .warning : .error, kind: copy ? .assumption : .invalidInput, file: at.file, line: line(of: at.node, file: at.file),
                        pointer: at.node.pointer, resource: raw.id, message: message))
            }
            if keepNew {
                raw.slot = existing.slot
                if raw.slot >= 0 { recorded[raw.slot] = raw }
            } else {
                resources[raw.id] = existing
            }
        } else {
            order.append(raw.id)
            raw.slot = recorded.count
            recorded.append(raw)
        }
    }

    /// A resource and the children nested inside it, in that order, as raw resources to
    /// record; what is wrong with them goes to `diagnostics`.
    ///
    /// - Parameters:
    ///   - impliedType: the lowercased type a nested child has when it names none or only its
    ///     last segment (`subnets`); `spelledType` is the same type as reports show it.
    ///   - impliedID: the ID of a nested child that has none, worked out from its container's.
    func describe(
        _ node: JSONNode, file: String, parent: ResourceID?, impliedType: String?, spelledType: String? = nil, impliedID: ResourceID? = nil,
        into described: inout [RawResource], diagnostics: inout [Diagnostic]
    ) {
        func error(file: String, node: JSONNode? = nil, pointer: String? = nil, resource: ResourceID? = nil, message: String) {
            diagnostics.append(
                Diagnostic(
                    severity: .error, kind: .invalidInput, file: file, line: line(of: node, file: file),
                    pointer: pointer ?? node?.pointer, resource: resource, message: message))
        }
        guard case .object(let object) = node.value else {
            error(file: file, node: node, pointer: node.pointer, message: "expected a resource object, found \(node.value.kindName)")
            return
        }
        // The pointer spelled once, here: each member read below would otherwise spell it
        // again (a string joined per read, for each of hundreds of thousands of resources).
        // Scalar members are read from the object in place, with no node built for them.
        let node = node.materialized
        let idText = Self.text(in: object, anyOf: Self.idKeys)
        let name = Self.text(in: object, anyOf: Self.nameKey)
        let typeMember = Self.text(in: object, anyOf: Self.typeKeys)
        let id: ResourceID
        if let idText, !idText.isEmpty {
            id = ResourceID(idText)
        } else if let impliedID {
            id = impliedID
        } else if let parent, let impliedType, let name {
            // Nested children may omit their ID; it follows from the parent's.
            let last = impliedType.utf8.lastIndex(of: 0x2F).map { impliedType.utf8[impliedType.utf8.index(after: $0)...] } ?? impliedType.utf8[...]
            var text = parent.text
            text.reserveCapacity(text.utf8.count + last.count + name.utf8.count + 2)
            text += "/"
            text += Substring(last)
            text += "/"
            text += name
            id = ResourceID(text)
        } else if typeMember == nil, let status = Self.deploymentStatusID(object) {
            id = status
        } else if let name, let type = typeMember, type.contains("/") {
            // Template-expanded resources (PSRule, what-if output) carry a type and a name
            // but no ID: synthesise one so the resource is analysed, and say so.
            let providerPath = type.split(separator: "/", maxSplits: 1)
            id = ResourceID(
                "/subscriptions/unknown/resourceGroups/unknown/providers/\(providerPath[0])/\(providerPath.count > 1 ? providerPath[1] : "")/\(name)")
            diagnostics.append(
                Diagnostic(
                    severity: .warning, kind: .assumption, file: file, line: line(of: node, file: file), pointer: node.pointer,
                    resource: id,
                    message: "resource '\(name)' of type \(type) has no \"id\"; analysed as \(id.text), so references to it by its real ID will not resolve"))
        } else {
            error(file: file, node: node, pointer: node.pointer, message: "resource has no \"id\"" + (name.map { " (name \"\($0)\")" } ?? ""))
            return
        }
        var typeText = typeMember ?? impliedType ?? id.impliedType ?? ""
        // Compared without lowercased copies: nested children (every rule) pass here.
        let likeImplied = impliedType.map { Self.sameIgnoringCase(typeText, $0) } ?? false
        if let impliedType, !likeImplied, !typeText.contains("/") {
            typeText = spelledType ?? impliedType
        }
        if typeText.isEmpty {
            error(
                file: file, node: node, pointer: node.pointer, resource: id,
                message: "cannot tell the resource type: no \"type\" and the id has no providers segment")
            return
        }
        // `properties` is absent from flattened `az` output (its members are hoisted); when
        // present it must be an object, or everything in it would be silently missing.
        let properties: JSONNode
        if let p = node.child("properties") {
            guard p.isObject else {
                error(file: file, node: node, pointer: p.pointer, resource: id, message: "\"properties\" must be an object, found \(p.value.kindName)")
                return
            }
            properties = p.materialized
        } else {
            properties = node
        }
        // Implied types are lowercase already (the nesting table's, an edit's).
        assert(impliedType == nil || impliedType == impliedType?.lowercased())
        let type = likeImplied ? impliedType! : typeText.lowercased()
        let raw = RawResource(id: id, type: type, typeText: typeText, node: node, properties: properties, file: file, sequence: 0)
        // Worked out here, on the worker, rather than when the children are indexed; a nested
        // child whose ID names its container shares the container's ID.
        if let parent, id.hasParent(parent) { raw.parent = parent } else { _ = raw.parent }
        described.append(raw)
        for (key, childType) in Self.nestedChildren[raw.type] ?? [] {
            guard let list = properties.child(key) else { continue }
            guard case .array = list.value else {
                error(
                    file: file, node: list.isObject ? list : node, pointer: list.pointer, resource: id,
                    message: "\"\(key)\" must be an array, found \(list.value.kindName)")
                continue
            }
            for item in list.items {
                guard item.isObject else {
                    error(
                        file: file, node: node, pointer: item.pointer, resource: id,
                        message: "an item of \"\(key)\" must be an object, found \(item.value.kindName)")
                    continue
                }
                if Self.isNestedResource(item.value) {
                    describe(item, file: file, parent: id, impliedType: childType, into: &described, diagnostics: &diagnostics)
                }
            }
        }
        if let list = node.child("resources") {
            describeNested(list, in: raw, into: &described, diagnostics: &diagnostics)
        }
    }

    /// An item of a nested collection that stands for a child resource: an object with a
    /// non-null `properties`, `name` or `addressPrefix` (read in place, with no pointers built).
    static func isNestedResource(_ value: JSONValue) -> Bool {
        guard case .object(let o) = value else { return false }
        for key in nestedResourceMarkers {
            if let i = o.index(of: key), !o.values[i].isNull { return true }
        }
        return false
    }

    /// The first of `keys` that `object` holds with a non-null value, as text (what
    /// ``JSONNode/string`` gives for the member's node).
    static func text(in object: JSONObject, anyOf keys: [String]) -> String? {
        for key in keys {
            guard let i = object.index(of: key) else { continue }
            let value = object.values[i]
            if case .null = value { continue }
            return JSONNode.text(of: value)
        }
        return nil
    }

    /// Whether two texts lowercase alike: ASCII compared byte by byte, anything else through
    /// `lowercased()`.
    static func sameIgnoringCase(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        let ascii: Bool? = a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else {
                    // Lowercasing can change the length of text beyond ASCII.
                    return x.contains(where: { $0 >= 0x80 }) || y.contains(where: { $0 >= 0x80 }) ? nil : false
                }
                for i in 0..<x.count {
                    let p = x[i], q = y[i]
                    if p >= 0x80 || q >= 0x80 { return nil }
                    if p == q { continue }
                    let folded = p | 0x20
                    if folded != q | 0x20 || folded < 0x61 || folded > 0x7A { return false }
                }
                return true
            }
        }
        return ascii ?? (a.lowercased() == b.lowercased())
    }

    static let nestedResourceMarkers = ["properties", "name", "addressPrefix"]
    static let nameKey = ["name"]
    static let idKeys = ["id", "resourceId"]
    static let typeKeys = ["type", "resourceType"]

    func memberCount(_ node: JSONNode) -> Int { node.value.objectValue?.keys.count ?? 0 }

    /// Child collections that REST JSON nests inside their parents.
    static let nestedChildren: [String: [(String, String)]] = [
        "microsoft.network/virtualnetworks": [
            ("subnets", "microsoft.network/virtualnetworks/subnets"),
            ("virtualNetworkPeerings", "microsoft.network/virtualnetworks/virtualnetworkpeerings"),
        ],
        "microsoft.network/networksecuritygroups": [
            ("securityRules", "microsoft.network/networksecuritygroups/securityrules"),
            ("defaultSecurityRules", "microsoft.network/networksecuritygroups/defaultsecurityrules"),
        ],
        "microsoft.network/routetables": [("routes", "microsoft.network/routetables/routes")],
        "microsoft.network/networkinterfaces": [("ipConfigurations", "microsoft.network/networkinterfaces/ipconfigurations")],
    ]

    // MARK: Finishing

    func children(of parent: ResourceID, type: String) -> [RawResource] {
        childIndex[ChildKey(parent: parent, type: type)] ?? []
    }

    struct ChildKey: Hashable {
        let parent: ResourceID
        let type: String
    }

    var childIndex: [ChildKey: [RawResource]] = [:]
    /// Every resource by lowercased type, in input order (set when conversion starts).
    var typeIndex: [String: [RawResource]] = [:]

    /// The resources of one type, in input order.
    func resources(ofType type: String) -> [RawResource] { typeIndex[type] ?? [] }

    mutating func finish(files: [String]) throws(ImportError) -> ImportResult {
        // Index children by parent and type, in input order.
        // Resources come in runs of one type and, for children, one parent (the rules of an
        // NSG): each run is gathered aside and hashed into the indices once.
        var index: [ChildKey: [RawResource]] = [:]
        var byType: [String: [RawResource]] = [:]
        var typeRun: [RawResource] = [], childRun: [RawResource] = []
        var runType = "", runKey: ChildKey? = nil
        let raws = edited ? order.compactMap { resources[$0] } : recorded
        for raw in raws {
            if raw.type != runType {
                if !typeRun.isEmpty { byType[runType, default: []] += typeRun }
                typeRun.removeAll(keepingCapacity: true)
                runType = raw.type
            }
            typeRun.append(raw)
            guard let parent = raw.parent else { continue }
            if runKey == nil || runKey!.type != raw.type || runKey!.parent != parent {
                if let key = runKey, !childRun.isEmpty { index[key, default: []] += childRun }
                childRun.removeAll(keepingCapacity: true)
                runKey = ChildKey(parent: parent, type: raw.type)
            }
            childRun.append(raw)
        }
        if !typeRun.isEmpty { byType[runType, default: []] += typeRun }
        if let key = runKey, !childRun.isEmpty { index[key, default: []] += childRun }
        childIndex = index
        typeIndex = byType
        let topology = convert()
        diagnostics += serviceTagWarnings(topology)
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw ImportError(diagnostics: errors.sorted()) }
        var ignoredTypes: [String: Int] = [:]
        for (type, count) in ignored { ignoredTypes[ignoredSpelling[type] ?? type] = count }
        return ImportResult(topology: topology, diagnostics: Array(Set(diagnostics)).sorted(), ignoredTypes: ignoredTypes, files: files)
    }
}

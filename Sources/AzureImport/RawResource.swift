import TopologyModel

/// One Azure resource as found in an input file, before conversion: its identity, its
/// lowercased type, the object holding its properties (nested `properties` or the
/// flattened CLI shape), and where it sits.
///
/// A class: conversion passes each resource through several lookups and collections, and
/// a copy of the value was a dozen reference-count operations.
final class RawResource {
    let id: ResourceID
    /// Lowercased full type, e.g. `microsoft.network/virtualnetworks/subnets`.
    let type: String
    /// The type as spelled in the input, for reports.
    let typeText: String
    let node: JSONNode
    let properties: JSONNode
    let file: String
    /// Position in input order, so conversions stay deterministic (set when recorded).
    var sequence: Int
    /// Where the import context keeps it in input order (-1: not recorded).
    var slot = -1
    /// The values a what-if change wrote into it, for diagnostics (nil: as exported).
    var edit: EditOrigins?
    /// Where another resource's `resources` array holds it though it is not that resource's
    /// child (a VM's NIC in a PSRule export): a copy, which yields to the resource's own
    /// description when the two disagree.
    var copiedInto: ResourceID?

    /// The parent's ID, worked out once (conversion asks twice per resource).
    lazy var parent: ResourceID? = id.parent

    /// The objects `property(_:)` reads and their pointers, taken apart once: conversion
    /// asks a dozen members of each of hundreds of thousands of rules.
    private let propertiesObject: JSONObject?
    private let nodeObject: JSONObject?
    private let propertiesPointer: String
    private let nodePointer: String

    init(id: ResourceID, type: String, typeText: String, node: JSONNode, properties: JSONNode, file: String, sequence: Int) {
        self.id = id
        self.type = type
        self.typeText = typeText
        self.node = node
        self.properties = properties
        self.file = file
        self.sequence = sequence
        propertiesObject = properties.value.objectValue
        nodeObject = node.value.objectValue
        propertiesPointer = properties.pointer
        nodePointer = node.pointer
    }

    var name: String { node.child("name")?.string ?? id.name }
    var location: String {
        let text = (node.child("location")?.string ?? "").lowercased()
        return text.utf8.contains(0x20) ? text.replacingOccurrences(of: " ", with: "") : text
    }

    var tags: [String: String] {
        guard case .object(let o)? = node.child("tags")?.value else { return [:] }
        var tags: [String: String] = [:]
        for (k, v) in zip(o.keys, o.values) { if let s = JSONNode(value: v, pointer: "").string { tags[k] = s } }
        return tags
    }

    /// A member of the properties (or, failing that, of the resource itself: `sku` sits on
    /// the resource in REST JSON but some exports move it).
    func property(_ key: String) -> JSONNode? {
        // As `properties.child(key) ?? node.child(key)`: a member that is null counts as missing.
        if let o = propertiesObject, let i = o.index(of: key), !o.values[i].isNull {
            return JSONNode(value: o.values[i], parent: propertiesPointer, token: o.keys[i])
        }
        if let o = nodeObject, let i = o.index(of: key), !o.values[i].isNull {
            return JSONNode(value: o.values[i], parent: nodePointer, token: o.keys[i])
        }
        return nil
    }
    func property(anyOf keys: [String]) -> JSONNode? {
        for k in keys { if let p = property(k) { return p } }
        return nil
    }

    var sourceLocation: SourceLocation { SourceLocation(file: file, pointer: node.pointer) }
}

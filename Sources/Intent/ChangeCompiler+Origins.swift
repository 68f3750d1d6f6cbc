import AzureImport

extension YAMLNode {
    /// Where each value of this node's JSON was written, keyed by its pointer under `prefix`
    /// in the JSON an edit carries (see ``ResourceEdit/origins``). With `merging` (a merge
    /// patch), objects outside arrays are not ``ResourceEdit/Origin/whole``: they merge with
    /// the estate's objects, so only their members come from the change file.
    func origins(at prefix: String, merging: Bool) -> [String: ResourceEdit.Origin] {
        var found: [String: ResourceEdit.Origin] = [:]
        record(at: prefix, merging: merging, into: &found)
        return found
    }

    private func record(at path: String, merging: Bool, into found: inout [String: ResourceEdit.Origin]) {
        switch value {
        case .mapping(let members):
            found[path] = ResourceEdit.Origin(line: line, pointer: pointer, whole: !merging)
            for (key, member) in members {
                member.record(at: path + "/" + Self.token(key), merging: merging, into: &found)
            }
        case .sequence(let items):
            // An array replaces the estate's whole: everything in it comes from here.
            found[path] = origin
            for (i, item) in items.enumerated() { item.record(at: path + "/\(i)", merging: false, into: &found) }
        default:
            found[path] = origin
        }
    }

    /// A member name as a JSON pointer token (RFC 6901).
    static func token(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// This value's place, as an edit records it.
    var origin: ResourceEdit.Origin { ResourceEdit.Origin(line: line, pointer: pointer) }
}

extension ChangeCompiler {
    /// Where the values of ``childBody(_:defaults:)``'s body were written: the name, and the
    /// properties nested or inline; defaults filled in count as the payload's.
    static func childBodyOrigins(_ payload: YAMLNode, at prefix: String = "") -> [String: ResourceEdit.Origin] {
        var found = [prefix: payload.origin]
        guard case .mapping(let members) = payload.value else { return found }
        let nested = members.contains { $0.key == "properties" }
        for (key, member) in members {
            let path = (key == "name" || nested ? prefix + "/" : prefix + "/properties/") + YAMLNode.token(key)
            found.merge(member.origins(at: path, merging: false)) { _, new in new }
        }
        return found
    }
}

import TopologyModel

/// Members that hold lists, read in one place: a list of the wrong kind, or an item of the
/// wrong kind in one, is an error at its JSON pointer, never skipped. A dropped address, port,
/// protocol or group changes what a rule matches, and the verdict with it.
extension ImportContext {
    /// What each item of a list must be.
    enum ListItem {
        /// A string; the text says what it stands for (`an address, CIDR or service tag`).
        case text(String)
        /// A port or a port range: a string, or a whole number.
        case port
        /// An object; the text says what it stands for (`a rule collection`).
        case object(String)
        /// A reference to a resource: an object with a non-empty `id`.
        case reference
        /// A resource ID: a string, or a reference object (firewall rules' IP Groups, which the
        /// REST API lists as strings).
        case resourceID
        /// A string or an object, as the text says (Application Gateway backend addresses).
        case textOrObject(String)

        /// What the item should have been, for messages.
        var expected: String {
            switch self {
            case .text(let what): return "\(what) as a string"
            case .port: return "a port or port range"
            case .object(let what): return "\(what) (an object)"
            case .reference: return #"a reference ({"id": "/subscriptions/..."})"#
            case .resourceID: return "a resource ID"
            case .textOrObject(let what): return what
            }
        }

        func accepts(_ value: JSONValue) -> Bool {
            switch (self, value) {
            case (.text, .string), (.port, .string), (.object, .object), (.resourceID, .string), (.textOrObject, .string), (.textOrObject, .object): return true
            case (.port, .number(let n)): return n == n.rounded()
            case (.reference, .object(let o)), (.resourceID, .object(let o)):
                guard let i = o.index(of: "id"), case .string(let id) = o.values[i] else { return false }
                return !id.isEmpty
            default: return false
            }
        }
    }

    /// The items of the list member `node`, or nil after an error at each item that is not
    /// what `kind` asks and at a member that is not a list. With `single`, a lone item stands
    /// for a list of one, as Azure accepts for prefixes and ports. An absent member is an
    /// empty list. `owner` (`outbound rule 'o'`) starts the messages when the pointer alone
    /// would not say whose list it is.
    ///
    /// - Complexity: O(items); a list whose items are all right costs one pass.
    mutating func listItems(_ raw: RawResource, _ node: JSONNode?, _ kind: ListItem, single: Bool = false, owner: String? = nil) -> [JSONNode]? {
        guard let node else { return [] }
        let whose = owner.map { "\($0): " } ?? ""
        let items: [JSONNode]
        switch node.value {
        case .array(let values):
            guard values.contains(where: { !kind.accepts($0) }) else { return node.items }
            items = node.items
        default:
            guard single else {
                error(raw, at: node, "\(whose)\"\(Self.memberName(node))\" must be an array, found \(node.value.kindName)")
                return nil
            }
            items = [node]
        }
        var ok = true
        for item in items where !kind.accepts(item.value) {
            ok = false
            if case .object = item.value, case .reference = kind {
                error(raw, at: item, "\(whose)a \(Self.memberName(node)) entry has no \"id\"")
            } else {
                error(raw, at: item, "\(whose)an item of \"\(Self.memberName(node))\" must be \(kind.expected), found \(Self.describe(item.value))")
            }
        }
        return ok ? items : nil
    }

    /// The strings of a list of text, or nil after errors (see ``listItems(_:_:_:single:owner:)``).
    mutating func texts(_ raw: RawResource, _ node: JSONNode?, _ what: String, single: Bool = false) -> [String]? {
        listItems(raw, node, .text(what), single: single)?.compactMap(\.string)
    }

    /// The IDs of a list of references, or nil after errors (see
    /// ``listItems(_:_:_:single:owner:)``).
    mutating func referenceList(_ raw: RawResource, _ node: JSONNode?, owner: String? = nil) -> [ResourceID]? {
        listItems(raw, node, .reference, owner: owner)?.compactMap(\.referenceID)
    }

    /// The member name a node was reached by (the last token of its pointer).
    static func memberName(_ node: JSONNode) -> String {
        let pointer = node.pointer
        let token = pointer.lastIndex(of: "/").map { pointer[pointer.index(after: $0)...] } ?? pointer[...]
        return token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }

    /// A value's kind, and a short scalar as written (`the string 'x'`, `the number 1`).
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let s) where s.count <= 40: return "the string '\(s)'"
        case .number, .bool: return "\(value.kindName) (\(JSONNode.text(of: value) ?? ""))"
        default: return value.kindName
        }
    }
}

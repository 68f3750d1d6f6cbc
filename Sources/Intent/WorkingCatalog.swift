import AzureImport
import TopologyModel

/// The catalog as the change file has changed it so far, so each operation sees the
/// effect of the ones before it (a rule added, then modified).
struct WorkingCatalog {
    struct Item {
        var type: String
        var name: String
        var body: JSONValue
    }

    private(set) var items: [ResourceID: Item] = [:]
    private var byTypeAndName: [String: [ResourceID]] = [:]

    init(_ catalog: ResourceCatalog) {
        for entry in catalog.entries { insert(entry.id, Item(type: entry.type, name: entry.name, body: entry.body)) }
    }

    private static func key(_ type: String, _ name: String) -> String { type + "|" + name.lowercased() }

    mutating func insert(_ id: ResourceID, _ item: Item) {
        if items[id] == nil { byTypeAndName[Self.key(item.type, item.name), default: []].append(id) }
        items[id] = item
    }

    mutating func remove(_ id: ResourceID) {
        let prefix = id.key + "/"
        let doomed = items.keys.filter { $0 == id || $0.key.hasPrefix(prefix) }
        for other in doomed {
            if let item = items.removeValue(forKey: other) {
                byTypeAndName[Self.key(item.type, item.name)]?.removeAll { $0 == other }
            }
        }
    }

    mutating func patch(_ id: ResourceID, _ patch: JSONValue) {
        guard var item = items[id] else { return }
        item.body = item.body.mergePatched(with: patch)
        items[id] = item
    }

    /// Resources of a type with a name (ignoring case), under `parent` when given; sorted.
    func find(type: String, name: String, parent: ResourceID?) -> [ResourceID] {
        let found = byTypeAndName[Self.key(type, name)] ?? []
        return found.filter { parent == nil || $0.parent == parent }.sorted()
    }
}

/// Firewall rule collections live inside their firewall's or rule collection group's
/// JSON, not as resources: these helpers find and rebuild them.
enum FirewallCollections {
    /// The members of a resource that hold collections.
    static func keys(forType type: String) -> [String] {
        type == "microsoft.network/azurefirewalls"
            ? ["networkRuleCollections", "applicationRuleCollections", "natRuleCollections"]
            : ["ruleCollections"]
    }

    /// The properties object of a REST body (or the body itself when flattened).
    static func properties(_ body: JSONValue) -> JSONValue {
        if let p = body["properties"], p.objectValue != nil { return p }
        return body
    }

    /// A merge patch that sets `key` in the body's properties.
    static func patch(setting key: String, to value: JSONValue, in body: JSONValue) -> JSONValue {
        let inner = JSONValue.object(JSONObject(keys: [key], values: [value]))
        if let p = body["properties"], p.objectValue != nil { return .object(JSONObject(keys: ["properties"], values: [inner])) }
        return inner
    }

    /// Where ``patch(setting:to:in:)`` puts `key`: under `properties`, or at the top.
    static func pointer(setting key: String, in body: JSONValue) -> String {
        (body["properties"]?.objectValue != nil ? "/properties/" : "/") + YAMLNode.token(key)
    }

    static func name(_ value: JSONValue) -> String? { value["name"]?.stringValue }

    /// A collection's rules and where they sit (`properties.rules` in classic collections,
    /// `rules` in policy ones).
    static func rules(of collection: JSONValue) -> [JSONValue] {
        (collection["rules"] ?? collection["properties"]?["rules"])?.arrayValue ?? []
    }

    /// Where ``setting(rules:in:)`` puts a collection's rules.
    static func rulesPointer(in collection: JSONValue) -> String {
        collection["rules"] == nil && collection["properties"]?.objectValue != nil ? "/properties/rules" : "/rules"
    }

    static func setting(rules: [JSONValue], in collection: JSONValue) -> JSONValue {
        let inner = JSONValue.object(JSONObject(keys: ["rules"], values: [.array(rules)]))
        if collection["rules"] == nil, collection["properties"]?.objectValue != nil {
            return collection.mergePatched(with: .object(JSONObject(keys: ["properties"], values: [inner])))
        }
        var object = collection.objectValue ?? JSONObject(keys: [], values: [])
        if let i = object.keys.firstIndex(where: { $0.lowercased() == "rules" }) {
            object.values[i] = .array(rules)
        } else {
            object.keys.append("rules")
            object.values.append(.array(rules))
        }
        return .object(object)
    }
}

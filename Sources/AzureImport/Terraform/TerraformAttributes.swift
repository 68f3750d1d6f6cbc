/// A block of a resource instance's planned values, read beside what Terraform says it
/// will know only after apply (`after_unknown`, same shape) and the configuration's
/// expressions for it (`references`), so that an attribute missing from the plan can be
/// told apart from one not yet known, and a reference can stand in for an unknown ID.
struct TerraformAttributes {
    let values: JSONValue
    let unknown: JSONValue
    let expressions: JSONValue
    /// The attribute path from the resource, for diagnostics (`ip_configuration.0.subnet_id`).
    let path: String

    init(values: JSONValue, unknown: JSONValue, expressions: JSONValue, path: String = "") {
        self.values = values
        self.unknown = unknown
        self.expressions = expressions
        self.path = path
    }

    func pathTo(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// Whether the attribute is known only after apply.
    func isUnknown(_ key: String) -> Bool {
        if case .bool(true)? = unknown[key] { return true }
        return false
    }

    /// A set value: `""`, `[]` and null mean not set (blocks write the first, standalone
    /// resources the last).
    func value(_ key: String) -> JSONValue? {
        switch values[key] {
        case nil, .null?: return nil
        case .string(let s)? where s.isEmpty: return nil
        case .array(let a)? where a.isEmpty: return nil
        case let v?: return v
        }
    }

    func string(_ key: String) -> String? {
        switch value(key) {
        case .string(let s)?: return s
        case .number(let n)?: return n == n.rounded() ? String(Int(n)) : String(n)
        case .bool(let b)?: return b ? "true" : "false"
        default: return nil
        }
    }

    func bool(_ key: String) -> Bool? {
        if case .bool(let b)? = values[key] { return b }
        return nil
    }

    func strings(_ key: String) -> [String] {
        (value(key)?.arrayValue ?? []).compactMap(\.stringValue).filter { !$0.isEmpty }
    }

    /// The nested blocks of `key`, each with its own unknowns and expressions.
    func blocks(_ key: String) -> [TerraformAttributes] {
        guard let items = values[key]?.arrayValue else { return [] }
        let unknowns = unknown[key]?.arrayValue ?? []
        let configured = expressions[key]?.arrayValue ?? []
        return items.enumerated().map { i, item in
            TerraformAttributes(
                values: item, unknown: i < unknowns.count ? unknowns[i] : .null,
                expressions: Self.configuration(of: item, at: i, among: configured, count: items.count),
                path: pathTo("\(key).\(i)"))
        }
    }

    /// The configuration block a planned block came from: the one of the same `name` (sets,
    /// such as security rules, come back sorted, not in configuration order), else the one at
    /// the same position when there are as many, else the only one.
    private static func configuration(of item: JSONValue, at i: Int, among configured: [JSONValue], count: Int) -> JSONValue {
        if let name = item["name"]?.stringValue,
            let named = configured.first(where: { $0["name"]?["constant_value"]?.stringValue == name })
        {
            return named
        }
        if configured.count == count { return configured[i] }
        return configured.count == 1 ? configured[0] : .null
    }

    /// The first block of `key`, if any.
    func block(_ key: String) -> TerraformAttributes? { blocks(key).first }

    /// The addresses the configuration's expression for `key` refers to, most specific first
    /// as Terraform lists them (`azurerm_subnet.a.id`, `azurerm_subnet.a`).
    func references(_ key: String) -> [String] {
        (expressions[key]?["references"]?.arrayValue ?? []).compactMap(\.stringValue)
    }
}

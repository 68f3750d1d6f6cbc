/// The IDs of resources (the `resourceId` family) and their runtime state (`reference()`,
/// `list*()`), which an offline review can only name.
extension Evaluator {
    mutating func resourceFunction(
        _ key: String, _ name: String, _ values: [JSONValue], _ arguments: [TemplateExpression]
    ) throws(TemplateError)
        -> JSONValue?
    {
        let context = scope.context
        switch key {
        case "resourceid":
            guard let t = values.firstIndex(where: { Self.isTypeName($0) }) else {
                throw TemplateError("resourceId(): no argument is a resource type such as 'Microsoft.Network/virtualNetworks'")
            }
            let (type, names) = try typeAndNames(values, from: t, name)
            var leading: [String] = []
            for i in 0..<t { leading.append(try string(values, i, name)) }
            switch leading.count {
            case 0:
                if context.level == .resourceGroup { return .string(Self.resourceID(scope: context.scopeID, type: type, names: names)) }
                if context.level == .subscription { return .string(Self.resourceID(scope: "/subscriptions/\(context.subscription)", type: type, names: names)) }
                return .string(Self.resourceID(scope: "", type: type, names: names))
            case 1:
                return .string(Self.resourceID(scope: "/subscriptions/\(context.subscription)/resourceGroups/\(leading[0])", type: type, names: names))
            case 2:
                return .string(Self.resourceID(scope: "/subscriptions/\(leading[0])/resourceGroups/\(leading[1])", type: type, names: names))
            default:
                throw TemplateError("resourceId(): at most a subscription and a resource group come before the type, given \(leading.count) arguments")
            }
        case "subscriptionresourceid":
            return try scopedID(values, name, leading: "subscriptionId") { "/subscriptions/\($0 ?? context.subscription)" }
        case "tenantresourceid":
            guard let t = values.firstIndex(where: { Self.isTypeName($0) }), t == 0 else { throw TemplateError("tenantResourceId(): expects type, names...") }
            let (type, names) = try typeAndNames(values, from: t, name)
            return .string(Self.resourceID(scope: "", type: type, names: names))
        case "managementgroupresourceid":
            return try scopedID(values, name, leading: "managementGroupId") {
                "/providers/Microsoft.Management/managementGroups/\($0 ?? context.managementGroup)"
            }
        case "extensionresourceid":
            try count(values.count, 3...Int.max, name)
            let base = try string(values, 0, name)
            let (type, names) = try typeAndNames(values, from: 1, name)
            return .string(Self.resourceID(scope: base.hasSuffix("/") ? String(base.dropLast()) : base, type: type, names: names))
        case "reference", "references":
            try count(values.count, 1...3, name)
            let text = TemplateExpression.call(name: name, arguments: arguments).text
            if key == "reference", case .string(let target) = values[0], let declared = scope.declaredResource?(target) {
                // Declared in this template: what the declaration says is what Azure will
                // hold; members Azure sets when deploying stay symbolic.
                let full = values.count == 3 && Self.text(values[2]).lowercased() == "full"
                assume("\(text) is read from the template's own declaration of \(target); values Azure sets at deployment stay symbolic", severity: .note)
                return SymbolicValue.partial(full ? declared : declared["properties"] ?? Self.object([]), text)
            }
            assume("\(text) reads the runtime state of a resource, known only at deploy time; the values read from it are kept symbolic")
            return SymbolicValue.make(text)
        case "pickzones":
            return .array([])
        default:
            if key.hasPrefix("list") {
                let text = TemplateExpression.call(name: name, arguments: arguments).text
                assume("\(text) is known only at deploy time; kept as a symbolic value", severity: .note)
                return SymbolicValue.make(text)
            }
            return nil
        }
    }

    /// An ID under a scope that one optional argument before the type names (a subscription,
    /// a management group), the deployment's own when it is left out.
    func scopedID(_ values: [JSONValue], _ name: String, leading: String, scope: (String?) -> String) throws(TemplateError) -> JSONValue {
        guard let t = values.firstIndex(where: { Self.isTypeName($0) }), t <= 1 else {
            throw TemplateError("\(name)(): expects [\(leading),] type, names...")
        }
        let (type, names) = try typeAndNames(values, from: t, name)
        return .string(Self.resourceID(scope: scope(t == 1 ? try string(values, 0, name) : nil), type: type, names: names))
    }

    /// Whether an argument is a resource type: `Namespace.Provider/type[/child...]`.
    static func isTypeName(_ value: JSONValue) -> Bool {
        guard case .string(let s) = value, let slash = s.firstIndex(of: "/") else { return false }
        return s[..<slash].contains(".") && !s.hasPrefix("/")
    }

    /// The type at `t` and the names after it, one per type segment after the namespace
    /// (a name holding `/` counts for as many segments).
    func typeAndNames(_ values: [JSONValue], from t: Int, _ name: String) throws(TemplateError) -> (String, [String]) {
        var type = try string(values, t, name)
        while type.hasSuffix("/") { type.removeLast() }
        var names: [String] = []
        for i in (t + 1)..<max(t + 1, values.count) {
            names += try string(values, i, name).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        }
        let segments = type.split(separator: "/").count - 1
        guard names.count == segments else {
            throw TemplateError("\(name)(): type \(type) needs \(segments) name\(segments == 1 ? "" : "s"), given \(names.count)")
        }
        return (type, names)
    }

    /// `{scope}/providers/{namespace}/{type1}/{name1}/{type2}/{name2}...`.
    static func resourceID(scope: String, type: String, names: [String]) -> String {
        let segments = type.split(separator: "/")
        var id = scope + "/providers/" + segments[0]
        for (segment, name) in zip(segments.dropFirst(), names) { id += "/\(segment)/\(name)" }
        return id
    }
}

/// Takes a `terraform show -json` document apart: the managed resource instances the plan
/// leaves (or the state holds), the data sources it read, and the configuration's
/// expressions for each resource block.
struct TerraformReader {
    private(set) var instances: [TerraformInstance] = []
    /// Data sources by address, their values (an ID a reference may resolve to).
    private(set) var dataSources: [String: JSONValue] = [:]
    /// Each resource block's `expressions`, by its address without instance keys.
    private(set) var expressions: [String: JSONValue] = [:]
    /// Whether the document is a plan (it has `resource_changes`), not a state.
    private(set) var isPlan = false
    /// The azurerm provider's `subscription_id`, when the configuration writes it out.
    private(set) var providerSubscription: String?

    init(root: JSONValue) {
        if let configuration = root["configuration"]?["root_module"] { index(configuration, prefix: "") }
        providerSubscription = root["configuration"]?["provider_config"]?["azurerm"]?["expressions"]?["subscription_id"]?["constant_value"]?.stringValue
        for state in [root["prior_state"]?["values"], root["values"]] {
            if let module = state?["root_module"] { readData(module) }
        }
        if let changes = root["resource_changes"]?.arrayValue {
            isPlan = true
            for change in changes { read(change: change) }
        } else if let module = (root["values"] ?? root["planned_values"])?["root_module"] {
            readValues(module)
        }
    }

    private mutating func index(_ module: JSONValue, prefix: String) {
        for resource in module["resources"]?.arrayValue ?? [] {
            guard let address = resource["address"]?.stringValue else { continue }
            expressions[prefix + address] = resource["expressions"] ?? .null
        }
        guard let calls = module["module_calls"]?.objectValue else { return }
        for (name, call) in zip(calls.keys, calls.values) {
            if let inner = call["module"] { index(inner, prefix: prefix + "module.\(name).") }
        }
    }

    private mutating func readData(_ module: JSONValue) {
        for resource in module["resources"]?.arrayValue ?? [] where resource["mode"]?.stringValue == "data" {
            if let address = resource["address"]?.stringValue { dataSources[address] = resource["values"] ?? .null }
        }
        for child in module["child_modules"]?.arrayValue ?? [] { readData(child) }
    }

    private mutating func read(change: JSONValue) {
        // A deposed object (left by an interrupted replace) is being cleaned up; the current
        // instance at the same address says what stays.
        guard change["deposed"] == nil, change["mode"]?.stringValue == "managed", let address = change["address"]?.stringValue,
            let type = change["type"]?.stringValue, let detail = change["change"]
        else { return }
        let actions = (detail["actions"]?.arrayValue ?? []).compactMap(\.stringValue)
        let deleting = actions == ["delete"]
        let values = deleting ? (detail["before"] ?? .null) : (detail["after"] ?? .null)
        let module = change["module_address"]?.stringValue.map { $0 + "." } ?? ""
        append(
            address: address, module: module, type: type, name: change["name"]?.stringValue ?? "", actions: actions, values: values,
            unknown: deleting ? .null : (detail["after_unknown"] ?? .null), before: detail["before"] ?? .null,
            offset: change.objectValue?.offset ?? -1)
    }

    private mutating func readValues(_ module: JSONValue) {
        for resource in module["resources"]?.arrayValue ?? [] where resource["mode"]?.stringValue == "managed" {
            guard let address = resource["address"]?.stringValue, let type = resource["type"]?.stringValue else { continue }
            let moduleAddress = module["address"]?.stringValue.map { $0 + "." } ?? ""
            append(
                address: address, module: moduleAddress, type: type, name: resource["name"]?.stringValue ?? "", actions: ["no-op"],
                values: resource["values"] ?? .null, unknown: .null, before: .null, offset: resource.objectValue?.offset ?? -1)
        }
        for child in module["child_modules"]?.arrayValue ?? [] { readValues(child) }
    }

    private mutating func append(
        address: String, module: String, type: String, name: String, actions: [String], values: JSONValue, unknown: JSONValue, before: JSONValue,
        offset: Int
    ) {
        let configured = expressions[TerraformInstance.strippingKeys(address)] ?? .null
        instances.append(
            TerraformInstance(
                address: address, modulePrefix: module, type: type, name: name, actions: actions,
                attributes: TerraformAttributes(values: values, unknown: unknown, expressions: configured), before: before, offset: offset))
    }
}

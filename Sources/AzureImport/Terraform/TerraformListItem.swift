import TopologyModel

/// A named item that a standalone resource puts in a list of another resource's properties
/// (a hub route in its table's `routes`), or takes out of it when the plan destroys it. An
/// item of the same name already there is the parent echoing the standalone resource
/// (azurerm computes such lists from Azure), so it gives way.
struct TerraformListItem {
    /// The resource Azure creates by itself that the item may go in when the plan does not
    /// declare it (a hub's `defaultRouteTable`), provided the plan declares its owner.
    struct BuiltIn {
        let owner: ResourceID
        let type: String
        let body: JSONValue
    }

    let target: String
    let key: String
    let name: String
    /// nil: the item is taken out.
    let item: JSONValue?
    let instance: TerraformInstance
    let builtIn: BuiltIn?

    /// The target's ARM body with the item in place, or gone.
    func applied(to body: JSONValue) -> JSONValue {
        let existing = body["properties"]?[key]?.arrayValue ?? []
        let others = existing.filter { $0["name"]?.stringValue?.lowercased() != name.lowercased() }
        var properties = ARMObject(offset: instance.offset)
        properties.set(key, .array(others + (item.map { [$0] } ?? [])))
        var patch = ARMObject(offset: instance.offset)
        patch.set("properties", properties.value)
        return body.mergePatched(with: patch.value)
    }
}

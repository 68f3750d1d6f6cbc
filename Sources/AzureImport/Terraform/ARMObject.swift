/// Builds the ARM-shaped objects a Terraform resource becomes, skipping members with no
/// value, every object placed at the resource's entry in the plan so diagnostics name its line.
struct ARMObject {
    private var keys: [String] = []
    private var values: [JSONValue] = []
    let offset: Int

    init(offset: Int) { self.offset = offset }

    mutating func set(_ key: String, _ value: JSONValue?) {
        guard let value else { return }
        keys.append(key)
        values.append(value)
    }

    mutating func set(_ key: String, _ text: String?) { set(key, text.map(JSONValue.string)) }

    mutating func set(_ key: String, _ flag: Bool?) { set(key, flag.map(JSONValue.bool)) }

    /// `{"id": id}`, as ARM refers to another resource.
    mutating func set(_ key: String, reference id: String?) {
        guard let id else { return }
        set(key, Self.reference(id, offset: offset))
    }

    static func reference(_ id: String, offset: Int) -> JSONValue {
        var object = ARMObject(offset: offset)
        object.set("id", id)
        return object.value
    }

    var isEmpty: Bool { keys.isEmpty }
    var value: JSONValue { .object(JSONObject(keys: keys, values: values, offset: offset)) }
}

/// Values known only once a template is deployed (`reference()`, `list*()`, `newGuid()`,
/// `utcNow()`, key vault parameter references) travel through evaluation as strings with a
/// mark no real value holds, so that names and addresses built from them stay visibly
/// symbolic in the model and in reports, and the importer can tell them apart.
enum SymbolicValue {
    static let opening = "⟨deploy-time: "
    static let closing = "⟩"

    static func make(_ description: String) -> JSONValue { .string(opening + description + closing) }

    /// The member that marks an object as partly known (the declared part of a resource that
    /// `reference()` reads): a member it lacks is symbolic, not an error.
    static let partialKey = opening + "partial" + closing

    /// `value` with every object in it marked as partly known, by the expression that read it.
    static func partial(_ value: JSONValue, _ expression: String) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(
                JSONObject(
                    keys: object.keys + [partialKey], values: object.values.map { partial($0, expression) } + [.string(expression)], offset: object.offset))
        case .array(let items): return .array(items.map { partial($0, expression) })
        default: return value
        }
    }

    /// Whether an object is partly known.
    static func isPartial(_ object: JSONObject) -> Bool { object.keys.last == partialKey }

    /// `value` with the marks of ``partial(_:_:)`` taken off, for the resources produced.
    static func removingMarks(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object) where isPartial(object):
            return .object(JSONObject(keys: Array(object.keys.dropLast()), values: object.values.dropLast().map(removingMarks), offset: object.offset))
        case .object(let object):
            return .object(JSONObject(keys: object.keys, values: object.values.map(removingMarks), offset: object.offset))
        case .array(let items): return .array(items.map(removingMarks))
        default: return value
        }
    }

    /// Whether a value is, or holds at its top, a symbolic value.
    static func isSymbolic(_ value: JSONValue) -> Bool {
        if case .string(let s) = value { return s.contains(opening) }
        return false
    }
}

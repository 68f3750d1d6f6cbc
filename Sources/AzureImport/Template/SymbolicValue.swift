/// Values known only once a template is deployed (`reference()`, `list*()`, `newGuid()`,
/// `utcNow()`, key vault parameter references) travel through evaluation as strings with a
/// mark no real value holds, so that names and addresses built from them stay visibly
/// symbolic in the model and in reports, and the importer can tell them apart.
enum SymbolicValue {
    static let opening = "⟨deploy-time: "
    static let closing = "⟩"

    static func make(_ description: String) -> JSONValue { .string(opening + description + closing) }

    /// Whether a value is, or holds at its top, a symbolic value.
    static func isSymbolic(_ value: JSONValue) -> Bool {
        if case .string(let s) = value { return s.contains(opening) }
        return false
    }
}

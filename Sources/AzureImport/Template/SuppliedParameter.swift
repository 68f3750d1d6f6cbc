/// A supplied parameter value: from a parameter file (a JSON value, taken literally) or
/// from the command line (text, read by the type the template declares).
enum SuppliedParameter {
    case value(JSONValue, source: String)
    case text(String)
}

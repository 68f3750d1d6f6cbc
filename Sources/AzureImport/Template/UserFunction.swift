/// A user-defined function: `namespace.name(...)` runs `output.value` with its own
/// parameters only.
struct UserFunction {
    let name: String
    let parameterNames: [String]
    let output: JSONValue
    let pointer: String
}

import TopologyModel

/// A template could not be evaluated: the message, and once known, where (file, line and
/// JSON pointer of the value whose expression failed).
struct TemplateError: Error {
    var message: String
    var diagnostic: Diagnostic?

    init(_ message: String) { self.message = message }

    init(placed: Diagnostic) {
        message = placed.message
        diagnostic = placed
    }
}

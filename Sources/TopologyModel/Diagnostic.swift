/// Something an importer or analysis wants the user to know, with where it comes from.
///
/// Kinds follow Batfish's split between "your input is broken" and "we don't model this":
/// an `error` stops the run (exit 2); a `warning` says what was assumed; a `note` is
/// pedantic detail.
public struct Diagnostic: Hashable, Sendable, Comparable, Error {
    public enum Severity: String, Hashable, Sendable, Comparable {
        case error, warning, note
        var rank: Int {
            switch self {
            case .error: 0;
            case .warning: 1;
            case .note: 2
            }
        }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public enum Kind: String, Hashable, Sendable {
        /// Malformed or invalid input.
        case invalidInput = "invalid-input"
        /// A reference to a resource that is not in the input.
        case danglingReference = "dangling-reference"
        /// Input the model does not cover yet.
        case unsupported
        /// A documented default or heuristic was applied.
        case assumption
    }

    public let severity: Severity
    public let kind: Kind
    public let file: String?
    public let line: Int?
    public let pointer: String?
    public let resource: ResourceID?
    public let message: String

    public init(
        severity: Severity, kind: Kind, file: String? = nil, line: Int? = nil, pointer: String? = nil,
        resource: ResourceID? = nil, message: String
    ) {
        self.severity = severity
        self.kind = kind
        self.file = file
        self.line = line
        self.pointer = pointer
        self.resource = resource
        self.message = message
    }

    /// `file:line: pointer: severity: message`, the one rendering for people.
    public var rendered: String {
        var place = ""
        if let file { place = file + (line.map { ":\($0)" } ?? "") }
        if let pointer, !pointer.isEmpty { place += (place.isEmpty ? "" : ": ") + "at \(pointer)" }
        let head = place.isEmpty ? "" : place + ": "
        return "\(head)\(severity.rawValue): \(message)"
    }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.severity, a.file ?? "", a.line ?? 0, a.pointer ?? "", a.message) < (b.severity, b.file ?? "", b.line ?? 0, b.pointer ?? "", b.message)
    }
}

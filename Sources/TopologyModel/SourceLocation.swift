/// Where a resource or value came from: the input file and a JSON pointer (RFC 6901) into
/// it. Carried by model values so reports can point back into the user's files.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let pointer: String

    public init(file: String, pointer: String) {
        self.file = file
        self.pointer = pointer
    }

    public var description: String { pointer.isEmpty ? file : "\(file)#\(pointer)" }
}

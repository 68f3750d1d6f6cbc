import TopologyModel

/// One change to the imported resources, in Azure's own JSON terms: what-if change files
/// compile to these, so every operation is applied the same way whether the input nested a
/// child resource inside its parent or listed it on its own.
public struct ResourceEdit: Sendable {
    public enum Action: Sendable {
        /// Delete the resource and every child resource under its ID.
        case remove
        /// Create the resource, or replace it and its children, with this body (REST shape:
        /// `name`, `properties`, ...; `id` and `type` are filled in when missing).
        case put(type: String, body: JSONValue)
        /// Create the resource, or replace it, as a deployment (an ARM template or a
        /// Terraform plan) does: children of the kinds the body lists (an NSG's
        /// `securityRules`) are replaced with it, children of other kinds stay, since a plan
        /// that manages subnets as resources of their own does not list them in the network.
        /// `pointer` is where the template or plan declares it (a JSON pointer, or a
        /// Terraform address), kept as the resource's source location.
        case deploy(type: String, body: JSONValue, pointer: String)
        /// Apply an RFC 7396 JSON merge patch to the resource as exported. Child collections
        /// the patch names (an NSG's `securityRules`, a VNet's `subnets`, ...) replace the
        /// existing children of that kind.
        case mergePatch(JSONValue)
    }

    /// A place in the change file: its line and its JSON pointer there.
    public struct Origin: Sendable, Equatable {
        public let line: Int
        public let pointer: String
        /// Whether everything under the value was written there; false for an object of a
        /// merge patch, whose members merge with the estate's (only what is said about the
        /// object itself, such as a member it lacks, belongs to the change file).
        public let whole: Bool

        public init(line: Int, pointer: String, whole: Bool = true) {
            self.line = line
            self.pointer = pointer
            self.whole = whole
        }
    }

    public let target: ResourceID
    public let action: Action
    /// Where the edit was asked for, for diagnostics: the change file and its line.
    public let originFile: String
    public let originLine: Int?
    /// Where the values the edit writes were written in the change file, by their JSON pointer
    /// in the body or patch (`/properties/priority`), so that a value the import refuses is
    /// reported there and not at the estate's line. A value found under none of these pointers
    /// (nor under a ``Origin/whole`` one) came from the estate; for a body, `""` stands for all
    /// of it.
    public let origins: [String: Origin]
    /// The lines of the file a deployed body comes from, so diagnostics about it name them.
    var lines: LineIndex?

    public init(target: ResourceID, action: Action, originFile: String, originLine: Int?, origins: [String: Origin] = [:]) {
        self.target = target
        self.action = action
        self.originFile = originFile
        self.originLine = originLine
        self.origins = origins
    }
}

extension JSONValue {
    /// RFC 7396: objects merge member by member (keys matched ignoring ASCII case, as the
    /// importer reads them), `null` deletes, anything else replaces.
    public func mergePatched(with patch: JSONValue) -> JSONValue {
        guard case .object(let p) = patch else { return patch }
        var target = objectValue ?? JSONObject(keys: [], values: [], offset: -1)
        for (key, value) in zip(p.keys, p.values) {
            if let i = target.index(of: key) {
                if value.isNull {
                    target.keys.remove(at: i)
                    target.values.remove(at: i)
                } else {
                    target.values[i] = target.values[i].mergePatched(with: value)
                }
            } else if !value.isNull {
                target.keys.append(key)
                target.values.append(JSONValue.null.mergePatched(with: value))
            }
        }
        return .object(target)
    }
}

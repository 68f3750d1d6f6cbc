import Reachability
import TopologyModel

/// A policy file: the rules an estate must obey, each with an ID, a severity and a
/// description. The format is documented in docs/policies.md and
/// docs/schemas/policy.schema.json.
public struct PolicyFile: Sendable {
    public let file: String
    public let policies: [Policy]

    /// - Throws: ``IntentError`` naming the line of a malformed document, an unknown policy
    ///   kind, a bad selector or service, or a duplicate ID.
    public static func load(file: String) throws(IntentError) -> PolicyFile {
        try PolicyFile(root: YAMLNode.load(file: file))
    }

    public static func parse(_ text: String, file: String = "<memory>") throws(IntentError) -> PolicyFile {
        try PolicyFile(root: YAMLNode.parse(text, file: file))
    }

    static let kinds = ["deny", "require", "max-exposure", "residency"]

    init(root: YAMLNode) throws(IntentError) {
        file = root.file
        var top = try root.mapping()
        let version = try top.required("version", context: "a policy file").integer()
        guard version == 1 else { throw root.fail("unsupported policy file version \(version); this Lateral reads version 1") }
        _ = top.optional("description")
        let list = try top.required("policies", context: "a policy file").list()
        try top.finish(context: "a policy file")
        var policies: [Policy] = []
        var ids = Set<String>()
        for item in list {
            let policy = try Self.policy(item)
            guard ids.insert(policy.id.lowercased()).inserted else { throw item.fail("the policy ID '\(policy.id)' is used twice") }
            policies.append(policy)
        }
        self.policies = policies
    }

    static func policy(_ node: YAMLNode) throws(IntentError) -> Policy {
        var fields = try node.mapping()
        let id = try fields.required("id", context: "a policy").string()
        let kindText = try fields.required("kind", context: "policy '\(id)'").string()
        guard kinds.contains(kindText) else {
            throw node.fail("unknown policy kind '\(kindText)' in policy '\(id)'; known kinds: \(kinds.joined(separator: ", "))")
        }
        let severityText = try fields.optional("severity")?.string() ?? "error"
        guard let severity = Policy.Severity(rawValue: severityText) else {
            throw node.fail("severity must be error, warning or note, not '\(severityText)'")
        }
        let description = try fields.required("description", context: "policy '\(id)'").string()
        let context = "policy '\(id)' (\(kindText))"
        let kind: Policy.Kind
        switch kindText {
        case "deny":
            let from = try selectors(fields.required("from", context: context))
            let to = try selectors(fields.required("to", context: context))
            let only = try fields.optional("services").map(services)
            let except = try fields.optional("except").map(services)
            if only != nil && except != nil { throw node.fail("\(context): give 'services' or 'except', not both") }
            kind = .deny(from: from, to: to, services: only ?? except.map { everything.subtracting($0) })
        case "require":
            kind = .require(
                from: try selectors(fields.required("from", context: context)), to: try selectors(fields.required("to", context: context)),
                services: try services(fields.required("services", context: context)))
        case "max-exposure":
            kind = .maxExposure(
                zone: try selectors(fields.required("zone", context: context)),
                allowed: try fields.optional("allow").map(services) ?? ServiceSet())
        default:
            let regions = try fields.required("regions", context: context).strings().map { $0.lowercased() }
            kind = .residency(resources: try selectors(fields.required("resources", context: context)), regions: regions)
        }
        try fields.finish(context: context)
        return Policy(id: id, kind: kind, severity: severity, description: description, file: node.file, line: node.line)
    }

    /// A non-empty list of selectors: an empty one selects nothing, and a policy over nothing
    /// holds whatever the estate is (a gate that cannot fail).
    static func selectors(_ node: YAMLNode) throws(IntentError) -> [Selector] {
        var result: [Selector] = []
        let texts = try node.strings()
        guard !texts.isEmpty else {
            throw node.fail("an empty list of selectors selects nothing, so the policy could never be violated; name at least one selector")
        }
        for text in texts {
            do { result.append(try Selector(parsing: text)) } catch { throw node.fail(error.message) }
        }
        return result
    }

    static var everything: ServiceSet { ServiceText.everything }

    /// `tcp/443`, `tcp/22,3389`, `tcp/8000-8100`, `udp/*`, `icmp`, `any` (see ``ServiceText``).
    static func services(_ node: YAMLNode) throws(IntentError) -> ServiceSet {
        var set = ServiceSet()
        for text in try node.strings() {
            do { set = set.union(try ServiceText.parse(text)) } catch { throw node.fail(error.message) }
        }
        return set
    }
}

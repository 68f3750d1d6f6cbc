import AzureImport
import Foundation
import TestSupport
import Testing

/// `JSONValue.mergePatched(with:)`: RFC 7396 merge patch, with keys matched ignoring case
/// as the importer reads them.
@Suite("JSON merge patch")
struct MergePatchTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let target: String
        let patch: String
        let result: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a new member is added", target: #"{"a":1}"#, patch: #"{"b":2}"#, result: #"{"a":1,"b":2}"#),
        Case(name: "a scalar is replaced", target: #"{"a":1,"b":2}"#, patch: #"{"a":"x"}"#, result: #"{"a":"x","b":2}"#),
        Case(name: "null deletes a member", target: #"{"a":1,"b":2}"#, patch: #"{"a":null}"#, result: #"{"b":2}"#),
        Case(name: "null for a missing member adds nothing", target: #"{"a":1}"#, patch: #"{"z":null}"#, result: #"{"a":1}"#),
        Case(
            name: "objects merge recursively", target: #"{"p":{"x":1,"y":{"k":true}}}"#, patch: #"{"p":{"y":{"k":false,"m":0}}}"#,
            result: #"{"p":{"x":1,"y":{"k":false,"m":0}}}"#),
        Case(name: "arrays are replaced whole", target: #"{"l":[1,2,3]}"#, patch: #"{"l":[4]}"#, result: #"{"l":[4]}"#),
        Case(name: "an object replaces a scalar", target: #"{"a":"s"}"#, patch: #"{"a":{"b":1}}"#, result: #"{"a":{"b":1}}"#),
        Case(name: "nulls inside a new object are dropped", target: #"{}"#, patch: #"{"n":{"keep":1,"drop":null}}"#, result: #"{"n":{"keep":1}}"#),
        Case(name: "a non-object patch replaces the target", target: #"{"a":1}"#, patch: #"["x"]"#, result: #"["x"]"#),
        Case(name: "an object patch on a scalar starts from an empty object", target: #"7"#, patch: #"{"a":1}"#, result: #"{"a":1}"#),
        Case(name: "an empty patch changes nothing", target: #"{"a":[1,{"b":null}]}"#, patch: #"{}"#, result: #"{"a":[1,{"b":null}]}"#),
        Case(
            name: "keys match ignoring case, keeping the target's spelling", target: #"{"Properties":{"Priority":100}}"#,
            patch: #"{"properties":{"priority":200}}"#, result: #"{"Properties":{"Priority":200}}"#),
        Case(name: "null deletes ignoring case", target: #"{"Tags":{"a":"b"},"x":1}"#, patch: #"{"tags":null}"#, result: #"{"x":1}"#),
    ]

    static func parse(_ text: String) throws -> JSONValue { try JSONSchemaValidator.parse(Data(text.utf8)) }

    /// Compact JSON with the members in their stored order.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n == n.rounded() ? String(Int(n)) : String(n)
        case .string(let s): return "\"\(s)\""
        case .array(let items): return "[" + items.map(render).joined(separator: ",") + "]"
        case .object(let o): return "{" + zip(o.keys, o.values).map { "\"\($0)\":" + render($1) }.joined(separator: ",") + "}"
        }
    }

    @Test("merge patch", arguments: cases)
    func merge(_ c: Case) throws {
        let merged = try Self.parse(c.target).mergePatched(with: Self.parse(c.patch))
        #expect(Self.render(merged) == c.result)
    }

    @Test("patching twice with the same patch is the same as once")
    func idempotent() throws {
        for c in Self.cases {
            let patch = try Self.parse(c.patch)
            let once = try Self.parse(c.target).mergePatched(with: patch)
            #expect(Self.render(once.mergePatched(with: patch)) == Self.render(once), "\(c.name)")
        }
    }
}

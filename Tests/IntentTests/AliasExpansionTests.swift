import Foundation
import Intent
import TestSupport
import Testing
import TopologyModel

/// YAML aliases repeat the value they name; a few hundred bytes of nested aliases expand to
/// billions of values. Documents past the limit are refused at a line; a few aliases still work.
@Suite("YAML alias expansion")
struct AliasExpansionTests {
    /// Nine levels of nine aliases under `key` (9^9 strings once expanded), indented by
    /// `indent`, as an extra key of an otherwise valid document, so only the expansion can
    /// refuse it.
    static func laughs(under key: String, indent: String = "") -> String {
        var lines = ["\(indent)\(key):", "\(indent)  l0: &l0 \"lol\""]
        for level in 1...9 {
            let items = Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ")
            lines.append("\(indent)  l\(level): &l\(level) [\(items)]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let changeText = "version: 1\nchanges: []\n" + laughs(under: "bomb")
    static let policyText = "version: 1\npolicies: []\n" + laughs(under: "bomb")
    static let patchText = """
        version: 1
        changes:
          - op: patch
            target: /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v
            patch:

        """ + laughs(under: "bomb", indent: "      ")

    func refusal(_ parse: () throws -> Void) throws -> Diagnostic {
        let error = try #require(throws: IntentError.self) { try parse() }
        #expect(error.diagnostics.count == 1)
        return try #require(error.diagnostics.first)
    }

    func checkRefusal(_ d: Diagnostic, file: String) {
        #expect(d.file == file)
        #expect(d.message.contains("more than 100000 values once its YAML aliases are expanded"), "\(d.rendered)")
        // Where the expansion crossed the limit: inside the nested aliases.
        #expect((4...14).contains(d.line ?? 0), "\(d.rendered)")
        #expect(d.pointer?.hasPrefix("/bomb/") == true || d.pointer?.hasPrefix("/changes/0/patch/bomb/") == true, "\(d.rendered)")
    }

    @Test("a change file: refused at a line, naming the file")
    func changeFile() throws {
        checkRefusal(try refusal { _ = try ChangeFile.parse(Self.changeText, file: "changes/laughs.yaml") }, file: "changes/laughs.yaml")
    }

    @Test("a policy file: refused at a line, naming the file")
    func policyFile() throws {
        checkRefusal(try refusal { _ = try PolicyFile.parse(Self.policyText, file: "policy/laughs.yaml") }, file: "policy/laughs.yaml")
    }

    @Test("a merge patch inside a change file: refused at a line")
    func patch() throws {
        checkRefusal(try refusal { _ = try ChangeFile.parse(Self.patchText, file: "changes/patch.yaml") }, file: "changes/patch.yaml")
    }

    @Test("the lateral command refuses a change file of nested aliases with exit 2, naming file and line")
    func command() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-laughs")
        defer { directory.remove() }
        let path = directory.appending("laughs.yaml").path
        try Data(Self.changeText.utf8).write(to: URL(fileURLWithPath: path))
        #expect(Self.changeText.utf8.count < 600)
        let result = try CLIRunner.run(["whatif", Fixtures.fixture("Intent/small-estate"), "--change", path])
        #expect(result.exitCode == 2)
        #expect(result.stderr.hasPrefix("\(path):"), "\(result.stderr)")
        #expect(result.stderr.contains("YAML aliases"))
    }

    @Test("a few aliases are still expanded: a policy reuses a selector list")
    func fewAliases() throws {
        let file = try PolicyFile.parse(
            """
            version: 1
            policies:
              - {id: a, kind: deny, description: d, from: &entries [internet], to: [vnet:v]}
              - {id: b, kind: deny, description: d, from: *entries, to: [vnet:w]}
            """)
        #expect(file.policies.count == 2)
        #expect(file.policies.map(\.id) == ["a", "b"])
    }
}

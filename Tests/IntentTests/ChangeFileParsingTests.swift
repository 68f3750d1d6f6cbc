import AzureImport
import Foundation
import TestSupport
import Testing
import TopologyModel

@testable import Intent

/// A malformed change file is refused before the estate is touched, naming the file, the
/// line and what is wrong.
@Suite("change files: malformed documents")
struct ChangeFileParsingTests {
    /// Every operation docs/whatif.md documents.
    static let documentedOperations = [
        "add-nsg-rule", "remove-nsg-rule", "modify-nsg-rule", "attach-nsg", "detach-nsg", "attach-route-table", "detach-route-table",
        "add-route", "remove-route", "modify-route", "add-peering", "remove-peering", "modify-peering", "add-firewall-rule",
        "remove-firewall-rule", "add-firewall-rule-collection", "remove-firewall-rule-collection", "set-private-endpoint-network-policies",
        "set-storage-public-access", "patch", "add-resource", "remove-resource",
    ]

    /// The single diagnostic of a document `ChangeFile.parse` refuses.
    func refusal(_ text: String) throws -> Diagnostic {
        do {
            _ = try ChangeFile.parse(text, file: "changes/bad.yaml")
        } catch {
            #expect(error.diagnostics.count == 1)
            return try #require(error.diagnostics.first)
        }
        Issue.record("accepted:\n\(text)")
        throw SmallEstate.ExpectedFailure(operations: text)
    }

    static let refused: [RefusedDocument] = [
        RefusedDocument(
            name: "missing field",
            text: """
                version: 1
                changes:
                  - op: attach-nsg
                    target: vnet:vnet-spare/subnet:snet-spare
                """, line: 3, fragment: "'attach-nsg' needs 'nsg'"),
        RefusedDocument(name: "wrong version", text: "version: 2\nchanges: []\n", line: 1, fragment: "unsupported change file version 2"),
        // The patch would have set `access` to whichever the importer met last.
        RefusedDocument(
            name: "keys that differ only in case",
            text: """
                version: 1
                changes:
                  - op: modify-nsg-rule
                    target: nsg:nsg-web/rule:allow-ssh-internet
                    set:
                      access: Deny
                      Access: Allow
                """, line: 7, fragment: "the keys 'access' (line 6) and 'Access' differ only in case, which Azure does not tell apart"),
        RefusedDocument(
            name: "unknown target kind",
            text: """
                version: 1
                changes:
                  - op: remove-nsg-rule
                    target: securitygroup:nsg-web/rule:deny-rdp
                """, line: 4, fragment: "unknown kind 'securitygroup' in the target 'securitygroup:nsg-web/rule:deny-rdp'; known kinds: app-gateway, asg,"),
        RefusedDocument(
            name: "target not KIND:NAME", text: "version: 1\nchanges:\n  - op: remove-nsg-rule\n    target: nsg-web/deny-rdp\n",
            line: 4, fragment: "cannot read the target 'nsg-web/deny-rdp'"),
        RefusedDocument(
            name: "classic collection kind",
            text: """
                version: 1
                changes:
                  - op: add-firewall-rule-collection
                    target: firewall:afw-classic
                    collection-kind: filter
                    collection: {name: x, priority: 300}
                """, line: 3, fragment: "collection-kind must be network, application or nat, not 'filter'"),
        RefusedDocument(
            name: "network-policies value",
            text: """
                version: 1
                changes:
                  - op: set-private-endpoint-network-policies
                    target: private-endpoint:pe-stdata
                    value: On
                """, line: 3, fragment: "value must be one of Enabled, Disabled, NetworkSecurityGroupEnabled, RouteTableEnabled"),
        RefusedDocument(
            name: "payload not a mapping", text: "version: 1\nchanges:\n  - op: add-route\n    target: route-table:rt-spare\n    route: to-fw\n",
            line: 5, fragment: "expected a mapping, found a string"),
        RefusedDocument(name: "changes not a list", text: "version: 1\nchanges: {op: patch}\n", line: 2, fragment: "expected a list, found a mapping"),
    ]

    @Test("refused with the file, the line and what is wrong", arguments: refused)
    func refusedDocument(_ c: RefusedDocument) throws {
        let d = try refusal(c.text)
        c.check(d, file: "changes/bad.yaml")
    }

    @Test("a key written twice is refused, at the second one's line")
    func duplicateKey() throws {
        let d = try refusal("version: 1\nchanges:\n  - op: detach-nsg\n    target: vnet:a/subnet:b\n    target: vnet:a/subnet:c\n")
        #expect(d.file == "changes/bad.yaml")
        #expect(d.message.contains("'target'"))
        #expect(d.line == 5, "\(d.rendered)")
    }

    @Test("a well-formed file parses, with one summary per operation")
    func wellFormed() throws {
        let change = try ChangeFile.parse(
            """
            version: 1
            description: Tidy up
            changes:
              - op: remove-nsg-rule
                target: nsg:nsg-web/rule:deny-rdp
                comment: nobody uses RDP
              - op: detach-route-table
                target: vnet:vnet-back/subnet:snet-data
            """, file: "tidy.yaml")
        #expect(change.file == "tidy.yaml")
        #expect(change.description == "Tidy up")
        #expect(change.summaries == ["remove-nsg-rule nsg:nsg-web/rule:deny-rdp", "detach-route-table vnet:vnet-back/subnet:snet-data"])
    }

    @Test("an unknown operation is named, with its line and every known operation")
    func unknownOperation() throws {
        let d = try refusal(
            """
            version: 1
            changes:
              - op: remove-nsg-rule
                target: nsg:nsg-web/rule:deny-rdp
              - op: delete-nsg-rule
                target: nsg:nsg-web/rule:deny-rdp
            """)
        #expect(d.file == "changes/bad.yaml")
        #expect(d.line == 5)
        #expect(d.pointer == "/changes/1")
        #expect(d.message.contains("unknown operation 'delete-nsg-rule'"))
        for op in Self.documentedOperations {
            #expect(d.message.contains(op), "known operations should list \(op): \(d.message)")
        }
    }

    @Test("an unknown key is refused at its own line, listing the expected keys")
    func unknownKey() throws {
        let d = try refusal(
            """
            version: 1
            changes:
              - op: remove-peering
                target: vnet:vnet-front/peering:peer-front-to-back
                mirorr: peer-back-to-front
            """)
        #expect(d.file == "changes/bad.yaml")
        #expect(d.line == 5)
        #expect(d.pointer == "/changes/0/mirorr")
        #expect(d.message.contains("unknown key 'mirorr'"))
        #expect(d.message.contains("'target'"))
    }

    @Test("an unknown top-level key is refused too")
    func unknownTopLevelKey() throws {
        let d = try refusal("version: 1\nchanges: []\nrollback: true\n")
        #expect(d.line == 3)
        #expect(d.message.contains("unknown key 'rollback' in a change file"))
    }

    @Test("malformed YAML gives the line of the syntax error")
    func malformedYAML() throws {
        let d = try refusal(
            """
            version: 1
            changes:
              - op: remove-nsg-rule
                target: [nsg:nsg-web/rule:deny-rdp
              - op: detach-nsg
            """)
        #expect(d.file == "changes/bad.yaml")
        #expect(d.message.contains("malformed YAML"))
        let line = try #require(d.line)
        #expect((4...5).contains(line), "the unclosed [ opens on line 4: \(d.rendered)")
    }

    // Found by FuzzPolicy: libyaml ends the text with a line feed of its own, and an error at
    // the end named the line after the last.
    @Test("an error at the end of a file without a last line feed names its last line")
    func errorAtEndWithoutLineFeed() throws {
        let d = try refusal("version: 1\nchanges: [")
        #expect(d.line == 2, "\(d.rendered)")
        #expect(d.message.hasPrefix("malformed YAML at the end of the file (line 2): "), "\(d.rendered)")
        #expect(try refusal("version: 1\nchanges: [\n").line == 3, "with the line feed, the empty line after it is a line")
        // YAML also ends lines at a carriage return alone (classic Mac files).
        #expect(try refusal("version: 1\rchanges: [").line == 2)
        #expect(try refusal("version: 1\r\nchanges:\r  - op: [").line == 3)
    }

    @Test("a value at the very end of a file without a last line feed is placed on the last line, not after it")
    func valueAtEndWithoutLineFeed() throws {
        // From FuzzChange: a complex key with no value ends the text; libyaml marks its null on line 5.
        let d = try refusal("version: 1\nchanges:\n  - op: remove-nsg-rule\n?   stray")
        #expect(d.line == 4, "\(d.rendered)")
        #expect(d.message.contains("unknown key 'stray'"), "\(d.rendered)")
        // From FuzzPolicy: a document start with nothing after it.
        do {
            _ = try PolicyFile.parse("---", file: "policy.yaml")
            Issue.record("an empty policy document was accepted")
        } catch {
            #expect(error.diagnostics.first?.line == 1, "\(error.diagnostics.map(\.rendered))")
        }
    }

    @Test("an integer too large for a number (base 60, FuzzPolicy) is text, never a trap; integers in every YAML 1.1 form are read")
    func integerForms() throws {
        // From FuzzPolicy: Yams's own base-60 conversion overflowed and trapped.
        do {
            _ = try PolicyFile.parse("666666600065664042:45 ", file: "policy.yaml")
            Issue.record("a scalar document was accepted as a policy")
        } catch {
            #expect(error.diagnostics.first?.line == 1, "\(error.diagnostics.map(\.rendered))")
        }
        #expect(YAMLNode.integer("666666600065664042:45") == nil)
        #expect(YAMLNode.integer("99999999999999999999") == nil)
        let forms: [(String, Int)] = [
            ("42", 42), ("-42", -42), ("+7", 7), ("0x1F", 31), ("0o17", 15), ("017", 15), ("0b101", 5), ("1_000", 1000), ("1:30", 90), ("-1:0:0", -3600),
            ("0", 0),
        ]
        for (text, value) in forms { #expect(YAMLNode.integer(text) == value, "\(text)") }
    }

    @Test("a tab-indented document is malformed YAML at the tab's line")
    func tabIndentation() throws {
        let d = try refusal("version: 1\nchanges:\n  - op: remove-nsg-rule\n\ttarget: nsg:nsg-web/rule:deny-rdp\n")
        #expect(d.message.contains("malformed YAML"))
        #expect(d.line == 4)
    }

    @Test("load names the file it reads")
    func loadMissingFile() throws {
        let path = "/nonexistent/lateral-change.yaml"
        #expect {
            try ChangeFile.load(file: path)
        } throws: { error in
            (error as? IntentError)?.diagnostics.first?.file == path
        }
    }

    @Test("a change or policy file that is a symbolic link loop is called one, not missing")
    func loadLinkLoop() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-change-loop")
        defer { directory.remove() }
        let a = directory.appending("a.yaml").path, b = directory.appending("b.yaml").path
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        for load in [{ _ = try ChangeFile.load(file: a) }, { _ = try PolicyFile.load(file: a) }] as [() throws -> Void] {
            #expect {
                try load()
            } throws: { error in
                let d = (error as? IntentError)?.diagnostics.first
                return d?.file == a && d?.message.hasPrefix("cannot read the file: symbolic link loop") == true
            }
        }
    }
}

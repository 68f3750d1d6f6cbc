import Foundation
import TestSupport
import Testing

/// `lateral check`, `lateral whatif` and `lateral diff` end to end: exit codes, stderr for
/// bad input, JSON shape and the diff diagram.
@Suite("check, whatif and diff commands")
struct WhatifCheckCommandTests {
    static let small = WhatifEstates.small

    /// Writes `text` to `name` in a fresh temporary directory.
    static func file(_ name: String, _ text: String) throws -> (directory: TemporaryDirectory, path: String) {
        let directory = try TemporaryDirectory(prefix: "lateral-intent")
        let path = directory.appending(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (directory, path)
    }

    @Test("whatif reports a value its change file breaks at the change file's line, not the estate's")
    func whatifErrorAtChangeLine() throws {
        let (directory, change) = try Self.file(
            "break-port.yaml",
            """
            version: 1
            changes:
              - op: modify-nsg-rule
                target: nsg:nsg-web/rule:allow-ssh-internet
                set:
                  destinationPortRange: abc
            """)
        defer { directory.remove() }
        let result = try CLIRunner.run(["whatif", Self.small, "--change", change])
        #expect(result.exitCode == 2)
        #expect(result.stderr.hasPrefix("\(change):6: at /changes/0/set/destinationPortRange: error: invalid port 'abc'"), "\(result.stderr)")
        #expect(!result.stderr.contains("topology.json"))
    }

    // MARK: check

    @Test("check exits 0 when every policy holds")
    func checkHolds() throws {
        let (directory, policy) = try Self.file(
            "policy.yaml",
            """
            version: 1
            policies:
              - {id: spare-closed, kind: deny, description: Nothing reaches the spare VNet from the Internet., from: [internet], to: [vnet:vnet-spare]}
              - {id: front-exposes-ssh-only, kind: max-exposure, description: SSH at most., zone: [vnet:vnet-front], allow: [tcp/22]}
            """)
        defer { directory.remove() }
        let result = try CLIRunner.run(["check", Self.small, "--policy", policy])
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("2 of 2 hold"))
        #expect(result.stdout.contains("[HOLDS] spare-closed"))
    }

    @Test("check exits 1 on the retail-llm policy, listing the verdicts")
    func checkViolated() throws {
        let result = try CLIRunner.run(["check", WhatifEstates.retail, "--policy", WhatifEstates.retailPolicy])
        #expect(result.exitCode == 1)
        #expect(result.stdout.contains("2 of 6 hold, 4 violated"))
        for id in ["no-internet-to-training", "no-frontend-to-training", "frontend-internet-exposure", "training-data-residency"] {
            #expect(result.stdout.contains("[VIOLATED] \(id)"), "\(id)")
        }
        for id in ["frontends-to-inference-https-only", "checkout-reaches-inference"] {
            #expect(result.stdout.contains("[HOLDS] \(id)"), "\(id)")
        }
    }

    @Test("check --format json reports holds and the summary; exit 1")
    func checkJSON() throws {
        let result = try CLIRunner.run(["check", WhatifEstates.retail, "--policy", WhatifEstates.retailPolicy, "--format", "json"])
        #expect(result.exitCode == 1)
        let report = try JSONSchemaValidator.parse(result.stdoutData)
        #expect(report["holds"].map { if case .bool(false) = $0 { true } else { false } } == true)
        #expect(report["verdicts"]?.arrayValue?.count == 6)
        guard case .number(let violations)? = report["summary"]?["violations"] else { Issue.record("no summary.violations"); return }
        #expect(violations == 27)
    }

    @Test("check --whatif judges the estate as the change leaves it")
    func checkWhatif() throws {
        let (directory, policy) = try Self.file(
            "policy.yaml",
            """
            version: 1
            policies:
              - {id: front-closed, kind: deny, description: d, from: [internet], to: [vnet:vnet-front]}
            """)
        defer { directory.remove() }
        let change = directory.appending("close-ssh.yaml").path
        try "version: 1\nchanges:\n  - op: remove-nsg-rule\n    target: nsg:nsg-web/rule:allow-ssh-internet\n"
            .write(toFile: change, atomically: true, encoding: .utf8)
        let before = try CLIRunner.run(["check", Self.small, "--policy", policy])
        let after = try CLIRunner.run(["check", Self.small, "--policy", policy, "--whatif", change])
        #expect(before.exitCode == 1)
        #expect(after.exitCode == 0, "\(after.stdout)\(after.stderr)")
        #expect(after.stdout.contains("Checked after the change in \(change)"))
        #expect(after.stdout.contains("remove-nsg-rule nsg:nsg-web/rule:allow-ssh-internet"))
    }

    @Test("check -o writes the SARIF to a file and still exits 1")
    func checkOutputFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.appending("lateral.sarif").path
        let result = try CLIRunner.run(["check", WhatifEstates.retail, "--policy", WhatifEstates.retailPolicy, "--format", "sarif", "-o", output])
        #expect(result.exitCode == 1)
        #expect(result.stdout.isEmpty)
        let log = try JSONSchemaValidator.parse(Fixtures.read(output))
        #expect(try JSONSchemaValidator.sarif().validate(log).isEmpty)
    }

    @Test("check exits 2 when the policy file does not exist")
    func checkMissingPolicy() throws {
        let result = try CLIRunner.run(["check", Self.small, "--policy", "/nonexistent/lateral-policy.yaml"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("/nonexistent/lateral-policy.yaml"))
    }

    // MARK: whatif

    @Test("whatif exits 0 and reports the telemetry rule's 12 opened paths")
    func whatifText() throws {
        let result = try CLIRunner.run(["whatif", WhatifEstates.retail, "--change", WhatifEstates.telemetry])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("12 paths opened, 0 closed"))
        #expect(
            result.stdout.contains(
                "add-firewall-rule firewall-policy:afwp-hub-gwc/group:rcg-retail-inference/collection:allow-frontend-app-to-inference [fe-weu-app-telemetry-https]"
            ))
    }

    @Test("whatif --fail-on-open exits 1 when a path opens, 0 when none does")
    func whatifFailOnOpen() throws {
        let opening = try CLIRunner.run(["whatif", WhatifEstates.retail, "--change", WhatifEstates.telemetry, "--fail-on-open"])
        #expect(opening.exitCode == 1)
        #expect(opening.stdout.contains("12 paths opened"), "the report is still written")
        let closing = try CLIRunner.run(["whatif", WhatifEstates.retail, "--change", WhatifEstates.closeHoles, "--fail-on-open"])
        #expect(closing.exitCode == 0)
        #expect(closing.stdout.contains("0 paths opened, 19 closed"))
    }

    @Test("whatif --format json has top-level opened, closed and changed arrays")
    func whatifJSON() throws {
        let result = try CLIRunner.run(["whatif", WhatifEstates.retail, "--change", WhatifEstates.telemetry, "--format", "json"])
        #expect(result.exitCode == 0)
        let report = try JSONSchemaValidator.parse(result.stdoutData)
        let opened = try #require(report["opened"]?.arrayValue)
        #expect(opened.count == 12)
        #expect(report["closed"]?.arrayValue?.isEmpty == true)
        #expect(report["changed"]?.arrayValue?.isEmpty == false)
        for path in opened {
            let nodes = path["nodes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(nodes.last?.hasPrefix("vnet-llm-train-chn/") == true, "\(nodes)")
            #expect(path["hops"]?.arrayValue?.count == nodes.count - 1)
        }
        #expect(result.stderr.isEmpty, "JSON output keeps stderr quiet: \(result.stderr)")
    }

    @Test("whatif --output diff.svg writes an SVG")
    func whatifDiagram() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.appending("diff.svg").path
        let result = try CLIRunner.run(["whatif", WhatifEstates.retail, "--change", WhatifEstates.telemetry, "--output", output])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let bytes = [UInt8](Fixtures.read(output))
        #expect(RenderedOutput.hasSignature(bytes, format: "svg"))
        let svg = try SVGDocument(data: Data(bytes))
        #expect(svg.allText.contains("vnet-llm-train-chn"))
    }

    // MARK: bad YAML input

    /// A policy (`check`) or change (`whatif`) file refused with exit 2 and `FILE:LINE:` on
    /// standard error.
    struct BadFile: Sendable, CustomTestStringConvertible {
        let name: String
        let command: String
        let text: String
        let line: Int
        let fragment: String
        var testDescription: String { name }
    }

    static let badFiles: [BadFile] = [
        BadFile(
            name: "check: malformed YAML", command: "check", text: "version: 1\npolicies:\n  - id: p\n    kind: deny\n   description: d\n",
            line: 5, fragment: "malformed YAML at line 5"),
        BadFile(
            name: "check: unknown policy kind", command: "check", text: "version: 1\npolicies:\n  - id: no-ssh\n    kind: forbid-ssh\n    description: d\n",
            line: 3, fragment: "unknown policy kind 'forbid-ssh'"),
        BadFile(
            name: "whatif: target that does not exist", command: "whatif",
            text: """
                version: 1
                description: A stale change
                changes:
                  - op: remove-nsg-rule
                    target: nsg:nsg-web/rule:deny-rdp
                  - op: remove-nsg-rule
                    target: nsg:nsg-web/rule:allow-telnet
                """, line: 6, fragment: "no rule named 'allow-telnet' in nsg-web"),
        BadFile(
            name: "whatif: unknown operation", command: "whatif", text: "version: 1\nchanges:\n  - op: delete-everything\n    target: vnet:vnet-front\n",
            line: 3, fragment: "unknown operation 'delete-everything'"),
        BadFile(
            name: "whatif: malformed YAML", command: "whatif", text: "version: 1\nchanges:\n  - op: detach-nsg\n    target: [vnet:vnet-front\n",
            line: 5, fragment: "malformed YAML"),
    ]

    @Test("bad YAML input exits 2 and names the file and line", arguments: badFiles)
    func badFile(_ c: BadFile) throws {
        let (directory, path) = try Self.file("input.yaml", c.text)
        defer { directory.remove() }
        let option = c.command == "check" ? "--policy" : "--change"
        let result = try CLIRunner.run([c.command, Self.small, option, path])
        #expect(result.exitCode == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(path):\(c.line):"), "\(result.stderr)")
        #expect(result.stderr.contains(c.fragment), "\(result.stderr)")
    }

    // MARK: diff

    @Test("diff compares two snapshots: the later one closes the SSH paths")
    func diffSnapshots() throws {
        let result = try CLIRunner.run(["diff", Self.small, "--after", WhatifEstates.smallSSHClosed, "--from", "internet", "--to", "vnet:vnet-front"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Snapshot difference:"))
        #expect(result.stdout.contains("0 paths opened, 2 closed"))
        #expect(result.stdout.contains("NOW UNREACHABLE internet -> vnet-front/snet-web"))
    }

    @Test("diff the other way round opens them; --fail-on-open exits 1; JSON says kind diff")
    func diffReversed() throws {
        let arguments = ["diff", WhatifEstates.smallSSHClosed, "--after", Self.small, "--from", "internet", "--to", "vnet:vnet-front", "--format", "json"]
        let result = try CLIRunner.run(arguments)
        #expect(result.exitCode == 0)
        let report = try JSONSchemaValidator.parse(result.stdoutData)
        #expect(report["kind"]?.stringValue == "diff")
        #expect(report["opened"]?.arrayValue?.count == 2)
        #expect(report["closed"]?.arrayValue?.isEmpty == true)
        #expect(try CLIRunner.run(arguments + ["--fail-on-open"]).exitCode == 1)
    }

    @Test("diff without --after exits 2")
    func diffWithoutAfter() throws {
        let result = try CLIRunner.run(["diff", Self.small])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("--after"))
    }
}

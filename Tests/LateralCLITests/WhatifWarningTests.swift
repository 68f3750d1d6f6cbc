import Foundation
import TestSupport
import Testing

/// In text mode, `whatif` says on standard error what its JSON report lists as warnings.
@Suite("whatif warnings in text mode")
struct WhatifWarningTests {
    @Test("a selector that selects nothing is reported on standard error, as in the JSON report")
    func emptySelector() throws {
        let arguments = ["whatif", "Topologies/retail-llm", "--change", "Topologies/retail-llm/changes/telemetry-rule.yaml", "--to", "vnet:no-such-vnet"]
        let text = try CLIRunner.run(arguments, cwd: Fixtures.packageRoot)
        #expect(text.exitCode == 0, "\(text.stderr)")
        #expect(text.stderr.contains("selector vnet:no-such-vnet selects nothing before the change"), "\(text.stderr)")
        let json = try CLIRunner.run(arguments + ["--format", "json"], cwd: Fixtures.packageRoot)
        #expect(json.stdout.contains("selector vnet:no-such-vnet selects nothing before the change"))
        let quiet = try CLIRunner.run(arguments + ["--quiet"], cwd: Fixtures.packageRoot)
        #expect(!quiet.stderr.contains("selects nothing"))
    }
}

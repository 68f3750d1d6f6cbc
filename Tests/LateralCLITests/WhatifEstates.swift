import Foundation
import Lateral
import TestSupport
import Testing

/// Estates and change files for the what-if, diff and policy tests, loaded through the
/// library the way the CLI loads them.
enum WhatifEstates {
    static let retail = Fixtures.path("Topologies/retail-llm")
    static let retailPolicy = Fixtures.path("Topologies/retail-llm/policy.yaml")
    static let closeHoles = Fixtures.path("Topologies/retail-llm/changes/close-planted-holes.yaml")
    static let telemetry = Fixtures.path("Topologies/retail-llm/changes/telemetry-rule.yaml")
    /// Tests/Fixtures/Intent/small-estate (see the README there).
    static let small = Fixtures.fixture("Intent/small-estate")
    static let smallSSHClosed = Fixtures.fixture("Intent/small-estate-ssh-closed")

    /// A change file's text from its operations (YAML list items, indented by two).
    static func changeText(_ operations: String) -> String { "version: 1\nchanges:\n" + operations }

    /// `lateral whatif` as a library call: the estate before and after the change, compared
    /// from `from` to `to` (the retail defaults when empty).
    static func whatif(_ inputs: [String], change: ChangeFile, from: [String] = [], to: [String] = []) throws -> Comparison {
        let loaded = try Estate.load(paths: inputs, change: change)
        let changed = try #require(loaded.changed)
        return Comparison(
            kind: .whatif, base: loaded.base, changed: changed, changes: change.summaries, inputs: inputs,
            from: from.isEmpty ? [.internet, .tag(key: "role", value: "retail-frontend")] : try from.map { try Selector(parsing: $0) },
            to: to.isEmpty ? [.tag(key: "role", value: "llm-training")] : try to.map { try Selector(parsing: $0) })
    }

    static func whatif(_ inputs: [String], operations: String, from: [String] = [], to: [String] = []) throws -> Comparison {
        try whatif(inputs, change: ChangeFile.parse(changeText(operations), file: "change.yaml"), from: from, to: to)
    }

    /// `lateral check` as a library call.
    static func check(_ inputs: [String], policies: PolicyFile) throws -> PolicyCheck {
        let estate = try Estate.load(paths: inputs, change: nil, keepDocuments: true).base
        return PolicyCheck(estate: estate, policies: policies, inputs: estate.imported.files)
    }

    static func check(_ inputs: [String], policyText: String) throws -> PolicyCheck {
        try check(inputs, policies: PolicyFile.parse("version: 1\npolicies:\n" + policyText, file: "policy.yaml"))
    }
}

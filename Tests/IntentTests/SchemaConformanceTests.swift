import Foundation
import Intent
import TestSupport
import Testing

/// The documented JSON Schemas (docs/schemas) accept the sample change and policy files
/// and reject what the loaders reject, so the schemas and the loaders say the same thing.
@Suite("Change and policy files match their JSON Schemas")
struct SchemaConformanceTests {
    static let samples: [(schema: String, file: String)] = [
        ("docs/schemas/policy.schema.json", "Topologies/retail-llm/policy.yaml"),
        ("docs/schemas/change.schema.json", "Topologies/retail-llm/changes/close-planted-holes.yaml"),
        ("docs/schemas/change.schema.json", "Topologies/retail-llm/changes/telemetry-rule.yaml"),
    ]

    @Test("the bundled samples validate", arguments: samples.indices)
    func samplesValidate(_ index: Int) throws {
        let (schema, file) = Self.samples[index]
        let validator = try JSONSchemaValidator(contentsOfFile: Fixtures.path(schema))
        let text = try String(contentsOfFile: Fixtures.path(file), encoding: .utf8)
        let violations = validator.validate(try YAMLInput.json(text, file: file))
        #expect(violations.isEmpty, "\(violations)")
        // The loader accepts what the schema accepts.
        if file.hasSuffix("policy.yaml") { _ = try PolicyFile.parse(text, file: file) } else { _ = try ChangeFile.parse(text, file: file) }
    }

    @Test("an unknown operation fails both the schema and the loader")
    func unknownOperation() throws {
        let text = "version: 1\nchanges:\n  - op: delete-everything\n    target: nsg:web\n"
        let validator = try JSONSchemaValidator(contentsOfFile: Fixtures.path("docs/schemas/change.schema.json"))
        #expect(!validator.validate(try YAMLInput.json(text)).isEmpty)
        #expect(throws: IntentError.self) { try ChangeFile.parse(text) }
    }

    @Test(
        "bad policies fail both the schema and the loader",
        arguments: [
            "version: 1\npolicies:\n  - {id: a, kind: deny, description: d, from: [internet], to: [vnet:x], services: [tcp/22], except: [tcp/443]}\n",
            "version: 1\npolicies:\n  - {id: a, kind: maybe, description: d, zone: [vnet:x]}\n",
            "version: 1\npolicies:\n  - {id: a, kind: require, description: d, from: [internet], to: [vnet:x], services: [tcp/http]}\n",
        ])
    func badPolicies(_ text: String) throws {
        #expect(throws: IntentError.self) { try PolicyFile.parse(text) }
        let validator = try JSONSchemaValidator(contentsOfFile: Fixtures.path("docs/schemas/policy.schema.json"))
        #expect(!validator.validate(try YAMLInput.json(text)).isEmpty)
    }
}

import Foundation
import Testing
import TestSupport

/// The JSON that `check` and `whatif` print follows the versioned schemas in docs/schemas.
@Suite("check and whatif JSON follow docs/schemas")
struct ReportSchemaConformanceTests {
    @Test("lateral check --format json matches policy-report.schema.json")
    func checkJSON() throws {
        let result = try CLIRunner.run(["check", Fixtures.path("Topologies/retail-llm"), "--policy", Fixtures.path("Topologies/retail-llm/policy.yaml"), "--format", "json"])
        #expect(result.exitCode == 1, "stderr: \(result.stderr)")
        let validator = try JSONSchemaValidator(contentsOfFile: Fixtures.path("docs/schemas/policy-report.schema.json"))
        let violations = try validator.validate(json: result.stdoutData)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("lateral whatif --format json matches diff-report.schema.json", arguments: ["close-planted-holes", "telemetry-rule"])
    func whatifJSON(_ change: String) throws {
        let result = try CLIRunner.run(["whatif", Fixtures.path("Topologies/retail-llm"), "--change",
                                        Fixtures.path("Topologies/retail-llm/changes/\(change).yaml"), "--format", "json"])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let validator = try JSONSchemaValidator(contentsOfFile: Fixtures.path("docs/schemas/diff-report.schema.json"))
        let violations = try validator.validate(json: result.stdoutData)
        #expect(violations.isEmpty, "\(violations)")
    }
}

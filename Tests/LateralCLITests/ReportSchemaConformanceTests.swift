import Foundation
import TestSupport
import Testing

/// The JSON that `check` and `whatif` print follows the versioned schemas in docs/schemas.
@Suite("check and whatif JSON follow docs/schemas")
struct ReportSchemaConformanceTests {
    @Test("lateral check --format json matches policy-report.schema.json")
    func checkJSON() throws {
        let result = try CLIRunner.run([
            "check", Fixtures.path("Topologies/retail-llm"), "--policy", Fixtures.path("Topologies/retail-llm/policy.yaml"), "--format", "json",
        ])
        #expect(result.exitCode == 1, "stderr: \(result.stderr)")
        let validator = try JSONSchemaValidator(contentsOfFile: Fixtures.path("docs/schemas/policy-report.schema.json"))
        let violations = try validator.validate(json: result.stdoutData)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("lateral whatif --format json matches diff-report.schema.json", arguments: ["close-planted-holes", "telemetry-rule"])
    func whatifJSON(_ change: String) throws {
        let result = try CLIRunner.run([
            "whatif", Fixtures.path("Topologies/retail-llm"), "--change",
            Fixtures.path("Topologies/retail-llm/changes/\(change).yaml"), "--format", "json",
        ])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let validator = try JSONSchemaValidator(contentsOfFile: Fixtures.path("docs/schemas/diff-report.schema.json"))
        let violations = try validator.validate(json: result.stdoutData)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test("lateral whatif --plan --format json matches diff-report.schema.json")
    func whatifPlanJSON() throws {
        let result = try CLIRunner.run([
            "whatif", Fixtures.path("Topologies/retail-llm"), "--plan", Fixtures.path("Topologies/retail-llm/changes/peer-training-to-sea.tfplan"),
            "--format", "json",
        ])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let validator = try JSONSchemaValidator(contentsOfFile: Fixtures.path("docs/schemas/diff-report.schema.json"))
        #expect(try validator.validate(json: result.stdoutData).isEmpty)
    }

    @Test(
        "lateral exposure --format json matches exposure-report.schema.json",
        arguments: [["Topologies/retail-llm"], ["Tests/Fixtures/Exposure/nsg-rules.template.json", "Tests/Fixtures/Exposure/nsg-rules.tfplan.json"]])
    func exposureJSON(_ inputs: [String]) throws {
        let result = try CLIRunner.run(["exposure"] + inputs + ["--from", "cidr:10.1.0.0/16", "--format", "json"], cwd: Fixtures.packageRoot)
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let validator = try JSONSchemaValidator(contentsOfFile: Fixtures.path("docs/schemas/exposure-report.schema.json"))
        let violations = try validator.validate(json: result.stdoutData)
        #expect(violations.isEmpty, "\(violations.prefix(5))")
    }
}

/// The committed what-if reports are what the main job writes now.
@Suite("Committed what-if reports are current")
struct CommittedWhatifReportTests {
    @Test("Reports/retail-llm/whatif matches a fresh run", arguments: ["close-planted-holes", "telemetry-rule"])
    func current(_ name: String) throws {
        let change = Fixtures.path("Topologies/retail-llm/changes/\(name).yaml")
        let text = try CLIRunner.run(
            ["whatif", "Topologies/retail-llm", "--change", "Topologies/retail-llm/changes/\(name).yaml", "--quiet"], cwd: Fixtures.packageRoot)
        #expect(text.exitCode == 0)
        #expect(
            text.stdout == String(decoding: Fixtures.read(Fixtures.path("Reports/retail-llm/whatif/\(name).txt")), as: UTF8.self),
            "regenerate with scripts/analyze-default.sh")
        let json = try CLIRunner.run(["whatif", "Topologies/retail-llm", "--change", change, "--quiet", "--format", "json"], cwd: Fixtures.packageRoot)
        #expect(json.stdoutData == Fixtures.read(Fixtures.path("Reports/retail-llm/whatif/\(name).json")), "regenerate with scripts/analyze-default.sh")
    }
}

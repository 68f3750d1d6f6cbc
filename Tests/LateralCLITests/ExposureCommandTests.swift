import Foundation
import Lateral
import TestSupport
import Testing

/// `lateral exposure` end to end: the text lines reviewers read, JSON, and SARIF that code
/// scanning shows at the template's or plan's lines.
@Suite("lateral exposure")
struct ExposureCommandTests {
    static let template = "Tests/Fixtures/Exposure/nsg-rules.template.json"
    static let plan = "Tests/Fixtures/Exposure/nsg-rules.tfplan.json"

    @Test("Text: one line per NSG (or attachment) and source, services as paths writes them")
    func text() throws {
        let result = try CLIRunner.run(["exposure", Self.template, Self.plan, "--from", "cidr:10.1.0.0/16"], cwd: Fixtures.packageRoot)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("nsg-internet-lowercase (unattached) from internet: tcp/22,3389"))
        #expect(lines.contains("nsg-udp-only (unattached) from internet: udp/53,500"))
        #expect(lines.contains("nsg-tf-web on subnet vnet-review/snet-web from cidr:10.1.0.0/16: tcp/3389"))
        #expect(lines.contains("  shadowed: allow-ssh-https (priority 200) loses tcp/22 to deny-ssh (priority 100)"))
        #expect(lines.contains("  attached to nothing: judged as guarding one host behind a Standard public IP, in private address space"))
        #expect(lines.filter { !$0.hasPrefix(" ") }.count == 12 * 3)
    }

    @Test("JSON: each source with its services, deciding rules and shadowed allows")
    func json() throws {
        let result = try CLIRunner.run(["exposure", Self.plan, "--format", "json"], cwd: Fixtures.packageRoot)
        let root = try JSONSchemaValidator.parse(result.stdoutData)
        #expect(root["kind"]?.stringValue == "exposure")
        let groups = try #require(root["securityGroups"]?.arrayValue)
        let web = try #require(groups.first { $0["name"]?.stringValue == "nsg-tf-web" })
        #expect(web["attachment"]?.stringValue == "subnet" && web["attachmentName"]?.stringValue == "vnet-review/snet-web")
        let internet = try #require(web["sources"]?.arrayValue?.first { $0["source"]?.stringValue == "internet" })
        #expect(internet["summary"]?.stringValue == "tcp/80,443,3389")
        #expect(internet["rules"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["web", "rdp-from-any"])
    }

    @Test("SARIF 2.1.0: Internet exposure at the deciding rule's plan entry, shadowed allows as notes")
    func sarif() throws {
        let result = try CLIRunner.run(["exposure", Self.plan, "--format", "sarif"], cwd: Fixtures.packageRoot)
        let log = try JSONSchemaValidator.parse(result.stdoutData)
        let violations = try JSONSchemaValidator.sarif().validate(log)
        #expect(violations.isEmpty, "\(violations.prefix(5).map(\.description))")
        let results = try #require(log["runs"]?.arrayValue?.first?["results"]?.arrayValue)
        let web = try #require(results.first { $0["message"]?["text"]?.stringValue?.hasPrefix("nsg-tf-web") == true })
        #expect(web["ruleId"]?.stringValue == "internet-exposure")
        let line = web["locations"]?.arrayValue?.first?["physicalLocation"]?["region"]?["startLine"]
        let text = try String(contentsOfFile: Fixtures.path(Self.plan), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        if case .number(let n)? = line {
            #expect(text[Int(n)].contains("\"address\": \"azurerm_network_security_group.web\""))
        } else {
            Issue.record("no line")
        }
        #expect(results.contains { $0["ruleId"]?.stringValue == "shadowed-allow" })
    }

    static let posture = "Tests/Fixtures/Posture/posture-estate.json"

    @Test("Posture notes: a line each after the exposure, with the place and the resource ID; unattached NSGs only in their own lines")
    func postureText() throws {
        let result = try CLIRunner.run(["exposure", Self.posture], cwd: Fixtures.packageRoot)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let notes = lines.filter { $0.hasPrefix("note: ") }
        #expect(notes.count == 8)
        #expect(lines.contains("nsg-orphan (unattached) from internet: none"))
        let index = try #require(lines.firstIndex { $0.hasPrefix("note: load balancer lb-web uses public IP pip-lb") })
        #expect(
            lines[index + 1]
                == "  at \(Self.posture) line 296 (/16), /subscriptions/00000000-0000-0000-0000-000000000017/resourceGroups/rg-posture/providers/Microsoft.Network/loadBalancers/lb-web"
        )
    }

    @Test("Posture notes in JSON (postureNotes, schema-valid) and SARIF (a note-level result per note, at its line)")
    func postureJSONAndSARIF() throws {
        let json = try CLIRunner.run(["exposure", Self.posture, "--format", "json"], cwd: Fixtures.packageRoot)
        let validator = try JSONSchemaValidator(contentsOfFile: Fixtures.path("docs/schemas/exposure-report.schema.json"))
        #expect(try validator.validate(json: json.stdoutData).isEmpty)
        let notes = try #require(try JSONSchemaValidator.parse(json.stdoutData)["postureNotes"]?.arrayValue)
        #expect(
            notes.compactMap { $0["code"]?.stringValue } == [
                "unattached-nsg", "overlapping-subnets", "one-sided-peering", "one-sided-peering", "missing-subnet", "missing-subnet",
                "missing-public-ip", "missing-public-ip", "missing-public-ip",
            ])
        #expect(Self.int(notes.first?["line"]) == 200)

        let sarif = try CLIRunner.run(["exposure", Self.posture, "--format", "sarif"], cwd: Fixtures.packageRoot)
        let log = try JSONSchemaValidator.parse(sarif.stdoutData)
        #expect(try JSONSchemaValidator.sarif().validate(log).isEmpty)
        let results = try #require(log["runs"]?.arrayValue?.first?["results"]?.arrayValue)
        let overlap = try #require(results.first { $0["ruleId"]?.stringValue == "overlapping-subnets" })
        #expect(overlap["level"]?.stringValue == "note")
        #expect(Self.int(overlap["locations"]?.arrayValue?.first?["physicalLocation"]?["region"]?["startLine"]) == 24)
        let rules = try #require(log["runs"]?.arrayValue?.first?["tool"]?["driver"]?["rules"]?.arrayValue)
        #expect(Self.int(overlap["ruleIndex"]).map { rules[$0]["id"]?.stringValue } == "overlapping-subnets")
    }

    static func int(_ value: JSONValue?) -> Int? {
        if case .number(let n)? = value { return Int(n) }
        return nil
    }

    @Test("--from takes CIDRs only")
    func badFrom() throws {
        let result = try CLIRunner.run(["exposure", Self.plan, "--from", "vnet:x"], cwd: Fixtures.packageRoot)
        #expect(result.exitCode == 2 && result.stderr.contains("--from takes cidr:PREFIX"))
    }
}

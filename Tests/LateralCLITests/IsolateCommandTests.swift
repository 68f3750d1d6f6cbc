import Foundation
import TestSupport
import Testing

/// `lateral isolate` end to end on the bundled estate: the files it writes, the change file
/// round-tripping through `whatif` and `check --whatif`, `isolation.json` against its schema,
/// exit codes, deterministic bytes.
@Suite("isolate command")
struct IsolateCommandTests {
    static let files = ["isolation-plan.yaml", "isolate.sh", "rollback.sh", "isolation.svg", "isolation.json"]

    static func isolate(_ extra: [String]) throws -> (result: CLIResult, directory: TemporaryDirectory) {
        let directory = try TemporaryDirectory(prefix: "lateral-isolate")
        let result = try CLIRunner.run(["isolate", WhatifEstates.retail, "--output", directory.path, "--quiet"] + extra)
        return (result, directory)
    }

    @Test("the retail-llm policy: two peerings go, verified; every file written, the change file accepted by whatif and check")
    func retailPolicy() throws {
        let (result, directory) = try Self.isolate(["--policy", WhatifEstates.retailPolicy])
        defer { directory.remove() }
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("Isolation plan for no-internet-to-training, no-frontend-to-training, frontends-to-inference-https-only: 2 changes"))
        #expect(result.stdout.contains("1. remove the peering vnet-retail-fe-eus/peer-retail-fe-eus-to-llm-train-chn"))
        #expect(result.stdout.contains("require checkout-reaches-inference: held before, holds after"))
        #expect(result.stdout.contains("verified: every deny policy holds and every required flow is kept"))
        for name in Self.files { #expect(FileManager.default.fileExists(atPath: directory.appending(name).path), "\(name)") }
        let plan = directory.appending("isolation-plan.yaml").path
        let whatif = try CLIRunner.run(["whatif", WhatifEstates.retail, "--change", plan, "--format", "json"])
        #expect(whatif.exitCode == 0, "\(whatif.stderr)")
        let diff = try JSONSerialization.jsonObject(with: whatif.stdoutData) as! [String: Any]
        #expect((diff["opened"] as! [Any]).isEmpty && !(diff["closed"] as! [Any]).isEmpty)
        let check = try CLIRunner.run(["check", WhatifEstates.retail, "--policy", WhatifEstates.retailPolicy, "--whatif", plan])
        for id in ["no-internet-to-training", "no-frontend-to-training", "frontends-to-inference-https-only", "checkout-reaches-inference"] {
            #expect(check.stdout.contains("[HOLDS] \(id)"), "\(id)\n\(check.stdout)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appending("isolation.json"))) as! [String: Any]
        #expect(json["changeCount"] as? Int == 2 && json["kind"] as? String == "isolation")
        let validator = try JSONSchemaValidator(contentsOfFile: Fixtures.path("docs/schemas/isolation.schema.json"))
        let violations = try validator.validate(json: Data(contentsOf: directory.appending("isolation.json")))
        #expect(violations.isEmpty, "\(violations)")
        #expect((json["verification"] as! [String: Any])["holds"] as? Bool == true)
        let playbook = try String(contentsOf: directory.appending("isolate.sh"), encoding: .utf8)
        let rollback = try String(contentsOf: directory.appending("rollback.sh"), encoding: .utf8)
        #expect(playbook.components(separatedBy: "\naz network vnet peering delete ").count == 5)
        #expect(rollback.components(separatedBy: "\naz network vnet peering create ").count == 5)
        #expect(FileManager.default.isExecutableFile(atPath: directory.appending("isolate.sh").path))
    }

    @Test("without --policy: the default sources, targets and ways out; the same bytes on every run")
    func defaultsDeterministic() throws {
        let (first, a) = try Self.isolate([])
        defer { a.remove() }
        let (second, b) = try Self.isolate([])
        defer { b.remove() }
        #expect(first.exitCode == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("deny default-ways-out: violated before, holds after"))
        #expect(first.stdout.contains("make vnet-llm-train-chn/snet-eval private (defaultOutboundAccess: false)"))
        for name in Self.files { #expect(try Data(contentsOf: a.appending(name)) == Data(contentsOf: b.appending(name)), "\(name)") }
    }

    @Test("a require that every cut breaks: exit 1, the conflict named, nothing written")
    func conflict() throws {
        let policies = try TemporaryDirectory(prefix: "lateral-isolate-policy")
        defer { policies.remove() }
        let policy = policies.appending("policy.yaml").path
        try """
        version: 1
        policies:
          - {id: no-internet-to-training, kind: deny, description: d, from: [internet], to: [tag:role=llm-training]}
          - {id: web-to-gpu, kind: require, description: r, from: [subnet:vnet-retail-fe-weu/snet-web], to: [subnet:vnet-llm-train-gwc/snet-gpu], services: [tcp/22]}
          - {id: internet-to-web, kind: require, description: r, from: [internet], to: [subnet:vnet-retail-fe-weu/snet-web], services: [tcp/8080]}
        """.write(toFile: policy, atomically: true, encoding: .utf8)
        let (result, directory) = try Self.isolate(["--policy", policy])
        defer { directory.remove() }
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("require internet-to-web, web-to-gpu conflicts with deny no-internet-to-training"), "\(result.stderr)")
        #expect(result.stderr.contains("internet -> vnet-retail-fe-weu/snet-web -> vnet-llm-train-gwc/snet-gpu"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("report --isolate lists the verified plan, each change with its az commands; without the flag the section says no plan was made")
    func inTheReport() throws {
        let out = try TemporaryDirectory()
        defer { out.remove() }
        let estate = Fixtures.path("Topologies/retail-llm"), policy = Fixtures.path("Topologies/retail-llm/policy.yaml")
        let result = try CLIRunner.run(["report", estate, "--policy", policy, "--isolate", "--output", out.path, "--quiet"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let html = try String(contentsOf: out.appending("report.html"), encoding: .utf8)
        let section = try #require(html.components(separatedBy: "id=\"isolation\"").dropFirst().first?.components(separatedBy: "</section>").first)
        #expect(section.contains("Remove peering peer-retail-fe-weu-to-llm-train-gwc and its reverse peer-llm-train-gwc-to-retail-fe-weu"))
        #expect(section.contains("<code class=\"command\">az network vnet peering delete"))
        #expect(section.contains("Verified by applying the plan&#39;s change file and analysing again: 4 of 4 deny and require policies hold after it"))
        let plain = try CLIRunner.run(["report", estate, "--policy", policy, "--output", out.path, "--quiet"])
        #expect(plain.exitCode == 0)
        #expect(try String(contentsOf: out.appending("report.html"), encoding: .utf8).contains("No isolation plan is part of this report"))
    }

    @Test("refuses to write into an input; a bad policy file is a usage error")
    func refusals() throws {
        let into = try CLIRunner.run(["isolate", WhatifEstates.retail, "--output", WhatifEstates.retail])
        #expect(into.exitCode == 2 && into.stderr.contains("refusing to overwrite"))
        let missing = try CLIRunner.run(["isolate", WhatifEstates.retail, "--policy", "/nonexistent/policy.yaml"])
        #expect(missing.exitCode == 2)
    }

    @Test(
        "LAT-PL-003: open inference services are assets the plan closes with az resource update, verified; a workspace's older switch is closed and restored too"
    )
    func inferenceAssets() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-isolate-inference")
        defer { directory.remove() }
        let sub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers"
        let estate = """
            [{"id": "\(sub)/Microsoft.MachineLearningServices/workspaces/ws", "name": "ws", "type": "Microsoft.MachineLearningServices/workspaces", "location": "swedencentral",
              "properties": {"publicNetworkAccess": "Disabled", "allowPublicAccessWhenBehindVnet": true}},
             {"id": "\(sub)/Microsoft.CognitiveServices/accounts/oai", "name": "oai", "type": "Microsoft.CognitiveServices/accounts", "kind": "OpenAI", "location": "swedencentral",
              "properties": {}}]
            """
        let policy = """
            version: 1
            policies:
              - id: no-internet-to-inference
                kind: deny
                description: No Internet path into the inference services.
                from: [internet]
                to: [asset:ws, asset:oai]
            """
        let input = directory.appending("estate.json").path, policyFile = directory.appending("policy.yaml").path
        try Data(estate.utf8).write(to: URL(fileURLWithPath: input))
        try Data(policy.utf8).write(to: URL(fileURLWithPath: policyFile))
        let out = directory.appending("out").path
        let result = try CLIRunner.run(["isolate", input, "--policy", policyFile, "--output", out, "--quiet"])
        #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("verified: every deny policy holds and every required flow is kept"))
        let playbook = try String(contentsOf: URL(fileURLWithPath: out + "/isolate.sh"), encoding: .utf8)
        let rollback = try String(contentsOf: URL(fileURLWithPath: out + "/rollback.sh"), encoding: .utf8)
        #expect(playbook.contains("\naz resource update --ids \(sub)/Microsoft.CognitiveServices/accounts/oai --set properties.publicNetworkAccess=Disabled\n"))
        #expect(
            playbook.contains(
                "\naz resource update --ids \(sub)/Microsoft.MachineLearningServices/workspaces/ws --set properties.publicNetworkAccess=Disabled properties.allowPublicAccessWhenBehindVnet=false\n"
            ))
        #expect(
            rollback.contains(
                "az resource update --ids \(sub)/Microsoft.MachineLearningServices/workspaces/ws --set properties.publicNetworkAccess=Disabled properties.allowPublicAccessWhenBehindVnet=true"
            ))
        let plan = try String(contentsOf: URL(fileURLWithPath: out + "/isolation-plan.yaml"), encoding: .utf8)
        #expect(plan.contains("allowPublicAccessWhenBehindVnet: false"))
    }
}

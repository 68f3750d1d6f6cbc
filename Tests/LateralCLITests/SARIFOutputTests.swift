import Foundation
import Lateral
import TestSupport
import Testing

/// `lateral check --format sarif`, run as CI runs it: from the repository root with
/// relative paths, so the artifact URIs are relative to the repository.
@Suite("check --format sarif")
struct SARIFOutputTests {
    static let arguments = ["check", "Topologies/retail-llm", "--policy", "Topologies/retail-llm/policy.yaml", "--format", "sarif"]

    struct Output {
        let result: CLIResult
        let log: JSONValue
        var run: JSONValue? { log["runs"]?.arrayValue?.first }
        var results: [JSONValue] { run?["results"]?.arrayValue ?? [] }
    }

    func sarif() throws -> Output {
        let result = try CLIRunner.run(Self.arguments, cwd: Fixtures.packageRoot)
        return Output(result: result, log: try JSONSchemaValidator.parse(result.stdoutData))
    }

    /// The first location of a result: uri and start line.
    static func primary(_ result: JSONValue) -> (uri: String, line: Int)? {
        guard let physical = result["locations"]?.arrayValue?.first?["physicalLocation"],
            let uri = physical["artifactLocation"]?["uri"]?.stringValue,
            case .number(let line)? = physical["region"]?["startLine"]
        else { return nil }
        return (uri, Int(line))
    }

    static func lines(of relative: String) -> [Substring] {
        String(decoding: Fixtures.read(Fixtures.packageRoot.appendingPathComponent(relative).path), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test("validates against the official SARIF 2.1.0 schema")
    func validSARIF() throws {
        let output = try sarif()
        #expect(output.result.exitCode == 1, "violations exit 1: \(output.result.stderr)")
        let violations = try JSONSchemaValidator.sarif().validate(output.log)
        #expect(violations.isEmpty, "\(violations.prefix(10).map(\.description).joined(separator: "\n"))")
        #expect(output.log["version"]?.stringValue == "2.1.0")
    }

    @Test("one result per violation, the policy as ruleId, the level from its severity")
    func resultsPerViolation() throws {
        let output = try sarif()
        let check = try WhatifEstates.check([WhatifEstates.retail], policies: PolicyFile.load(file: WhatifEstates.retailPolicy))
        #expect(output.results.count == check.verdicts.reduce(0) { $0 + $1.violations.count })
        #expect(output.results.count == 27)
        for verdict in check.verdicts {
            let mine = output.results.filter { $0["ruleId"]?.stringValue == verdict.policy.id }
            #expect(mine.count == verdict.violations.count, "\(verdict.policy.id)")
            #expect(mine.allSatisfy { $0["level"]?.stringValue == verdict.policy.severity.rawValue }, "\(verdict.policy.id)")
        }
        let rules = output.run?["tool"]?["driver"]?["rules"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
        #expect(rules == check.verdicts.map(\.policy.id))
        #expect(output.results.contains { $0["ruleId"]?.stringValue == "frontend-internet-exposure" && $0["level"]?.stringValue == "warning" })
    }

    @Test("each message carries the witness path, and the code flow its hops")
    func witnessInMessage() throws {
        let output = try sarif()
        for result in output.results {
            let text = result["message"]?["text"]?.stringValue ?? ""
            let flow = result["codeFlows"]?.arrayValue?.first?["threadFlows"]?.arrayValue?.first?["locations"]?.arrayValue ?? []
            switch result["ruleId"]?.stringValue {
            case "no-internet-to-training", "no-frontend-to-training":
                let nodes = text.split(separator: ": ").last.map { $0.split(separator: ".").first ?? "" }?.components(separatedBy: " -> ") ?? []
                #expect(nodes.count >= 2, "\(text)")
                #expect(flow.count == nodes.count - 1, "\(text)")
            case "frontend-internet-exposure":
                #expect(text.contains("the Internet reaches vnet-retail-fe-weu/snet-jump on tcp/22,3389"), "\(text)")
                #expect(flow.count == 1)
            default:
                // Residency: a path out of the regions, or a resource outside them.
                #expect((text.contains("traffic can leave") && text.contains(" -> ") && !flow.isEmpty) || text.contains(" sits in "), "\(text)")
            }
        }
    }

    @Test("every primary location is a line of an input file")
    func locationsIntoInputs() throws {
        let output = try sarif()
        for result in output.results {
            let (uri, line) = try #require(Self.primary(result), "\(result["message"]?["text"]?.stringValue ?? "")")
            #expect(uri.hasPrefix("Topologies/retail-llm/"), "\(uri)")
            #expect(line >= 1)
            #expect(line <= Self.lines(of: uri).count, "\(uri):\(line)")
        }
    }

    @Test("the planted eastus peering is located at the line of its object in vnets.json")
    func peeringLine() throws {
        let output = try sarif()
        let peering = "peer-retail-fe-eus-to-llm-train-chn"
        let located = output.results.filter { result in
            result["locations"]?.arrayValue?.first?["logicalLocations"]?.arrayValue?.first?["fullyQualifiedName"]?.stringValue?.hasSuffix("/" + peering) == true
        }
        #expect(!located.isEmpty)
        let lines = Self.lines(of: "Topologies/retail-llm/vnets.json")
        let expected = try #require(lines.firstIndex { $0.contains("\"name\": \"\(peering)\"") })  // 0-based line of the name
        for result in located {
            let (uri, line) = try #require(Self.primary(result))
            #expect(uri == "Topologies/retail-llm/vnets.json")
            #expect(line == expected, "the object opens on the line before its name (\(expected + 1))")
            #expect(lines[line - 1].trimmingCharacters(in: .whitespaces) == "{")
        }
    }

    @Test("each resource location points at the resource: its name follows within three lines")
    func resourceLines() throws {
        let output = try sarif()
        var checked = 0
        for result in output.results {
            for location in (result["locations"]?.arrayValue ?? []) + (result["relatedLocations"]?.arrayValue ?? []) {
                guard let id = location["logicalLocations"]?.arrayValue?.first?["fullyQualifiedName"]?.stringValue,
                    let uri = location["physicalLocation"]?["artifactLocation"]?["uri"]?.stringValue,
                    case .number(let start)? = location["physicalLocation"]?["region"]?["startLine"]
                else { continue }
                // Routes are located at their route table: see routeLine().
                if id.contains("/routes/") { continue }
                let name = ResourceID(id).name
                let window = Self.lines(of: uri).dropFirst(Int(start) - 1).prefix(4)
                #expect(window.contains { $0.contains("\"\(name)\"") }, "\(id) at \(uri):\(Int(start))")
                checked += 1
            }
        }
        #expect(checked > 27)
    }

    @Test("a route that opens a path is located at the route, not only at its table")
    func routeLine() throws {
        let output = try sarif()
        let route = "/routeTables/rt-llm-train-gwc/routes/default-via-afw-hub-gwc"
        let locations = output.results.flatMap { ($0["locations"]?.arrayValue ?? []) + ($0["relatedLocations"]?.arrayValue ?? []) }
        let location = try #require(
            locations.first {
                $0["logicalLocations"]?.arrayValue?.first?["fullyQualifiedName"]?.stringValue?.hasSuffix(route) == true
            })
        guard case .number(let start)? = location["physicalLocation"]?["region"]?["startLine"] else {
            Issue.record("no startLine")
            return
        }
        let lines = Self.lines(of: "Topologies/retail-llm/route-tables.json")
        let routeObject = try #require(lines.firstIndex { $0.contains("\"name\": \"default-via-afw-hub-gwc\"") })  // 0-based: the line after "{"
        #expect(Int(start) == routeObject, "route-tables.json:\(Int(start)) is rt-llm-train-gwc; the route's object opens on line \(routeObject)")
    }

    @Test("a require violation, which has no witness path, is located at the policy")
    func requireAtPolicy() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let policy = directory.appending("policy.yaml").path
        try """
        version: 1
        policies:
          - id: web-reaches-data-ssh
            kind: require
            severity: note
            description: d
            from: [subnet:vnet-front/snet-web]
            to: [subnet:vnet-back/snet-data]
            services: [tcp/22]
        """.write(toFile: policy, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["check", WhatifEstates.small, "--policy", policy, "--format", "sarif"])
        #expect(result.exitCode == 1)
        let log = try JSONSchemaValidator.parse(result.stdoutData)
        #expect(try JSONSchemaValidator.sarif().validate(log).isEmpty)
        let only = try #require(log["runs"]?.arrayValue?.first?["results"]?.arrayValue)
        #expect(only.count == 1)
        #expect(only.first?["level"]?.stringValue == "note")
        let first = try #require(only.first)
        let (uri, line) = try #require(Self.primary(first))
        #expect(uri == "file://" + policy)
        #expect(line == 3)
    }
}

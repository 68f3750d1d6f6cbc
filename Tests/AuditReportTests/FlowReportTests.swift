import AuditReport
import Foundation
import Lateral
import TestSupport
import Testing

@Suite("ReportBuilder.flow and TextFormatter.flow")
struct FlowReportTests {
    @Test("the report carries the verdict and the deciding rules of expectations.json", arguments: ScenarioFlow.all)
    func reportMatchesExpectations(_ c: ScenarioFlow) throws {
        let result = try SmallEstates.verdict(c.flow, in: try SmallEstates.semantics(c.scenario))
        let report = ReportBuilder.flow(result)
        #expect(report.verdict == c.flow.verdict)
        #expect(report.disposition == c.flow.disposition)
        #expect(report.schemaVersion == ReportSchema.schemaVersion)
        #expect(report.trace.map(\.step) == Array(1...result.trace.count))
        let rules = report.trace.filter { $0.kind == "nsg" }.compactMap { step in step.rule.map { "\(step.name)/\($0)" } }
        #expect(rules == c.flow.rules)
        #expect(report.query.src == c.flow.src)
        #expect(report.query.port == c.flow.port)
        #expect(report.query.srcPortAssumed == (c.flow.srcPort == nil))
    }

    @Test("the text names every deciding rule, in order, and the verdict", arguments: ScenarioFlow.all)
    func textNamesRules(_ c: ScenarioFlow) throws {
        let result = try SmallEstates.verdict(c.flow, in: try SmallEstates.semantics(c.scenario))
        let text = TextFormatter.flow(result)
        #expect(text.contains("Verdict: \(c.flow.verdict.uppercased()) (\(c.flow.disposition))\n"))
        var remaining = text[...]
        for rule in c.flow.rules {
            let parts = rule.split(separator: "/")
            let range = try #require(remaining.range(of: "NSG \(parts[0]) "), "\(rule) missing or out of order in:\n\(text)")
            remaining = remaining[range.upperBound...]
            #expect(remaining.prefix(while: { $0 != "\n" }).contains("rule \(parts[1]) (priority"))
        }
        #expect(text.hasSuffix("\n"))
    }

    @Test("the flow JSON has the documented fields")
    func jsonFields() throws {
        let estate = try SmallEstates.semantics("both-nsgs-required")
        let flow = try #require(try ScenarioExpectations.load(scenario: "both-nsgs-required").flows.first { $0.name == "subnet-allows-nic-defaults" })
        let json = JSONOutput.encode(ReportBuilder.flow(try SmallEstates.verdict(flow, in: estate)))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["schemaVersion", "query", "verdict", "disposition", "trace"])
        let trace = try #require(object["trace"] as? [[String: Any]])
        let deny = try #require(trace.last)
        #expect(deny["decision"] as? String == "deny")
        #expect(deny["rule"] as? String == "DenyAllInBound")
        #expect(deny["name"] as? String == "nsg-vm1")
        #expect(deny["priority"] as? Int == 65500)
        #expect((deny["ruleId"] as? String)?.hasSuffix("/networkSecurityGroups/nsg-vm1/defaultSecurityRules/DenyAllInBound") == true)
        #expect((deny["resource"] as? String)?.hasSuffix("/networkSecurityGroups/nsg-vm1") == true)
    }

    @Test("an explicit source port is shown as given, an assumed one is marked")
    func sourcePortText() throws {
        let estate = try SmallEstates.semantics("source-port-trap")
        let flows = try ScenarioExpectations.load(scenario: "source-port-trap").flows
        let assumed = try #require(flows.first { $0.srcPort == nil })
        let given = try #require(flows.first { $0.srcPort == 443 })
        #expect(TextFormatter.flow(try SmallEstates.verdict(assumed, in: estate)).contains("(ephemeral, assumed)"))
        let text = TextFormatter.flow(try SmallEstates.verdict(given, in: estate))
        #expect(text.hasPrefix("Flow tcp 198.51.100.7 -> 203.0.113.10:443, source port 443\n"))
    }
}

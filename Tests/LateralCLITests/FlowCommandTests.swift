import Foundation
import TestSupport
import Testing

@Suite("lateral flow")
struct FlowCommandTests {
    @Test("every semantics scenario contributes flow cases")
    func everyScenarioHasCases() {
        let scenarios = Set(SemanticsFlowCase.all.map(\.scenario))
        #expect(scenarios == Set(Fixtures.directories(in: "Semantics")))
        #expect(SemanticsFlowCase.all.count >= 60)
    }

    @Test("JSON verdict, disposition and deciding rules match expectations.json", arguments: SemanticsFlowCase.all)
    func jsonMatchesExpectations(_ c: SemanticsFlowCase) throws {
        let result = try CLIRunner.run(c.flowArguments + ["--format", "json"])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty)
        let report = try decodeOutput(FlowReport.self, from: result)
        #expect(report.verdict == c.flow.verdict)
        #expect(report.disposition == c.flow.disposition)
        #expect(report.decidingRules == c.flow.rules)
        #expect(report.query.src == c.flow.src)
        #expect(report.query.dst == c.flow.dst)
        #expect(report.query.protocol == c.flow.protocol)
        #expect(report.query.port == c.flow.port)
        #expect(report.trace.map(\.step) == Array(1...report.trace.count))
        for step in report.trace where step.kind == "nsg" {
            #expect(step.resource != nil)
            #expect(["allow", "deny"].contains(step.decision))
        }
    }

    @Test("text output states the verdict and names every deciding rule in order", arguments: SemanticsFlowCase.all)
    func textNamesRules(_ c: SemanticsFlowCase) throws {
        let result = try CLIRunner.run(c.flowArguments)
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let port = c.flow.port.map { ":\($0)" } ?? ""
        #expect(lines.first?.hasPrefix("Flow \(c.flow.protocol) \(c.flow.src) -> \(c.flow.dst)\(port), source port ") == true)
        #expect(lines.dropFirst().first == "Verdict: \(c.flow.verdict.uppercased()) (\(c.flow.disposition))")
        var remaining = result.stdout[...]
        for rule in c.flow.rules {
            let name = String(rule.split(separator: "/").last!)
            let range = try #require(remaining.range(of: "rule \(name) (priority"), "rule \(rule) missing or out of order in:\n\(result.stdout)")
            remaining = remaining[range.upperBound...]
        }
    }

    @Test("a denied flow still exits 0 and reports deny")
    func denyExitsZero() throws {
        let result = try CLIRunner.run([
            "flow", TestInputs.semantics("nsg-shadowing"), "--src", "198.51.100.7", "--dst", "203.0.113.10",
            "--port", "22", "--format", "json",
        ])
        #expect(result.exitCode == 0)
        let report = try decodeOutput(FlowReport.self, from: result)
        #expect(report.verdict == "deny")
        #expect(report.disposition == "denied-inbound")
        let deciding = try #require(report.trace.last)
        #expect(deciding.kind == "nsg")
        #expect(deciding.name == "nsg-web")
        #expect(deciding.rule == "deny-ssh-any")
        #expect(deciding.decision == "deny")
        #expect(deciding.direction == "inbound")
        #expect(deciding.priority == 100)
    }

    @Test("an Internet flow to a public IP is translated to the NIC's private IP")
    func internetToPublicIP() throws {
        let result = try CLIRunner.run([
            "flow", TestInputs.semantics("internet-only-via-public-ip"), "--src", "198.51.100.7",
            "--dst", "203.0.113.10", "--port", "443", "--format", "json",
        ])
        #expect(result.exitCode == 0)
        let report = try decodeOutput(FlowReport.self, from: result)
        #expect(report.verdict == "allow")
        #expect(report.disposition == "accepted")
        #expect(report.trace.map(\.kind) == ["source", "public-ip", "destination", "nsg"])
        let pip = report.trace[1]
        #expect(pip.name == "web-pip")
        #expect(pip.decision == "forward")
        #expect(pip.detail.contains("203.0.113.10"))
        #expect(pip.detail.contains("10.0.1.4"))
        #expect(report.trace[3].name == "nsg-web-nic")
        #expect(report.trace[3].rule == "allow-https-internet")
        #expect(report.trace[3].decision == "allow")
    }

    @Test("retail-llm: an Internet flow to the Application Gateway's public IP reaches a web VM on 8080 from snet-agw")
    func applicationGateway() throws {
        let result = try CLIRunner.run(["flow", TestInputs.retailLLM, "--src", "198.51.100.7", "--dst", "20.61.112.50", "--port", "443", "--format", "json"])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let report = try decodeOutput(FlowReport.self, from: result)
        #expect(report.verdict == "allow")
        #expect(report.disposition == "accepted")
        #expect(
            report.decidingRules == [
                "nsg-retail-agw-weu/Allow-Internet-HTTPS-Inbound", "nsg-retail-agw-weu/AllowVnetOutBound",
                "nsg-retail-web-weu/Allow-AppGateway-HTTP-8080",
            ])
        let gateway = try #require(report.trace.first { $0.kind == "public-ip" })
        #expect(gateway.name == "agw-retail-weu")
        #expect(gateway.detail.contains("WAF Detection"))
        #expect(report.trace.contains { $0.detail.contains("backend connection from the gateway subnet (10.10.3.4) to 10.10.1.4:8080 Http") })
    }

    @Test("an Internet flow to a private IP has no route")
    func internetToPrivateIP() throws {
        let result = try CLIRunner.run([
            "flow", TestInputs.semantics("internet-only-via-public-ip"), "--src", "198.51.100.7",
            "--dst", "10.0.1.4", "--port", "443", "--format", "json",
        ])
        #expect(result.exitCode == 0)
        let report = try decodeOutput(FlowReport.self, from: result)
        #expect(report.verdict == "deny")
        #expect(report.disposition == "no-route")
        #expect(report.decidingRules.isEmpty)
    }

    @Test(
        "--src-port decides a source-port rule, and is reported as given",
        arguments: [
            (srcPort: Optional<Int>.none, verdict: "deny", rule: "nsg-web/DenyAllInBound"),
            (srcPort: Optional(50000), verdict: "deny", rule: "nsg-web/DenyAllInBound"),
            (srcPort: Optional(443), verdict: "allow", rule: "nsg-web/allow-https-srcport-443"),
        ])
    func sourcePort(srcPort: Int?, verdict: String, rule: String) throws {
        var arguments = ["flow", TestInputs.semantics("source-port-trap"), "--src", "198.51.100.7", "--dst", "203.0.113.10", "--port", "443"]
        if let srcPort { arguments += ["--src-port", String(srcPort)] }
        let json = try decodeOutput(FlowReport.self, from: try CLIRunner.run(arguments + ["--format", "json"]))
        #expect(json.verdict == verdict)
        #expect(json.decidingRules == [rule])
        #expect(json.query.srcPortAssumed == (srcPort == nil))
        if let srcPort { #expect(json.query.srcPort == srcPort) }

        let text = try CLIRunner.run(arguments).stdout
        if let srcPort {
            #expect(text.contains("source port \(srcPort)\n"))
        } else {
            #expect(text.contains("(ephemeral, assumed)"))
        }
    }

    @Test("icmp needs no --port and the query carries none")
    func icmpWithoutPort() throws {
        let arguments = ["flow", TestInputs.semantics("intra-subnet"), "--src", "10.0.1.5", "--dst", "10.0.1.4", "--protocol", "icmp"]
        let result = try CLIRunner.run(arguments + ["--format", "json"])
        #expect(result.exitCode == 0, "stderr: \(result.stderr)")
        let report = try decodeOutput(FlowReport.self, from: result)
        #expect(report.query.protocol == "icmp")
        #expect(report.query.port == nil)
        #expect(!result.stdout.contains("\"port\""))
        #expect(report.verdict == "deny")
        #expect(report.decidingRules == ["nsg-app/AllowVnetOutBound", "nsg-app/deny-all-in"])

        let text = try CLIRunner.run(arguments)
        #expect(text.exitCode == 0)
        #expect(text.stdout.hasPrefix("Flow icmp 10.0.1.5 -> 10.0.1.4, source port"))
    }

    @Test("--protocol any reports the first protocol that is allowed")
    func anyProtocol() throws {
        let result = try CLIRunner.run([
            "flow", TestInputs.semantics("star-protocol"), "--src", "198.51.100.7", "--dst", "203.0.113.10",
            "--protocol", "any", "--port", "4500", "--format", "json",
        ])
        #expect(result.exitCode == 0)
        let report = try decodeOutput(FlowReport.self, from: result)
        #expect(report.verdict == "allow")
        #expect(report.query.protocol == "udp")
        #expect(report.decidingRules == ["nsg-vpn/allow-natt-udp"])
    }
}

import Foundation
import TestSupport
import Testing

/// Names from an estate never reach the terminal as control sequences.
@Suite("terminal output is safe")
struct TerminalSafetyTests {
    @Test("a VNet named with ESC and BEL is printed with them made visible")
    func controlCharactersInNames() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let base = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network"
        let json = """
            [{"id": "\(base)/virtualNetworks/evil", "name": "evil\\u001b[2J\\u0007", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
              "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/24"]}, "subnets": [{"name": "s", "properties": {"addressPrefix": "10.0.0.0/26"}}]}},
             {"id": "\(base)/networkInterfaces/vm", "type": "Microsoft.Network/networkInterfaces",
              "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.0.0.4", "subnet": {"id": "\(base)/virtualNetworks/evil/subnets/s"}}}]}}]
            """
        try json.write(to: directory.appending("estate.json"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["routes", directory.appending("estate.json").path, "--subnet", "cidr:10.0.0.0/26"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(!result.stdoutData.contains(0x1B) && !result.stdoutData.contains(0x07), "\(result.stdout)")
        #expect(result.stdout.contains("\\u{1B}[2J\\u{7}"), "\(result.stdout)")
    }
}

/// A negative number given where a count is expected gets the count's own message.
@Suite("negative option values")
struct NegativeOptionTests {
    @Test("--max-hops -1 says the limit, not 'Missing value'", arguments: ["paths", "blast-radius"])
    func negativeMaxHops(_ command: String) throws {
        let selector = command == "paths" ? ["--from", "internet", "--to", "tag:role=llm-training"] : ["--from", "internet"]
        let result = try CLIRunner.run([command, "Topologies/retail-llm"] + selector + ["--max-hops", "-1"], cwd: Fixtures.packageRoot)
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("--max-hops must be at least 1"), "\(result.stderr)")
    }
}

import Foundation
import TestSupport
import Testing

/// The CI gate may never pass a real exposure: a port that some Internet address reaches
/// must violate a `deny` of it, whichever client addresses the rules name (a representative
/// client address once made two rules on adjacent prefixes look like one, and `check` held).
@Suite("check never passes a real exposure")
struct SoundGateTests {
    static func estate(secondSource: String) -> String {
        let base = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network"
        func rule(_ name: String, _ priority: Int, _ source: String, _ port: String) -> String {
            #"{"name": "\#(name)", "properties": {"priority": \#(priority), "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "\#(source)", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "\#(port)"}}"#
        }
        return """
            [
              {"id": "\(base)/virtualNetworks/vnet", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
               "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/24"]}, "subnets": [
                 {"name": "web", "properties": {"addressPrefix": "10.0.0.0/26", "networkSecurityGroup": {"id": "\(base)/networkSecurityGroups/nsg"}}}]}},
              {"id": "\(base)/networkSecurityGroups/nsg", "type": "Microsoft.Network/networkSecurityGroups",
               "properties": {"securityRules": [\(rule("a", 100, "203.0.0.0/24", "1000")), \(rule("b", 101, secondSource, "1001"))]}},
              {"id": "\(base)/publicIPAddresses/pip", "type": "Microsoft.Network/publicIPAddresses", "sku": {"name": "Standard"}, "properties": {"ipAddress": "20.1.1.1"}},
              {"id": "\(base)/networkInterfaces/vm", "type": "Microsoft.Network/networkInterfaces",
               "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.0.0.4",
                 "subnet": {"id": "\(base)/virtualNetworks/vnet/subnets/web"}, "publicIPAddress": {"id": "\(base)/publicIPAddresses/pip"}}}]}}
            ]
            """
    }

    @Test(
        "deny tcp/1001 from the Internet is violated when a rule on a prefix next to another rule's opens it",
        arguments: ["203.0.1.0/24", "203.0.2.0/24", "203.0.0.128/25"])
    func adjacentPrefixes(second: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try Self.estate(secondSource: second).write(to: directory.appending("estate.json"), atomically: true, encoding: .utf8)
        try """
        version: 1
        policies:
          - {id: no-1001, kind: deny, description: d, from: [internet], to: [vnet:vnet], services: [tcp/1001]}
        """.write(to: directory.appending("policy.yaml"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["check", directory.appending("estate.json").path, "--policy", directory.appending("policy.yaml").path])
        #expect(result.exitCode == 1, "\(second): \(result.stdout) \(result.stderr)")
        let flow = try CLIRunner.run([
            "flow", directory.appending("estate.json").path, "--src",
            second == "203.0.0.128/25" ? "203.0.0.200" : "203.0.\(second == "203.0.1.0/24" ? 1 : 2).5",
            "--dst", "20.1.1.1", "--protocol", "tcp", "--port", "1001",
        ])
        #expect(flow.stdout.contains("ALLOW"), "\(flow.stdout)")
    }
}

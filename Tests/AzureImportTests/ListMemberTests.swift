import AzureImport
import Testing
import TopologyModel

/// Members that hold lists: an item of the wrong kind, or a list of the wrong kind, is an
/// error at its JSON pointer (it used to be dropped, or read as something else, without a word).
@Suite("List members of the wrong kind")
struct ListMemberTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// Members replacing the rule's own (JSON, without braces).
        let rule: String
        let pointer: String
        let message: String
        var testDescription: String { name }
    }

    static let ruleCases: [Case] = [
        Case(
            name: "a number among address prefixes (it was read as the service tag '1')",
            rule: #""sourceAddressPrefixes": [1, "10.0.0.0/24"]"#,
            pointer: "/properties/sourceAddressPrefixes/0",
            message: #"an item of "sourceAddressPrefixes" must be an address, CIDR or service tag as a string, found a number (1)"#),
        Case(
            name: "a boolean among port ranges",
            rule: #""destinationPortRanges": [true]"#,
            pointer: "/properties/destinationPortRanges/0",
            message: #"an item of "destinationPortRanges" must be a port or port range, found a boolean (true)"#),
        Case(
            name: "a string where an application security group reference belongs",
            rule: #""sourceApplicationSecurityGroups": ["x"]"#,
            pointer: "/properties/sourceApplicationSecurityGroups/0",
            message: #"an item of "sourceApplicationSecurityGroups" must be a reference ({"id": "/subscriptions/..."}), found the string 'x'"#),
        Case(
            name: "an application security group reference without an id (it was dropped)",
            rule: #""destinationApplicationSecurityGroups": [{"name": "asg-web"}]"#,
            pointer: "/properties/destinationApplicationSecurityGroups/0",
            message: #"a destinationApplicationSecurityGroups entry has no "id""#),
        Case(
            name: "one reference where a list belongs (it was dropped)",
            rule:
                #""destinationApplicationSecurityGroups": {"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/applicationSecurityGroups/a"}"#,
            pointer: "/properties/destinationApplicationSecurityGroups",
            message: #""destinationApplicationSecurityGroups" must be an array, found an object"#),
        Case(
            name: "an object among port ranges",
            rule: #""sourcePortRanges": ["80", {"port": 443}]"#,
            pointer: "/properties/sourcePortRanges/1",
            message: #"an item of "sourcePortRanges" must be a port or port range, found an object"#),
    ]

    /// A rule of the small estate whose address and port members are replaced by `members`
    /// (JSON, without braces): the rule keeps the sides the members leave alone.
    static func rule(_ members: String) -> String {
        let sides = [
            ("sourceAddressPrefix", #""10.0.0.0/16""#), ("sourcePortRange", #""*""#),
            ("destinationAddressPrefix", #""*""#), ("destinationPortRange", #""22""#),
        ]
        var properties = [#""protocol": "Tcp""#, #""access": "Allow""#, #""direction": "Inbound""#, #""priority": 100"#, members]
        for (key, value) in sides where !members.contains("\"\(key)") { properties.append("\"\(key)\": \(value)") }
        return """
            {"id": "\(SmallEstate.ruleID)", "name": "allow-ssh", "type": "Microsoft.Network/networkSecurityGroups/securityRules", "properties": {\(properties.joined(separator: ", "))}}
            """
    }

    /// The single error importing the rule with `members`.
    static func error(rule members: String) throws -> Diagnostic {
        let failure = try #require(throws: ImportError.self) {
            try AzureImporter.load(json: "[\(SmallEstate.nsg(rules: "[\(rule(members))]"))]", file: "rules.json")
        }
        #expect(failure.diagnostics.count == 1, "\(failure.diagnostics.map(\.rendered))")
        return try #require(failure.diagnostics.first)
    }

    @Test("an NSG rule's lists", arguments: ruleCases)
    func securityRule(_ c: Case) throws {
        let d = try Self.error(rule: c.rule)
        #expect(d.file == "rules.json" && d.line == 2)
        #expect(d.pointer == "/0/properties/securityRules/0" + c.pointer)
        #expect(d.message == c.message)
    }

    @Test("whole numbers stand for ports, as priorities do")
    func numericPorts() throws {
        let topology = try AzureImporter.load(json: "[\(SmallEstate.nsg(rules: "[\(Self.rule(#""destinationPortRanges": [22, "80-81"]"#))]"))]").topology
        let parsed = try #require(topology.securityGroups.values.first?.rules.first { $0.name == "allow-ssh" })
        #expect(parsed.destinationPorts == PortSet([22...22, 80...81]))
    }

    static let policyBase = "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/firewallPolicies/fp"

    /// A firewall using a policy whose rule collection group has one network rule holding
    /// `members`.
    static func group(rule members: String) -> String {
        """
        [{"id": "\(policyBase)", "type": "Microsoft.Network/firewallPolicies", "properties": {}},
         {"id": "\(policyBase)/ruleCollectionGroups/g", "type": "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
          "properties": {"priority": 200, "ruleCollections": [{"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "c",
            "priority": 300, "action": {"type": "Allow"},
            "rules": [{"ruleType": "NetworkRule", "name": "r", "sourceAddresses": ["10.0.0.0/8"], "destinationAddresses": ["*"],
                       "destinationPorts": ["443"], \(members)}]}]}},
         {"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/azureFirewalls/fw", "type": "Microsoft.Network/azureFirewalls",
          "properties": {"firewallPolicy": {"id": "\(policyBase)"}}}]
        """
    }

    static let firewallCases: [Case] = [
        Case(
            name: "an unknown protocol (the rule matched every protocol)", rule: #""ipProtocols": ["TPC"]"#,
            pointer: "/1/properties/ruleCollections/0/rules/0/ipProtocols/0", message: "protocol 'TPC' is not TCP, UDP, ICMP or Any"),
        Case(
            name: "an object among IP Groups (it was dropped)", rule: #""ipProtocols": ["TCP"], "sourceIpGroups": [{"name": "g"}]"#,
            pointer: "/1/properties/ruleCollections/0/rules/0/sourceIpGroups/0",
            message: #"an item of "sourceIpGroups" must be a resource ID, found an object"#),
        Case(
            name: "a number among FQDNs (it was dropped)", rule: #""ipProtocols": ["TCP"], "destinationFqdns": ["a.example", 7]"#,
            pointer: "/1/properties/ruleCollections/0/rules/0/destinationFqdns/1",
            message: #"an item of "destinationFqdns" must be an FQDN as a string, found a number (7)"#),
        Case(
            name: "rules that are not a list (they were dropped)",
            rule: #""ipProtocols": ["TCP"]}, {"ruleType": "NetworkRule", "name": "s", "destinationPorts": "22""#,
            pointer: "/1/properties/ruleCollections/0/rules/1/destinationPorts",
            message: #""destinationPorts" must be an array, found a string"#),
    ]

    @Test("a firewall policy rule's lists", arguments: firewallCases)
    func firewallRule(_ c: Case) throws {
        let failure = try #require(throws: ImportError.self) { try AzureImporter.load(json: Self.group(rule: c.rule), file: "policy.json") }
        let d = try #require(failure.diagnostics.first)
        #expect(failure.diagnostics.count == 1, "\(failure.diagnostics.map(\.rendered))")
        #expect(d.file == "policy.json" && d.pointer == c.pointer)
        #expect(d.message == c.message)
    }

    @Test("a load balancer whose pools are an object, and a NAT gateway's subnets as strings, are errors at their pointers")
    func loadBalancerAndNATGateway() throws {
        let base = "/subscriptions/s/resourceGroups/r/providers/Microsoft.Network"
        let json = """
            [{"id": "\(base)/loadBalancers/lb", "type": "Microsoft.Network/loadBalancers", "sku": {"name": "Standard"},
              "properties": {"backendAddressPools": {"name": "pool"}}},
             {"id": "\(base)/natGateways/nat", "type": "Microsoft.Network/natGateways", "properties": {"subnets": ["\(base)/virtualNetworks/v/subnets/s"]}}]
            """
        let failure = try #require(throws: ImportError.self) { try AzureImporter.load(json: json, file: "lb.json") }
        #expect(failure.diagnostics.map(\.pointer) == ["/0/properties/backendAddressPools", "/1/properties/subnets/0"])
        #expect(
            failure.diagnostics.map(\.message) == [
                #""backendAddressPools" must be an array, found an object"#,
                #"an item of "subnets" must be a reference ({"id": "/subscriptions/..."}), found a string"#,
            ])
    }
}

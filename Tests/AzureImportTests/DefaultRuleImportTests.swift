import AzureImport
import Foundation
import Testing
import TopologyModel

/// NSG-12 and NSG-13: every NSG ends up with exactly the six default rules.
@Suite("Default rules on import")
struct DefaultRuleImportTests {
    static let defaultNames = [
        "AllowVnetInBound", "AllowAzureLoadBalancerInBound", "DenyAllInBound",
        "AllowVnetOutBound", "AllowInternetOutBound", "DenyAllOutBound",
    ]

    static func defaultRule(_ name: String, _ priority: Int, _ direction: String, _ access: String, src: String = "*", dst: String = "*") -> String {
        """
        {"id": "\(SmallEstate.nsgID)/defaultSecurityRules/\(name)", "name": "\(name)",
         "properties": {"protocol": "*", "sourcePortRange": "*", "destinationPortRange": "*", "sourceAddressPrefix": "\(src)",
           "destinationAddressPrefix": "\(dst)", "access": "\(access)", "priority": \(priority), "direction": "\(direction)"}}
        """
    }

    static func nsg(defaults: [String]) -> String {
        """
        {"id": "\(SmallEstate.nsgID)", "name": "nsg-app", "type": "Microsoft.Network/networkSecurityGroups",
         "properties": {"securityRules": [\(SmallEstate.rule)], "defaultSecurityRules": [\(defaults.joined(separator: ","))]}}
        """
    }

    static let apiDefaults = [
        defaultRule("AllowVnetInBound", 65000, "Inbound", "Allow", src: "VirtualNetwork", dst: "VirtualNetwork"),
        defaultRule("AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow", src: "AzureLoadBalancer"),
        defaultRule("DenyAllInBound", 65500, "Inbound", "Deny"),
        defaultRule("AllowVnetOutBound", 65000, "Outbound", "Allow", src: "VirtualNetwork", dst: "VirtualNetwork"),
        defaultRule("AllowInternetOutBound", 65001, "Outbound", "Allow", dst: "Internet"),
        defaultRule("DenyAllOutBound", 65500, "Outbound", "Deny"),
    ]

    static func imported(_ json: String) throws -> NetworkSecurityGroup {
        try #require(try AzureImporter.load(json: json, file: "nsg.json").topology.securityGroups.values.first)
    }

    @Test("missing defaultSecurityRules: the six are synthesised")
    func synthesised() throws {
        let nsg = try Self.imported(SmallEstate.nsg())
        let defaults = nsg.rules.filter(\.isDefault)
        #expect(defaults.count == 6)
        #expect(Set(defaults.map(\.name)) == Set(Self.defaultNames))
        #expect(defaults.allSatisfy { $0.origin == nil })
        #expect(Set(defaults.map(RuleSignature.init)) == Set(SecurityRule.defaultRules(securityGroup: nsg.id).map(RuleSignature.init)))
        #expect(nsg.rules(.inbound).map(\.name) == ["allow-ssh", "AllowVnetInBound", "AllowAzureLoadBalancerInBound", "DenyAllInBound"])
    }

    @Test("defaults given: kept, not duplicated")
    func given() throws {
        let nsg = try Self.imported(Self.nsg(defaults: Self.apiDefaults))
        #expect(nsg.rules.count == 7)
        let defaults = nsg.rules.filter(\.isDefault)
        #expect(defaults.count == 6)
        #expect(defaults.allSatisfy { $0.origin?.file == "nsg.json" }, "the given rules are used, not synthesised ones")
        let synthesised = Set(SecurityRule.defaultRules(securityGroup: nsg.id).map(RuleSignature.init))
        #expect(Set(defaults.map(RuleSignature.init)) == synthesised)
    }

    @Test("defaults spelled as on the Learn page are matched case-insensitively")
    func learnCasing() throws {
        let learn = [
            Self.defaultRule("AllowVNetInBound", 65000, "Inbound", "Allow", src: "VirtualNetwork", dst: "VirtualNetwork"),
            Self.defaultRule("DenyAllInbound", 65500, "Inbound", "Deny"),
        ]
        let nsg = try Self.imported(Self.nsg(defaults: learn))
        let defaults = nsg.rules.filter(\.isDefault)
        #expect(defaults.count == 6)
        #expect(Set(defaults.map { $0.name.lowercased() }) == Set(Self.defaultNames.map { $0.lowercased() }))
    }

    @Test("some defaults given: the rest are synthesised")
    func partial() throws {
        let nsg = try Self.imported(Self.nsg(defaults: [Self.apiDefaults[2]]))
        let defaults = nsg.rules.filter(\.isDefault)
        #expect(defaults.count == 6)
        #expect(defaults.filter { $0.origin != nil }.map(\.name) == ["DenyAllInBound"])
    }

    @Test("separate defaultSecurityRules children count as given")
    func separateDefaults() throws {
        let separate = Self.apiDefaults.map {
            $0.replacingOccurrences(of: #""name": "#, with: #""type": "Microsoft.Network/networkSecurityGroups/defaultSecurityRules", "name": "#)
        }
        let json = "[\(SmallEstate.nsg()), \(separate.joined(separator: ","))]"
        let result = try AzureImporter.load(json: json)
        let nsg = try #require(result.topology.securityGroups.values.first)
        #expect(nsg.rules.filter(\.isDefault).count == 6)
        #expect(nsg.rules.filter(\.isDefault).allSatisfy { $0.origin != nil })
        #expect(result.diagnostics.isEmpty)
    }

    @Test("a default rule priority outside 65000-65500 is an error")
    func badDefaultPriority() {
        let errors = importErrors(Self.nsg(defaults: [Self.defaultRule("DenyAllInBound", 4000, "Inbound", "Deny")]))
        #expect(errors.count == 1)
        #expect(errors.first?.pointer == "/properties/defaultSecurityRules/0/properties/priority")
        #expect(errors.first?.message.contains("priority 4000 is outside 65000-65500") == true)
    }
}

import Testing
import TopologyModel

/// azure-semantics.md §1.3 (NSG-12).
@Suite("Default security rules")
struct DefaultRulesTests {
    static let nsg = ResourceID("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-a")

    @Test("six rules with the API's names, priorities, directions and access")
    func table() {
        let rules = SecurityRule.defaultRules(securityGroup: Self.nsg)
        #expect(rules.count == 6)
        let rows = rules.map { "\($0.direction.rawValue) \($0.name) \($0.priority) \($0.access.rawValue)" }
        #expect(
            rows == [
                "inbound AllowVnetInBound 65000 allow",
                "inbound AllowAzureLoadBalancerInBound 65001 allow",
                "inbound DenyAllInBound 65500 deny",
                "outbound AllowVnetOutBound 65000 allow",
                "outbound AllowInternetOutBound 65001 allow",
                "outbound DenyAllOutBound 65500 deny",
            ])
    }

    @Test("every default rule covers all protocols and ports and is marked default")
    func fields() {
        for rule in SecurityRule.defaultRules(securityGroup: Self.nsg) {
            #expect(rule.isDefault)
            #expect(rule.protocols == .all)
            #expect(rule.protocolText == "*")
            #expect(rule.sourcePorts.isFull)
            #expect(rule.destinationPorts.isFull)
            #expect(rule.id == ResourceID(Self.nsg.text + "/defaultSecurityRules/" + rule.name))
            #expect(rule.id?.parent == Self.nsg)
        }
    }

    @Test("sources and destinations")
    func addresses() throws {
        let byName = Dictionary(uniqueKeysWithValues: SecurityRule.defaultRules(securityGroup: Self.nsg).map { ($0.name, $0) })
        let vnetIn = try #require(byName["AllowVnetInBound"])
        #expect(vnetIn.source.tags == [.virtualNetwork] && vnetIn.destination.tags == [.virtualNetwork])
        let lb = try #require(byName["AllowAzureLoadBalancerInBound"])
        #expect(lb.source.tags == [.azureLoadBalancer] && lb.destination.any)
        let internet = try #require(byName["AllowInternetOutBound"])
        #expect(internet.source.any && internet.destination.tags == [.internet])
        for name in ["DenyAllInBound", "DenyAllOutBound"] {
            let deny = try #require(byName[name])
            #expect(deny.source.any && deny.destination.any)
        }
    }

    @Test("an NSG sorts its rules by direction then priority")
    func nsgOrdering() {
        let defaults = SecurityRule.defaultRules(securityGroup: Self.nsg)
        let nsg = NetworkSecurityGroup(id: Self.nsg, name: "nsg-a", location: "westeurope", rules: defaults.reversed(), origin: nil)
        #expect(nsg.rules(.inbound).map(\.priority) == [65000, 65001, 65500])
        #expect(nsg.rules(.outbound).map(\.name) == ["AllowVnetOutBound", "AllowInternetOutBound", "DenyAllOutBound"])
    }
}

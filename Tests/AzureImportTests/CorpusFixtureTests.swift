import AzureImport
import TestSupport
import Testing
import TopologyModel

/// Specific assertions on three files of the corpus in Tests/Fixtures/Corpus
/// (provenance in its PROVENANCE.md).
@Suite("Corpus fixtures")
struct CorpusFixtureTests {
    static let rule = Fixtures.corpus("rest-json/azure-cli__network_recording__test_network_extended_nsg__i010_GET_securityRule_child_resource.json")
    static let vnet = Fixtures.corpus("rest-json/azure-cli__network_recording__test_network_vnet_with_subnet_nsg__i007_GET_virtualNetwork_subnet_with_nsg.json")
    static let peering = Fixtures.corpus("rest-json/azure-rest-api-specs__network_stable_2024-01-01_examples__VirtualNetworkPeeringGet.json")

    @Test("a securityRules child GET alone: skipped, parent named")
    func ruleAlone() throws {
        let result = try AzureImporter.load(paths: [Self.rule])
        #expect(result.topology.securityGroups.isEmpty)
        let warning = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(warning.kind == .danglingReference)
        #expect(
            warning.message.contains(
                "its parent /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/cli_test_extended_nsg000001/providers/Microsoft.Network/networkSecurityGroups/nsg1 is not in the input"
            ))
    }

    @Test("a securityRules child GET with its NSG: the augmented rule is read")
    func ruleWithParent() throws {
        let result = try AzureImporter.load(paths: [Self.rule, Fixtures.fixture("Import/nsg1-parent.json")])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.rendered))")
        let nsg = try #require(result.topology.securityGroups.values.first)
        #expect(nsg.name == "nsg1")
        #expect(nsg.rules.count == 7)
        let rule = try #require(nsg.rules.first { !$0.isDefault })
        #expect(rule.name == "rule1")
        #expect(rule.priority == 1000)
        #expect(rule.direction == .inbound)
        #expect(rule.access == .allow)
        #expect(rule.protocols == .all)
        #expect(rule.sourcePorts.isFull)
        #expect(rule.destinationPorts.portDescription == "500-1000,2000,3000")
        // sourceAddressPrefix is "" and the plural holds the CIDRs (NSG-10).
        #expect(rule.source.texts == ["10.0.0.0/24", "11.0.0.0/24"])
        #expect(rule.source.prefixes == AddressSet(prefixes: [IPPrefix("10.0.0.0/24")!, IPPrefix("11.0.0.0/24")!]))
        #expect(!rule.source.any)
        #expect(rule.destination.tags == [.internet])
        #expect(rule.origin == TopologyModel.SourceLocation(file: Self.rule, pointer: ""))
    }

    @Test("a VNet GET whose subnet names an NSG that is not in the input")
    func vnetWithSubnetNSG() throws {
        let result = try AzureImporter.load(paths: [Self.vnet])
        let vnet = try #require(result.topology.networks.values.first)
        #expect(vnet.name == "vnet1")
        #expect(vnet.location == "westus")
        #expect(vnet.addressSpace.map(\.description) == ["10.0.0.0/16", "20.0.0.0/16"])
        let subnet = try #require(result.topology.subnets.values.first)
        #expect(subnet.name == "subnet1")
        #expect(subnet.prefixes.map(\.description) == ["20.0.0.0/24"])
        #expect(subnet.privateEndpointNetworkPolicies == .enabled)
        #expect(subnet.securityGroup?.name == "nsg")
        let warning = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(warning.kind == .danglingReference)
        #expect(warning.file == Self.vnet)
        #expect(warning.pointer == "/properties/subnets/0/properties/networkSecurityGroup")
        #expect(warning.line == 28)
        #expect(warning.message.hasSuffix("which is not in the input; assumed no NSG on this subnet (all traffic passes at this level)"))
    }

    @Test("a peering GET without a type: the type is read from its id")
    func peeringTypeFromID() throws {
        let alone = try AzureImporter.load(paths: [Self.peering])
        #expect(alone.topology.peerings.isEmpty)
        #expect(alone.ignoredTypes.isEmpty, "recognised as a peering, not an unknown type")
        #expect(
            alone.diagnostics.map(\.message) == [
                "Microsoft.Network/virtualNetworks/virtualNetworkPeerings 'peer': its parent /subscriptions/subid/resourceGroups/peerTest/providers/Microsoft.Network/virtualNetworks/vnet1 is not in the input, so it is not analysed"
            ])

        let result = try AzureImporter.load(paths: [Self.peering, Fixtures.fixture("Import/peering-parents.json")])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.rendered))")
        let peering = try #require(result.topology.peerings.values.first)
        #expect(peering.name == "peer")
        #expect(peering.localNetwork.name == "vnet1")
        #expect(peering.remoteNetwork?.name == "vnet2")
        #expect(peering.state == "initiated")
        #expect(!peering.isConnected)
        #expect(peering.allowVirtualNetworkAccess)
        #expect(peering.allowForwardedTraffic)
        #expect(!peering.allowGatewayTransit)
        #expect(!peering.useRemoteGateways)
        #expect(peering.remoteAddressSpace == [IPPrefix("12.0.0.0/8")!])
        #expect(result.topology.peeringsByNetwork[peering.localNetwork] == [peering.id])
    }
}

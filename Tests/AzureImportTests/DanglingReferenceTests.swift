import AzureImport
import Foundation
import Testing
import TopologyModel

/// A reference to a resource outside the input is a warning that says what was assumed.
@Suite("Dangling references")
struct DanglingReferenceTests {
    func warnings(_ result: ImportResult) -> [Diagnostic] { result.diagnostics.filter { $0.severity == .warning } }

    @Test("a NIC in a subnet that is not in the input")
    func nicSubnet() throws {
        let result = try AzureImporter.load(json: "[\(SmallEstate.nic)]", file: "nics.json")
        let warning = try #require(warnings(result).first)
        #expect(warnings(result).count == 1)
        #expect(warning.kind == .danglingReference)
        #expect(warning.file == "nics.json")
        #expect(warning.pointer == "/0/properties/ipConfigurations/0")
        #expect(warning.resource == ResourceID(SmallEstate.nicID + "/ipConfigurations/ipconfig1"))
        #expect(
            warning.message
                == "NIC 'nic1' IP configuration 'ipconfig1' is in subnet \(SmallEstate.subnetID), which is not in the input; this endpoint is not analysed")
        #expect(result.topology.interfaces.count == 1)
        #expect(result.topology.subnets.isEmpty)
        #expect(result.topology.subnet(containing: IPAddress("10.0.1.4")!) == nil)
    }

    @Test("an endpoint in a missing subnet is not indexed as a host, as the warning says")
    func nicSubnetNotIndexed() throws {
        let t = try AzureImporter.load(json: "[\(SmallEstate.nic)]").topology
        #expect(t.endpointsByAddress[IPAddress("10.0.1.4")!] == nil)
        #expect(t.endpointsBySubnet.isEmpty)

    }

    @Test("a subnet NSG that is not in the input")
    func subnetNSG() throws {
        let result = try AzureImporter.load(json: "[\(SmallEstate.vnet())]", file: "vnets.json")
        let warning = try #require(warnings(result).first)
        #expect(warnings(result).count == 1)
        #expect(warning.kind == .danglingReference)
        #expect(warning.pointer == "/0/properties/subnets/0/properties/networkSecurityGroup")
        #expect(warning.line == 2)
        #expect(warning.message.contains("references NSG \(SmallEstate.nsgID), which is not in the input"))
        #expect(warning.message.contains("assumed no NSG on this subnet"))
        // The reference is kept: the subnet still names the NSG.
        #expect(result.topology.subnets.values.first?.securityGroup == ResourceID(SmallEstate.nsgID))
    }

    @Test("a peering to a VNet that is not in the input")
    func peeringRemote() throws {
        let remote = SmallEstate.base + "/virtualNetworks/vnet-remote"
        let peering = """
            [{"id": "\(SmallEstate.vnetID)/virtualNetworkPeerings/to-remote", "name": "to-remote",
              "properties": {"peeringState": "Connected", "allowVirtualNetworkAccess": true, "remoteVirtualNetwork": {"id": "\(remote)"},
                "remoteAddressSpace": {"addressPrefixes": ["10.9.0.0/16"]}}}]
            """
        let json = "[\(SmallEstate.vnet(subnets: "[]").replacingOccurrences(of: "\"subnets\": []", with: "\"virtualNetworkPeerings\": \(peering)"))]"
        let result = try AzureImporter.load(json: json)
        let warning = try #require(warnings(result).first)
        #expect(warnings(result).count == 1)
        #expect(warning.kind == .danglingReference)
        #expect(warning.pointer == "/0/properties/virtualNetworkPeerings/0/properties/remoteVirtualNetwork")
        #expect(
            warning.message == "peering 'to-remote' points at VNet \(remote), which is not in the input; without the remote side no traffic crosses it (PEER-1)"
        )
        let imported = try #require(result.topology.peerings.values.first)
        #expect(imported.remoteNetwork == ResourceID(remote))
        #expect(imported.isConnected)
        #expect(imported.remoteAddressSpace == [IPPrefix("10.9.0.0/16")!])
    }

    @Test("a child whose parent is not in the input is skipped with a warning")
    func orphanChild() throws {
        let result = try AzureImporter.load(json: "[\(SmallEstate.rule), \(SmallEstate.subnet)]")
        #expect(result.topology.resourceCount == 0)
        let messages = warnings(result).map(\.message)
        #expect(messages.count == 2)
        #expect(
            messages.contains(
                "Microsoft.Network/networkSecurityGroups/securityRules 'allow-ssh': its parent \(SmallEstate.nsgID) is not in the input, so it is not analysed")
        )
        #expect(
            messages.contains("Microsoft.Network/virtualNetworks/subnets 'app': its parent \(SmallEstate.vnetID) is not in the input, so it is not analysed"))
        #expect(warnings(result).allSatisfy { $0.kind == .danglingReference })
    }

    @Test("warnings never make the import throw, and each is reported once")
    func noThrow() throws {
        // The VNet twice (two listings), its subnet pointing at a missing NSG.
        let result = try AzureImporter.load(json: "[\(SmallEstate.vnet()), \(SmallEstate.vnet())]")
        #expect(result.topology.networks.count == 1)
        #expect(warnings(result).count == 1)
    }
}

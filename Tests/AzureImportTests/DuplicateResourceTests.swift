import AzureImport
import Foundation
import Testing
import TopologyModel

/// One resource ID described twice: copies that agree (or of which one only leaves members
/// out) merge; copies that disagree are an error naming both places, never a silent pick.
@Suite("Duplicate resource IDs")
struct DuplicateResourceTests {
    static let nsg = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg"

    static func rule(_ name: String, id: String, access: String, port: String) -> String {
        #"{"name": "\#(name)", "id": "\#(nsg)/securityRules/\#(id)", "properties": {"priority": \#(100 + name.count), "direction": "Inbound", "access": "\#(access)", "protocol": "Tcp", "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "\#(port)"}}"#
    }

    @Test("copy-pasted rule IDs in one NSG with different rules are refused (they merged and half the rules vanished)")
    func copyPastedRuleIDs() throws {
        let json = """
            [{"id": "\(Self.nsg)", "type": "Microsoft.Network/networkSecurityGroups", "properties": {"securityRules": [
              \(Self.rule("deny-ssh", id: "r1", access: "Deny", port: "22")), \(Self.rule("allow-web", id: "r1", access: "Allow", port: "443"))]}}]
            """
        let error = try #require(throws: ImportError.self) { try AzureImporter.load(json: json) }
        #expect("\(error)".contains("securityRules/r1 is described twice with different content"), "\(error)")
        #expect("\(error)".contains("/0/properties/securityRules/0") && "\(error)".contains("/0/properties/securityRules/1"), "\(error)")
    }

    @Test("identical copies, and a copy that only leaves members out, merge")
    func agreeingCopiesMerge() throws {
        let rule = Self.rule("deny-ssh", id: "r1", access: "Deny", port: "22")
        let json = """
            [{"id": "\(Self.nsg)", "type": "Microsoft.Network/networkSecurityGroups", "properties": {"securityRules": [\(rule)]}},
             \(rule.replacingOccurrences(of: #""name": "deny-ssh","#, with: #""type": "Microsoft.Network/networkSecurityGroups/securityRules", "name": "deny-ssh","#)),
             {"id": "\(Self.nsg)", "type": "Microsoft.Network/networkSecurityGroups", "properties": {}}]
            """
        let topology = try AzureImporter.load(json: json).topology
        #expect(topology.securityGroups[ResourceID(Self.nsg)]?.rules(.inbound).filter { !$0.isDefault }.map(\.name) == ["deny-ssh"])
    }
}

/// Exports whose IDs lack the leading slash are analysed like any other.
@Suite("Unrooted IDs in exports")
struct UnrootedIDImportTests {
    @Test("a VNet, its subnet and a NIC with IDs written without the leading slash are one estate")
    func unrootedExport() throws {
        let base = "subscriptions/0/resourceGroups/test/providers/Microsoft.Network"
        let json = """
            [{"id": "\(base)/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/24"]},
               "subnets": [{"name": "s", "properties": {"addressPrefix": "10.0.0.0/26"}}]}},
             {"id": "\(base)/networkInterfaces/vm", "type": "Microsoft.Network/networkInterfaces",
              "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.0.0.4", "subnet": {"id": "/\(base)/virtualNetworks/v/subnets/s"}}}]}}]
            """
        let topology = try AzureImporter.load(json: json).topology
        let subnet = try #require(topology.subnets[ResourceID("/\(base)/virtualNetworks/v/subnets/s")])
        #expect(subnet.network == ResourceID("/\(base)/virtualNetworks/v"))
        #expect(topology.endpointsBySubnet[subnet.id]?.map(\.address) == [IPAddress("10.0.0.4")!])
    }
}

/// A public IP that two IP configurations claim is given to one of them, with a warning.
@Suite("Public IPs claimed twice")
struct PublicIPClaimTests {
    @Test("the public IP's own ipConfiguration is believed over another NIC's claim, and the import says so")
    func backReferenceWins() throws {
        let base = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network"
        func nic(_ name: String, _ ip: String) -> String {
            #"{"id": "\#(base)/networkInterfaces/\#(name)", "type": "Microsoft.Network/networkInterfaces", "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "\#(ip)", "subnet": {"id": "\#(base)/virtualNetworks/v/subnets/s"}, "publicIPAddress": {"id": "\#(base)/publicIPAddresses/pip"}}}]}}"#
        }
        let json = """
            [{"id": "\(base)/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/24"]},
               "subnets": [{"name": "s", "properties": {"addressPrefix": "10.0.0.0/26"}}]}},
             \(nic("a", "10.0.0.4")), \(nic("b", "10.0.0.5")),
             {"id": "\(base)/publicIPAddresses/pip", "type": "Microsoft.Network/publicIPAddresses", "sku": {"name": "Standard"},
              "properties": {"ipAddress": "20.1.1.1", "ipConfiguration": {"id": "\(base)/networkInterfaces/b/ipConfigurations/c"}}}]
            """
        let result = try AzureImporter.load(json: json)
        let holder = try #require(result.topology.publicEndpointsByAddress[IPAddress("20.1.1.1")!])
        #expect(holder.address == IPAddress("10.0.0.5")!, "the address's own back-reference names nic b")
        #expect(result.topology.endpointsByAddress[IPAddress("10.0.0.4")!]?.publicIP == nil)
        let warning = try #require(result.diagnostics.first { $0.message.contains("is claimed by 2 IP configurations") })
        #expect(warning.message.contains("believed: \(base)/networkInterfaces/b/ipConfigurations/c"), "\(warning.message)")
    }
}

import AzureImport
import Foundation
import Testing
import TopologyModel

/// The same estate in every envelope Lateral reads (azure-semantics.md §7).
@Suite("Import envelopes")
struct ImportEnvelopeTests {
    enum Envelope: String, CaseIterable, CustomTestStringConvertible {
        case array, valueList, resourceGraph, powerShell
        var testDescription: String { rawValue }

        var json: String {
            switch self {
            case .array:
                return SmallEstate.array
            case .valueList:
                return #"{"value": \#(SmallEstate.array), "nextLink": null}"#
            case .resourceGraph:
                // Resource Graph lowercases IDs and types but keeps references as ARM spells them.
                let lower = [SmallEstate.vnet(), SmallEstate.nsg(), SmallEstate.nic].map(Self.lowercaseIdentity)
                return #"{"totalRecords": 3, "count": 3, "data": [\#(lower.joined(separator: ","))], "facets": [], "resultTruncated": "false"}"#
            case .powerShell:
                return Self.powerShellJSON
            }
        }

        /// Lowercases the resource's own "id" and "type" values and its children's.
        static func lowercaseIdentity(_ json: String) -> String {
            var out = json
            for id in [
                SmallEstate.vnetID, SmallEstate.nsgID, SmallEstate.nicID, SmallEstate.nicID + "/ipConfigurations/ipconfig1", SmallEstate.ruleID,
                SmallEstate.subnetID,
            ] {
                out = out.replacingOccurrences(of: "\"id\": \"\(id)\", \"name\"", with: "\"id\": \"\(id.lowercased())\", \"name\"")
            }
            for type in ["virtualNetworks", "networkSecurityGroups", "networkInterfaces", "virtualNetworks/subnets", "networkSecurityGroups/securityRules"] {
                out = out.replacingOccurrences(of: "\"Microsoft.Network/\(type)\"", with: "\"microsoft.network/\(type.lowercased())\"")
            }
            return out
        }

        /// Get-AzResource | ConvertTo-Json: PascalCase envelope members.
        static let powerShellJSON = """
            [
              {"ResourceId": "\(SmallEstate.vnetID)", "Id": "\(SmallEstate.vnetID)", "Name": "vnet1", "ResourceName": "vnet1",
               "ResourceType": "Microsoft.Network/virtualNetworks", "Type": "Microsoft.Network/virtualNetworks",
               "ResourceGroupName": "rg-small", "Location": "westeurope",
               "Properties": {"AddressSpace": {"AddressPrefixes": ["10.0.0.0/16"]},
                 "Subnets": [{"Id": "\(SmallEstate.subnetID)", "Name": "app",
                   "Properties": {"AddressPrefix": "10.0.1.0/24", "NetworkSecurityGroup": {"Id": "\(SmallEstate.nsgID)"}}}]}},
              {"ResourceId": "\(SmallEstate.nsgID)", "Id": "\(SmallEstate.nsgID)", "Name": "nsg-app",
               "ResourceType": "Microsoft.Network/networkSecurityGroups", "Location": "westeurope",
               "Properties": {"SecurityRules": [{"Id": "\(SmallEstate.ruleID)", "Name": "allow-ssh",
                 "Properties": {"Protocol": "Tcp", "Access": "Allow", "Direction": "Inbound", "Priority": 100,
                   "SourceAddressPrefix": "10.0.0.0/16", "SourcePortRange": "*", "DestinationAddressPrefix": "*", "DestinationPortRange": "22"}}]}},
              {"ResourceId": "\(SmallEstate.nicID)", "Name": "nic1", "ResourceType": "Microsoft.Network/networkInterfaces", "Location": "westeurope",
               "Properties": {"IpConfigurations": [{"Id": "\(SmallEstate.nicID)/ipConfigurations/ipconfig1", "Name": "ipconfig1",
                 "Properties": {"PrivateIPAddress": "10.0.1.4", "Primary": true, "Subnet": {"Id": "\(SmallEstate.subnetID)"}}}]}}
            ]
            """
    }

    @Test("every envelope imports the same model", arguments: Envelope.allCases)
    func envelope(_ envelope: Envelope) throws {
        let result = try AzureImporter.load(json: envelope.json, file: "estate.json")
        let t = result.topology
        #expect(t.networks.count == 1)
        #expect(t.subnets.count == 1)
        #expect(t.securityGroups.count == 1)
        #expect(t.interfaces.count == 1)
        #expect(t.resourceCount == 4)
        let nsg = try #require(t.securityGroups[ResourceID(SmallEstate.nsgID)])
        #expect(nsg.rules.count == 7)
        #expect(nsg.rules.filter { !$0.isDefault }.map(\.name) == ["allow-ssh"])
        let subnet = try #require(t.subnets[ResourceID(SmallEstate.subnetID)])
        #expect(subnet.securityGroup == nsg.id)
        #expect(subnet.prefixes == [IPPrefix("10.0.1.0/24")!])
        #expect(t.subnetsByNetwork[ResourceID(SmallEstate.vnetID)] == [subnet.id])
        let endpoint = try #require(t.endpointsByAddress[IPAddress("10.0.1.4")!])
        #expect(endpoint.subnet == subnet.id)
        #expect(result.diagnostics.filter { $0.severity == .warning }.isEmpty, "\(result.diagnostics.map(\.rendered))")
        #expect(result.ignoredTypes.isEmpty)
        #expect(result.files == ["estate.json"])
        #expect(ModelSummary(t) == ModelSummary(try AzureImporter.load(json: SmallEstate.array).topology))
    }

    @Test("a single resource object")
    func singleObject() throws {
        let result = try AzureImporter.load(json: SmallEstate.vnet(), file: "vnet.json")
        let t = result.topology
        #expect(t.networks.count == 1)
        #expect(t.subnets.count == 1)
        #expect(t.securityGroups.isEmpty)
        #expect(t.networks.values.first?.origin == TopologyModel.SourceLocation(file: "vnet.json", pointer: ""))
        #expect(t.subnets.values.first?.origin == TopologyModel.SourceLocation(file: "vnet.json", pointer: "/properties/subnets/0"))
        // Its subnet names an NSG that is not in this file.
        #expect(result.diagnostics.map(\.kind) == [.danglingReference])
    }

    @Test("empty inputs import an empty model", arguments: ["[]", #"{"value": []}"#, #"{"count": 0, "data": []}"#])
    func empty(_ json: String) throws {
        let result = try AzureImporter.load(json: json)
        #expect(result.topology.resourceCount == 0)
        #expect(result.diagnostics.isEmpty)
    }

    @Test("a UTF-8 byte order mark (PowerShell Out-File) is skipped")
    func byteOrderMark() throws {
        let result = try AzureImporter.load(json: "\u{FEFF}" + SmallEstate.array)
        #expect(result.topology.resourceCount == 4)
    }

    @Test("origins point into the array")
    func origins() throws {
        let t = try AzureImporter.load(json: SmallEstate.array, file: "estate.json").topology
        #expect(t.interfaces.values.first?.origin?.description == "estate.json#/2")
        #expect(t.securityGroups.values.first?.rules.first { !$0.isDefault }?.origin?.pointer == "/1/properties/securityRules/0")
    }
}

import AzureImport
import Reachability
import Testing
import TopologyModel

/// Rule-field forms not covered elsewhere: comma lists inside one element (NSG-18), several
/// prefixes in one rule (NSG-21), regional service tags (NSG-22), overlapping peered spaces
/// (PEER-4).
@Suite("Rule fields and peering data checks")
struct RuleFieldTests {
    static let base = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network"

    /// One VNet, two subnets, `nsg-b` on subnet b with the given rule properties.
    func estate(rule: String) throws -> EstateIndex {
        let json = """
            [
              {"id": "\(Self.base)/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks",
               "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [
                 {"name": "a", "properties": {"addressPrefix": "10.1.1.0/24"}},
                 {"name": "b", "properties": {"addressPrefix": "10.1.2.0/24", "networkSecurityGroup": {"id": "\(Self.base)/networkSecurityGroups/nsg-b"}}}]}},
              {"id": "\(Self.base)/networkSecurityGroups/nsg-b", "type": "Microsoft.Network/networkSecurityGroups",
               "properties": {"securityRules": [
                 {"name": "r", "properties": {"priority": 100, "direction": "Inbound", "access": "Allow", "sourcePortRange": "*", "destinationAddressPrefix": "*", \(rule)}},
                 {"name": "deny-rest", "properties": {"priority": 200, "direction": "Inbound", "access": "Deny", "protocol": "*",
                   "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "*"}}]}},
              {"id": "\(Self.base)/networkInterfaces/a1", "type": "Microsoft.Network/networkInterfaces",
               "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.1.1.4", "subnet": {"id": "\(Self.base)/virtualNetworks/v/subnets/a"}}}]}},
              {"id": "\(Self.base)/networkInterfaces/a2", "type": "Microsoft.Network/networkInterfaces",
               "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.1.1.9", "subnet": {"id": "\(Self.base)/virtualNetworks/v/subnets/a"}}}]}},
              {"id": "\(Self.base)/networkInterfaces/b1", "type": "Microsoft.Network/networkInterfaces",
               "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.1.2.4", "subnet": {"id": "\(Self.base)/virtualNetworks/v/subnets/b"}}}]}}
            ]
            """
        return EstateIndex(topology: try AzureImporter.load(json: json).topology)
    }

    func rule(_ index: EstateIndex, from: String = "10.1.1.4", port: UInt16) throws -> [String] {
        try index.verdict(FlowQuery(source: IPAddress(from)!, destination: IPAddress("10.1.2.4")!, proto: .tcp, destinationPort: port)).decidingRules
    }

    @Test("NSG-18: a comma list inside one port element is split")
    func commaList() throws {
        let index = try estate(rule: #""protocol": "Tcp", "sourceAddressPrefix": "*", "destinationPortRanges": ["80, 443", " 8000-8010 "]"#)
        #expect(try rule(index, port: 443) == ["nsg-b/r"])
        #expect(try rule(index, port: 8005) == ["nsg-b/r"])
        #expect(try rule(index, port: 444) == ["nsg-b/deny-rest"])
    }

    @Test("NSG-21: several prefixes in one rule are a union; other addresses fall through")
    func prefixList() throws {
        let index = try estate(rule: #""protocol": "Tcp", "sourceAddressPrefixes": ["10.1.1.4/32", "10.9.0.0/16"], "destinationPortRange": "22""#)
        #expect(try rule(index, from: "10.1.1.4", port: 22) == ["nsg-b/r"])
        #expect(try rule(index, from: "10.1.1.9", port: 22) == ["nsg-b/deny-rest"])
    }

    @Test("NSG-21: the host a rule singles out becomes its own attack-graph node")
    func singledOutHost() throws {
        let index = try estate(rule: #""protocol": "Tcp", "sourceAddressPrefixes": ["10.1.1.4/32"], "destinationPortRange": "22""#)
        let graph = index.graph()
        let nodes = graph.nodes.filter { $0.subnetName == "a" }
        #expect(nodes.count == 2)
        let withHop = nodes.filter { graph.hop(from: $0.id, to: "v/b") != nil }
        #expect(withHop.map { $0.endpoints.map(\.address) } == [[IPAddress("10.1.1.4")!]])
    }

    @Test("NSG-22: a regional service tag is not expanded offline; as an Allow source it admits nothing private")
    func regionalTag() throws {
        let index = try estate(rule: #""protocol": "Tcp", "sourceAddressPrefix": "Storage.WestEurope", "destinationPortRange": "22""#)
        #expect(try rule(index, port: 22) == ["nsg-b/deny-rest"])
    }

    @Test("PEER-4: peered VNets whose spaces overlap are reported")
    func overlappingPeers() throws {
        let json = """
            [
              {"id": "\(Self.base)/virtualNetworks/a", "type": "Microsoft.Network/virtualNetworks",
               "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]},
                 "virtualNetworkPeerings": [{"name": "a-b", "properties": {"remoteVirtualNetwork": {"id": "\(Self.base)/virtualNetworks/b"}, "peeringState": "Connected"}}]}},
              {"id": "\(Self.base)/virtualNetworks/b", "type": "Microsoft.Network/virtualNetworks",
               "properties": {"addressSpace": {"addressPrefixes": ["10.1.128.0/17"]}}}
            ]
            """
        let result = try AzureImporter.load(json: json)
        #expect(result.diagnostics.contains { $0.message.contains("PEER-4") })
    }
}

import AzureImport
import Reachability
import Testing
import TopologyModel

/// A packet has one IP version: a flow from an IPv6 address to an IPv4 one (or back) is a
/// question without an answer, not a verdict.
@Suite("Flows of mixed address families")
struct AddressFamilyTests {
    static let base = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network"

    static func index() throws -> EstateIndex {
        let json = """
            [
              {"id": "\(base)/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
               "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16", "fd00::/48"]},
                 "subnets": [{"name": "app", "properties": {"addressPrefixes": ["10.1.1.0/24", "fd00::/64"]}}]}},
              {"id": "\(base)/networkInterfaces/vm", "type": "Microsoft.Network/networkInterfaces",
               "properties": {"ipConfigurations": [
                 {"name": "c4", "properties": {"privateIPAddress": "10.1.1.4", "subnet": {"id": "\(base)/virtualNetworks/v/subnets/app"}}},
                 {"name": "c6", "properties": {"privateIPAddress": "fd00::4", "privateIPAddressVersion": "IPv6",
                                               "subnet": {"id": "\(base)/virtualNetworks/v/subnets/app"}}}]}}
            ]
            """
        return EstateIndex(topology: try AzureImporter.load(json: json).topology)
    }

    @Test(
        "source and destination of different versions are refused, naming both",
        arguments: [("10.1.1.4", "fd00::4"), ("fd00::4", "10.1.1.4"), ("2001:db8::1", "20.1.1.1")])
    func refused(_ pair: (String, String)) throws {
        let index = try Self.index()
        let query = FlowQuery(source: IPAddress(pair.0)!, destination: IPAddress(pair.1)!, proto: .tcp, destinationPort: 22)
        let error = #expect(throws: QueryError.self) { try index.verdict(query) }
        #expect(error?.message.contains("different IP versions") == true, "\(String(describing: error))")
        #expect(error?.message.contains(pair.0) == true)
        #expect(error?.message.contains(pair.1) == true)
    }

    @Test("the same version on both sides still gets a verdict", arguments: [("10.1.1.4", "10.1.1.4"), ("fd00::4", "fd00::4")])
    func sameVersion(_ pair: (String, String)) throws {
        let index = try Self.index()
        let query = FlowQuery(source: IPAddress(pair.0)!, destination: IPAddress(pair.1)!, proto: .tcp, destinationPort: 22)
        #expect(try index.verdict(query).allowed)
    }
}

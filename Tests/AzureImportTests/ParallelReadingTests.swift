import AzureImport
import Testing
import TopologyModel

/// A document's resources are described on every core and recorded in input order. Nothing
/// may depend on that: every resource and nested child is read, a resource given twice keeps
/// its fuller description, and every share's diagnostics reach the result.
@Suite("Resources read in parallel")
struct ParallelReadingTests {
    static func vnet(_ n: Int) -> String {
        """
        {"id": "\(SmallEstate.base)/virtualNetworks/vnet-\(n)", "name": "vnet-\(n)", "type": "Microsoft.Network/virtualNetworks",
         "location": "westeurope", "properties": {"addressSpace": {"addressPrefixes": ["10.\(n).0.0/16"]},
         "subnets": [{"name": "a", "properties": {"addressPrefix": "10.\(n).1.0/24"}}]}}
        """
    }

    @Test("forty VNets with nested subnets, and a subnet given again in full at the end")
    func everyResource() throws {
        let again = """
            {"id": "\(SmallEstate.base)/virtualNetworks/vnet-3/subnets/a", "name": "a", "type": "Microsoft.Network/virtualNetworks/subnets",
             "properties": {"addressPrefix": "10.3.1.0/24", "routeTable": {"id": "\(SmallEstate.base)/routeTables/rt-missing"}}}
            """
        let result = try AzureImporter.load(json: "[" + (0..<40).map(Self.vnet).joined(separator: ", ") + ", " + again + "]")
        #expect(result.topology.networks.count == 40 && result.topology.subnets.count == 40)
        for n in 0..<40 {
            #expect(
                result.topology.subnets[ResourceID("\(SmallEstate.base)/virtualNetworks/vnet-\(n)/subnets/a")]?.prefixes.map(\.description) == [
                    "10.\(n).1.0/24"
                ])
        }
        // The fuller description (with a route table) is the one kept.
        #expect(result.topology.subnets[ResourceID("\(SmallEstate.base)/virtualNetworks/vnet-3/subnets/a")]?.routeTable?.name == "rt-missing")
    }

    @Test("errors in items that different shares read are all reported")
    func errorsFromEveryShare() {
        let bad: Set<Int> = [2, 21, 39]
        let items = (0..<40).map { bad.contains($0) ? "42" : Self.vnet($0) }
        let errors = importErrors("[" + items.joined(separator: ", ") + "]")
        #expect(errors.compactMap(\.pointer) == bad.sorted().map { "/\($0)" })
    }
}

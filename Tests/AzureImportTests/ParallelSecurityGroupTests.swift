import AzureImport
import Testing
import TopologyModel

/// NSGs are converted on every core while one worker converts every other resource, each
/// worker with its own copy of the import context. Nothing may depend on that: every NSG is
/// converted, and every worker's diagnostics reach the result.
@Suite("NSGs converted in parallel")
struct ParallelSecurityGroupTests {
    static func nsg(_ n: Int, priority: Int) -> String {
        """
        {"id": "\(SmallEstate.base)/networkSecurityGroups/nsg-\(n)", "name": "nsg-\(n)", "type": "Microsoft.Network/networkSecurityGroups",
         "location": "westeurope", "properties": {"securityRules": [{"name": "r\(n)", "properties": {"protocol": "Tcp", "access": "Allow",
         "direction": "Inbound", "priority": \(priority), "sourceAddressPrefix": "10.\(n).0.0/16", "sourcePortRange": "*",
         "destinationAddressPrefix": "*", "destinationPortRange": "\(1000 + n)"}}]}}
        """
    }

    @Test("forty NSGs: all converted, each with its own rule")
    func all() throws {
        let json = "[" + (0..<40).map { Self.nsg($0, priority: 100 + $0) }.joined(separator: ", ") + "]"
        let groups = try AzureImporter.load(json: json).topology.securityGroups
        #expect(groups.count == 40)
        for n in 0..<40 {
            let rule = groups[ResourceID("\(SmallEstate.base)/networkSecurityGroups/nsg-\(n)")]?.rules(.inbound).first { !$0.isDefault }
            #expect(rule?.name == "r\(n)" && rule?.priority == 100 + n && rule?.destinationPorts == PortSet(UInt16(1000 + n)...UInt16(1000 + n)))
        }
    }

    @Test("errors in NSGs that different workers convert are all reported")
    func errorsFromEveryWorker() {
        let bad: Set<Int> = [1, 17, 38]
        let json = "[" + (0..<40).map { Self.nsg($0, priority: bad.contains($0) ? 5 : 100) }.joined(separator: ", ") + "]"
        let errors = importErrors(json)
        #expect(errors.compactMap(\.pointer) == bad.sorted().map { "/\($0)/properties/securityRules/0/properties/priority" })
    }

    @Test("errors in NSGs and in the other resources, converted side by side, are all reported")
    func errorsFromBothSides() {
        let vnet = """
            {"id": "\(SmallEstate.base)/virtualNetworks/vnet-bad", "name": "vnet-bad", "type": "Microsoft.Network/virtualNetworks",
             "location": "westeurope", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/33"]}}}
            """
        let json = "[" + ((0..<20).map { Self.nsg($0, priority: $0 == 11 ? 5 : 100) } + [vnet]).joined(separator: ", ") + "]"
        let pointers = importErrors(json).compactMap(\.pointer)
        #expect(pointers == ["/11/properties/securityRules/0/properties/priority", "/20/properties/addressSpace/addressPrefixes/0"])
    }
}

import AzureImport
import Testing
import TopologyModel

/// Resource types outside the model are counted, never errors.
@Suite("Ignored resource types")
struct IgnoredTypeTests {
    static let base = "/subscriptions/s/resourceGroups/rg/providers"

    @Test("unknown types are counted by type as first spelled")
    func counted() throws {
        let json = """
            [\(SmallEstate.vnet()),
             {"id": "\(Self.base)/Microsoft.Compute/virtualMachines/vm1", "name": "vm1", "type": "Microsoft.Compute/virtualMachines",
              "properties": {"hardwareProfile": {"vmSize": "Standard_D2s_v5"}}},
             {"id": "\(Self.base)/Microsoft.Network/bastionHosts/bh1", "type": "Microsoft.Network/bastionHosts",
              "properties": {"frontendIPConfigurations": [{"name": "fe", "properties": {"privateIPAddress": "not-an-ip"}}]}},
             {"id": "\(Self.base.lowercased())/microsoft.network/bastionhosts/bh2", "type": "microsoft.network/bastionhosts"},
             {"id": "\(Self.base)/Microsoft.Web/sites/app1"}]
            """
        let result = try AzureImporter.load(json: json)
        #expect(
            result.ignoredTypes == [
                "Microsoft.Compute/virtualMachines": 1,
                "Microsoft.Network/bastionHosts": 2,
                "Microsoft.Web/sites": 1,
            ])
        #expect(result.topology.resourceCount == 2)
        #expect(!result.diagnostics.contains { $0.severity == .error })
    }

    @Test("a file of only unknown types imports an empty model")
    func onlyUnknown() throws {
        let json = #"{"value": [{"id": "\#(Self.base)/Microsoft.Network/ddosProtectionPlans/dp", "type": "Microsoft.Network/ddosProtectionPlans"}]}"#
        let result = try AzureImporter.load(json: json)
        #expect(result.topology.resourceCount == 0)
        #expect(result.ignoredTypes == ["Microsoft.Network/ddosProtectionPlans": 1])
    }
}

import AzureImport
import Testing
import TestSupport
import TopologyModel

/// Topologies/retail-llm, the bundled estate (its README lists the files and counts).
@Suite("Default topology retail-llm")
struct DefaultTopologyTests {
    static let directory = Fixtures.path("Topologies/retail-llm")

    @Test("imports with no errors and the documented counts")
    func counts() throws {
        let result = try AzureImporter.load(paths: [Self.directory])
        let t = result.topology
        #expect(result.files.count == 11)
        #expect(result.files.allSatisfy { $0.hasSuffix(".json") })
        #expect(!result.diagnostics.contains { $0.severity == .error })
        #expect(!result.diagnostics.contains { $0.kind == .danglingReference }, "every reference resolves: \(result.diagnostics.map(\.rendered))")
        #expect(result.ignoredTypes.isEmpty)
        #expect(t.networks.count == 10)
        #expect(t.subnets.count == 17)
        #expect(t.peerings.count == 17)
        #expect(t.securityGroups.count == 13)
        #expect(t.interfaces.count == 19)
        #expect(t.publicIPs.count == 8)
        #expect(t.applicationSecurityGroups.count == 7)
        #expect(t.routeTables.count == 1)
        #expect(t.firewalls.count == 1)
        #expect(t.firewallPolicies.count == 1)
        #expect(t.privateEndpoints.count == 1)
        #expect(t.storageAccounts.count == 1)
        #expect(t.securityGroups.values.allSatisfy { nsg in nsg.rules.filter(\.isDefault).count == 6 })
        #expect(t.securityGroups.values.reduce(0) { $0 + $1.rules.count } == 30 + 13 * 6)
    }

    @Test("nsg-llm-train-gwc-datanic: two separate-child rules plus its six given defaults")
    func datanic() throws {
        let t = try AzureImporter.load(paths: [Self.directory]).topology
        let nsg = try #require(t.securityGroups.values.first { $0.name == "nsg-llm-train-gwc-datanic" })
        #expect(nsg.rules.count == 8)
        let custom = nsg.rules.filter { !$0.isDefault }
        #expect(custom.map(\.name).sorted() == ["Allow-GPU-Subnet-Inbound", "Deny-VirtualNetwork-Inbound"])
        #expect(custom.allSatisfy { $0.origin?.file.hasSuffix("security-rules.json") == true })
        #expect(nsg.rules.filter(\.isDefault).allSatisfy { $0.origin?.file.hasSuffix("nsgs.json") == true })
        let allow = try #require(custom.first { $0.name == "Allow-GPU-Subnet-Inbound" })
        #expect(allow.priority == 100)
        #expect(allow.access == .allow)
        #expect(allow.source.prefixes == AddressSet(prefixes: [IPPrefix("10.50.1.0/24")!]))
        #expect(allow.destination.prefixes == AddressSet(prefixes: [IPPrefix("10.50.2.4/32")!]))
    }
}

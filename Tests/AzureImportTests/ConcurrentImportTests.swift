import Dispatch
import ParallelSupport
import Testing
import TopologyModel

@testable import AzureImport

/// Several imports at once in one process (Swift Testing runs a suite's tests in parallel,
/// and embedding programs may import from several tasks): each import describes and
/// converts on every core and frees on the release thread, so these run side by side.
///
/// Written while chasing a SIGSEGV in parallel test runs (a JSONValue released twice, seen
/// in `describe`). That crash was not in this code: an incremental build had kept objects
/// compiled against an older layout of `EstateIndex` (see docs/architecture.md, "Building").
/// This test keeps the import's own sharing (`Shared`, `Slots`, `DescribedItems`,
/// `BackgroundRelease`) under that load.
@Suite("Concurrent imports")
struct ConcurrentImportTests {
    /// A small estate whose resources have nested children (subnets, rules, IP
    /// configurations), a few of them spread over several describing shares.
    static func estate(_ n: Int) -> String {
        let base = "/subscriptions/0/resourceGroups/rg-\(n)/providers/Microsoft.Network"
        var items: [String] = []
        for v in 0..<6 {
            items.append(
                """
                {"id": "\(base)/virtualNetworks/vnet-\(v)", "name": "vnet-\(v)", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
                 "properties": {"addressSpace": {"addressPrefixes": ["10.\(v).0.0/16"]}, "subnets": [
                   {"name": "a", "properties": {"addressPrefix": "10.\(v).1.0/24", "networkSecurityGroup": {"id": "\(base)/networkSecurityGroups/nsg-\(v)"}}},
                   {"name": "b", "properties": {"addressPrefix": "10.\(v).2.0/24"}}]}}
                """)
            items.append(
                """
                {"id": "\(base)/networkSecurityGroups/nsg-\(v)", "name": "nsg-\(v)", "type": "Microsoft.Network/networkSecurityGroups", "location": "westeurope",
                 "properties": {"securityRules": [
                   {"name": "ssh", "properties": {"protocol": "Tcp", "access": "Allow", "direction": "Inbound", "priority": 100,
                    "sourceAddressPrefix": "VirtualNetwork", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "22"}},
                   {"name": "web", "properties": {"protocol": "Tcp", "access": "Allow", "direction": "Inbound", "priority": 110,
                    "sourceAddressPrefix": "Internet", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "443"}}]}}
                """)
            items.append(
                """
                {"id": "\(base)/networkInterfaces/nic-\(v)", "name": "nic-\(v)", "type": "Microsoft.Network/networkInterfaces", "location": "westeurope",
                 "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.\(v).1.4",
                   "subnet": {"id": "\(base)/virtualNetworks/vnet-\(v)/subnets/a"}}}]}}
                """)
        }
        return "[" + items.joined(separator: ",\n") + "]"
    }

    static func check(_ result: ImportResult) {
        #expect(result.topology.networks.count == 6)
        #expect(result.topology.subnets.count == 12)
        #expect(result.topology.securityGroups.count == 6)
        #expect(result.topology.interfaces.count == 6)
    }

    @Test("many small imports from several tasks at once, in memory and described while parsed")
    func manyAtOnce() async throws {
        let estates = (0..<4).map(Self.estate)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for round in 0..<30 {
                        let json = estates[(task + round) % estates.count]
                        if round % 2 == 0 {
                            Self.check(try AzureImporter.load(json: json))
                        } else {
                            let document = try SourceDocument(bytes: Array(json.utf8), file: "t\(task).json", describing: true)
                            Self.check(try AzureImporter.build([document]))
                            BackgroundRelease.release(consume document)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        BackgroundRelease.drain()
    }
}

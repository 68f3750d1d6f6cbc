import AzureImport
import Intent
import TestSupport
import Testing
import TopologyModel

/// The `Tests/Fixtures/Intent/small-estate` estate (see the README there), and change files
/// applied to it the way `lateral whatif` applies them.
enum SmallEstate {
    static let path = Fixtures.fixture("Intent/small-estate/topology.json")
    static let group = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-small/providers"

    /// A resource of the fixture: `id("networkSecurityGroups", "nsg-web")`.
    static func id(_ type: String, _ name: String, provider: String = "Microsoft.Network") -> ResourceID {
        ResourceID("\(group)/\(provider)/\(type)/\(name)")
    }

    static func subnet(_ vnet: String, _ name: String) -> ResourceID { ResourceID(id("virtualNetworks", vnet).text + "/subnets/" + name) }
    static func peering(_ vnet: String, _ name: String) -> ResourceID { ResourceID(id("virtualNetworks", vnet).text + "/virtualNetworkPeerings/" + name) }
    static var storage: ResourceID { id("storageAccounts", "stdata", provider: "Microsoft.Storage") }

    static func documents() throws -> [SourceDocument] { try AzureImporter.parse(paths: [path]).documents }

    static func base() throws -> Topology { try AzureImporter.build(documents()).topology }

    /// The edits of a change file whose `changes:` list is `operations` (YAML, indented by two).
    static func edits(_ operations: String) throws -> [ResourceEdit] {
        let documents = try documents()
        return try ChangeFile.parse(changeFile(operations), file: "change.yaml").edits(against: AzureImporter.catalog(documents))
    }

    /// The estate as the change would leave it.
    static func applying(_ operations: String) throws -> Topology {
        try AzureImporter.build(documents(), edits: edits(operations)).topology
    }

    /// `version: 1` and `changes:` (lines 1 and 2), then the operations from line 3.
    static func changeFile(_ operations: String) -> String { "version: 1\nchanges:\n" + operations }

    /// The error a change raises when compiled against the estate.
    static func failure(_ operations: String) throws -> Diagnostic {
        do {
            _ = try edits(operations)
        } catch let error as IntentError {
            return try #require(error.diagnostics.first)
        }
        throw ExpectedFailure(operations: operations)
    }

    struct ExpectedFailure: Error, CustomStringConvertible {
        let operations: String
        var description: String { "the change was accepted:\n\(operations)" }
    }
}

extension Topology {
    /// The NSG named `name` (the fixture's names are unique).
    func securityGroup(named name: String) -> NetworkSecurityGroup? { securityGroups.values.first { $0.name == name } }
    func firewall(named name: String) -> Firewall? { firewalls.values.first { $0.name == name } }
    func routeTable(named name: String) -> RouteTable? { routeTables.values.first { $0.name == name } }
}

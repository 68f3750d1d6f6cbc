import AzureImport
import Foundation
import Reachability
import Testing
import TopologyModel

/// Node identity comes from resource IDs where names repeat: a graph keyed by a repeated
/// display name trapped (duplicate keys) or merged distinct hosts.
@Suite("Node identity")
struct NodeIdentityTests {
    static let sub1 = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Network"
    static let sub2 = "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg/providers/Microsoft.Network"

    /// A NIC with two IP configurations in one subnet, the second named by a /32 rule, so
    /// policy splits them into two nodes that both start from the NIC's name.
    static func multiIPEstate() -> MiniEstate {
        var estate = MiniEstate()
        estate.vnet("vnet-a", ["10.0.0.0/24"], subnets: [("app", "10.0.0.0/26", "nsg-app", nil)])
        estate.nsg(
            "nsg-app",
            [
                ("ssh-to-second", 100, "Inbound", "Allow", "Tcp", "*", "*", "10.0.0.5/32", "22"),
                ("no-other-ssh", 200, "Inbound", "Deny", "Tcp", "*", "*", "*", "22"),
            ])
        let subnet = ["id": MiniEstate.id("virtualNetworks", "vnet-a") + "/subnets/app"]
        estate.resources.append([
            "id": MiniEstate.id("networkInterfaces", "nva"), "name": "nva", "type": "Microsoft.Network/networkInterfaces",
            "properties": [
                "ipConfigurations": [
                    [
                        "name": "primary", "id": MiniEstate.id("networkInterfaces", "nva") + "/ipConfigurations/primary",
                        "properties": ["privateIPAddress": "10.0.0.4", "subnet": subnet, "primary": true],
                    ],
                    [
                        "name": "secondary", "id": MiniEstate.id("networkInterfaces", "nva") + "/ipConfigurations/secondary",
                        "properties": ["privateIPAddress": "10.0.0.5", "subnet": subnet],
                    ],
                ]
            ],
        ])
        estate.nic("client", vnet: "vnet-a", subnet: "app", ip: "10.0.0.6")
        return estate
    }

    @Test("a NIC with two IP configurations in one subnet gives two nodes with distinct IDs, and the graph builds")
    func multiIPNIC() throws {
        let index = try Self.multiIPEstate().index()
        let graph = index.graph()
        let ids = graph.nodes.map(\.id)
        #expect(Set(ids.map { $0.lowercased() }).count == ids.count, "\(ids)")
        let holding = { (address: String) in graph.nodes.first { $0.endpoints.contains { $0.address == IPAddress(address)! } } }
        let primary = try #require(holding("10.0.0.4")), secondary = try #require(holding("10.0.0.5"))
        #expect(primary.id != secondary.id)
        #expect(ids.contains("vnet-a/app:nva/primary") && ids.contains("vnet-a/app:nva/secondary"), "\(ids)")
        // Both nodes keep their own hops: only the secondary address admits SSH from the client.
        let client = try #require(holding("10.0.0.6"))
        #expect(graph.hop(from: client.id, to: secondary.id)?.services.contains(.tcp, 22) == true)
        #expect(graph.hop(from: client.id, to: primary.id)?.services.contains(.tcp, 22) != true)
    }

    @Test("two VNets of one name in the same resource group name of two subscriptions are told apart by subscription")
    func sameNameAcrossSubscriptions() throws {
        var resources: [[String: Any]] = []
        for (sub, space, ip) in [(Self.sub1, "10.1.0.0/24", "10.1.0.4"), (Self.sub2, "10.2.0.0/24", "10.2.0.4")] {
            let vnet = sub + "/virtualNetworks/vnet"
            resources.append([
                "id": vnet, "name": "vnet", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
                "properties": [
                    "addressSpace": ["addressPrefixes": [space]],
                    "subnets": [["id": vnet + "/subnets/s", "name": "s", "properties": ["addressPrefix": space]]],
                ],
            ])
            resources.append([
                "id": sub + "/networkInterfaces/nic", "name": "nic", "type": "Microsoft.Network/networkInterfaces",
                "properties": [
                    "ipConfigurations": [
                        [
                            "name": "ipconfig1",
                            "properties": [
                                "privateIPAddress": ip, "subnet": ["id": vnet + "/subnets/s"],
                            ],
                        ]
                    ]
                ],
            ])
        }
        let json = String(data: try JSONSerialization.data(withJSONObject: resources, options: [.sortedKeys]), encoding: .utf8)!
        let graph = EstateIndex(topology: try AzureImporter.load(json: json).topology).graph()
        let hostIDs = graph.nodes.filter { $0.kind == .hosts }.map(\.id).sorted()
        #expect(hostIDs == ["11111111-1111-1111-1111-111111111111/rg/vnet/s", "22222222-2222-2222-2222-222222222222/rg/vnet/s"])
    }

    @Test("names are kept where they are unique")
    func readableWhereUnique() throws {
        var estate = MiniEstate()
        estate.vnet("vnet-a", ["10.0.0.0/24"], subnets: [("app", "10.0.0.0/26", nil, nil)])
        estate.nic("vm1", vnet: "vnet-a", subnet: "app", ip: "10.0.0.4")
        let graph = try estate.index().graph()
        #expect(graph.nodes.map(\.id) == ["internet", "vnet-a/app"])
    }

    @Test("the node catalogue has the graph's nodes without building hops")
    func catalogueMatchesGraph() throws {
        let index = try Self.multiIPEstate().index()
        #expect(index.nodeCatalog().nodes.map(\.id) == index.graph().nodes.map(\.id))
    }
}

import AuditReport
import AzureImport
import Reachability
import Testing
import TopologyModel

/// Service endpoints to storage (SE-1..SE-3, §8 case 18).
@Suite("Service endpoints")
struct ServiceEndpointTests {
    static let base = "/subscriptions/0/resourceGroups/rg/providers"

    func graph(serviceEndpoint: Bool, vnetRule: Bool, outboundDenyInternet: Bool = false) throws -> ReachabilityGraph {
        let json = """
            [
              {"id": "\(Self.base)/Microsoft.Network/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
               "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [
                 {"name": "app", "properties": {"addressPrefix": "10.1.1.0/24",
                   "serviceEndpoints": \(serviceEndpoint ? #"[{"service": "Microsoft.Storage", "locations": ["westeurope"]}]"# : "[]"),
                   "routeTable": {"id": "\(Self.base)/Microsoft.Network/routeTables/rt"},
                   "networkSecurityGroup": {"id": "\(Self.base)/Microsoft.Network/networkSecurityGroups/nsg"}}}]}},
              {"id": "\(Self.base)/Microsoft.Network/routeTables/rt", "type": "Microsoft.Network/routeTables",
               "properties": {"routes": [{"name": "default", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.9.9.9"}}]}},
              {"id": "\(Self.base)/Microsoft.Network/networkSecurityGroups/nsg", "type": "Microsoft.Network/networkSecurityGroups",
               "properties": {"securityRules": \(outboundDenyInternet ? #"[{"name": "no-internet", "properties": {"priority": 100, "direction": "Outbound", "access": "Deny", "protocol": "*", "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "*"}}]"# : "[]")}},
              {"id": "\(Self.base)/Microsoft.Network/networkInterfaces/vm", "type": "Microsoft.Network/networkInterfaces",
               "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.1.1.4", "subnet": {"id": "\(Self.base)/Microsoft.Network/virtualNetworks/v/subnets/app"}}}]}},
              {"id": "\(Self.base)/Microsoft.Storage/storageAccounts/st", "type": "Microsoft.Storage/storageAccounts", "location": "westeurope",
               "properties": {"publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Deny",
                 "virtualNetworkRules": \(vnetRule ? #"[{"id": "\#(Self.base)/Microsoft.Network/virtualNetworks/v/subnets/app", "action": "Allow"}]"# : "[]")}}}
            ]
            """
        return EstateIndex(topology: try AzureImporter.load(json: json).topology).graph()
    }

    @Test("SE-1, SE-3, §8 case 18: a service endpoint plus a virtualNetworkRule reaches storage, bypassing the 0.0.0.0/0 appliance route (SE-2)")
    func reachesStorage() throws {
        let hop = try #require(try graph(serviceEndpoint: true, vnetRule: true).hop(from: "v/app", to: "asset:st"))
        #expect(hop.services.ports[.tcp]?.contains(443) == true)
        #expect(hop.findings.contains { $0.text.contains("SE-2") })
    }

    @Test("SE-3: without the account's virtualNetworkRule, or without the endpoint, there is no hop")
    func needsBoth() throws {
        #expect(try graph(serviceEndpoint: true, vnetRule: false).hop(from: "v/app", to: "asset:st") == nil)
        #expect(try graph(serviceEndpoint: false, vnetRule: true).hop(from: "v/app", to: "asset:st") == nil)
    }

    @Test("The subnet's outbound NSG still applies to service-endpoint traffic")
    func outboundNSG() throws {
        #expect(try graph(serviceEndpoint: true, vnetRule: true, outboundDenyInternet: true).hop(from: "v/app", to: "asset:st") == nil)
    }

    @Test("SE-4: a service endpoint is a per-subnet way to the public endpoint with the private source; a private endpoint is an address peers reach too")
    func serviceVersusPrivateEndpoint() throws {
        var e = HubSpokeEstate.withPrivateEndpoint()
        let subnet = { (vnet: String, name: String) in ["id": MiniEstate.id("virtualNetworks", vnet) + "/subnets/" + name] }
        e.estate.setProperty(id: HubSpokeEstate.storageAccount, "publicNetworkAccess", "Enabled")
        e.estate.setProperty(
            id: HubSpokeEstate.storageAccount, "networkAcls", ["defaultAction": "Deny", "virtualNetworkRules": [subnet("b", "s1"), subnet("hub", "shared")]])
        e.estate.setSubnet("b", "s1", "serviceEndpoints", [["service": "Microsoft.Storage", "locations": ["westeurope"]]])
        let graph = try e.index().graph()
        let se = try #require(graph.hop(from: "b/s1", to: "asset:st"))
        #expect(se.witness.source == IPAddress("10.2.1.4"))
        #expect(AddressSet.publicSpace.contains(se.witness.destination), "the public endpoint")
        #expect(
            se.via.map(\.detail) == [
                "service endpoint Microsoft.Storage on subnet s1: VirtualNetworkServiceEndpoint route to the storage public endpoint, source keeps its private address (SE-1)"
            ])
        // The hub subnet is in the account's rules but has no service endpoint: no way in through it.
        #expect(graph.hop(from: "hub/shared", to: "asset:st") == nil)
        // The private endpoint is reachable from the peered hub, and leads to the account.
        #expect(graph.hop(from: "hub/shared", to: "b/s1:pe-st") != nil)
        #expect(graph.hop(from: "b/s1:pe-st", to: "asset:st") != nil)
    }
}

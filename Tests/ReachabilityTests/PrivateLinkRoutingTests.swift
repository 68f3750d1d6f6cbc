import AuditReport
import AzureImport
import Foundation
import Reachability
import Testing
import TopologyModel

/// Private endpoint routes against a 0.0.0.0/0 firewall route (PE-5, PE-7, RT-22, §8 cases
/// 12 and 13) and storage accounts as assets (PE-4, ST-2, ST-3).
@Suite("Private Link routing and assets")
struct PrivateLinkRoutingTests {
    /// Spoke A (client, UDR to the hub firewall) peered with the hub, which holds the PE
    /// subnet. `policies` is the PE subnet's privateEndpointNetworkPolicies.
    func estate(policies: String, clientRoutes: [(String, String, String, String?)], storageDefault: String = "Allow") throws -> EstateIndex {
        var e = HubSpokeEstate(routeAToB: false, extraRoutesA: clientRoutes)
        e.firewall(network: [
            HubSpokeEstate.collection(
                "allow-all", 100, "Allow", [HubSpokeEstate.networkRule("any", source: "*", destination: "*", ports: ["*"], protocols: ["Any"])])
        ])
        // Add the PE subnet to the hub with a restrictive NSG.
        let hubIndex = e.estate.resources.firstIndex { ($0["name"] as? String) == "hub" }!
        var hub = e.estate.resources[hubIndex]
        var props = hub["properties"] as! [String: Any]
        var subnets = props["subnets"] as! [[String: Any]]
        subnets.append([
            "id": MiniEstate.id("virtualNetworks", "hub") + "/subnets/pe", "name": "pe",
            "properties": [
                "addressPrefix": "10.0.3.0/24", "privateEndpointNetworkPolicies": policies,
                "networkSecurityGroup": ["id": MiniEstate.id("networkSecurityGroups", "nsg-pe")],
            ],
        ])
        props["subnets"] = subnets
        hub["properties"] = props
        e.estate.resources[hubIndex] = hub
        e.estate.nsg("nsg-pe", [("deny-all-in", 100, "Inbound", "Deny", "*", "*", "*", "*", "*")])
        let storage = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stweights"
        e.estate.resources.append([
            "id": MiniEstate.id("privateEndpoints", "pe-blob"), "name": "pe-blob", "type": "Microsoft.Network/privateEndpoints",
            "properties": [
                "subnet": ["id": MiniEstate.id("virtualNetworks", "hub") + "/subnets/pe"],
                "ipConfigurations": [["name": "c", "properties": ["privateIPAddress": "10.0.3.4"]]],
                "customDnsConfigs": [["fqdn": "stweights.blob.core.windows.net", "ipAddresses": ["10.0.3.4"]]],
                "privateLinkServiceConnections": [
                    [
                        "name": "c",
                        "properties": [
                            "privateLinkServiceId": storage, "groupIds": ["blob"],
                            "privateLinkServiceConnectionState": ["status": "Approved"],
                        ],
                    ]
                ],
            ],
        ])
        e.estate.resources.append([
            "id": MiniEstate.id("networkInterfaces", "pe-blob.nic"), "name": "pe-blob.nic", "type": "Microsoft.Network/networkInterfaces",
            "properties": [
                "privateEndpoint": ["id": MiniEstate.id("privateEndpoints", "pe-blob")],
                "ipConfigurations": [
                    [
                        "name": "c",
                        "properties": [
                            "privateIPAddress": "10.0.3.4",
                            "subnet": ["id": MiniEstate.id("virtualNetworks", "hub") + "/subnets/pe"],
                        ],
                    ]
                ],
            ],
        ])
        e.estate.resources.append([
            "id": storage, "name": "stweights", "type": "Microsoft.Storage/storageAccounts", "location": "westeurope",
            "properties": [
                "publicNetworkAccess": "Enabled", "allowBlobPublicAccess": false,
                "networkAcls": ["defaultAction": storageDefault],
            ],
        ])
        return try e.index()
    }

    @Test("§8 case 12, RT-22: the PE /32 beats a 0.0.0.0/0 UDR, so PE traffic skips the firewall")
    func slash32BeatsDefault() throws {
        let index = try estate(policies: "Disabled", clientRoutes: [("default", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4")])
        let result = try index.check("10.1.1.4", "10.0.3.4", .tcp, 443)
        #expect(result.disposition == .accepted)
        #expect(!result.trace.contains { $0.kind == .firewall })
    }

    @Test("PE-7: with route policies on, a UDR no broader than the PE's VNet range sends PE traffic to the firewall; 0.0.0.0/0 still does not")
    func routePolicies() throws {
        let covering = try estate(policies: "RouteTableEnabled", clientRoutes: [("hub", "10.0.0.0/16", "VirtualAppliance", "10.0.1.4")])
        #expect(try covering.check("10.1.1.4", "10.0.3.4", .tcp, 443).trace.contains { $0.kind == .firewall })
        let broad = try estate(policies: "RouteTableEnabled", clientRoutes: [("default", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4")])
        #expect(!(try broad.check("10.1.1.4", "10.0.3.4", .tcp, 443).trace.contains { $0.kind == .firewall }))
        let off = try estate(policies: "Disabled", clientRoutes: [("hub", "10.0.0.0/16", "VirtualAppliance", "10.0.1.4")])
        #expect(!(try off.check("10.1.1.4", "10.0.3.4", .tcp, 443).trace.contains { $0.kind == .firewall }))
    }

    @Test("§8 case 13: a restrictive NSG on the PE subnet protects nothing while network policies are Disabled")
    func nsgBypassed() throws {
        let disabled = try estate(policies: "Disabled", clientRoutes: [])
        #expect(try disabled.check("10.1.1.4", "10.0.3.4", .tcp, 443).disposition == .accepted)
        let enabled = try estate(policies: "NetworkSecurityGroupEnabled", clientRoutes: [])
        #expect(try enabled.check("10.1.1.4", "10.0.3.4", .tcp, 443).decidingRules == ["nsg-pe/deny-all-in"])
    }

    @Test("PE-4, §8 case 15: the storage account is reachable through its PE and, with defaultAction Allow, from the Internet")
    func assetPaths() throws {
        let index = try estate(policies: "Disabled", clientRoutes: [])
        let graph = index.graph()
        let viaPE = graph.paths(PathQuery(from: [.subnet(network: "a", subnet: "s1")], to: [.asset("stweights")]), topology: index.topology)
        #expect(viaPE.paths.map(\.nodes) == [["a/s1", "hub/pe:pe-blob", "asset:stweights"]])
        let internet = try #require(graph.hop(from: "internet", to: "asset:stweights"))
        #expect(internet.findings.contains { $0.text.contains("PE-4") })
        let closed = try estate(policies: "Disabled", clientRoutes: [], storageDefault: "Deny")
        #expect(closed.graph().hop(from: "internet", to: "asset:stweights") == nil)
    }

    @Test("FW-7: an application rule matches only when its FQDN names the destination (PE DNS data); traffic is SNATed (FW-15)")
    func applicationRuleByFQDN() throws {
        var e = HubSpokeEstate(nsgB: [
            ("from-a", 100, "Inbound", "Allow", "*", "10.1.0.0/16", "*", "*", "*"),
            ("deny", 200, "Inbound", "Deny", "*", "*", "*", "*", "*"),
        ])
        let app = HubSpokeEstate.collection(
            "web", 300, "Allow",
            [
                [
                    "name": "b-web", "protocols": [["protocolType": "Https", "port": 443]],
                    "sourceAddresses": ["10.1.0.0/16"], "targetFqdns": ["b.internal.example"],
                ]
            ])
        e.firewall(application: [app])
        e.estate.resources.append([
            "id": MiniEstate.id("privateEndpoints", "named"), "name": "named", "type": "Microsoft.Network/privateEndpoints",
            "properties": ["customDnsConfigs": [["fqdn": "b.internal.example", "ipAddresses": ["10.2.1.4"]]]],
        ])
        let result = try e.index().check("10.1.1.4", "10.2.1.4", .tcp, 443)
        #expect(result.trace.contains { $0.kind == .firewall && $0.decision == .allow && $0.detail.contains("b.internal.example") })
        // SNAT to the firewall: B's NSG, which admits only A's range, sees 10.0.1.4.
        #expect(result.decidingRules == ["nsg-b/deny"])
    }
}

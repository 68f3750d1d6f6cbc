import AuditReport
import AzureImport
import Reachability
import Testing
import TopologyModel

/// Flows to a private endpoint's IP: where it is reachable from, connection state, network
/// policies and DNS (PE-1, PE-2, PE-3, PE-6, PE-9, PE-10).
@Suite("Private endpoints in flows")
struct PrivateEndpointFlowTests {
    static let base = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network"

    func estate(policies: String?, status: String = "Approved") throws -> EstateIndex {
        let policiesField = policies.map { #""privateEndpointNetworkPolicies": "\#($0)","# } ?? ""
        let json = """
            [
              {"id": "\(Self.base)/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
               "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [
                 {"name": "app", "properties": {"addressPrefix": "10.1.1.0/24"}},
                 {"name": "pe", "properties": {"addressPrefix": "10.1.2.0/24", \(policiesField)
                  "networkSecurityGroup": {"id": "\(Self.base)/networkSecurityGroups/nsg-pe"}}}]}},
              {"id": "\(Self.base)/networkSecurityGroups/nsg-pe", "type": "Microsoft.Network/networkSecurityGroups",
               "properties": {"securityRules": [{"name": "deny-443", "properties": {"priority": 100, "direction": "Inbound", "access": "Deny",
                 "protocol": "Tcp", "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "443"}}]}},
              {"id": "\(Self.base)/networkInterfaces/vm", "type": "Microsoft.Network/networkInterfaces",
               "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.1.1.4", "subnet": {"id": "\(Self.base)/virtualNetworks/v/subnets/app"}}}]}},
              {"id": "\(Self.base)/networkInterfaces/pe.nic", "type": "Microsoft.Network/networkInterfaces",
               "properties": {"privateEndpoint": {"id": "\(Self.base)/privateEndpoints/pe"},
                 "ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.1.2.4", "subnet": {"id": "\(Self.base)/virtualNetworks/v/subnets/pe"}}}]}},
              {"id": "\(Self.base)/privateEndpoints/pe", "type": "Microsoft.Network/privateEndpoints",
               "properties": {"subnet": {"id": "\(Self.base)/virtualNetworks/v/subnets/pe"},
                 "privateLinkServiceConnections": [{"name": "c", "properties": {"privateLinkServiceId": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
                   "groupIds": ["blob"], "privateLinkServiceConnectionState": {"status": "\(status)"}}}]}}
            ]
            """
        return EstateIndex(topology: try AzureImporter.load(json: json).topology)
    }

    func flow(_ index: EstateIndex) throws -> FlowResult {
        try index.verdict(FlowQuery(source: IPAddress("10.1.1.4")!, destination: IPAddress("10.1.2.4")!, proto: .tcp, destinationPort: 443))
    }

    @Test(
        "PE-6: with network policies Disabled (or RouteTableEnabled) the subnet NSG does not protect the endpoint",
        arguments: ["Disabled", "RouteTableEnabled"])
    func nsgBypassed(_ policies: String) throws {
        let result = try flow(try estate(policies: policies))
        #expect(result.disposition == .accepted)
        #expect(result.decidingRules.isEmpty)
    }

    @Test("PE-6: with NSGs enabled the subnet NSG applies", arguments: ["Enabled", "NetworkSecurityGroupEnabled"])
    func nsgApplies(_ policies: String) throws {
        let result = try flow(try estate(policies: policies))
        #expect(result.disposition == .deniedInbound)
        #expect(result.decidingRules == ["nsg-pe/deny-443"])
    }

    @Test("PE-2, §8 case 14: a Pending or Rejected connection carries no traffic", arguments: ["Pending", "Rejected"])
    func notApproved(_ status: String) throws {
        #expect(try flow(try estate(policies: "Disabled", status: status)).disposition == .deniedInbound)
    }

    @Test("PE-3: a private endpoint never initiates a connection")
    func neverSource() throws {
        let index = try estate(policies: "Disabled")
        #expect(throws: QueryError.self) {
            try index.verdict(FlowQuery(source: IPAddress("10.1.2.4")!, destination: IPAddress("10.1.1.4")!, proto: .tcp, destinationPort: 22))
        }
    }

    @Test("PE-10: a subnet without privateEndpointNetworkPolicies is treated as Disabled: its NSG does not apply to the endpoint")
    func missingPolicies() throws {
        let result = try flow(try estate(policies: nil))
        #expect(result.disposition == .accepted)
        #expect(result.decidingRules.isEmpty)
        #expect(
            result.trace.contains {
                $0.kind == .note && $0.detail == "privateEndpointNetworkPolicies=disabled on the subnet: NSGs do not apply to private endpoint traffic (PE-6)"
            })
    }

    @Test("PE-10: without the property a UDR does not override the endpoint's /32 either; with RouteTableEnabled it does (PE-7)")
    func missingPoliciesKeepRoute() throws {
        for (policies, expected) in [(String?.none, Disposition.accepted), ("RouteTableEnabled", .noRoute)] {
            var e = HubSpokeEstate.withPrivateEndpoint()
            e.estate.setProperty(
                id: MiniEstate.id("routeTables", "rt-b"), "routes",
                [["name": "drop-s1", "properties": ["addressPrefix": "10.2.1.0/24", "nextHopType": "None"]]])
            if let policies { e.estate.setSubnet("b", "s1", "privateEndpointNetworkPolicies", policies) }
            // The client shares the endpoint's subnet, whose table holds the UDR (PE-7).
            let result = try e.index().check("10.2.1.4", "10.2.1.5", .tcp, 443)
            #expect(result.disposition == expected, "\(policies ?? "(missing)")")
        }
    }

    @Test("PE-1: a private endpoint is reachable by its address from its own VNet, a peered VNet in another region, and on-premises through the hub gateway")
    func reachableFrom() throws {
        var e = HubSpokeEstate.withPrivateEndpoint()
        e.estate.vnet("far", ["10.7.0.0/16"], location: "eastus", subnets: [("s", "10.7.1.0/24", nil, nil)])
        e.estate.peer("far", "b")
        e.estate.nic("vm-far", vnet: "far", subnet: "s", ip: "10.7.1.4")
        e.estate.addSubnet("hub", "GatewaySubnet", "10.0.255.0/27")
        e.estate.setPeering("b", "hub", "useRemoteGateways", true)
        e.estate.setPeering("hub", "b", "allowGatewayTransit", true)
        e.estate.vpnGateway(in: "hub", onPremises: ["192.168.0.0/16"])
        e.firewall()
        let index = try e.index()
        for client in ["10.2.1.4", "10.0.2.4", "10.7.1.4", "192.168.1.10"] {
            let result = try index.check(client, "10.2.1.5", .tcp, 443)
            #expect(result.disposition == .accepted, "from \(client)")
            #expect(result.trace.last { $0.kind == .destination }?.detail == "10.2.1.5 on NIC pe-st.nic in subnet b/s1", "from \(client)")
        }
        #expect(
            try index.check("10.1.1.4", "10.2.1.5", .tcp, 443).disposition == .deniedByFirewall,
            "spoke A is not peered with B: its route leads to the hub firewall")
        let hop = try #require(index.graph().hop(from: "b/s1:pe-st", to: "asset:st"))
        #expect(hop.via.map(\.detail) == ["private endpoint pe-st (10.2.1.5) maps to st blob, connection Approved (PE-1, PE-2)"])
    }

    @Test("PE-9: without DNS data for the endpoint the flow notes it is reached by IP and that clients may use the public endpoint; with DNS data it does not")
    func dnsData() throws {
        let byIP = try HubSpokeEstate.withPrivateEndpoint(dns: false).index().check("10.2.1.4", "10.2.1.5", .tcp, 443)
        #expect(byIP.disposition == .accepted)
        #expect(
            byIP.trace.filter { $0.detail.contains("PE-9") }.map(\.detail)
                == [
                    "the input has no DNS data for private endpoint pe-st (customDnsConfigs): reachable by IP; clients that resolve the public name of st may reach its public endpoint instead (PE-9)"
                ])
        let byName = try HubSpokeEstate.withPrivateEndpoint(dns: true).index().check("10.2.1.4", "10.2.1.5", .tcp, 443)
        #expect(byName.disposition == .accepted)
        #expect(!byName.trace.contains { $0.detail.contains("PE-9") })
        // A firewall application rule cannot name an endpoint the input has no DNS data for (FW-7).
        for dns in [false, true] {
            var e = HubSpokeEstate.withPrivateEndpoint(dns: dns)
            e.firewall(application: [
                HubSpokeEstate.collection(
                    "paas", 100, "Allow",
                    [
                        [
                            "name": "blob", "protocols": [["protocolType": "Https", "port": 443]],
                            "sourceAddresses": ["*"], "targetFqdns": ["*.blob.core.windows.net"],
                        ]
                    ])
            ])
            #expect(try e.index().check("10.1.1.4", "10.2.1.5", .tcp, 443).disposition == (dns ? .accepted : .deniedByFirewall))
        }
    }
}

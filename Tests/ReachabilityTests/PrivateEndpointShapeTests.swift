import AzureImport
import Reachability
import Testing
import TopologyModel

/// A private endpoint described by its NIC, by its own `ipConfigurations`, by its
/// `customDnsConfigs`, or by several of them gives the same answers everywhere: flows
/// (PE-2, PE-6), routes (PE-5, PE-7) and the attack graph (§5.2).
@Suite("Private endpoints in every input shape")
struct PrivateEndpointShapeTests {
    static let base = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network"

    enum Shape: String, CaseIterable, Sendable { case nic, ipConfigurations, customDnsConfigs, nicAndIPConfigurations }

    /// VNet `v` (client 10.1.1.4, endpoint 10.1.2.4 behind an NSG denying 443) peered with
    /// `w` (client 10.2.1.4), whose subnet sends 0.0.0.0/0 to a firewall address.
    static func json(_ shape: Shape, policies: String, status: String, manual: Bool) -> String {
        let connectionKey = manual ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections"
        var peProperties = """
            "subnet": {"id": "\(base)/virtualNetworks/v/subnets/pe"},
            "\(connectionKey)": [{"name": "c", "properties": {"privateLinkServiceId": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
              "groupIds": ["blob"], "privateLinkServiceConnectionState": {"status": "\(status)"}}}]
            """
        if shape == .ipConfigurations || shape == .nicAndIPConfigurations {
            peProperties += #", "ipConfigurations": [{"name": "ip", "properties": {"groupId": "blob", "memberName": "blob", "privateIPAddress": "10.1.2.4"}}]"#
        }
        if shape == .customDnsConfigs {
            peProperties += #", "customDnsConfigs": [{"fqdn": "st.blob.core.windows.net", "ipAddresses": ["10.1.2.4"]}]"#
        }
        let nic =
            shape == .nic || shape == .nicAndIPConfigurations
            ? """
              {"id": "\(base)/networkInterfaces/pe.nic", "type": "Microsoft.Network/networkInterfaces",
               "properties": {"privateEndpoint": {"id": "\(base)/privateEndpoints/pe"},
                 "ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.1.2.4", "subnet": {"id": "\(base)/virtualNetworks/v/subnets/pe"}}}]}},
            """ : ""
        return """
            [
              {"id": "\(base)/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
               "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [
                 {"name": "app", "properties": {"addressPrefix": "10.1.1.0/24"}},
                 {"name": "pe", "properties": {"addressPrefix": "10.1.2.0/24", "privateEndpointNetworkPolicies": "\(policies)",
                  "networkSecurityGroup": {"id": "\(base)/networkSecurityGroups/nsg-pe"}}}],
                 "virtualNetworkPeerings": [{"name": "v-w", "properties": {"remoteVirtualNetwork": {"id": "\(base)/virtualNetworks/w"}, "peeringState": "Connected",
                   "allowVirtualNetworkAccess": true}}]}},
              {"id": "\(base)/virtualNetworks/w", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
               "properties": {"addressSpace": {"addressPrefixes": ["10.2.0.0/16"]}, "subnets": [
                 {"name": "app", "properties": {"addressPrefix": "10.2.1.0/24", "routeTable": {"id": "\(base)/routeTables/to-fw"}}}],
                 "virtualNetworkPeerings": [{"name": "w-v", "properties": {"remoteVirtualNetwork": {"id": "\(base)/virtualNetworks/v"}, "peeringState": "Connected",
                   "allowVirtualNetworkAccess": true}}]}},
              {"id": "\(base)/routeTables/to-fw", "type": "Microsoft.Network/routeTables",
               "properties": {"routes": [{"name": "default", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.9.0.4"}}]}},
              {"id": "\(base)/networkSecurityGroups/nsg-pe", "type": "Microsoft.Network/networkSecurityGroups",
               "properties": {"securityRules": [{"name": "deny-443", "properties": {"priority": 100, "direction": "Inbound", "access": "Deny",
                 "protocol": "Tcp", "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "443"}}]}},
              {"id": "\(base)/networkInterfaces/vm", "type": "Microsoft.Network/networkInterfaces",
               "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.1.1.4", "subnet": {"id": "\(base)/virtualNetworks/v/subnets/app"}}}]}},
              {"id": "\(base)/networkInterfaces/vm2", "type": "Microsoft.Network/networkInterfaces",
               "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.2.1.4", "subnet": {"id": "\(base)/virtualNetworks/w/subnets/app"}}}]}},
              \(nic)
              {"id": "\(base)/privateEndpoints/pe", "type": "Microsoft.Network/privateEndpoints", "location": "westeurope", "properties": {\(peProperties)}}
            ]
            """
    }

    static func index(_ shape: Shape, policies: String = "Disabled", status: String = "Approved", manual: Bool = false) throws -> EstateIndex {
        EstateIndex(topology: try AzureImporter.load(json: json(shape, policies: policies, status: status, manual: manual)).topology)
    }

    static func flow(_ index: EstateIndex, port: UInt16 = 443) throws -> FlowResult {
        try index.verdict(FlowQuery(source: IPAddress("10.1.1.4")!, destination: IPAddress("10.1.2.4")!, proto: .tcp, destinationPort: port))
    }

    @Test(
        "PE-2: only an Approved connection carries traffic, automatic or manual, in every shape",
        arguments: Shape.allCases, ["Approved", "Pending", "Rejected", "Disconnected"])
    func connectionState(_ shape: Shape, _ status: String) throws {
        for manual in [false, true] {
            let index = try Self.index(shape, status: status, manual: manual)
            let carries = status == "Approved"
            #expect(try Self.flow(index, port: 80).allowed == carries, "\(shape) \(status) manual=\(manual)")
            let graph = index.graph()
            let pe = try #require(graph.nodes.first { $0.kind == .privateEndpoint }, "\(shape): the endpoint is a node")
            let client = try #require(graph.nodes.first { $0.endpoints.contains { $0.address == IPAddress("10.1.1.4")! } })
            #expect((graph.hop(from: client.id, to: pe.id) != nil) == carries, "\(shape) \(status) manual=\(manual)")
        }
    }

    @Test(
        "PE-6: the subnet NSG applies only when the network policies enable NSGs, in every shape",
        arguments: Shape.allCases, ["Disabled", "Enabled", "NetworkSecurityGroupEnabled", "RouteTableEnabled"])
    func networkPolicies(_ shape: Shape, _ policies: String) throws {
        let index = try Self.index(shape, policies: policies)
        let nsgApplies = policies == "Enabled" || policies == "NetworkSecurityGroupEnabled"
        let result = try Self.flow(index)
        #expect(result.disposition == (nsgApplies ? .deniedInbound : .accepted), "\(shape) \(policies)")
        let graph = index.graph()
        let pe = try #require(graph.nodes.first { $0.kind == .privateEndpoint })
        let client = try #require(graph.nodes.first { $0.endpoints.contains { $0.address == IPAddress("10.1.1.4")! } })
        #expect(graph.hop(from: client.id, to: pe.id)?.services.contains(.tcp, 443) == !nsgApplies, "\(shape) \(policies)")
    }

    @Test(
        "PE-5, PE-7: the endpoint's /32 is in its own VNet's and the peered VNet's routes, beating a 0.0.0.0/0 UDR, in every shape",
        arguments: Shape.allCases)
    func hostRoutes(_ shape: Shape) throws {
        let index = try Self.index(shape)
        for subnet in ["v/subnets/app", "w/subnets/app"] {
            let routes = index.effectiveRoutes(of: ResourceID("\(Self.base)/virtualNetworks/\(subnet)"))
            #expect(routes.contains { $0.active && $0.route.prefix == IPPrefix("10.1.2.4/32")! }, "\(shape) \(subnet)")
        }
        let peered = try index.verdict(FlowQuery(source: IPAddress("10.2.1.4")!, destination: IPAddress("10.1.2.4")!, proto: .tcp, destinationPort: 80))
        #expect(peered.allowed, "\(shape): \(peered.disposition)")
    }
}

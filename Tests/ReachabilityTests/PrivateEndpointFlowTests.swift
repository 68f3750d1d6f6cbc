import AzureImport
import Reachability
import Testing
import TopologyModel

/// Flows to a private endpoint's IP: connection state and network policies (PE-2, PE-3, PE-6).
@Suite("Private endpoints in flows")
struct PrivateEndpointFlowTests {
    static let base = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network"

    func estate(policies: String, status: String = "Approved") throws -> EstateIndex {
        let json = """
        [
          {"id": "\(Self.base)/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
           "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [
             {"name": "app", "properties": {"addressPrefix": "10.1.1.0/24"}},
             {"name": "pe", "properties": {"addressPrefix": "10.1.2.0/24", "privateEndpointNetworkPolicies": "\(policies)",
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

    @Test("PE-6: with network policies Disabled (or RouteTableEnabled) the subnet NSG does not protect the endpoint",
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

    @Test("PE-2: a Pending or Rejected connection carries no traffic", arguments: ["Pending", "Rejected"])
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
}

import Reachability
import Testing
import TopologyModel

@testable import AzureImport

/// Virtual WAN written as an ARM template (docs/reference/azure-semantics-enterprise.md §1): the
/// same resources as a REST export, after expansion, decide the same flows.
@Suite("Virtual WAN in ARM templates")
struct VirtualWANTemplateTests {
    static let template = """
        {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
         "parameters": {"spokes": {"type": "int", "defaultValue": 3}, "intent": {"type": "bool", "defaultValue": true}},
         "resources": [
           {"type": "Microsoft.Network/virtualWans", "apiVersion": "2023-09-01", "name": "wan", "location": "westeurope",
            "properties": {"type": "Standard"}},
           {"type": "Microsoft.Network/virtualHubs", "apiVersion": "2023-09-01", "name": "hub", "location": "westeurope",
            "properties": {"addressPrefix": "10.100.0.0/23", "virtualWan": {"id": "[resourceId('Microsoft.Network/virtualWans', 'wan')]"}}},
           {"type": "Microsoft.Network/firewallPolicies", "apiVersion": "2023-09-01", "name": "policy", "location": "westeurope",
            "properties": {"sku": {"tier": "Standard"}}},
           {"type": "Microsoft.Network/firewallPolicies/ruleCollectionGroups", "apiVersion": "2023-09-01", "name": "policy/group",
            "properties": {"priority": 100, "ruleCollections": [{"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "web",
              "priority": 100, "action": {"type": "Allow"}, "rules": [{"ruleType": "NetworkRule", "name": "https", "ipProtocols": ["TCP"],
              "sourceAddresses": ["10.0.0.0/8"], "destinationAddresses": ["10.0.0.0/8"], "destinationPorts": ["443"]}]}]}},
           {"type": "Microsoft.Network/azureFirewalls", "apiVersion": "2023-09-01", "name": "fw", "location": "westeurope",
            "properties": {"sku": {"name": "AZFW_Hub", "tier": "Standard"},
              "virtualHub": {"id": "[resourceId('Microsoft.Network/virtualHubs', 'hub')]"},
              "hubIPAddresses": {"publicIPs": {"count": 1}},
              "firewallPolicy": {"id": "[resourceId('Microsoft.Network/firewallPolicies', 'policy')]"}}},
           {"condition": "[parameters('intent')]", "type": "Microsoft.Network/virtualHubs/routingIntent", "apiVersion": "2023-09-01",
            "name": "hub/intent",
            "properties": {"routingPolicies": [{"name": "private", "destinations": ["PrivateTraffic"],
              "nextHop": "[resourceId('Microsoft.Network/azureFirewalls', 'fw')]"}]}},
           {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "[format('spoke{0}', copyIndex())]",
            "location": "westeurope", "copy": {"name": "spokes", "count": "[parameters('spokes')]"},
            "properties": {"addressSpace": {"addressPrefixes": ["[cidrSubnet('10.0.0.0/8', 16, add(copyIndex(), 1))]"]},
              "subnets": [{"name": "app", "properties": {"addressPrefix": "[cidrSubnet(cidrSubnet('10.0.0.0/8', 16, add(copyIndex(), 1)), 24, 0)]"}}]}},
           {"type": "Microsoft.Network/virtualHubs/hubVirtualNetworkConnections", "apiVersion": "2023-09-01",
            "name": "[format('hub/conn{0}', copyIndex())]", "copy": {"name": "connections", "count": "[parameters('spokes')]"},
            "properties": {"remoteVirtualNetwork": {"id": "[resourceId('Microsoft.Network/virtualNetworks', format('spoke{0}', copyIndex()))]"}}}
         ]}
        """

    static func flow(_ result: ImportResult, _ port: UInt16) throws -> FlowResult {
        try EstateIndex(topology: result.topology).verdict(
            FlowQuery(source: IPAddress("10.1.0.4")!, destination: IPAddress("10.3.0.4")!, proto: .tcp, destinationPort: port))
    }

    @Test("VWAN-3, VWAN-5, VWAN-20: a template's hub, connections from a copy loop and routing intent send spoke traffic through the hub firewall")
    func routingIntent() throws {
        let result = try TemplateTesting.expand(Self.template)
        let wan = result.topology.virtualWAN
        #expect(wan.hubs.count == 1)
        #expect(wan.connections.count == 3)
        #expect(wan.hubs.values.first?.routingPolicies.map(\.traffic) == [.privateTraffic])
        #expect(result.topology.firewalls.values.first?.subnets == Array(wan.hubs.keys))
        let https = try Self.flow(result, 443)
        #expect(https.disposition == .accepted)
        #expect(https.trace.contains { $0.kind == .firewall })
        #expect(try Self.flow(result, 22).disposition == .deniedByFirewall)
        // The template cannot know the firewall's address: the import says what stands in for it.
        #expect(result.diagnostics.contains { $0.message.contains("hub firewall 'fw' has no hubIPAddresses.privateIPAddress") })
    }

    @Test("VWAN-8, VWAN-15: without routing intent the template's spokes reach one another directly through the hub")
    func defaultRouting() throws {
        let result = try TemplateTesting.expand(Self.template, options: TemplateOptions(parameterValues: [(name: "intent", value: "false")]))
        let ssh = try Self.flow(result, 22)
        #expect(ssh.disposition == .accepted)
        #expect(!ssh.trace.contains { $0.kind == .firewall })
    }
}

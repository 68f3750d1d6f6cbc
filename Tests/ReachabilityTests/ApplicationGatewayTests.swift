import AuditReport
import AzureImport
import Reachability
import Testing
import TopologyModel

/// Application Gateway listeners to backends (PUB-4).
@Suite("Application Gateways")
struct ApplicationGatewayTests {
    static let base = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network"

    /// A gateway in 10.1.0.0/24 publishing 443 to a backend 10.1.2.4:8080.
    /// `backendSource` is the source prefix the backend NSG admits on 8080.
    func index(
        backendSource: String, gatewayAllows443: Bool = true, waf: Bool = false, listenerSource: String = "Internet",
        wafPolicySettings: String? = nil
    ) throws -> EstateIndex {
        let gw = "\(Self.base)/applicationGateways/agw"
        let json = """
            [
              {"id": "\(Self.base)/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks",
               "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [
                 {"name": "agw", "properties": {"addressPrefix": "10.1.0.0/24", "networkSecurityGroup": {"id": "\(Self.base)/networkSecurityGroups/nsg-agw"}}},
                 {"name": "app", "properties": {"addressPrefix": "10.1.2.0/24", "networkSecurityGroup": {"id": "\(Self.base)/networkSecurityGroups/nsg-app"}}}]}},
              {"id": "\(Self.base)/networkSecurityGroups/nsg-agw", "type": "Microsoft.Network/networkSecurityGroups", "properties": {"securityRules": [
                {"name": "https", "properties": {"priority": 100, "direction": "Inbound", "access": "\(gatewayAllows443 ? "Allow" : "Deny")", "protocol": "Tcp",
                 "sourceAddressPrefix": "\(listenerSource)", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "443"}}]}},
              {"id": "\(Self.base)/networkSecurityGroups/nsg-app", "type": "Microsoft.Network/networkSecurityGroups", "properties": {"securityRules": [
                {"name": "from-front", "properties": {"priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
                 "sourceAddressPrefix": "\(backendSource)", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "8080"}},
                {"name": "deny", "properties": {"priority": 200, "direction": "Inbound", "access": "Deny", "protocol": "*",
                 "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "*"}}]}},
              {"id": "\(Self.base)/networkInterfaces/app1", "type": "Microsoft.Network/networkInterfaces",
               "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.1.2.4", "subnet": {"id": "\(Self.base)/virtualNetworks/v/subnets/app"}}}]}},
              {"id": "\(Self.base)/publicIPAddresses/agw-pip", "type": "Microsoft.Network/publicIPAddresses", "sku": {"name": "Standard"}, "properties": {"ipAddress": "203.0.113.90"}},
              {"id": "\(gw)", "type": "Microsoft.Network/applicationGateways", "properties": {
                "sku": {"name": "\(waf ? "WAF_v2" : "Standard_v2")", "tier": "\(waf ? "WAF_v2" : "Standard_v2")"},
                \(waf ? #""webApplicationFirewallConfiguration": {"enabled": true, "firewallMode": "Prevention"},"# : "")
                \(wafPolicySettings != nil ? #""firewallPolicy": {"id": "\#(Self.base)/ApplicationGatewayWebApplicationFirewallPolicies/wafpol"},"# : "")
                "gatewayIPConfigurations": [{"name": "gw", "properties": {"subnet": {"id": "\(Self.base)/virtualNetworks/v/subnets/agw"}}}],
                "frontendIPConfigurations": [{"id": "\(gw)/frontendIPConfigurations/pub", "name": "pub", "properties": {"publicIPAddress": {"id": "\(Self.base)/publicIPAddresses/agw-pip"}}}],
                "frontendPorts": [{"id": "\(gw)/frontendPorts/p443", "name": "p443", "properties": {"port": 443}}],
                "httpListeners": [{"id": "\(gw)/httpListeners/l", "name": "l", "properties": {"frontendIPConfiguration": {"id": "\(gw)/frontendIPConfigurations/pub"},
                  "frontendPort": {"id": "\(gw)/frontendPorts/p443"}, "protocol": "Https"}}],
                "backendAddressPools": [{"id": "\(gw)/backendAddressPools/pool", "name": "pool", "properties": {"backendAddresses": [{"ipAddress": "10.1.2.4"}]}}],
                "backendHttpSettingsCollection": [{"id": "\(gw)/backendHttpSettingsCollection/s", "name": "s", "properties": {"port": 8080, "protocol": "Http"}}],
                "requestRoutingRules": [{"name": "r", "properties": {"ruleType": "Basic", "priority": 10, "httpListener": {"id": "\(gw)/httpListeners/l"},
                  "backendAddressPool": {"id": "\(gw)/backendAddressPools/pool"}, "backendHttpSettings": {"id": "\(gw)/backendHttpSettingsCollection/s"}}}]}}
              \(wafPolicySettings.map { #", {"id": "\#(Self.base)/ApplicationGatewayWebApplicationFirewallPolicies/wafpol", "type": "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies", "properties": {"policySettings": \#($0)}}"# } ?? "")
            ]
            """
        return EstateIndex(topology: try AzureImporter.load(json: json).topology)
    }

    func flow(_ index: EstateIndex) throws -> FlowResult {
        try index.verdict(FlowQuery(source: IPAddress("198.51.100.7")!, destination: IPAddress("203.0.113.90")!, proto: .tcp, destinationPort: 443))
    }

    @Test("PUB-4: a listener open only to named client prefixes is an entry for those clients")
    func listenerOpenToAPrefix() throws {
        // One client chosen to avoid every named prefix made such a listener look closed.
        let index = try index(backendSource: "10.1.0.0/24", listenerSource: "192.0.2.0/24")
        let hop = try #require(index.graph().hop(from: "internet", to: "v/app"))
        #expect(hop.services.ports[.tcp] == PortSet(8080...8080))
        #expect(hop.witness.source.description.hasPrefix("192.0.2."))
    }

    @Test("PUB-4: Internet -> listener 443 -> backend 8080; the backend sees the gateway subnet as source")
    func published() throws {
        let index = try index(backendSource: "10.1.0.0/24")
        let result = try flow(index)
        #expect(result.disposition == .accepted)
        #expect(result.decidingRules == ["nsg-agw/https", "nsg-agw/AllowVnetOutBound", "nsg-app/from-front"])
        let hop = try #require(index.graph().hop(from: "internet", to: "v/app"))
        #expect(hop.services.ports[.tcp] == PortSet(8080...8080))
        #expect(hop.witness.port == 443)
        #expect(hop.findings.contains { $0.text.contains("no web application firewall") })
    }

    @Test("A backend NSG that admits only Internet sources blocks the gateway's connection")
    func backendSeesGateway() throws {
        let index = try index(backendSource: "Internet")
        #expect(try flow(index).disposition == .deniedInbound)
        #expect(index.graph().hop(from: "internet", to: "v/app") == nil)
    }

    @Test("The gateway subnet's NSG must admit the listener port")
    func listenerBlocked() throws {
        let index = try index(backendSource: "10.1.0.0/24", gatewayAllows443: false)
        #expect(try flow(index).disposition == .deniedInbound)
        #expect(index.graph().hop(from: "internet", to: "v/app") == nil)
    }

    @Test("A WAF is recorded as a finding, not evaluated")
    func waf() throws {
        let hop = try #require(try index(backendSource: "10.1.0.0/24", waf: true).graph().hop(from: "internet", to: "v/app"))
        #expect(hop.findings.contains { $0.text.contains("WAF") && $0.text.contains("not evaluated") })
    }

    @Test("A linked WAF policy in Detection mode, or switched off, blocks nothing; in Prevention it may block")
    func wafPolicyMode() throws {
        func finding(_ settings: String) throws -> String {
            let hop = try #require(try index(backendSource: "10.1.0.0/24", wafPolicySettings: settings).graph().hop(from: "internet", to: "v/app"))
            return try #require(hop.findings.first { $0.text.contains("WAF policy wafpol") }).text
        }
        #expect(try finding(#"{"mode": "detection", "state": "Enabled"}"#).contains("only logs in Detection mode"))
        #expect(try finding(#"{"mode": "Prevention", "state": "Disabled"}"#).contains("is disabled: it blocks nothing"))
        #expect(try finding(#"{"mode": "Prevention", "state": "Enabled"}"#).contains("may block requests"))
    }
}

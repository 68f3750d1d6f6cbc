import AuditReport
import AzureImport
import Reachability
import Testing
import TopologyModel

/// Public load balancers (PUB-2, NSG-7, NSG-32, NSG-40, §8 case 32).
@Suite("Load balancers")
struct LoadBalancerTests {
    static let base = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network"

    /// Two web VMs in one subnet behind `lb` (rule 80 -> 8080), and an inbound NAT rule
    /// 50001 -> 3389 to web1 only. `nsgRules` go on the subnet's NSG (none: no NSG).
    func index(sku: String, nsgRules: String?, nicSideMembership: Bool = false) throws -> EstateIndex {
        let nsgRef = nsgRules == nil ? "" : #", "networkSecurityGroup": {"id": "\#(Self.base)/networkSecurityGroups/nsg"}"#
        let pool = "\(Self.base)/loadBalancers/lb/backendAddressPools/web"
        let nat = "\(Self.base)/loadBalancers/lb/inboundNatRules/rdp-web1"
        func nic(_ name: String, _ ip: String, nat: Bool) -> String {
            let lbRefs =
                nicSideMembership
                ? #", "loadBalancerBackendAddressPools": [{"id": "\#(pool)"}]"#
                    + (nat ? #", "loadBalancerInboundNatRules": [{"id": "\#(Self.base)/loadBalancers/lb/inboundNatRules/rdp-web1"}]"# : "") : ""
            return
                #"{"id": "\#(Self.base)/networkInterfaces/\#(name)", "type": "Microsoft.Network/networkInterfaces", "properties": {"ipConfigurations": [{"id": "\#(Self.base)/networkInterfaces/\#(name)/ipConfigurations/c", "name": "c", "properties": {"privateIPAddress": "\#(ip)", "subnet": {"id": "\#(Self.base)/virtualNetworks/v/subnets/web"}\#(lbRefs)}}]}}"#
        }
        let members =
            nicSideMembership
            ? "[]" : #"[{"id": "\#(Self.base)/networkInterfaces/web1/ipConfigurations/c"}, {"id": "\#(Self.base)/networkInterfaces/web2/ipConfigurations/c"}]"#
        let natTarget = nicSideMembership ? "" : #", "backendIPConfiguration": {"id": "\#(Self.base)/networkInterfaces/web1/ipConfigurations/c"}"#
        let json = """
            [
              {"id": "\(Self.base)/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks",
               "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}, "subnets": [{"name": "web", "properties": {"addressPrefix": "10.1.1.0/24"\(nsgRef)}}]}},
              \(nsgRules.map { #"{"id": "\#(Self.base)/networkSecurityGroups/nsg", "type": "Microsoft.Network/networkSecurityGroups", "properties": {"securityRules": \#($0)}},"# } ?? "")
              \(nic("web1", "10.1.1.4", nat: true)), \(nic("web2", "10.1.1.5", nat: false)),
              {"id": "\(Self.base)/publicIPAddresses/lb-pip", "type": "Microsoft.Network/publicIPAddresses", "sku": {"name": "\(sku)"}, "properties": {"ipAddress": "203.0.113.80"}},
              {"id": "\(Self.base)/loadBalancers/lb", "type": "Microsoft.Network/loadBalancers", "sku": {"name": "\(sku)"}, "properties": {
                "frontendIPConfigurations": [{"id": "\(Self.base)/loadBalancers/lb/frontendIPConfigurations/fe", "name": "fe", "properties": {"publicIPAddress": {"id": "\(Self.base)/publicIPAddresses/lb-pip"}}}],
                "backendAddressPools": [{"id": "\(pool)", "name": "web", "properties": {"backendIPConfigurations": \(members)}}],
                "loadBalancingRules": [{"name": "http", "properties": {"frontendIPConfiguration": {"id": "\(Self.base)/loadBalancers/lb/frontendIPConfigurations/fe"},
                  "backendAddressPool": {"id": "\(pool)"}, "protocol": "Tcp", "frontendPort": 80, "backendPort": 8080}}],
                "inboundNatRules": [{"id": "\(nat)", "name": "rdp-web1", "properties": {"frontendIPConfiguration": {"id": "\(Self.base)/loadBalancers/lb/frontendIPConfigurations/fe"},
                  "protocol": "Tcp", "frontendPort": 50001, "backendPort": 3389\(natTarget)}}]}}
            ]
            """
        return EstateIndex(topology: try AzureImporter.load(json: json).topology)
    }

    func flow(_ index: EstateIndex, _ port: UInt16) throws -> FlowResult {
        try index.verdict(FlowQuery(source: IPAddress("198.51.100.7")!, destination: IPAddress("203.0.113.80")!, proto: .tcp, destinationPort: port))
    }

    @Test("§8 case 32, NSG-7: the NSG must allow the backend port from the client, not the frontend port")
    func backendPort() throws {
        let wrong = try index(
            sku: "Standard",
            nsgRules:
                #"[{"name": "allow-80", "properties": {"priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "Internet", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "80"}}]"#
        )
        #expect(try flow(wrong, 80).decidingRules == ["nsg/DenyAllInBound"], "AllowAzureLoadBalancerInBound does not admit clients (NSG-32)")
        let right = try index(
            sku: "Standard",
            nsgRules:
                #"[{"name": "allow-8080", "properties": {"priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "Internet", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "8080"}}]"#
        )
        #expect(try flow(right, 80).decidingRules == ["nsg/allow-8080"])
        let hop = try #require(right.graph().hop(from: "internet", to: "v/web:web1"))
        #expect(hop.services.ports[.tcp] == PortSet(8080...8080))
        #expect(hop.witness.port == 80)
    }

    @Test("§8 case 32: an inbound NAT rule exposes one VM only", arguments: [false, true])
    func natRule(nicSide: Bool) throws {
        let index = try index(
            sku: "Standard",
            nsgRules:
                #"[{"name": "allow-rdp", "properties": {"priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "3389"}}]"#,
            nicSideMembership: nicSide)
        let result = try flow(index, 50001)
        #expect(result.disposition == .accepted)
        #expect(result.trace.contains { $0.detail.contains("10.1.1.4:3389") })
        let graph = index.graph()
        #expect(graph.hop(from: "internet", to: "v/web:web1")?.services.ports[.tcp]?.contains(3389) == true)
        #expect(graph.hop(from: "internet", to: "v/web:web2")?.services.ports[.tcp]?.contains(3389) != true)
    }

    @Test("NSG-40: a Standard load balancer without NSGs is closed; a Basic one is open")
    func noNSG() throws {
        #expect(try flow(try index(sku: "Standard", nsgRules: nil), 80).disposition == .deniedInbound)
        #expect(try flow(try index(sku: "Basic", nsgRules: nil), 80).disposition == .accepted)
    }
}

import AuditReport
import AzureImport
import Foundation
import Reachability
import Testing
import TopologyModel

/// Private Link services (PLS-1..PLS-3): a consumer's Approved private endpoint leads to the
/// provider's load balancer backends, which see the service's NAT address.
@Suite("Private Link services")
struct PrivateLinkServiceTests {
    /// Provider VNet `prov`: backend svc 10.9.1.4 behind internal LB rule 443 -> 8443, whose
    /// NSG admits 8443 from `allowedSource` and refuses the rest of its VNet; PLS NAT address 10.9.2.5. Consumer VNet `cons`
    /// (not peered): vm 10.20.1.4 and private endpoint 10.20.2.4 connected to the PLS.
    func estate(allowedSource: String = "10.9.2.0/24", status: String = "Approved", natSubnetPolicies: String? = nil) throws -> EstateIndex {
        var e = MiniEstate()
        e.vnet("prov", ["10.9.0.0/16"], subnets: [("be", "10.9.1.0/24", "nsg-be", nil), ("nat", "10.9.2.0/24", nil, nil)])
        e.vnet("cons", ["10.20.0.0/16"], subnets: [("app", "10.20.1.0/24", nil, nil), ("pe", "10.20.2.0/24", nil, nil)])
        e.nsg(
            "nsg-be",
            [
                ("allow-nat", 100, "Inbound", "Allow", "Tcp", allowedSource, "*", "*", "8443"),
                ("deny-vnet", 200, "Inbound", "Deny", "*", "VirtualNetwork", "*", "*", "*"),
            ])
        if let natSubnetPolicies { e.setSubnet("prov", "nat", "privateLinkServiceNetworkPolicies", natSubnetPolicies) }
        e.nic("svc", vnet: "prov", subnet: "be", ip: "10.9.1.4")
        e.nic("vm", vnet: "cons", subnet: "app", ip: "10.20.1.4")
        e.loadBalancer(
            "ilb", privateFrontend: ("10.9.1.100", "prov", "be"), members: ["svc"],
            rules: [["name": "https", "properties": ["protocol": "Tcp", "frontendPort": 443, "backendPort": 8443]]])
        let pls = MiniEstate.id("privateLinkServices", "pls")
        e.resources.append([
            "id": pls, "name": "pls", "type": "Microsoft.Network/privateLinkServices",
            "properties": [
                "loadBalancerFrontendIpConfigurations": [["id": MiniEstate.id("loadBalancers", "ilb") + "/frontendIPConfigurations/fe"]],
                "ipConfigurations": [
                    [
                        "name": "nat",
                        "properties": ["privateIPAddress": "10.9.2.5", "subnet": ["id": MiniEstate.id("virtualNetworks", "prov") + "/subnets/nat"]],
                    ]
                ],
            ] as [String: Any],
        ])
        e.resources.append([
            "id": MiniEstate.id("networkInterfaces", "pe.nic"), "name": "pe.nic", "type": "Microsoft.Network/networkInterfaces",
            "properties": [
                "privateEndpoint": ["id": MiniEstate.id("privateEndpoints", "pe-svc")],
                "ipConfigurations": [
                    ["name": "c", "properties": ["privateIPAddress": "10.20.2.4", "subnet": ["id": MiniEstate.id("virtualNetworks", "cons") + "/subnets/pe"]]]
                ],
            ] as [String: Any],
        ])
        e.resources.append([
            "id": MiniEstate.id("privateEndpoints", "pe-svc"), "name": "pe-svc", "type": "Microsoft.Network/privateEndpoints",
            "properties": [
                "subnet": ["id": MiniEstate.id("virtualNetworks", "cons") + "/subnets/pe"],
                "privateLinkServiceConnections": [
                    ["name": "c", "properties": ["privateLinkServiceId": pls, "privateLinkServiceConnectionState": ["status": status]]]
                ],
            ] as [String: Any],
        ])
        return try e.index()
    }

    static let step =
        "private endpoint pe-svc -> Private Link service pls (connection Approved) -> load balancer ilb load-balancing rule https -> 10.9.1.4:8443; provider NSGs see the NAT address 10.9.2.5, not the consumer (PLS-1, PLS-3)"

    @Test("PLS-1, PLS-3: the consumer reaches the provider backend through its private endpoint; the backend NSG sees the NAT address")
    func flowAndHop() throws {
        let index = try estate()
        let flow = try index.check("10.20.1.4", "10.20.2.4", .tcp, 443)
        #expect(flow.disposition == .accepted)
        #expect(flow.trace.map(\.kind) == [.source, .route, .destination, .note, .note, .destination, .securityGroup])
        #expect(flow.trace[4].detail == Self.step)
        #expect(flow.decidingRules == ["nsg-be/allow-nat"])
        #expect(try index.check("10.20.1.4", "10.20.2.4", .tcp, 80).disposition == .noRoute)
        let graph = index.graph()
        let hop = try #require(graph.hop(from: "cons/pe:pe-svc", to: "prov/be"))
        #expect(hop.services.entries.map(\.proto) == [.tcp])
        #expect(hop.services.ports[.tcp] == PortSet(8443...8443))
        #expect(hop.via.map(\.detail) == [Self.step])
        #expect(hop.witness.source == IPAddress("10.9.2.5"))
        #expect(graph.hop(from: "cons/app", to: "cons/pe:pe-svc") != nil)
    }

    @Test("PLS-1: a backend NSG that admits only the consumer's range refuses: it sees the NAT address")
    func consumerAddressNotSeen() throws {
        let index = try estate(allowedSource: "10.20.0.0/16")
        let flow = try index.check("10.20.1.4", "10.20.2.4", .tcp, 443)
        #expect(flow.disposition == .deniedInbound)
        #expect(flow.decidingRules == ["nsg-be/deny-vnet"])
        #expect(index.graph().hop(from: "cons/pe:pe-svc", to: "prov/be") == nil)
    }

    @Test("PLS-2: UDP-less rules and ICMP carry nothing; a Pending connection leads nowhere (PE-2)")
    func protocolsAndApproval() throws {
        let index = try estate()
        let icmp = try index.check("10.20.1.4", "10.20.2.4", .icmp, 0)
        #expect(icmp.disposition == .noRoute)
        #expect(icmp.trace.last?.detail == "Private Link service pls carries TCP and UDP only (PLS-2)")
        let pending = try estate(status: "Pending")
        #expect(try pending.check("10.20.1.4", "10.20.2.4", .tcp, 443).disposition == .deniedInbound)
        #expect(pending.graph().hop(from: "cons/pe:pe-svc", to: "prov/be") == nil)
    }

    @Test(
        "PLS-4: privateLinkServiceNetworkPolicies on the NAT subnet is a placement setting; the flow and the hop do not depend on it",
        arguments: ["Enabled", "Disabled"])
    func natSubnetPolicies(_ policies: String) throws {
        let index = try estate(natSubnetPolicies: policies)
        let flow = try index.check("10.20.1.4", "10.20.2.4", .tcp, 443)
        #expect(flow.disposition == .accepted)
        #expect(flow.trace[4].detail == Self.step)
        #expect(flow.decidingRules == ["nsg-be/allow-nat"])
        #expect(index.graph().hop(from: "cons/pe:pe-svc", to: "prov/be")?.witness.source == IPAddress("10.9.2.5"))
    }
}

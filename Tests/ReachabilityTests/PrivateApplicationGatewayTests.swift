import AuditReport
import AzureImport
import Foundation
import Reachability
import Testing
import TopologyModel

/// Private Application Gateway frontends: a way in from wherever the frontend address is
/// routable, like an internal load balancer (PUB-3, PUB-4).
@Suite("Private Application Gateway frontends")
struct PrivateApplicationGatewayTests {
    /// Gateway subnet 10.1.0.0/24 (frontend 10.1.0.10, listener `privateListener` port),
    /// client 10.1.1.4, backend web 10.1.2.4 whose NSG admits 8080 from the gateway subnet only.
    func estate(listenerPort: Int = 443, privateFrontend: Bool = true) throws -> EstateIndex {
        var e = MiniEstate()
        e.vnet(
            "v", ["10.1.0.0/16"], subnets: [("appgw", "10.1.0.0/24", nil, nil), ("client", "10.1.1.0/24", nil, nil), ("web", "10.1.2.0/24", "nsg-web", nil)])
        e.nsg(
            "nsg-web",
            [
                ("allow-gw", 100, "Inbound", "Allow", "Tcp", "10.1.0.0/24", "*", "*", "8080"),
                ("deny-vnet", 200, "Inbound", "Deny", "*", "VirtualNetwork", "*", "*", "*"),
            ])
        e.nic("client", vnet: "v", subnet: "client", ip: "10.1.1.4")
        e.nic("web", vnet: "v", subnet: "web", ip: "10.1.2.4")
        let g = MiniEstate.id("applicationGateways", "agw")
        var frontend: [String: Any] = ["subnet": ["id": MiniEstate.id("virtualNetworks", "v") + "/subnets/appgw"]]
        if privateFrontend { frontend["privateIPAddress"] = "10.1.0.10" }
        e.resources.append([
            "id": g, "name": "agw", "type": "Microsoft.Network/applicationGateways",
            "properties": [
                "gatewayIPConfigurations": [["name": "ip", "properties": ["subnet": ["id": MiniEstate.id("virtualNetworks", "v") + "/subnets/appgw"]]]],
                "frontendIPConfigurations": [["id": g + "/frontendIPConfigurations/private", "name": "private", "properties": frontend]],
                "frontendPorts": [["id": g + "/frontendPorts/p", "name": "p", "properties": ["port": listenerPort]]],
                "httpListeners": [
                    [
                        "id": g + "/httpListeners/internal", "name": "internal",
                        "properties": [
                            "frontendIPConfiguration": ["id": g + "/frontendIPConfigurations/private"], "frontendPort": ["id": g + "/frontendPorts/p"],
                            "protocol": "Https",
                        ],
                    ]
                ],
                "backendAddressPools": [
                    [
                        "id": g + "/backendAddressPools/web", "name": "web",
                        "properties": [
                            "backendIPConfigurations": [["id": MiniEstate.configID("web")]]
                        ],
                    ]
                ],
                "backendHttpSettingsCollection": [
                    ["id": g + "/backendHttpSettingsCollection/s", "name": "s", "properties": ["port": 8080, "protocol": "Http"]]
                ],
                "requestRoutingRules": [
                    [
                        "name": "to-web",
                        "properties": [
                            "ruleType": "Basic", "httpListener": ["id": g + "/httpListeners/internal"],
                            "backendAddressPool": ["id": g + "/backendAddressPools/web"],
                            "backendHttpSettings": ["id": g + "/backendHttpSettingsCollection/s"],
                        ],
                    ]
                ],
            ] as [String: Any],
        ])
        return try e.index()
    }

    static let listenerDetail =
        "Application Gateway agw private listener internal (Https 10.1.0.10:443), rule to-web -> 10.1.2.4:8080 Http; reachable wherever the frontend address is routed, like an internal load balancer, and the backend sees the gateway subnet as source (PUB-3, PUB-4)"

    @Test("PUB-3/PUB-4: a host the backend's NSG refuses reaches it through the gateway's private listener")
    func flowThroughPrivateListener() throws {
        let index = try estate()
        let direct = try index.check("10.1.1.4", "10.1.2.4", .tcp, 8080)
        #expect(direct.disposition == .deniedInbound)
        #expect(direct.decidingRules == ["nsg-web/deny-vnet"])
        let flow = try index.check("10.1.1.4", "10.1.0.10", .tcp, 443)
        #expect(flow.disposition == .accepted)
        #expect(flow.trace.map(\.kind) == [.source, .route, .destination, .note, .note, .route, .destination, .securityGroup])
        #expect(flow.trace[2].detail.hasPrefix("10.1.0.10 in subnet v/appgw"))
        #expect(flow.trace[3].detail == Self.listenerDetail)
        #expect(flow.trace[4].detail == "no web application firewall on agw: every request reaches the backend")
        #expect(flow.decidingRules == ["nsg-web/allow-gw"])
    }

    @Test("a port without a listener on the private frontend is refused")
    func noListener() throws {
        let flow = try estate().check("10.1.1.4", "10.1.0.10", .tcp, 80)
        #expect(flow.disposition == .deniedInbound)
        #expect(flow.trace.last?.detail == "Application Gateway agw has no listener for tcp/80 on its private frontend 10.1.0.10")
    }

    @Test("the attack graph gains client -> web through the private listener, with the backend port; without the frontend it has no hop")
    func graphHop() throws {
        let hop = try #require(try estate().graph().hop(from: "v/client", to: "v/web"))
        #expect(hop.services.entries.map(\.proto) == [.tcp])
        #expect(hop.services.ports[.tcp] == PortSet(8080...8080))
        #expect(hop.via.map(\.kind) == [.route, .note, .route])
        #expect(hop.via[1].detail == Self.listenerDetail)
        #expect(hop.witness.destination == IPAddress("10.1.0.10"))
        #expect(hop.witness.translatedDestination == IPAddress("10.1.2.4"))
        #expect(hop.witness.port == 443)
        #expect(try estate(privateFrontend: false).graph().hop(from: "v/client", to: "v/web") == nil)
    }
}

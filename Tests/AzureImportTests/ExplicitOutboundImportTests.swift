import AzureImport
import Testing
import TopologyModel

/// NAT gateways, outbound rules and inbound NAT pools: what the importer reads, and the
/// diagnostics (file and JSON pointer) for what it cannot use.
@Suite("Explicit outbound and NAT pools: import")
struct ExplicitOutboundImportTests {
    static let base = SmallEstate.base
    static let natID = base + "/natGateways/nat1"
    static let lbID = base + "/loadBalancers/lb"

    static func vnet(subnetExtra: String) -> String {
        SmallEstate.vnet(subnets: #"[{"id": "\#(SmallEstate.subnetID)", "name": "app", "properties": {"addressPrefix": "10.0.1.0/24"\#(subnetExtra)}}]"#)
    }

    static func nat(_ properties: String) -> String {
        #"{"id": "\#(natID)", "name": "nat1", "type": "Microsoft.Network/natGateways", "properties": \#(properties)}"#
    }

    @Test("a subnet's natGateway reference, the gateway's public IPs and prefix ranges")
    func natGateway() throws {
        let json = """
            [\(Self.vnet(subnetExtra: #", "natGateway": {"id": "\#(Self.natID)"}"#)),
             \(Self.nat(#"{"publicIpAddresses": [{"id": "\#(Self.base)/publicIPAddresses/nat-pip"}], "publicIpPrefixes": [{"id": "\#(Self.base)/publicIPPrefixes/px"}]}"#)),
             {"id": "\(Self.base)/publicIPAddresses/nat-pip", "type": "Microsoft.Network/publicIPAddresses", "sku": {"name": "Standard"}, "properties": {"ipAddress": "203.0.113.50"}},
             {"id": "\(Self.base)/publicIPPrefixes/px", "type": "Microsoft.Network/publicIPPrefixes", "properties": {"ipPrefix": "203.0.113.64/28"}}]
            """
        let result = try AzureImporter.load(json: json)
        #expect(result.diagnostics.isEmpty)
        #expect(result.ignoredTypes.isEmpty)
        let subnet = try #require(result.topology.subnets[ResourceID(SmallEstate.subnetID)])
        #expect(subnet.natGateway == ResourceID(Self.natID))
        let nat = try #require(result.topology.natGateways[ResourceID(Self.natID)])
        #expect(nat.publicIPs == [ResourceID(Self.base + "/publicIPAddresses/nat-pip")])
        #expect(nat.publicPrefixes == [NATGateway.PublicPrefix(id: ResourceID(Self.base + "/publicIPPrefixes/px"), prefix: IPPrefix("203.0.113.64/28"))])
    }

    @Test("a NAT gateway that lists its subnets attaches them when the subnet does not say")
    func natGatewaySideSubnets() throws {
        let json = "[\(Self.vnet(subnetExtra: "")), \(Self.nat(#"{"publicIpAddresses": [], "subnets": [{"id": "\#(SmallEstate.subnetID)"}]}"#))]"
        let result = try AzureImporter.load(json: json)
        #expect(result.topology.subnets[ResourceID(SmallEstate.subnetID)]?.natGateway == ResourceID(Self.natID))
    }

    @Test("a dangling NAT gateway reference is a warning at the subnet's natGateway member")
    func danglingNAT() throws {
        let result = try AzureImporter.load(json: "[\(Self.vnet(subnetExtra: #", "natGateway": {"id": "\#(Self.natID)"}"#))]", file: "vnets.json")
        let warning = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(warning.kind == .danglingReference)
        #expect(warning.file == "vnets.json")
        #expect(warning.pointer == "/0/properties/subnets/0/properties/natGateway")
        #expect(
            warning.message
                == "subnet 'app' references NAT gateway \(Self.natID), which is not in the input; its hosts are assumed to leave through it, from unknown public addresses (PUB-6)"
        )
    }

    @Test("a public IP entry without an id is an error naming the file and pointer")
    func natEntryWithoutID() throws {
        #expect {
            try AzureImporter.load(json: "[\(Self.nat(#"{"publicIpAddresses": [{"name": "x"}]}"#))]", file: "nat.json")
        } throws: { error in
            guard let e = error as? ImportError, let d = e.diagnostics.first else { return false }
            return d.file == "nat.json" && d.pointer == "/0/properties/publicIpAddresses/0"
                && d.message == "NAT gateway 'nat1': a publicIpAddresses entry has no \"id\""
        }
    }

    static func loadBalancer(sku: String, _ extra: String) -> String {
        """
        {"id": "\(lbID)", "name": "lb", "type": "Microsoft.Network/loadBalancers", "sku": {"name": "\(sku)"}, "properties": {
          "frontendIPConfigurations": [{"id": "\(lbID)/frontendIPConfigurations/fe", "name": "fe", "properties": {"publicIPAddress": {"id": "\(base)/publicIPAddresses/lb-pip"}}}],
          "backendAddressPools": [{"id": "\(lbID)/backendAddressPools/pool", "name": "pool"}]\(extra)}}
        """
    }

    @Test("outbound rules and inbound NAT pools, with NIC-side pool membership")
    func outboundAndPools() throws {
        let nic = SmallEstate.nic.replacingOccurrences(
            of: #""primary": true,"#, with: #""primary": true, "loadBalancerInboundNatPools": [{"id": "\#(Self.lbID)/inboundNatPools/ssh"}],"#)
        let json = """
            [\(SmallEstate.vnet()), \(nic),
             \(Self.loadBalancer(sku: "Standard", #", "outboundRules": [{"name": "out", "properties": {"protocol": "All", "frontendIPConfigurations": [{"id": "\#(Self.lbID)/frontendIPConfigurations/fe"}], "backendAddressPool": {"id": "\#(Self.lbID)/backendAddressPools/pool"}}}], "inboundNatPools": [{"name": "ssh", "properties": {"protocol": "Tcp", "frontendPortRangeStart": 50000, "frontendPortRangeEnd": 50099, "backendPort": 22, "frontendIPConfiguration": {"id": "\#(Self.lbID)/frontendIPConfigurations/fe"}}}]"#))]
            """
        let lb = try #require(try AzureImporter.load(json: json).topology.loadBalancers[ResourceID(Self.lbID)])
        #expect(
            lb.outboundRules == [
                LoadBalancer.OutboundRule(
                    id: ResourceID(Self.lbID + "/outboundRules/out"), name: "out",
                    frontends: [ResourceID(Self.lbID + "/frontendIPConfigurations/fe")],
                    pool: ResourceID(Self.lbID + "/backendAddressPools/pool"), protocols: [.tcp, .udp])
            ])
        #expect(
            lb.natPools == [
                LoadBalancer.NATPool(
                    id: ResourceID(Self.lbID + "/inboundNatPools/ssh"), name: "ssh", frontend: ResourceID(Self.lbID + "/frontendIPConfigurations/fe"),
                    protocols: .tcp, frontendPorts: 50000...50099, backendPort: 22, floatingIP: false,
                    members: [ResourceID(SmallEstate.nicID + "/ipConfigurations/ipconfig1")])
            ])
    }

    @Test("an outbound rule on a Basic load balancer is a warning and is ignored; a NAT pool with a reversed range is an error")
    func badOutboundAndPool() throws {
        let basic = Self.loadBalancer(
            sku: "Basic",
            #", "outboundRules": [{"name": "out", "properties": {"protocol": "Tcp", "backendAddressPool": {"id": "\#(Self.lbID)/backendAddressPools/pool"}}}]"#)
        let result = try AzureImporter.load(json: "[\(basic)]", file: "lb.json")
        let warning = try #require(result.diagnostics.first { $0.message.contains("outbound rule 'out'") })
        #expect(warning.pointer == "/0/properties/outboundRules/0")
        #expect(warning.message == "outbound rule 'out' on a Basic load balancer: Azure allows outbound rules on Standard only; ignored")
        #expect(result.topology.loadBalancers[ResourceID(Self.lbID)]?.outboundRules == [])
        let reversed = Self.loadBalancer(
            sku: "Standard",
            #", "inboundNatPools": [{"name": "p", "properties": {"protocol": "Tcp", "frontendPortRangeStart": 50099, "frontendPortRangeEnd": 50000, "backendPort": 22}}]"#
        )
        #expect {
            try AzureImporter.load(json: "[\(reversed)]", file: "lb.json")
        } throws: { error in
            guard let e = error as? ImportError, let d = e.diagnostics.first else { return false }
            return d.file == "lb.json" && d.pointer == "/0/properties/inboundNatPools/0/properties"
                && d.message == "inbound NAT pool 'p' needs frontendPortRangeStart <= frontendPortRangeEnd and backendPort in 0-65535"
        }
    }
}

/// Private Link services: frontends and NAT addresses, and a frontend entry without an id.
@Suite("Private Link services: import")
struct PrivateLinkServiceImportTests {
    static let plsID = SmallEstate.base + "/privateLinkServices/pls"

    @Test("frontends and NAT IP configurations are read; an entry without an id is an error at its pointer")
    func read() throws {
        let json = """
            [{"id": "\(Self.plsID)", "name": "pls", "type": "Microsoft.Network/privateLinkServices", "properties": {
              "loadBalancerFrontendIpConfigurations": [{"id": "\(SmallEstate.base)/loadBalancers/ilb/frontendIPConfigurations/fe"}],
              "ipConfigurations": [{"name": "nat", "properties": {"privateIPAddress": "10.0.1.9", "subnet": {"id": "\(SmallEstate.subnetID)"}}}],
              "enableProxyProtocol": true}}]
            """
        let pls = try #require(try AzureImporter.load(json: json).topology.privateLinkServices[ResourceID(Self.plsID)])
        #expect(pls.frontends == [ResourceID(SmallEstate.base + "/loadBalancers/ilb/frontendIPConfigurations/fe")])
        #expect(pls.natAddresses == [PrivateLinkService.NATAddress(subnet: ResourceID(SmallEstate.subnetID), address: IPAddress("10.0.1.9"))])
        #expect(pls.proxyProtocol)
        let bad =
            #"[{"id": "\#(Self.plsID)", "type": "Microsoft.Network/privateLinkServices", "properties": {"loadBalancerFrontendIpConfigurations": [{"name": "fe"}]}}]"#
        #expect {
            try AzureImporter.load(json: bad, file: "pls.json")
        } throws: { error in
            guard let e = error as? ImportError, let d = e.diagnostics.first else { return false }
            return d.file == "pls.json" && d.pointer == "/0/properties/loadBalancerFrontendIpConfigurations/0"
                && d.message == "Private Link service 'pls': a loadBalancerFrontendIpConfigurations entry has no \"id\""
        }
    }
}

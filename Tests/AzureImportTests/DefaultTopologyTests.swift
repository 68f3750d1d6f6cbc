import AzureImport
import TestSupport
import Testing
import TopologyModel

/// Topologies/retail-llm, the bundled estate (its README lists the files and counts).
@Suite("Default topology retail-llm")
struct DefaultTopologyTests {
    static let directory = Fixtures.path("Topologies/retail-llm")

    @Test("imports with no errors and the documented counts")
    func counts() throws {
        let result = try AzureImporter.load(paths: [Self.directory])
        let t = result.topology
        #expect(result.files.count == 15)
        #expect(result.files.allSatisfy { $0.hasSuffix(".json") })
        #expect(!result.diagnostics.contains { $0.severity == .error })
        #expect(!result.diagnostics.contains { $0.kind == .danglingReference }, "every reference resolves: \(result.diagnostics.map(\.rendered))")
        #expect(result.ignoredTypes.isEmpty)
        #expect(t.networks.count == 12)
        #expect(t.subnets.count == 22)
        #expect(t.peerings.count == 21)
        #expect(t.securityGroups.count == 17)
        #expect(t.interfaces.count == 23)
        #expect(t.publicIPs.count == 7)
        #expect(t.applicationSecurityGroups.count == 7)
        #expect(t.routeTables.count == 4)
        #expect(t.firewalls.count == 2)
        #expect(t.firewallPolicies.count == 3)
        #expect(t.ipGroups.count == 2)
        #expect(t.privateEndpoints.count == 1)
        #expect(t.storageAccounts.count == 1)
        #expect(t.applicationGateways.count == 1)
        #expect(t.loadBalancers.isEmpty)
        #expect(t.securityGroups.values.allSatisfy { nsg in nsg.rules.filter(\.isDefault).count == 6 })
        #expect(t.securityGroups.values.reduce(0) { $0 + $1.rules.count } == 36 + 17 * 6)
        // C7 of the estate's README: the platform team's two security admin rules, on the three
        // VNets of the ML landing zone, deployed to their regions (AVNM-3, AVNM-10).
        #expect(t.securityAdminRules.keys.map(\.name).sorted() == ["vnet-llm-inference-weu", "vnet-llm-train-chn", "vnet-llm-train-gwc"])
        #expect(t.securityAdminRules.values.allSatisfy { $0.rules(.inbound).map(\.name) == ["always-allow-monitoring", "deny-management-from-internet"] })
        // C8: one secured Virtual WAN hub with routing intent, two spokes.
        #expect(t.virtualWAN.hubs.values.map(\.name) == ["vhub-sdc"])
        #expect(t.virtualWAN.hubs.values.first?.routingPolicies.map(\.traffic.rawValue).sorted() == ["Internet", "PrivateTraffic"])
        #expect(t.virtualWAN.connections.count == 2)
    }

    @Test("hub-and-spoke: six spoke subnets send 0.0.0.0/0 to the firewall; web, jump, gateway, eval and PE subnets do not")
    func routeTables() throws {
        let t = try AzureImporter.load(paths: [Self.directory]).topology
        let routed = t.subnets.values.filter { $0.routeTable != nil }.map { "\(t.networks[$0.network]!.name)/\($0.name)" }.sorted()
        #expect(
            routed == [
                "vnet-llm-inference-weu/snet-inference", "vnet-llm-train-chn/snet-data", "vnet-llm-train-chn/snet-gpu",
                "vnet-llm-train-gwc/snet-data", "vnet-llm-train-gwc/snet-gpu", "vnet-retail-fe-weu/snet-app",
            ])
        for table in t.routeTables.values {
            #expect(table.routes.count == 1)
            #expect(table.routes.first?.destination == IPPrefix("0.0.0.0/0"))
            #expect(table.routes.first?.nextHopAddress == IPAddress("10.0.12.4"))
        }
        // The PE subnet keeps network policies off, so its NSG is not enforced (PE-6).
        let pe = try #require(t.subnets.values.first { $0.name == "snet-pe" })
        #expect(pe.privateEndpointNetworkPolicies == .disabled)
        #expect(pe.securityGroup != nil)
        // Default outbound access (PUB-6): the firewall-routed training subnets of gwc and chn
        // are private; snet-eval leaves the property unset, so it keeps implicit egress.
        let training = t.subnets.values.filter { ["vnet-llm-train-gwc", "vnet-llm-train-chn"].contains(t.networks[$0.network]!.name) }
        #expect(training.count == 5)
        for subnet in training {
            #expect(subnet.defaultOutboundAccess == (subnet.name == "snet-eval" ? nil : false), "\(subnet.name)")
            #expect((subnet.routeTable == nil) == (subnet.name == "snet-eval"), "\(subnet.name)")
        }
        // Spoke sides of the hub-gwc peerings accept forwarded traffic (PEER-7).
        let spokeSides = t.peerings.values.filter { $0.name.hasSuffix("-to-hub-gwc") }
        #expect(spokeSides.count == 4)
        #expect(spokeSides.allSatisfy { $0.allowForwardedTraffic })
    }

    @Test("afw-hub-gwc: Premium policy with a parent, IP Groups expanded, parent collections first (FW-5)")
    func firewallPolicy() throws {
        let t = try AzureImporter.load(paths: [Self.directory]).topology
        let fw = try #require(t.firewalls.values.first { $0.name == "afw-hub-gwc" })
        #expect(fw.name == "afw-hub-gwc")
        #expect(fw.skuTier == "Premium")
        #expect(fw.intrusionDetectionMode == .alert)
        #expect(fw.privateAddresses == [IPAddress("10.0.12.4")!])
        let child = try #require(t.firewallPolicies.values.first { $0.name == "afwp-hub-gwc" })
        #expect(child.basePolicy?.name == "afwp-platform-base")
        #expect(fw.collections(.dnat).map(\.name) == ["dnat-retail-jumpbox"])
        #expect(
            fw.collections(.network).map(\.name) == [
                "deny-remote-admin-east-west", "allow-frontend-app-to-inference", "deny-retail-to-training",
                "allow-ml-deploy-ssh", "allow-training-storage",
            ])
        #expect(fw.collections(.network).first?.inheritanceDepth == 1)
        #expect(fw.collections(.application).map(\.name) == ["allow-training-model-weights", "allow-training-package-mirrors"])
        let deny = try #require(fw.collections(.network).first { $0.name == "deny-retail-to-training" }?.rules.first)
        #expect(deny.sources.ipGroups.map(\.name) == ["ipg-retail-frontends"])
        #expect(deny.sources.addresses == AddressSet(prefixes: ["10.10.0.0/16", "10.20.0.0/16", "10.30.0.0/16"].map { IPPrefix($0)! }))
        #expect(deny.destinations.addresses == AddressSet(prefixes: ["10.50.0.0/16", "10.60.0.0/16"].map { IPPrefix($0)! }))
        let nat = try #require(fw.collections(.dnat).first?.rules.first)
        #expect(nat.translatedAddress == IPAddress("10.10.255.4"))
        #expect(nat.translatedPort == 22)
        #expect(nat.ports == PortSet(50022...50022))
    }

    @Test("agw-retail-weu: WAF_v2 in Detection mode, HTTPS 443 on pip-agw-retail-weu -> the two weu web NICs on HTTP 8080")
    func applicationGateway() throws {
        let t = try AzureImporter.load(paths: [Self.directory]).topology
        let gateway = try #require(t.applicationGateways.values.first)
        #expect(gateway.name == "agw-retail-weu")
        #expect(gateway.location == "westeurope")
        #expect(gateway.skuTier == "WAF_v2")
        #expect(gateway.webApplicationFirewall?.description == "WAF Detection")
        #expect(gateway.webApplicationFirewall?.mayBlock == false)
        let subnet = try #require(gateway.subnet.flatMap { t.subnets[$0] })
        #expect(subnet.name == "snet-agw")
        #expect(subnet.prefixes == [IPPrefix("10.10.3.0/24")!])
        #expect(subnet.routeTable == nil)
        #expect(t.securityGroups[try #require(subnet.securityGroup)]?.name == "nsg-retail-agw-weu")
        #expect(gateway.routes.count == 1)
        let route = try #require(gateway.routes.first)
        #expect(route.rule == "rule-shop-https")
        #expect(route.listener == "listener-shop-https")
        #expect(route.listenerPort == 443)
        #expect(route.listenerProtocol == "Https")
        #expect(route.backendPort == 8080)
        #expect(route.backendProtocol == "Http")
        #expect(route.backends.compactMap(\.address) == [IPAddress("10.10.1.4")!, IPAddress("10.10.1.5")!])
        let pip = try #require(route.publicIP.flatMap { t.publicIPs[$0] })
        #expect(pip.name == "pip-agw-retail-weu")
        #expect(pip.address == IPAddress("20.61.112.50"))
        #expect(pip.sku == .standard)
        // The gateway replaced the web VMs' own public IPs.
        let web = t.interfaces.values.filter { $0.name.hasPrefix("nic-weu-web-") }
        #expect(web.count == 2)
        #expect(web.allSatisfy { nic in nic.ipConfigurations.allSatisfy { $0.publicIP == nil } })
        // The gateway subnet's NSG: GatewayManager infrastructure ports and HTTPS from the Internet.
        let nsg = try #require(t.securityGroups.values.first { $0.name == "nsg-retail-agw-weu" })
        #expect(nsg.rules.filter { !$0.isDefault }.map(\.name) == ["Allow-GatewayManager-Inbound", "Allow-Internet-HTTPS-Inbound"])
        let webNSG = try #require(t.securityGroups.values.first { $0.name == "nsg-retail-web-weu" })
        #expect(webNSG.rules.filter { !$0.isDefault }.map(\.name) == ["Allow-AppGateway-HTTP-8080"])
    }

    @Test("nsg-llm-train-gwc-datanic: two separate-child rules plus its six given defaults")
    func datanic() throws {
        let t = try AzureImporter.load(paths: [Self.directory]).topology
        let nsg = try #require(t.securityGroups.values.first { $0.name == "nsg-llm-train-gwc-datanic" })
        #expect(nsg.rules.count == 8)
        let custom = nsg.rules.filter { !$0.isDefault }
        #expect(custom.map(\.name).sorted() == ["Allow-GPU-Subnet-Inbound", "Deny-VirtualNetwork-Inbound"])
        #expect(custom.allSatisfy { $0.origin?.file.hasSuffix("security-rules.json") == true })
        #expect(nsg.rules.filter(\.isDefault).allSatisfy { $0.origin?.file.hasSuffix("nsgs.json") == true })
        let allow = try #require(custom.first { $0.name == "Allow-GPU-Subnet-Inbound" })
        #expect(allow.priority == 100)
        #expect(allow.access == .allow)
        #expect(allow.source.prefixes == AddressSet(prefixes: [IPPrefix("10.50.1.0/24")!]))
        #expect(allow.destination.prefixes == AddressSet(prefixes: [IPPrefix("10.50.2.4/32")!]))
    }
}

import AzureImport
import Foundation
import TestSupport
import Testing
import TopologyModel

/// Real templates written by others (copied into `Tests/Fixtures/Corpus/arm-templates`, see
/// its PROVENANCE.md), imported with the parameter files beside them: the network values
/// they deploy come out resolved.
@Suite("Corpus: ARM templates")
struct CorpusTemplateTests {
    static let rg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/template-rg/providers/Microsoft.Network"

    static func template(_ name: String) -> String { Fixtures.corpus("arm-templates/\(name).json") }

    /// The template and its parameter file, given side by side as inputs.
    func load(_ name: String, parameters: Bool = true, options: TemplateOptions = TemplateOptions()) throws -> ImportResult {
        let files = [Self.template(name)] + (parameters ? [Fixtures.corpus("arm-templates/\(name).parameters.json")] : [])
        let result = try AzureImporter.load(paths: files, templates: options)
        #expect(!result.diagnostics.contains { $0.severity == .error })
        return result
    }

    func id(_ path: String) -> ResourceID { ResourceID("\(Self.rg)/\(path)") }

    @Test("201-nsg-dmz-in-vnet: subnets, their NSGs and the rules, from parameters")
    func dmz() throws {
        let t = try load("azure-quickstart-templates__201-nsg-dmz-in-vnet__azuredeploy").topology
        let fe = try #require(t.subnets[id("virtualNetworks/First_ARM_VNet/subnets/FESubnet")])
        #expect(fe.prefixes.map(\.description) == ["10.0.0.0/24"])
        #expect(fe.securityGroup == id("networkSecurityGroups/fensg"))
        let rules = try #require(t.securityGroups[id("networkSecurityGroups/appnsg")]).rules.filter { !$0.isDefault }
        let allowFE = try #require(rules.first { $0.name == "Allow_FE" })
        #expect(allowFE.source.prefixes == AddressSet(prefixes: [IPPrefix("10.0.0.0/24")!]))
        #expect(allowFE.destinationPorts.portDescription == "443")
        let rdp = try #require(t.securityGroups[id("networkSecurityGroups/fensg")]?.rules.first { $0.name == "rdp_rule" })
        #expect(rdp.access == .allow && rdp.priority == 100 && rdp.source.tags.map(\.name) == ["Internet"])
        #expect(rdp.origin?.file == Self.template("azure-quickstart-templates__201-nsg-dmz-in-vnet__azuredeploy"))
    }

    @Test("301-multi-tier-service-networking: copy loops number the NICs and their static addresses")
    func multiTier() throws {
        let t = try load("azure-quickstart-templates__301-multi-tier-service-networking__azuredeploy").topology
        let names = t.interfaces.values.map(\.name).sorted()
        #expect(names == ["appNic0", "appNic1", "dbNic0", "dbNic1", "dbNic2"])
        let db2 = try #require(t.interfaces[id("networkInterfaces/dbNic2")])
        #expect(db2.ipConfigurations.first?.privateAddress == IPAddress("10.1.2.6"))
        #expect(db2.ipConfigurations.first?.subnet == id("virtualNetworks/multiTierVNet/subnets/BackendSubnet"))
        #expect(t.subnets[id("virtualNetworks/multiTierVNet/subnets/AppSubnet")]?.securityGroup == id("networkSecurityGroups/AppNSG"))
    }

    @Test("201-vnet-to-vnet-peering: peerings nested in their VNet's resources, with full names")
    func peering() throws {
        let t = try load("azure-quickstart-templates__201-vnet-to-vnet-peering__azuredeploy").topology
        let peering = try #require(t.peerings[id("virtualNetworks/vNet1peeringtest/virtualNetworkPeerings/vNet1peeringtest-vNet2peeringtest")])
        #expect(peering.remoteNetwork == id("virtualNetworks/vNet2peeringtest"))
        #expect(peering.allowVirtualNetworkAccess)
        #expect(t.subnets[id("virtualNetworks/vNet2peeringtest/subnets/subnet1")]?.prefixes.map(\.description) == ["192.168.0.0/24"])
    }

    @Test("101-hub-and-spoke-sandbox: child subnets and peerings declared at top level, a conditional gateway")
    func hubAndSpoke() throws {
        let result = try load("azure-quickstart-templates__101-hub-and-spoke-sandbox__azuredeploy")
        let t = result.topology
        #expect(t.subnetsByNetwork[id("virtualNetworks/hubVnet")]?.count == 4)
        #expect(t.subnets[id("virtualNetworks/hubVnet/subnets/GatewaySubnet")]?.prefixes.map(\.description) == ["192.168.15.224/27"])
        // The gateway's peerings (gwPeering_) stand in for the plain ones when it is deployed.
        #expect(t.peerings.count == 4)
        #expect(t.peerings.values.allSatisfy { $0.name.contains("/gwPeering_") })
        let spoke = try #require(t.peerings[id("virtualNetworks/spokeDevVnet/virtualNetworkPeerings/gwPeering_spokeDevVnet_hubVnet")])
        #expect(spoke.useRemoteGateways && spoke.remoteNetwork == id("virtualNetworks/hubVnet"))
        #expect(t.gateways[id("virtualNetworkGateways/hubVpnGateway")] != nil)
        // The jump host's address is Dynamic: known once deployed, said so.
        #expect(result.diagnostics.contains { $0.message.contains("'winJmpHostIpConfig' has no privateIPAddress (Dynamic: Azure assigns it when deploying)") })
        // Without the parameter file's 'Yes' the gateway's condition is false.
        let without = try load(
            "azure-quickstart-templates__101-hub-and-spoke-sandbox__azuredeploy", parameters: false,
            options: TemplateOptions(parameterValues: [("deployVpnGateway", "No"), ("winVmUser", "u"), ("winVmPassword", "p"), ("winVmDnsPrefix", "d")]))
        #expect(without.topology.gateways.isEmpty)
        #expect(without.topology.peerings.values.allSatisfy { $0.name.contains("/peering_") })
    }

    @Test("firewall policy with IP groups: a variable copy loop, uniqueString names, rule groups linked by ID")
    func firewallPolicy() throws {
        let name = "azure-quickstart-templates__101-azurefirewall-create-with-firewallpolicy-apprule-netrule-ipgroups__azuredeploy"
        let t = try load(name, options: TemplateOptions(resourceGroup: "my-rg")).topology
        let firewall = try #require(t.firewalls.values.first)
        #expect(firewall.name == "GEN-FIREWALL-TEST-01")
        #expect(firewall.publicIPs.map(\.name).sorted() == ["publicIP1", "publicIP2"])
        #expect(
            firewall.subnets == [
                ResourceID(
                    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg/providers/Microsoft.Network/virtualNetworks/GEN-VNET-TEST-01/subnets/AzureFirewallSubnet"
                )
            ])
        // The IP groups are named with uniqueString(resourceGroup().id), and the rules find them.
        let groups = t.ipGroups.values.map(\.name).sorted()
        #expect(
            groups.count == 2
                && groups.allSatisfy {
                    $0.hasPrefix("westeurope-") && $0.count == "westeurope-infra-ipgroup-".count + 13 || $0.count == "westeurope-workload-ipgroup-".count + 13
                })
        let rule = try #require(firewall.ruleCollections.flatMap(\.rules).first { $0.name == "time-windows" })
        #expect(rule.sources.addresses == AddressSet(prefixes: ["10.20.0.0/24", "10.30.0.0/24", "10.40.0.0/24", "10.50.0.0/24"].compactMap(IPPrefix.init)))
    }

    @Test("compiled Bicep (labdeployment): a missing parameter is named; with it, the template imports")
    func bicepOutput() throws {
        let name = "Azure-Network-Security__Workshop_Templates__labdeployment"
        let error = try #require(throws: ImportError.self) { try AzureImporter.load(paths: [Self.template(name)]) }
        #expect(error.diagnostics.allSatisfy { $0.file == Self.template(name) && $0.line != nil })
        #expect(error.diagnostics.contains { $0.message.contains("parameter 'appGwAfdName' has no value and no default") })
        let result = try load(name, parameters: false, options: TemplateOptions(parameterValues: [("appGwAfdName", "lab"), ("adminPassword", "x")]))
        #expect(result.topology.networks.count == 3)
        #expect(result.topology.peerings.count == 4)
        #expect(result.topology.firewalls.count == 1)
        // The DNAT rules' destination is the firewall's own public IP, known only once deployed.
        #expect(result.diagnostics.contains { $0.pointer?.hasSuffix("/destinationAddresses/0") == true && $0.message.contains("known only at deploy time") })
    }

    @Test("a template deploying a VNet twice (nested deployment, then an update): the later declaration stands")
    func declaredTwice() throws {
        let result = try load("Azure-Network-Security__LabTemplates_NetSecDemoLab-Standard__AzNetSecdeploy", parameters: false)
        let hub = try #require(result.topology.networks[id("virtualNetworks/VN-HUB")])
        #expect(hub.origin?.pointer == "/resources/1")
        #expect(result.diagnostics.contains { $0.severity == .note && $0.message.contains("is declared twice") })
        #expect(result.topology.subnetsByNetwork[hub.id]?.count == 2)
    }

    @Test("ESLZ hub-and-spoke: comments and multi-line expressions read; with defaults no hub is deployed, and notes say which defaults were used")
    func enterpriseScaleDefaults() throws {
        let result = try load("Enterprise-Scale__eslzArm_subscriptionTemplates_hubspoke-connectivity", parameters: false)
        #expect(result.topology.networks.isEmpty)
        #expect(result.diagnostics.contains { $0.severity == .note && $0.message.contains("template evaluated for subscription") })
        #expect(result.diagnostics.contains { $0.message.hasPrefix("parameters taken from their defaults: ") && $0.message.contains("enableHub") })
    }

    @Test("ESLZ hub-and-spoke with a hub: nested subscription and resource group deployments put the hub where they say")
    func enterpriseScaleHub() throws {
        let values = [
            ("enableHub", "vhub"), ("connectivitySubscriptionId", "2222"), ("topLevelManagementGroupPrefix", "contoso"),
            ("addressPrefix", "10.100.0.0/16"), ("subnetMaskForGw", "10.100.1.0/24"), ("subnetMaskForAzFw", "10.100.0.0/24"),
        ]
        let result = try load(
            "Enterprise-Scale__eslzArm_subscriptionTemplates_hubspoke-connectivity", parameters: false,
            options: TemplateOptions(location: "westeurope", parameterValues: values))
        let hub = "/subscriptions/2222/resourceGroups/rg-vnet-hub-prod-westeurope/providers/Microsoft.Network/virtualNetworks/vnet-hub-contoso-prod-westeurope"
        let firewallSubnet = try #require(result.topology.subnets[ResourceID(hub + "/subnets/AzureFirewallSubnet")])
        #expect(firewallSubnet.prefixes.map(\.description) == ["10.100.0.0/24"])
        #expect(result.topology.subnets[ResourceID(hub + "/subnets/GatewaySubnet")]?.prefixes.map(\.description) == ["10.100.1.0/24"])
        #expect(
            result.topology.networks[ResourceID(hub)]?.origin?.pointer.hasPrefix("/resources/0/properties/template/resources/1/properties/template/resources/")
                == true)
    }

    @Test("a directory holding a template and its parameter file: the pair is used, nothing is 'no Azure resources'")
    func directoryPair() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-template-pair")
        defer { directory.remove() }
        let name = "azure-quickstart-templates__201-vnet-to-vnet-peering__azuredeploy"
        for file in ["\(name).json", "\(name).parameters.json"] {
            try FileManager.default.copyItem(atPath: Fixtures.corpus("arm-templates/" + file), toPath: directory.appending(file).path)
        }
        let result = try AzureImporter.load(paths: [directory.url.path])
        #expect(result.topology.networks.count == 2)
        #expect(!result.diagnostics.contains { $0.message.contains("no Azure resources") || $0.message.contains("parameter file with no template") })
    }

    @Test("a Bicep file is refused with the command that compiles it")
    func bicep() throws {
        let directory = try TemporaryDirectory(prefix: "lateral-bicep")
        defer { directory.remove() }
        let file = directory.appending("main.bicep").path
        try "param x string".write(toFile: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: ImportError.self) { try AzureImporter.load(paths: [file]) }
        #expect(error.diagnostics.first?.message.contains("az bicep build --file \(file)") == true)
    }
}

/// Every template of the corpus imports with the parameter file beside it, with no error.
@Suite("Corpus: every ARM template")
struct CorpusTemplateSweepTests {
    static let directory = Fixtures.corpus("arm-templates")
    static let templates = Fixtures.files(in: directory) { $0.hasSuffix(".json") && !$0.hasSuffix(".parameters.json") }
    /// Its parameters have no defaults and it comes with no parameter file: given here.
    static let needs = ["Azure-Network-Security__Workshop_Templates__labdeployment.json": [("appGwAfdName", "lab"), ("adminPassword", "x")]]

    @Test("the corpus templates are there")
    func present() { #expect(Self.templates.count == 18) }

    @Test("imports with its parameter file", arguments: templates)
    func imports(_ template: String) throws {
        let parameters = String(template.dropLast(5)) + ".parameters.json"
        let files = [template] + (FileManager.default.fileExists(atPath: parameters) ? [parameters] : [])
        let name = URL(fileURLWithPath: template).lastPathComponent
        let result = try AzureImporter.load(paths: files, templates: TemplateOptions(parameterValues: Self.needs[name] ?? []))
        #expect(!result.diagnostics.contains { $0.severity == .error })
        #expect(result.files == files)
        // Every diagnostic names the file it is about: the template, never nothing.
        #expect(result.diagnostics.allSatisfy { $0.file == template })
    }
}

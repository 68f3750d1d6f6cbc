import AzureImport
import Foundation
import Reachability
import TestSupport
import Testing
import TopologyModel

/// `lateral exposure`'s computation against hand-made labels (Tests/Fixtures/Exposure): every
/// way a rule set names the Internet, port ranges and lists, UDP only, shadowed allows.
@Suite("Exposure of rule sets")
struct RuleSetExposureTests {
    static let sources: [ExposureSource] = [
        .internet, .virtualNetwork, ExposureSource(kind: .addresses(AddressSet(prefixes: [IPPrefix("10.1.0.0/16")!])), name: "cidr:10.1.0.0/16"),
    ]

    static func exposures(_ fixture: String) throws -> [RuleSetExposure] {
        let imported = try AzureImporter.load(paths: [Fixtures.fixture("Exposure/\(fixture)")])
        return RuleSetExposure.evaluate(EstateIndex(topology: imported.topology), sources: sources)
    }

    static func heading(_ e: RuleSetExposure) -> String {
        switch e.attachment {
        case .unattached: "\(e.securityGroup.name) (unattached)"
        case .subnet: "\(e.securityGroup.name) on subnet \(e.attachmentName)"
        case .networkInterface: "\(e.securityGroup.name) on NIC \(e.attachmentName)"
        }
    }

    @Test(
        "NSG-11, NSG-17, NSG-20: each NSG and source reaches what its label says; shadowed allows are named",
        arguments: ["nsg-rules.template.json", "nsg-rules.tfplan.json"])
    func labels(_ fixture: String) throws {
        let data = Fixtures.read(Fixtures.fixture("Exposure/labels.json"))
        let all = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: [String: Any]]])
        let labels = try #require(all[fixture])
        let exposures = try Self.exposures(fixture)
        for (heading, expected) in labels {
            let exposure = try #require(exposures.first { Self.heading($0) == heading }, "\(heading) not reported")
            for (source, services) in expected where source != "shadowed" {
                let found = try #require(exposure.sources.first { $0.source.name == source })
                #expect((found.allowed.isEmpty ? "none" : found.allowed.summary) == services as? String, "\(heading) from \(source)")
            }
            let shadows = Set(
                exposure.sources.first { $0.source.name == "internet" }!.shadows.map {
                    "\($0.rule.name) \($0.services.summary) by \($0.by.map(\.name).joined(separator: ","))"
                })
            #expect(shadows == Set(expected["shadowed"] as? [String] ?? []), "\(heading) shadows")
        }
    }

    @Test(
        "NSG-11: a deny whose services a higher-priority allow decides first is pre-empted on those services only; defaults and untouched denies are not (catalog LAT-NET-008)"
    )
    func preemptedDenies() throws {
        var e = MiniEstate()
        e.vnet("v", ["10.0.0.0/16"], subnets: [("s", "10.0.1.0/24", "nsg", nil)])
        e.nsg(
            "nsg",
            [
                ("Allow-SSH", 100, "Inbound", "Allow", "Tcp", "*", "*", "*", "22"),
                ("Allow-HTTP", 110, "Inbound", "Allow", "Tcp", "Internet", "*", "*", "80"),
                ("Deny-SSH-Internet", 200, "Inbound", "Deny", "Tcp", "Internet", "*", "*", "22"),
                ("Deny-Web", 210, "Inbound", "Deny", "Tcp", "Internet", "*", "*", "80-81"),
                ("Deny-RDP", 220, "Inbound", "Deny", "Tcp", "*", "*", "*", "3389"),
            ])
        let exposure = try #require(RuleSetExposure.evaluate(try e.index(), sources: [.internet]).first?.sources.first)
        #expect(
            exposure.preemptions.map { "\($0.rule.name) \($0.services.summary) by \($0.by.map(\.name).joined(separator: ","))" } == [
                "Deny-SSH-Internet tcp/22 by Allow-SSH", "Deny-Web tcp/80 by Allow-HTTP",
            ])
        #expect(exposure.shadows.isEmpty)
    }

    @Test("Every NSG is reported once per attachment, unattached ones once")
    func attachments() throws {
        let exposures = try Self.exposures("nsg-rules.tfplan.json")
        #expect(exposures.map(Self.heading) == ["nsg-tf-shadow (unattached)", "nsg-tf-web on subnet vnet-review/snet-web"])
        #expect(exposures.allSatisfy { $0.sources.map(\.source.name) == Self.sources.map(\.name) })
    }

    @Test("The deciding rule of each service, in priority order, with the rule's source location")
    func decisions() throws {
        let web = try #require(try Self.exposures("nsg-rules.tfplan.json").first { $0.securityGroup.name == "nsg-tf-web" })
        let internet = try #require(web.sources.first { $0.source == .internet })
        #expect(internet.decisions.map { "\($0.rule.name):\($0.services.summary)" } == ["web:tcp/80,443", "rdp-from-any:tcp/3389"])
        #expect(internet.decisions.last?.rule.origin?.pointer.hasPrefix("azurerm_network_security_rule.rdp") == true)
    }

    @Test("NSG-19: a rule keyed on a source port the attacker can choose still exposes the service")
    func sourcePorts() throws {
        let template = """
            {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
             "resources": [{"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": "nsg-sport", "location": "westeurope",
               "properties": {"securityRules": [
                 {"name": "deny-low-sport", "properties": {"priority": 100, "direction": "Inbound", "access": "Deny", "protocol": "Tcp",
                   "sourcePortRange": "0-1023", "destinationPortRange": "22", "sourceAddressPrefix": "*", "destinationAddressPrefix": "*"}},
                 {"name": "allow-ssh", "properties": {"priority": 200, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
                   "sourcePortRange": "*", "destinationPortRange": "22", "sourceAddressPrefix": "Internet", "destinationAddressPrefix": "*"}}]}}]}
            """
        let imported = try AzureImporter.load(json: template)
        let exposure = RuleSetExposure.evaluate(EstateIndex(topology: imported.topology), sources: [.internet])
        #expect(exposure.first?.sources.first?.allowed.summary == "tcp/22")
    }
}

/// Public endpoints in `lateral exposure`: what a storage account admits, by its settings.
@Suite("Exposure of public endpoints")
struct AssetExposureTests {
    @Test("ST-2, ST-3: default action Deny admits only the public addresses the IP rules list; Allow admits every address")
    func storage() throws {
        let imported = try AzureImporter.load(paths: [Fixtures.fixture("Terraform/hub-firewall-v3.tfplan.json")])
        let assets = AssetExposure.evaluate(imported.topology, sources: RuleSetExposureTests.sources)
        let account = try #require(assets.first { $0.name == "stdatahub" })
        #expect(account.kind == "storage account")
        #expect(account.sources.map(\.source.name) == ["internet", "cidr:10.1.0.0/16"], "VirtualNetwork is not asked of public endpoints")
        let internet = try #require(account.sources.first)
        #expect(internet.services.summary == "tcp/80,443")
        #expect(internet.admitted == AddressSet(prefixes: [IPPrefix("203.0.113.0/24")!]))
        #expect(internet.reason.contains("default action Deny"))
        #expect(account.sources.last?.services.isEmpty == true)
    }

    @Test("ST-2: public network access Disabled admits nothing, whatever the rules")
    func disabled() throws {
        let json = """
            [{"id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/stclosed", "name": "stclosed",
              "type": "Microsoft.Storage/storageAccounts", "location": "westeurope",
              "properties": {"publicNetworkAccess": "Disabled", "networkAcls": {"defaultAction": "Allow"}}}]
            """
        let topology = try AzureImporter.load(json: json).topology
        let reach = try #require(AssetExposure.evaluate(topology, sources: [.internet]).first?.sources.first)
        #expect(reach.services.isEmpty && reach.admitted.isEmpty && reach.reason.contains("Disabled"))
    }
}

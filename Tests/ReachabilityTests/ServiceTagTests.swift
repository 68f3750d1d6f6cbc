import AzureImport
import Reachability
import TestSupport
import Testing
import TopologyModel

/// Service tags resolved from published data (docs/reference/azure-semantics-enterprise.md,
/// §3; the estate is that section's fixture): NSG rules, routes and their precedence, and
/// what is said when a tag cannot be resolved.
@Suite("Service tags from published data")
struct ServiceTagTests {
    static let base = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network"
    static var download: String { Fixtures.fixture("ServiceTags/ServiceTags_Public_sample.json") }
    static var discovery: String { Fixtures.fixture("ServiceTags/servicetags-discovery-api-sample.json") }

    /// s1 (10.0.0.0/24): an NSG allowing Storage.WestEurope on 443 out, then denying Storage.
    /// s2 (10.0.2.0/24): no NSG; routes `Storage` to the Internet, everything else to an
    /// appliance at 10.0.1.4, plus `extra` routes.
    static func estate(extraRoutes: String = "", extraRules: String = "") -> String {
        func nic(_ name: String, _ ip: String, _ subnet: String) -> String {
            #"{"id": "\#(base)/networkInterfaces/\#(name)", "type": "Microsoft.Network/networkInterfaces", "properties": {"ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "\#(ip)", "subnet": {"id": "\#(base)/virtualNetworks/v/subnets/\#(subnet)"}}}]}}"#
        }
        func rule(_ name: String, _ priority: Int, _ access: String, _ proto: String, _ destination: String, _ ports: String) -> String {
            #"{"name": "\#(name)", "properties": {"priority": \#(priority), "direction": "Outbound", "access": "\#(access)", "protocol": "\#(proto)", "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "\#(destination)", "destinationPortRange": "\#(ports)"}}"#
        }
        return """
            [
              {"id": "\(base)/virtualNetworks/v", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
               "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": [
                 {"name": "s1", "properties": {"addressPrefix": "10.0.0.0/24", "networkSecurityGroup": {"id": "\(base)/networkSecurityGroups/nsg1"}}},
                 {"name": "nva", "properties": {"addressPrefix": "10.0.1.0/24"}},
                 {"name": "s2", "properties": {"addressPrefix": "10.0.2.0/24", "routeTable": {"id": "\(base)/routeTables/rt2"}}}]}},
              {"id": "\(base)/networkSecurityGroups/nsg1", "type": "Microsoft.Network/networkSecurityGroups", "properties": {"securityRules": [
                \(rule("allowStorageWE", 100, "Allow", "Tcp", "Storage.WestEurope", "443")),
                \(rule("denyStorage", 200, "Deny", "*", "Storage", "*"))\(extraRules)]}},
              {"id": "\(base)/routeTables/rt2", "type": "Microsoft.Network/routeTables", "properties": {"routes": [
                {"name": "toStorage", "properties": {"addressPrefix": "Storage", "nextHopType": "Internet"}},
                {"name": "dflt", "properties": {"addressPrefix": "0.0.0.0/0", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.1.4"}}\(extraRoutes)]}},
              \(nic("vm1", "10.0.0.4", "s1")), \(nic("vm2", "10.0.2.4", "s2")),
              {"id": "\(base)/networkInterfaces/nva", "type": "Microsoft.Network/networkInterfaces", "properties": {"enableIPForwarding": true, "ipConfigurations": [{"name": "c", "properties": {"privateIPAddress": "10.0.1.4", "subnet": {"id": "\(base)/virtualNetworks/v/subnets/nva"}}}]}}
            ]
            """
    }

    static func load(_ json: String, tags: [String]?) throws -> ImportResult {
        let catalog = try tags.map { try ServiceTagFile.load(files: $0) }
        return try AzureImporter.build([try SourceDocument(bytes: Array(json.utf8), file: "estate.json")], serviceTags: catalog)
    }

    static func flow(_ index: EstateIndex, to destination: String, port: UInt16 = 443) throws -> FlowResult {
        try index.verdict(FlowQuery(source: IPAddress("10.0.0.4")!, destination: IPAddress(destination)!, proto: .tcp, destinationPort: port))
    }

    @Test("TAG-1, TAG-2: the download and the Discovery API output both load, with their change numbers")
    func formats() throws {
        let download = try ServiceTagFile.load(files: [Self.download])
        #expect(download.sources.map(\.changeNumber) == ["312"])
        #expect(download.sources.map(\.format) == [.download])
        #expect(download.tag(named: "storage.westeurope")?.changeNumber == "41")
        #expect(download.tag(named: "Storage")?.prefixes.count == 3)
        let api = try ServiceTagFile.load(files: [Self.discovery])
        #expect(api.sources.map(\.changeNumber) == ["63"])
        #expect(api.sources.map(\.format) == [.discoveryAPI])
        #expect(api.tag(named: "Storage.WestEurope")?.addresses == download.tag(named: "Storage.WestEurope")?.addresses)
    }

    @Test("TAG-3, TAG-4: the download and API output, or two clouds, are refused together; bad prefixes are named by place")
    func refusals() throws {
        let mixed = #expect(throws: ImportError.self) { try ServiceTagFile.load(files: [Self.download, Self.discovery]) }
        #expect(mixed?.description.contains("TAG-3") == true)
        let china = try SourceDocument(bytes: Array(#"{"changeNumber": 1, "cloud": "AzureChinaCloud", "values": []}"#.utf8), file: "china.json")
        let public_ = try SourceDocument(bytes: Array(#"{"changeNumber": 1, "cloud": "Public", "values": []}"#.utf8), file: "public.json")
        let clouds = #expect(throws: ImportError.self) { try ServiceTagFile.catalog([public_, china]) }
        #expect(clouds?.description.contains("TAG-4") == true)
        let bad = try SourceDocument(
            bytes: Array(#"{"changeNumber": 1, "cloud": "Public", "values": [{"name": "Sql", "properties": {"addressPrefixes": ["10.0.0.0/33"]}}]}"#.utf8),
            file: "bad.json")
        let prefix = #expect(throws: ImportError.self) { try ServiceTagFile.catalog([bad]) }
        #expect(prefix?.diagnostics.first?.pointer == "/values/0/properties/addressPrefixes/0")
        #expect(prefix?.diagnostics.first?.file == "bad.json")
    }

    @Test("TAG-10, TAG-6: a regional tag's prefix is allowed; an address only the global tag holds is denied")
    func securityRules() throws {
        let index = EstateIndex(topology: try Self.load(Self.estate(), tags: [Self.download]).topology)
        let regional = try Self.flow(index, to: "20.38.108.10")
        #expect(regional.decidingRules == ["nsg1/allowStorageWE"])
        let global = try Self.flow(index, to: "20.60.0.10")
        #expect(global.decidingRules == ["nsg1/denyStorage"])
        #expect(!global.allowed)
        // Outside both tags: the default AllowInternetOutBound.
        #expect(try Self.flow(index, to: "8.8.8.8").decidingRules == ["nsg1/AllowInternetOutBound"])
    }

    @Test("NSG-33: without data, the Deny of Storage matches nothing and a warning names the tag")
    func approximation() throws {
        let imported = try Self.load(Self.estate(), tags: nil)
        let index = EstateIndex(topology: imported.topology)
        // The Allow of Storage.WestEurope is taken to match any Internet address...
        #expect(try Self.flow(index, to: "20.60.0.10").decidingRules == ["nsg1/allowStorageWE"])
        // ...and the Deny of Storage nothing, so no protection is assumed.
        #expect(try Self.flow(index, to: "20.60.0.10", port: 80).decidingRules == ["nsg1/AllowInternetOutBound"])
        let warned = imported.diagnostics.filter { $0.message.hasPrefix("service tag 'Storage'") }
        #expect(warned.count == 1)
        #expect(warned.first?.message.contains("--service-tags") == true)
    }

    @Test("TAG-14: a tag the data does not hold keeps the approximation, with a warning that says so")
    func unknownTag() throws {
        let extra =
            #", {"name": "allowCosmos", "properties": {"priority": 300, "direction": "Outbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "AzureCosmosDB", "destinationPortRange": "443"}}"#
        let imported = try Self.load(Self.estate(extraRules: extra), tags: [Self.download])
        let warned = imported.diagnostics.filter { $0.message.hasPrefix("service tag 'AzureCosmosDB'") }
        #expect(warned.count == 1)
        #expect(warned.first?.message.contains("TAG-14") == true)
        #expect(!imported.diagnostics.contains { $0.message.hasPrefix("service tag 'Storage") })
    }

    @Test("TAG-12, RT-9: a tag route's /23 beats 0/0; on an exact tie an explicit CIDR beats a tag, a regional tag a global one")
    func routes() throws {
        let subnet = ResourceID("\(Self.base)/virtualNetworks/v/subnets/s2")
        let index = EstateIndex(topology: try Self.load(Self.estate(), tags: [Self.download]).topology)
        #expect(index.routes(of: subnet).lookup(IPAddress("20.38.108.10")!)?.nextHop == .internet)
        #expect(index.routes(of: subnet).lookup(IPAddress("8.8.8.8")!)?.nextHop == .virtualAppliance(IPAddress("10.0.1.4")))
        // The regional tag holds the same /23 as the global one: the regional route wins.
        let regional = #", {"name": "regional", "properties": {"addressPrefix": "Storage.WestEurope", "nextHopType": "None"}}"#
        let withRegional = EstateIndex(topology: try Self.load(Self.estate(extraRoutes: regional), tags: [Self.download]).topology)
        #expect(withRegional.routes(of: subnet).lookup(IPAddress("20.38.108.10")!)?.nextHop == EffectiveRoute.NextHop.none)
        #expect(withRegional.routes(of: subnet).lookup(IPAddress("20.60.0.10")!)?.nextHop == .internet)
        // An explicit CIDR of the same /23 beats both tags.
        let explicit =
            regional
            + #", {"name": "explicit", "properties": {"addressPrefix": "20.38.108.0/23", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.0.1.4"}}"#
        let withExplicit = EstateIndex(topology: try Self.load(Self.estate(extraRoutes: explicit), tags: [Self.download]).topology)
        #expect(withExplicit.routes(of: subnet).lookup(IPAddress("20.38.108.10")!)?.name == "explicit")
        // AzureCloud (/11) is less specific: Storage's /23 still decides inside it.
        let cloud = #", {"name": "cloud", "properties": {"addressPrefix": "AzureCloud", "nextHopType": "None"}}"#
        let withCloud = EstateIndex(topology: try Self.load(Self.estate(extraRoutes: cloud), tags: [Self.download]).topology)
        #expect(withCloud.routes(of: subnet).lookup(IPAddress("20.38.108.10")!)?.nextHop == .internet)
        #expect(withCloud.routes(of: subnet).lookup(IPAddress("20.1.0.1")!)?.nextHop == EffectiveRoute.NextHop.none)
    }

    @Test("TAG-11: a firewall rule's destination tag becomes its prefixes; without data it stays a name")
    func firewallDestinations() throws {
        func rule(_ tags: [String]?) throws -> FirewallRule {
            let catalog = try tags.map { try ServiceTagFile.load(files: $0) }
            let topology = try AzureImporter.load(paths: [Fixtures.path("Topologies/retail-llm")], serviceTags: catalog).topology
            let rules = topology.firewalls.values.flatMap { $0.ruleCollections.flatMap(\.rules) }
            return try #require(rules.first { $0.name == "training-to-storage-gwc" })
        }
        let resolved = try rule([Self.download])
        #expect(resolved.destinations.tags.isEmpty)
        #expect(resolved.destinations.contains(IPAddress("20.38.115.9")!))
        #expect(!resolved.destinations.contains(IPAddress("20.38.108.9")!))
        let named = try rule(nil)
        #expect(named.destinations.tags == ["Storage.GermanyWestCentral"])
        #expect(!named.destinations.contains(IPAddress("20.38.115.9")!))
    }

    @Test("TAG-12: a route may not name VirtualNetwork, Internet, AzureLoadBalancer or the platform tags")
    func notRoutable() throws {
        let bad = #", {"name": "bad", "properties": {"addressPrefix": "VirtualNetwork", "nextHopType": "None"}}"#
        let error = #expect(throws: ImportError.self) { try Self.load(Self.estate(extraRoutes: bad), tags: [Self.download]) }
        #expect(error?.description.contains("TAG-12") == true)
    }
}

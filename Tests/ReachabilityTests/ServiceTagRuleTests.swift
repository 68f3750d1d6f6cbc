import AzureImport
import Foundation
import TestSupport
import Testing
import TopologyModel

@testable import Reachability

/// The service tag rules of docs/reference/azure-semantics-enterprise.md §3 that
/// ``ServiceTagTests`` leaves out: names as published (TAG-5), one address family per packet
/// (TAG-7), the tags defined by context (TAG-8), what an allowed tag opens (TAG-9) and tags in
/// security admin rules (TAG-13). Each test writes the few tags it needs as a small download.
@Suite("Service tag rules (TAG)")
struct ServiceTagRuleTests {
    /// The weekly download's shape holding `entries` as (name, region, prefixes).
    static func catalog(_ entries: [(name: String, region: String, prefixes: [String])]) throws -> ServiceTagCatalog {
        let values = entries.map { entry -> [String: Any] in
            [
                "name": entry.name, "id": entry.name,
                "properties": ["changeNumber": 1, "region": entry.region, "systemService": "", "addressPrefixes": entry.prefixes],
            ]
        }
        let root: [String: Any] = ["changeNumber": 7, "cloud": "Public", "values": values]
        let bytes = try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
        return try ServiceTagFile.catalog([try SourceDocument(bytes: Array(bytes), file: "tags.json")])
    }

    static func load(_ estate: MiniEstate, tags: ServiceTagCatalog?) throws -> ImportResult {
        try AzureImporter.build([try SourceDocument(bytes: Array(estate.json.utf8), file: "estate.json")], serviceTags: tags)
    }

    /// VNet `v` (10.1.0.0/16) with subnet `s` (10.1.1.0/24) under NSG `nsg` holding `rules`,
    /// subnet `r` (10.1.2.0/24) under route table `rt` holding `routes`, and hosts 10.1.1.4,
    /// 10.1.1.5 and 10.1.2.4.
    static func estate(
        rules: [(String, Int, String, String, String, String, String, String, String)], routes: [(String, String, String, String?)] = []
    ) -> MiniEstate {
        var e = MiniEstate()
        e.vnet("v", ["10.1.0.0/16"], subnets: [("s", "10.1.1.0/24", "nsg", nil), ("r", "10.1.2.0/24", nil, "rt")])
        e.nsg("nsg", rules)
        e.routeTable("rt", routes)
        e.nic("vm1", vnet: "v", subnet: "s", ip: "10.1.1.4")
        e.nic("vm2", vnet: "v", subnet: "s", ip: "10.1.1.5")
        e.nic("vm3", vnet: "v", subnet: "r", ip: "10.1.2.4")
        return e
    }

    static func warnings(_ imported: ImportResult, tag: String) -> [Diagnostic] {
        imported.diagnostics.filter { $0.message.hasPrefix("service tag '\(tag)'") }
    }

    @Test(
        "TAG-5: a tag is found by its published name in any case, AzureCloud's irregular regional short forms included; a long form the data does not publish is unknown"
    )
    func naming() throws {
        let tags = try Self.catalog([
            ("Storage.WestEurope", "WestEurope", ["20.38.108.0/23"]),
            ("AzureCloud.germanywc", "germanywestcentral", ["20.52.0.0/16"]),
            ("AzureCloud", "", ["20.0.0.0/11", "20.52.0.0/16"]),
        ])
        #expect(tags.tag(named: "storage.westeurope")?.region == "westeurope")
        #expect(tags.tag(named: "AZURECLOUD.GERMANYWC")?.name == "AzureCloud.germanywc")
        #expect(tags.tag(named: "AzureCloud.GermanyWestCentral") == nil)

        let e = Self.estate(
            rules: [
                ("deny-gwc", 100, "Outbound", "Deny", "*", "*", "*", "AzureCloud.GermanyWC", "*"),
                ("deny-gwc-long", 110, "Outbound", "Deny", "*", "*", "*", "AzureCloud.GermanyWestCentral", "*"),
                ("allow-we", 120, "Outbound", "Allow", "Tcp", "*", "*", "storage.westeurope", "443"),
                ("deny-internet", 200, "Outbound", "Deny", "*", "*", "*", "Internet", "*"),
            ],
            routes: [
                ("cloud", "AzureCloud", "None", nil),
                ("cloud-gwc", "AzureCloud.germanywc", "Internet", nil),
            ])
        let imported = try Self.load(e, tags: tags)
        let index = EstateIndex(topology: imported.topology)
        #expect(try index.check("10.1.1.4", "20.52.1.1", .tcp, 443).decidingRules == ["nsg/deny-gwc"])
        #expect(try index.check("10.1.1.4", "20.38.108.10", .tcp, 443).decidingRules == ["nsg/allow-we"])
        // In neither tag: only the Internet deny matches.
        #expect(try index.check("10.1.1.4", "20.60.0.10", .tcp, 443).decidingRules == ["nsg/deny-internet"])
        #expect(Self.warnings(imported, tag: "AzureCloud.GermanyWC").isEmpty)
        #expect(Self.warnings(imported, tag: "storage.westeurope").isEmpty)
        let unknown = Self.warnings(imported, tag: "AzureCloud.GermanyWestCentral")
        #expect(unknown.count == 1)
        #expect(unknown.first?.message.contains("TAG-14") == true)
        // RT-9 reads the name: on an exact tie the AzureCloud regional tag beats AzureCloud.
        let routes = index.routes(of: ResourceID(MiniEstate.id("virtualNetworks", "v") + "/subnets/r"))
        #expect(routes.lookup(IPAddress("20.52.1.1")!)?.name == "cloud-gwc (AzureCloud.germanywc)")
        #expect(routes.lookup(IPAddress("20.1.0.1")!)?.name == "cloud (AzureCloud)")
    }

    @Test("TAG-7: a tag's IPv6 prefixes match only IPv6 packets and its IPv4 prefixes only IPv4 packets, whatever their leading bits")
    func families() throws {
        // 38.3.16.48 has the bits 2603:1030:400::/48 starts with, and 2844:101::1 starts with the
        // bits of 40.68.1.1: only the packet's own family may be compared.
        let tags = try Self.catalog([
            ("AzureFrontDoor.Frontend", "", ["2603:1030:400::/48"]),
            ("Sql.WestEurope", "westeurope", ["40.68.0.0/16"]),
            ("Storage", "", ["20.60.0.0/24", "2603:1020:206::/48"]),
        ])
        let frontDoor = try #require(tags.tag(named: "AzureFrontDoor.Frontend"))
        #expect(frontDoor.addresses.contains(IPAddress("2603:1030:400::1")!))
        #expect(!frontDoor.addresses.contains(IPAddress("38.3.16.48")!))

        var e = MiniEstate()
        e.vnet("v", ["10.1.0.0/16", "fd00::/48"], subnets: [("s", "10.1.1.0/24", "nsg", nil)])
        e.setProperty(
            id: MiniEstate.id("virtualNetworks", "v"), "subnets",
            [
                [
                    "id": MiniEstate.id("virtualNetworks", "v") + "/subnets/s", "name": "s",
                    "properties": [
                        "addressPrefixes": ["10.1.1.0/24", "fd00::/64"],
                        "networkSecurityGroup": ["id": MiniEstate.id("networkSecurityGroups", "nsg")],
                    ],
                ]
            ])
        e.nsg(
            "nsg",
            [
                ("deny-frontdoor", 100, "Outbound", "Deny", "*", "*", "*", "AzureFrontDoor.Frontend", "*"),
                ("deny-sql", 110, "Outbound", "Deny", "*", "*", "*", "Sql.WestEurope", "*"),
                ("deny-storage", 120, "Outbound", "Deny", "*", "*", "*", "Storage", "*"),
            ])
        e.resources.append([
            "id": MiniEstate.id("networkInterfaces", "vm"), "name": "vm", "type": "Microsoft.Network/networkInterfaces",
            "properties": [
                "ipConfigurations": [
                    ["name": "c4", "properties": ["privateIPAddress": "10.1.1.4", "subnet": ["id": MiniEstate.id("virtualNetworks", "v") + "/subnets/s"]]],
                    [
                        "name": "c6",
                        "properties": [
                            "privateIPAddress": "fd00::4", "privateIPAddressVersion": "IPv6",
                            "subnet": ["id": MiniEstate.id("virtualNetworks", "v") + "/subnets/s"],
                        ],
                    ],
                ]
            ],
        ])
        let index = EstateIndex(topology: try Self.load(e, tags: tags).topology)
        #expect(try index.check("10.1.1.4", "38.3.16.48", .tcp, 443).decidingRules == ["nsg/AllowInternetOutBound"])
        #expect(try index.check("fd00::4", "2603:1030:400::1", .tcp, 443).decidingRules == ["nsg/deny-frontdoor"])
        #expect(try index.check("10.1.1.4", "40.68.1.1", .tcp, 443).decidingRules == ["nsg/deny-sql"])
        #expect(try index.check("fd00::4", "2844:101::1", .tcp, 443).decidingRules == ["nsg/AllowInternetOutBound"])
        // A mixed list matches each family with its own prefixes.
        #expect(try index.check("10.1.1.4", "20.60.0.10", .tcp, 443).decidingRules == ["nsg/deny-storage"])
        #expect(try index.check("fd00::4", "2603:1020:206::1", .tcp, 443).decidingRules == ["nsg/deny-storage"])
        // The reference's "not applicable": an IPv4 host asking for a tag's IPv6 address is no flow.
        #expect(throws: QueryError.self) { try index.check("10.1.1.4", "2603:1020:206::1", .tcp, 443) }
    }

    @Test("TAG-8: VirtualNetwork, Internet and AzureLoadBalancer keep their meaning from the context even when tag data names them")
    func contextTags() throws {
        // Data that (wrongly) publishes the context tags with other addresses: never used.
        let tags = try Self.catalog([
            ("VirtualNetwork", "", ["20.38.108.0/23"]),
            ("Internet", "", ["10.1.0.0/16"]),
            ("AzureLoadBalancer", "", ["20.38.108.0/23"]),
        ])
        let e = Self.estate(rules: [
            ("deny-vnet-ssh", 100, "Inbound", "Deny", "Tcp", "VirtualNetwork", "*", "*", "22"),
            ("allow-probes", 110, "Inbound", "Allow", "*", "AzureLoadBalancer", "*", "*", "*"),
            ("deny-web-out", 100, "Outbound", "Deny", "Tcp", "*", "*", "Internet", "443"),
        ])
        let imported = try Self.load(e, tags: tags)
        let nsg = try #require(imported.topology.securityGroups.values.first { $0.name == "nsg" })
        let expected: [String: ServiceTag] = ["deny-vnet-ssh": .virtualNetwork, "allow-probes": .azureLoadBalancer, "deny-web-out": .internet]
        for (name, tag) in expected {
            let rule = try #require(nsg.rules.first { $0.name == name })
            let side = rule.direction == .inbound ? rule.source : rule.destination
            #expect(side.tags == [tag], "\(name)")
            #expect(side.prefixes.isEmpty, "\(name)")
        }
        let index = EstateIndex(topology: imported.topology)
        #expect(try index.check("10.1.1.5", "10.1.1.4", .tcp, 22).decidingRules == ["nsg/AllowVnetOutBound", "nsg/deny-vnet-ssh"])
        #expect(try index.check("10.1.1.4", "10.1.1.5", .tcp, 443).disposition == .accepted)
        #expect(try index.check("10.1.1.4", "20.38.108.10", .tcp, 443).decidingRules == ["nsg/deny-web-out"])
        #expect(!imported.diagnostics.contains { $0.message.hasPrefix("service tag '") })
    }

    @Test(
        "TAG-8: AzurePlatformDNS missing from the data is not guessed: a warning names it and the rule holds no address; the platform address stays unfiltered (NSG-8, the AzurePlatform* tags are not modelled)"
    )
    func platformTags() throws {
        let tags = try Self.catalog([("Storage", "", ["20.60.0.0/24"])])
        let e = Self.estate(rules: [("deny-dns", 100, "Outbound", "Deny", "*", "*", "*", "AzurePlatformDNS", "*")])
        let imported = try Self.load(e, tags: tags)
        let warned = Self.warnings(imported, tag: "AzurePlatformDNS")
        #expect(warned.count == 1)
        #expect(warned.first?.message.contains("TAG-14") == true)
        let nsg = try #require(imported.topology.securityGroups.values.first { $0.name == "nsg" })
        let rule = try #require(nsg.rules.first { $0.name == "deny-dns" })
        #expect(rule.destination.prefixes.isEmpty)
        #expect(rule.destination.tags == [.other("AzurePlatformDNS")])
        let index = EstateIndex(topology: imported.topology)
        #expect(try index.check("10.1.1.4", "168.63.129.16", .udp, 53).disposition == .platform)
    }

    @Test("TAG-9: an outbound allow to a service tag is a way out to every address of the tag, no resource of the estate needed")
    func tagOpensTheWholeService() throws {
        let tags = try Self.catalog([("Storage.WestEurope", "westeurope", ["20.38.108.0/23"])])
        func load(allow: Bool) throws -> EstateIndex {
            var rules: [(String, Int, String, String, String, String, String, String, String)] = [
                ("deny-internet", 200, "Outbound", "Deny", "*", "*", "*", "Internet", "*")
            ]
            if allow { rules.insert(("allow-storage", 100, "Outbound", "Allow", "Tcp", "*", "*", "Storage.WestEurope", "443"), at: 0) }
            return EstateIndex(topology: try Self.load(Self.estate(rules: rules), tags: tags).topology)
        }
        let index = try load(allow: true)
        // 20.38.109.200 is no address of this estate: any customer's storage account can sit there.
        let out = try index.check("10.1.1.4", "20.38.109.200", .tcp, 443)
        #expect(out.disposition == .exitsToInternet)
        #expect(out.decidingRules == ["nsg/allow-storage"])
        #expect(try index.check("10.1.1.4", "20.38.109.200", .tcp, 80).decidingRules == ["nsg/deny-internet"])
        let hop = try #require(index.graph().hop(from: "v/s", to: AttackNode.internetID))
        #expect(hop.services == ServiceSet(.tcp, 443))
        #expect(tags.tag(named: "Storage.WestEurope")?.addresses.contains(hop.witness.destination) == true)
        #expect(try load(allow: false).graph().hop(from: "v/s", to: AttackNode.internetID) == nil)
    }

    @Test("TAG-13: a ServiceTag side of a security admin rule is the tag's published prefixes; without data a Deny of it matches nothing, with a warning")
    func adminRuleTags() throws {
        func load(_ tags: ServiceTagCatalog?) throws -> ImportResult {
            var items = try #require(
                JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: SecurityAdminRuleTests.fixture))) as? [[String: Any]])
            items.append(
                SecurityAdminRuleTests.adminRule(
                    "denyStorage", priority: 300, access: "Deny", direction: "Outbound",
                    side: ("destinations", [["addressPrefix": "Storage", "addressPrefixType": "ServiceTag"]]), ports: ["443"]))
            let bytes = try JSONSerialization.data(withJSONObject: items, options: [.sortedKeys])
            return try AzureImporter.build([try SourceDocument(bytes: Array(bytes), file: "estate.json")], serviceTags: tags)
        }
        let tags = try Self.catalog([("Storage", "", ["20.38.108.0/23", "20.60.0.0/24"])])
        let resolved = try load(tags)
        let index = EstateIndex(topology: resolved.topology)
        let denied = try index.check("10.10.1.4", "20.60.0.10", .tcp, 443)
        #expect(denied.disposition == .deniedOutbound)
        #expect(denied.decidingRules == ["sac1/denyStorage"])
        #expect(try index.check("10.10.1.4", "20.38.109.1", .tcp, 443).decidingRules == ["sac1/denyStorage"])
        #expect(try index.check("10.10.1.4", "8.8.8.8", .tcp, 443).allowed)
        #expect(Self.warnings(resolved, tag: "Storage").isEmpty)

        let approximated = try load(nil)
        #expect(try EstateIndex(topology: approximated.topology).check("10.10.1.4", "20.60.0.10", .tcp, 443).allowed)
        let warned = Self.warnings(approximated, tag: "Storage")
        #expect(warned.count == 1)
        #expect(warned.first?.message.contains("security admin rule denyStorage") == true)
    }
}

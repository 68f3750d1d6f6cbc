import AzureImport
import Foundation
import TestSupport
import Testing
import TopologyModel

@testable import Reachability

/// The Virtual Network Manager rules of docs/reference/azure-semantics-enterprise.md §2 that
/// ``SecurityAdminRuleTests`` and ``ConnectedGroupTests`` leave out: how groups get members
/// (AVNM-1), several managers on one VNet (AVNM-7), hub-and-spoke configurations, which work
/// through the peerings they create (AVNM-13), and Virtual WAN hubs, which cannot be managed
/// (AVNM-17). Where the product does not model a rule (dynamic membership by Azure Policy,
/// `useHubGateway`), the tests check the documented fallback.
@Suite("Virtual Network Manager rules (AVNM)")
struct NetworkManagerRuleTests {
    static let base = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network"
    static let subscription = "/subscriptions/00000000-0000-0000-0000-000000000000"

    static func vnet(_ name: String) -> String { "\(base)/virtualNetworks/\(name)" }
    static func manager(_ name: String) -> String { "\(base)/networkManagers/\(name)" }

    // MARK: Resources of a manager, as `az resource list` exports them

    static func managerResource(_ name: String, managementGroups: [String] = [], subscriptions: [String] = [subscription]) -> [String: Any] {
        [
            "id": manager(name), "name": name, "type": "Microsoft.Network/networkManagers", "location": "westeurope",
            "properties": [
                "networkManagerScopes": ["managementGroups": managementGroups, "subscriptions": subscriptions],
                "networkManagerScopeAccesses": ["SecurityAdmin", "Connectivity"],
            ],
        ]
    }

    static func group(_ manager: String, _ name: String, memberType: String = "VirtualNetwork") -> [String: Any] {
        [
            "id": Self.manager(manager) + "/networkGroups/\(name)", "name": name, "type": "Microsoft.Network/networkManagers/networkGroups",
            "properties": ["memberType": memberType],
        ]
    }

    static func staticMember(_ manager: String, _ group: String, _ name: String, resourceId: String?) -> [String: Any] {
        [
            "id": Self.manager(manager) + "/networkGroups/\(group)/staticMembers/\(name)", "name": name,
            "type": "Microsoft.Network/networkManagers/networkGroups/staticMembers",
            "properties": resourceId.map { ["resourceId": $0] } ?? [:],
        ]
    }

    /// A security admin configuration `configuration` with one rule collection `rc` applying to `groups`.
    static func adminConfiguration(_ manager: String, _ configuration: String, groups: [String]) -> [[String: Any]] {
        let id = Self.manager(manager) + "/securityAdminConfigurations/\(configuration)"
        return [
            [
                "id": id, "name": configuration, "type": "Microsoft.Network/networkManagers/securityAdminConfigurations",
                "properties": ["applyOnNetworkIntentPolicyBasedServices": ["None"]],
            ],
            [
                "id": id + "/ruleCollections/rc", "name": "rc", "type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections",
                "properties": ["appliesToGroups": groups.map { ["networkGroupId": Self.manager(manager) + "/networkGroups/\($0)"] }],
            ],
        ]
    }

    /// An inbound TCP rule of `configuration`'s collection `rc`; `sources` empty is any address.
    static func adminRule(
        _ manager: String, _ configuration: String, _ name: String, priority: Int, access: String, sources: [[String: String]], port: String
    ) -> [String: Any] {
        [
            "id": Self.manager(manager) + "/securityAdminConfigurations/\(configuration)/ruleCollections/rc/rules/\(name)", "name": name,
            "type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules", "kind": "Custom",
            "properties": [
                "priority": priority, "access": access, "direction": "Inbound", "protocol": "Tcp", "sources": sources,
                "destinationPortRanges": [port],
            ],
        ]
    }

    /// A `listDeploymentStatus` entry: `configurations` deployed to `region`.
    static func deployment(_ type: String, region: String, configurations: [String]) -> [String: Any] {
        [
            "commitTime": "2025-01-10T09:00:00Z", "region": region, "deploymentStatus": "Deployed", "deploymentType": type,
            "configurationIds": configurations,
        ]
    }

    static func connectivity(_ manager: String, _ name: String, hubs: [(id: String, type: String)], groups: [[String: Any]]) -> [String: Any] {
        [
            "id": Self.manager(manager) + "/connectivityConfigurations/\(name)", "name": name,
            "type": "Microsoft.Network/networkManagers/connectivityConfigurations",
            "properties": [
                "connectivityTopology": "HubAndSpoke", "isGlobal": "False", "deleteExistingPeering": "False",
                "hubs": hubs.map { ["resourceId": $0.id, "resourceType": $0.type] }, "appliesToGroups": groups,
            ],
        ]
    }

    static func isMembership(_ item: [String: Any]) -> Bool {
        (item["type"] as? String)?.lowercased() == "microsoft.network/networkgroupmemberships"
    }

    static func load(_ items: [[String: Any]]) throws -> ImportResult {
        let bytes = try JSONSerialization.data(withJSONObject: items, options: [.sortedKeys])
        return try AzureImporter.build([try SourceDocument(bytes: Array(bytes), file: "estate.json")])
    }

    static func fixture(_ path: String) throws -> [[String: Any]] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.fixture(path)))) as? [[String: Any]])
    }

    // MARK: AVNM-1

    @Test("AVNM-1: a static member's resourceId makes its VNet a member, whatever the ID's case: the group's admin rules apply to it")
    func staticMembers() throws {
        let imported = try SecurityAdminRuleTests.load { items in
            items.removeAll(where: Self.isMembership)
            items.append(Self.staticMember("nm1", "ng-prod", "vnet-p", resourceId: Self.vnet("vnet-p").lowercased()))
        }
        let index = EstateIndex(topology: imported.topology)
        // The scanner's AlwaysAllow passes vnet-p's NSG, which denies RDP from the VNet's peers.
        #expect(try index.check("10.50.1.4", "10.10.1.4", .tcp, 3389).decidingRules == ["sac1/scanner"])
        let ssh = try index.check("198.51.100.7", "203.0.113.10", .tcp, 22)
        #expect(ssh.disposition == .deniedInbound)
        #expect(ssh.decidingRules == ["sac1/denySsh"])
        #expect(!imported.diagnostics.contains { $0.message.hasPrefix("network group ng-prod") })
    }

    @Test("AVNM-1: a static member without a resourceId is an error at its properties")
    func staticMemberWithoutID() throws {
        #expect {
            _ = try SecurityAdminRuleTests.load { items in
                items.append(Self.staticMember("nm1", "ng-prod", "vnet-p", resourceId: nil))
            }
        } throws: { error in
            guard let error = error as? ImportError else { return false }
            return error.diagnostics.contains { $0.message == "static member 'vnet-p' has no \"resourceId\"" && $0.pointer?.hasSuffix("/properties") == true }
        }
    }

    @Test(
        "AVNM-1: members added by Azure Policy are not evaluated: a group only a policy fills applies to nothing, with a warning; its networkGroupMemberships record (AVNM-2) is what counts"
    )
    func policyMembership() throws {
        let policy: [String: Any] = [
            "id": "\(Self.subscription)/providers/Microsoft.Authorization/policyDefinitions/ng-prod-members", "name": "ng-prod-members",
            "type": "Microsoft.Authorization/policyDefinitions",
            "properties": [
                "mode": "Microsoft.Network.Data",
                "policyRule": [
                    "if": ["allOf": [["field": "type", "equals": "Microsoft.Network/virtualNetworks"], ["field": "name", "contains": "vnet-"]]],
                    "then": ["effect": "addToNetworkGroup", "details": ["networkGroupId": Self.manager("nm1") + "/networkGroups/ng-prod"]],
                ],
            ],
        ]
        let policyOnly = try SecurityAdminRuleTests.load { items in
            items.removeAll(where: Self.isMembership)
            items.append(policy)
        }
        let index = EstateIndex(topology: policyOnly.topology)
        #expect(policyOnly.topology.securityAdminRules.isEmpty)
        #expect(try index.check("10.50.1.4", "10.10.1.4", .tcp, 3389).decidingRules == ["nsg-app/deny-rdp-vnet"])
        #expect(try index.check("198.51.100.7", "203.0.113.10", .tcp, 22).decidingRules == ["nsg-app/allow-ssh-internet"])
        let warning = try #require(policyOnly.diagnostics.first { $0.message.hasPrefix("network group ng-prod: the input names no member") })
        #expect(warning.message.contains("members added by Azure Policy are not evaluated"))
        #expect(policyOnly.ignoredTypes["Microsoft.Authorization/policyDefinitions"] == 1)

        // With the Resource Graph record of the membership the policy made, the rules apply.
        let recorded = try SecurityAdminRuleTests.load { $0.append(policy) }
        #expect(try EstateIndex(topology: recorded.topology).check("10.50.1.4", "10.10.1.4", .tcp, 3389).decidingRules == ["sac1/scanner"])
    }

    @Test("AVNM-1: a group of subnets serves routing configurations only: a security admin collection applying to it reaches no VNet")
    func subnetGroup() throws {
        let imported = try SecurityAdminRuleTests.load { items in
            items.removeAll(where: Self.isMembership)
            items.append(Self.group("nm1", "ng-subnets", memberType: "Subnet"))
            items.append(Self.staticMember("nm1", "ng-subnets", "app", resourceId: Self.vnet("vnet-p") + "/subnets/app"))
            for i in items.indices where (items[i]["id"] as? String)?.hasSuffix("ruleCollections/rc1") == true {
                items[i]["properties"] = ["appliesToGroups": [["networkGroupId": Self.manager("nm1") + "/networkGroups/ng-subnets"]]]
            }
        }
        #expect(imported.topology.securityAdminRules.isEmpty)
        let index = EstateIndex(topology: imported.topology)
        #expect(try index.check("198.51.100.7", "203.0.113.10", .tcp, 22).decidingRules == ["nsg-app/allow-ssh-internet"])
    }

    // MARK: AVNM-7

    /// The A1 fixture (nm1, scoped to the subscription: `scanner` AlwaysAllow at 50, `denySsh`
    /// Deny at 100) with a second manager nm2, deployed to westeurope, whose `sac-root` holds
    /// an AlwaysAllow of SSH from the Internet and a Deny of RDP from anywhere, both at 4000,
    /// for vnet-p.
    static func twoManagers(secondScopedToManagementGroup: Bool) throws -> ImportResult {
        try SecurityAdminRuleTests.load { items in
            items.append(
                secondScopedToManagementGroup
                    ? Self.managerResource("nm2", managementGroups: ["/providers/Microsoft.Management/managementGroups/contoso"], subscriptions: [])
                    : Self.managerResource("nm2"))
            items.append(Self.group("nm2", "ng-all"))
            items.append(Self.staticMember("nm2", "ng-all", "vnet-p", resourceId: Self.vnet("vnet-p")))
            items += Self.adminConfiguration("nm2", "sac-root", groups: ["ng-all"])
            items.append(
                Self.adminRule(
                    "nm2", "sac-root", "root-ssh", priority: 4000, access: "AlwaysAllow",
                    sources: [["addressPrefix": "Internet", "addressPrefixType": "ServiceTag"]], port: "22"))
            items.append(Self.adminRule("nm2", "sac-root", "root-rdp", priority: 4000, access: "Deny", sources: [], port: "3389"))
            items.append(
                Self.deployment("SecurityAdmin", region: "westeurope", configurations: [Self.manager("nm2") + "/securityAdminConfigurations/sac-root"]))
        }
    }

    static func decidingAdminRule(_ flow: FlowResult) -> String? {
        flow.trace.last { $0.kind == .securityGroup && $0.rules.contains(.avnm(4)) }?.ruleID?.name
    }

    @Test("AVNM-7: the rules of a manager scoped to a management group come before those of a subscription-scoped manager, whatever their priorities")
    func higherScopeFirst() throws {
        let index = EstateIndex(topology: try Self.twoManagers(secondScopedToManagementGroup: true).topology)
        let ssh = try index.check("198.51.100.7", "203.0.113.10", .tcp, 22)
        #expect(ssh.disposition == .accepted)
        #expect(Self.decidingAdminRule(ssh) == "root-ssh")
        let rdp = try index.check("10.50.1.4", "10.10.1.4", .tcp, 3389)
        #expect(rdp.disposition == .deniedInbound)
        #expect(Self.decidingAdminRule(rdp) == "root-rdp")
    }

    @Test("AVNM-7: between managers of the same scope, priority decides across their collections")
    func sameScopeByPriority() throws {
        let index = EstateIndex(topology: try Self.twoManagers(secondScopedToManagementGroup: false).topology)
        let ssh = try index.check("198.51.100.7", "203.0.113.10", .tcp, 22)
        #expect(ssh.disposition == .deniedInbound)
        #expect(Self.decidingAdminRule(ssh) == "denySsh")
        let rdp = try index.check("10.50.1.4", "10.10.1.4", .tcp, 3389)
        #expect(rdp.disposition == .accepted)
        #expect(Self.decidingAdminRule(rdp) == "scanner")
    }

    // MARK: AVNM-13

    /// hub (10.0.0.0/16, with a VPN gateway to 192.168.0.0/16), spoke1 and spoke2, and a
    /// deployed hub-and-spoke configuration over both spokes with `useHubGateway`; `peerings`
    /// edits the peerings the export shows.
    static func hubAndSpoke(groupConnectivity: String = "None", peerings: (inout MiniEstate) -> Void) throws -> ImportResult {
        var e = MiniEstate()
        e.vnet("hub", ["10.0.0.0/16"], subnets: [("GatewaySubnet", "10.0.255.0/27", nil, nil), ("shared", "10.0.1.0/24", nil, nil)])
        e.vnet("spoke1", ["10.1.0.0/16"], subnets: [("app", "10.1.1.0/24", nil, nil)])
        e.vnet("spoke2", ["10.2.0.0/16"], subnets: [("app", "10.2.1.0/24", nil, nil)])
        e.nic("vm-hub", vnet: "hub", subnet: "shared", ip: "10.0.1.4")
        e.nic("vm1", vnet: "spoke1", subnet: "app", ip: "10.1.1.4")
        e.nic("vm2", vnet: "spoke2", subnet: "app", ip: "10.2.1.4")
        e.vpnGateway(in: "hub", onPremises: ["192.168.0.0/16"])
        peerings(&e)
        e.resources.append(Self.managerResource("nm1"))
        e.resources.append(Self.group("nm1", "ng-spokes"))
        for spoke in ["spoke1", "spoke2"] { e.resources.append(Self.staticMember("nm1", "ng-spokes", spoke, resourceId: Self.vnet(spoke))) }
        e.resources.append(
            Self.connectivity(
                "nm1", "hs1", hubs: [(Self.vnet("hub"), "Microsoft.Network/virtualNetworks")],
                groups: [
                    [
                        "networkGroupId": Self.manager("nm1") + "/networkGroups/ng-spokes", "groupConnectivity": groupConnectivity,
                        "useHubGateway": "True", "isGlobal": "False",
                    ]
                ]))
        e.resources.append(Self.deployment("Connectivity", region: "westeurope", configurations: [Self.manager("nm1") + "/connectivityConfigurations/hs1"]))
        return try Self.load(e.resources)
    }

    @Test("AVNM-13: hub and spoke works through the peerings it created, exported as ordinary peerings: each spoke reaches the hub, not the other spoke")
    func exportedPeerings() throws {
        let imported = try Self.hubAndSpoke { e in
            e.peer("hub", "spoke1")
            e.peer("hub", "spoke2")
        }
        let index = EstateIndex(topology: imported.topology)
        #expect(try index.check("10.1.1.4", "10.0.1.4", .tcp, 22).disposition == .accepted)
        #expect(try index.check("10.0.1.4", "10.2.1.4", .tcp, 22).disposition == .accepted)
        // PEER-2: not transitive through the hub.
        #expect(try index.check("10.1.1.4", "10.2.1.4", .tcp, 22).disposition == .noRoute)
        #expect(!imported.topology.peerings.values.contains { $0.connectivityConfiguration != nil })
        // The configuration alone, without the peerings it made, connects nothing.
        let alone = EstateIndex(topology: try Self.hubAndSpoke { _ in }.topology)
        #expect(try alone.check("10.1.1.4", "10.0.1.4", .tcp, 22).disposition == .noRoute)
    }

    @Test("AVNM-13: with DirectlyConnected the spokes are linked as a connected group beside the exported hub peerings")
    func directlyConnectedSpokes() throws {
        let imported = try Self.hubAndSpoke(groupConnectivity: "DirectlyConnected") { e in
            e.peer("hub", "spoke1")
            e.peer("hub", "spoke2")
        }
        let flow = try EstateIndex(topology: imported.topology).check("10.1.1.4", "10.2.1.4", .tcp, 22)
        #expect(flow.disposition == .accepted)
        #expect(flow.trace.contains { $0.rules.contains(.avnm(14)) })
        // The hub pairs keep their exported peerings (AVNM-16): no link of the configuration for them.
        let links = imported.topology.peerings.values.filter { $0.connectivityConfiguration != nil }
        #expect(Set(links.map(\.name)) == ["spoke1-to-spoke2", "spoke2-to-spoke1"])
    }

    @Test(
        "AVNM-13: useHubGateway is not modelled: gateway transit comes from the exported peerings' useRemoteGateways and allowGatewayTransit, not from the configuration"
    )
    func useHubGateway() throws {
        let imported = try Self.hubAndSpoke { e in
            e.peer("hub", "spoke1")
            e.peer("hub", "spoke2")
            e.setPeering("hub", "spoke1", "allowGatewayTransit", true)
            e.setPeering("spoke1", "hub", "useRemoteGateways", true)
        }
        let index = EstateIndex(topology: imported.topology)
        #expect(try index.check("10.1.1.4", "192.168.1.10", .tcp, 445).disposition == .onPremises)
        // spoke2's exported peering has no useRemoteGateways, whatever the configuration says.
        #expect(try index.check("10.2.1.4", "192.168.1.10", .tcp, 445).disposition == .noRoute)
    }

    @Test("AVNM-13, PEER-1: a hub-side peering whose spoke side was never created (Initiated) carries nothing either way")
    func hubSideOnly() throws {
        let imported = try Self.hubAndSpoke { e in
            e.peer("hub", "spoke1", state: "Initiated", reverse: false)
            e.peer("hub", "spoke2")
        }
        let index = EstateIndex(topology: imported.topology)
        #expect(try index.check("10.0.1.4", "10.1.1.4", .tcp, 22).disposition == .noRoute)
        #expect(try index.check("10.1.1.4", "10.0.1.4", .tcp, 22).disposition == .noRoute)
        #expect(try index.check("10.2.1.4", "10.0.1.4", .tcp, 22).disposition == .accepted)
    }

    // MARK: AVNM-17

    /// The V1 fixture (vnet-a and vnet-b on hub-we, vnet-c on hub-ne, vnet-d on nothing) with
    /// a manager whose group `ng-wan` names hub-we as its only static member, with an admin
    /// Deny of SSH, and whose hub-and-spoke configuration names hub-we as its hub for vnet-d.
    static func managedHub() throws -> ImportResult {
        var items = try Self.fixture("Semantics/vwan-two-hubs/topology.json")
        let hub = "\(Self.base)/virtualHubs/hub-we"
        items.append(Self.managerResource("nm1"))
        items.append(Self.group("nm1", "ng-wan"))
        items.append(Self.staticMember("nm1", "ng-wan", "hub-we", resourceId: hub))
        items += Self.adminConfiguration("nm1", "sac1", groups: ["ng-wan"])
        items.append(Self.adminRule("nm1", "sac1", "deny-ssh", priority: 100, access: "Deny", sources: [], port: "22"))
        items.append(Self.group("nm1", "ng-d"))
        items.append(Self.staticMember("nm1", "ng-d", "vnet-d", resourceId: Self.vnet("vnet-d")))
        items.append(
            Self.connectivity(
                "nm1", "hs1", hubs: [(hub, "Microsoft.Network/virtualHubs")],
                groups: [["networkGroupId": Self.manager("nm1") + "/networkGroups/ng-d", "groupConnectivity": "DirectlyConnected"]]))
        let configurations = [Self.manager("nm1") + "/securityAdminConfigurations/sac1", Self.manager("nm1") + "/connectivityConfigurations/hs1"]
        for region in ["westeurope", "northeurope"] {
            items.append(Self.deployment("SecurityAdmin", region: region, configurations: [configurations[0]]))
            items.append(Self.deployment("Connectivity", region: region, configurations: [configurations[1]]))
        }
        return try Self.load(items)
    }

    @Test("AVNM-17: a Virtual WAN hub named as a group member or as a configuration's hub is managed by nothing: no admin rule for its VNets, no link to it")
    func virtualHubNotManaged() throws {
        let imported = try Self.managedHub()
        #expect(imported.topology.securityAdminRules.isEmpty)
        #expect(!imported.topology.peerings.values.contains { $0.connectivityConfiguration != nil })
        let index = EstateIndex(topology: imported.topology)
        // Through hub-we, as without the manager (the fixture's own flows).
        #expect(try index.check("10.1.0.4", "10.2.0.4", .tcp, 22).disposition == .accepted)
        #expect(try index.check("10.1.0.4", "10.4.0.4", .tcp, 443).disposition == .noRoute)
        #expect(try index.check("10.4.0.4", "10.1.0.4", .tcp, 443).disposition == .noRoute)
    }

    @Test("AVNM-17: the import says that a group member or a configuration's hub is a Virtual WAN hub, which Azure refuses")
    func virtualHubDiagnosed() throws {
        let imported = try Self.managedHub()
        let member = try #require(imported.diagnostics.first { $0.message.contains("ng-wan") && $0.message.contains("hub-we") })
        #expect(member.message.contains("AVNM-17") && member.severity == .warning)
        let hub = try #require(imported.diagnostics.first { $0.message.contains("hs1") && $0.message.contains("hub-we") })
        #expect(hub.message.contains("AVNM-17"))
    }
}

import AzureImport
import Intent
import TestSupport
import Testing
import TopologyModel

/// Each operation applied to the small estate, asserting the model it leaves.
@Suite("change files: every operation")
struct ChangeOperationTests {
    static let https = """
        {name: allow-https-internet, priority: 150, direction: Inbound, access: Allow, protocol: Tcp,
                       sourceAddressPrefix: Internet, sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "443"}
        """

    // MARK: NSG rules

    @Test("add-nsg-rule adds the rule with its priority, direction and access")
    func addNSGRule() throws {
        let topology = try SmallEstate.applying(
            """
              - op: add-nsg-rule
                target: nsg:nsg-web
                rule: \(Self.https)
            """)
        let nsg = try #require(topology.securityGroup(named: "nsg-web"))
        let rule = try #require(nsg.rules.first { $0.name == "allow-https-internet" })
        #expect(rule.priority == 150)
        #expect(rule.direction == .inbound)
        #expect(rule.access == .allow)
        #expect(rule.destinationPorts == PortSet(443...443))
        #expect(rule.id == ResourceID(nsg.id.text + "/securityRules/allow-https-internet"))
        #expect(nsg.rules.filter { !$0.isDefault }.map(\.name).sorted() == ["allow-https-internet", "allow-ssh-internet", "deny-rdp"])
    }

    @Test("add-nsg-rule takes the rule's properties nested under 'properties' too")
    func addNSGRuleNested() throws {
        let topology = try SmallEstate.applying(
            """
              - op: add-nsg-rule
                target: nsg:nsg-spare
                rule:
                  name: deny-smb-out
                  properties: {priority: 4000, direction: Outbound, access: Deny, protocol: Tcp, sourceAddressPrefix: "*",
                               sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "445"}
            """)
        let rule = try #require(topology.securityGroup(named: "nsg-spare")?.rules.first { $0.name == "deny-smb-out" })
        #expect(rule.priority == 4000)
        #expect(rule.direction == .outbound)
        #expect(rule.access == .deny)
    }

    @Test("remove-nsg-rule removes that rule only")
    func removeNSGRule() throws {
        let topology = try SmallEstate.applying(
            """
              - op: remove-nsg-rule
                target: nsg:nsg-web/rule:deny-rdp
            """)
        let nsg = try #require(topology.securityGroup(named: "nsg-web"))
        #expect(nsg.rules.filter { !$0.isDefault }.map(\.name) == ["allow-ssh-internet"])
    }

    @Test("modify-nsg-rule changes the named fields and keeps the rest")
    func modifyNSGRule() throws {
        let topology = try SmallEstate.applying(
            """
              - op: modify-nsg-rule
                target: nsg:nsg-web/rule:allow-ssh-internet
                set: {priority: 300, access: Deny}
            """)
        let rule = try #require(topology.securityGroup(named: "nsg-web")?.rules.first { $0.name == "allow-ssh-internet" })
        #expect(rule.priority == 300)
        #expect(rule.access == .deny)
        #expect(rule.destinationPorts == PortSet(22...22))
        #expect(rule.direction == .inbound)
    }

    // MARK: Attachments

    @Test("attach-nsg and detach-nsg on subnets")
    func attachDetachNSGOnSubnet() throws {
        let topology = try SmallEstate.applying(
            """
              - op: attach-nsg
                target: vnet:vnet-spare/subnet:snet-spare
                nsg: nsg:nsg-spare
              - op: detach-nsg
                target: vnet:vnet-front/subnet:snet-web
            """)
        #expect(topology.subnets[SmallEstate.subnet("vnet-spare", "snet-spare")]?.securityGroup == SmallEstate.id("networkSecurityGroups", "nsg-spare"))
        let web = try #require(topology.subnets[SmallEstate.subnet("vnet-front", "snet-web")])
        #expect(web.securityGroup == nil)
    }

    @Test("attach-nsg on a network interface")
    func attachNSGOnInterface() throws {
        let topology = try SmallEstate.applying(
            """
              - op: attach-nsg
                target: nic:nic-spare
                nsg: nsg:nsg-spare
            """)
        #expect(topology.interfaces[SmallEstate.id("networkInterfaces", "nic-spare")]?.securityGroup == SmallEstate.id("networkSecurityGroups", "nsg-spare"))
    }

    @Test("attach-route-table and detach-route-table")
    func attachDetachRouteTable() throws {
        let topology = try SmallEstate.applying(
            """
              - op: attach-route-table
                target: vnet:vnet-spare/subnet:snet-spare
                route-table: route-table:rt-spare
              - op: detach-route-table
                target: vnet:vnet-back/subnet:snet-data
            """)
        #expect(topology.subnets[SmallEstate.subnet("vnet-spare", "snet-spare")]?.routeTable == SmallEstate.id("routeTables", "rt-spare"))
        let data = try #require(topology.subnets[SmallEstate.subnet("vnet-back", "snet-data")])
        #expect(data.routeTable == nil)
        #expect(data.securityGroup == SmallEstate.id("networkSecurityGroups", "nsg-data"), "detaching the route table keeps the NSG")
    }

    // MARK: Routes

    @Test("add-route, remove-route and modify-route")
    func routes() throws {
        let topology = try SmallEstate.applying(
            """
              - op: add-route
                target: route-table:rt-spare
                route: {name: private-to-fw, addressPrefix: 10.0.0.0/8, nextHopType: VirtualAppliance, nextHopIpAddress: 10.3.0.4}
              - op: add-route
                target: route-table:rt-spare
                route: {name: internet-direct, addressPrefix: 0.0.0.0/0, nextHopType: Internet}
              - op: modify-route
                target: route-table:rt-spare/route:internet-direct
                set: {nextHopType: None}
              - op: remove-route
                target: route-table:rt-back/route:default-to-fw
            """)
        let spare = try #require(topology.routeTable(named: "rt-spare"))
        let byName = Dictionary(uniqueKeysWithValues: spare.routes.map { ($0.name, $0) })
        #expect(byName.keys.sorted() == ["internet-direct", "private-to-fw"])
        #expect(byName["private-to-fw"]?.destination == IPPrefix("10.0.0.0/8"))
        #expect(byName["private-to-fw"]?.nextHop == .virtualAppliance)
        #expect(byName["private-to-fw"]?.nextHopAddress == IPAddress("10.3.0.4"))
        #expect(byName["internet-direct"]?.nextHop == Route.NextHop.none)
        #expect(topology.routeTable(named: "rt-back")?.routes.isEmpty == true)
    }

    // MARK: Peerings

    @Test("add-peering with mirror creates both sides, connected, with the documented defaults")
    func addPeeringWithMirror() throws {
        let topology = try SmallEstate.applying(
            """
              - op: add-peering
                target: vnet:vnet-front
                remote: vnet:vnet-spare
                mirror: peer-spare-to-front
                peering: {name: peer-front-to-spare, allowForwardedTraffic: true}
            """)
        let forward = try #require(topology.peerings[SmallEstate.peering("vnet-front", "peer-front-to-spare")])
        let reverse = try #require(topology.peerings[SmallEstate.peering("vnet-spare", "peer-spare-to-front")])
        #expect(forward.remoteNetwork == SmallEstate.id("virtualNetworks", "vnet-spare"))
        #expect(reverse.remoteNetwork == SmallEstate.id("virtualNetworks", "vnet-front"))
        #expect(forward.isConnected && reverse.isConnected)
        #expect(forward.allowVirtualNetworkAccess && reverse.allowVirtualNetworkAccess)
        #expect(forward.allowForwardedTraffic && reverse.allowForwardedTraffic)
        #expect(!forward.allowGatewayTransit && !forward.useRemoteGateways)
        #expect(topology.peeringsByNetwork[SmallEstate.id("virtualNetworks", "vnet-spare")]?.count == 1)
    }

    @Test("add-peering without mirror creates one side only")
    func addPeeringOneSide() throws {
        let topology = try SmallEstate.applying(
            """
              - op: add-peering
                target: vnet:vnet-front
                remote: vnet:vnet-spare
                peering: {name: peer-front-to-spare}
            """)
        #expect(topology.peerings[SmallEstate.peering("vnet-front", "peer-front-to-spare")] != nil)
        #expect(topology.peeringsByNetwork[SmallEstate.id("virtualNetworks", "vnet-spare")] ?? [] == [])
    }

    @Test("a mirrored peering swaps gateway transit and remote gateways")
    func mirrorSwapsGatewayFlags() throws {
        let topology = try SmallEstate.applying(
            """
              - op: add-peering
                target: vnet:vnet-front
                remote: vnet:vnet-spare
                mirror: peer-spare-to-front
                peering: {name: peer-front-to-spare, allowGatewayTransit: true}
            """)
        let forward = try #require(topology.peerings[SmallEstate.peering("vnet-front", "peer-front-to-spare")])
        let reverse = try #require(topology.peerings[SmallEstate.peering("vnet-spare", "peer-spare-to-front")])
        #expect(forward.allowGatewayTransit && !forward.useRemoteGateways)
        #expect(!reverse.allowGatewayTransit && reverse.useRemoteGateways)
    }

    @Test("remove-peering removes that side")
    func removePeering() throws {
        let topology = try SmallEstate.applying(
            """
              - op: remove-peering
                target: vnet:vnet-front/peering:peer-front-to-back
            """)
        #expect(topology.peerings[SmallEstate.peering("vnet-front", "peer-front-to-back")] == nil)
        #expect(topology.peerings[SmallEstate.peering("vnet-back", "peer-back-to-front")] != nil)
    }

    @Test("modify-peering changes its flags")
    func modifyPeering() throws {
        let topology = try SmallEstate.applying(
            """
              - op: modify-peering
                target: vnet:vnet-back/peering:peer-back-to-front
                set: {allowVirtualNetworkAccess: false, allowForwardedTraffic: true, peeringState: Disconnected}
            """)
        let peering = try #require(topology.peerings[SmallEstate.peering("vnet-back", "peer-back-to-front")])
        #expect(!peering.allowVirtualNetworkAccess)
        #expect(peering.allowForwardedTraffic)
        #expect(!peering.isConnected)
    }

    @Test("modify-peering can point it at another VNet by readable path")
    func modifyPeeringRemote() throws {
        let topology = try SmallEstate.applying(
            """
              - op: modify-peering
                target: vnet:vnet-front/peering:peer-front-to-back
                set: {remoteVirtualNetwork: vnet:vnet-spare}
            """)
        #expect(topology.peerings[SmallEstate.peering("vnet-front", "peer-front-to-back")]?.remoteNetwork == SmallEstate.id("virtualNetworks", "vnet-spare"))
    }

    // MARK: Firewalls

    @Test("add-firewall-rule appends to the named policy collection, after its rules")
    func addPolicyFirewallRule() throws {
        let topology = try SmallEstate.applying(
            """
              - op: add-firewall-rule
                target: firewall-policy:fwp-main/group:rcg-main/collection:coll-web
                rule: {ruleType: NetworkRule, name: web-http, ipProtocols: [TCP], sourceAddresses: [10.1.0.0/16],
                       destinationAddresses: [10.3.1.0/24], destinationPorts: ["80"]}
              - op: add-firewall-rule
                target: firewall-policy:fwp-main/group:rcg-main/collection:coll-web
                rule: {ruleType: NetworkRule, name: web-alt, ipProtocols: [TCP], sourceAddresses: [10.1.0.0/16],
                       destinationAddresses: [10.3.1.0/24], destinationPorts: ["8080-8090"]}
            """)
        let collection = try #require(topology.firewall(named: "afw-policy")?.ruleCollections.first { $0.name == "coll-web" })
        #expect(collection.rules.map(\.name) == ["web-https", "web-http", "web-alt"])
        #expect(collection.rules[2].ports == PortSet(8080...8090))
        #expect(collection.group == "rcg-main")
    }

    @Test("add-firewall-rule on a classic firewall's collection")
    func addClassicFirewallRule() throws {
        let topology = try SmallEstate.applying(
            """
              - op: add-firewall-rule
                target: firewall:afw-classic/collection:net-allow
                rule: {name: allow-ntp, protocols: [UDP], sourceAddresses: [10.0.0.0/8], destinationAddresses: ["*"], destinationPorts: ["123"]}
            """)
        let collection = try #require(topology.firewall(named: "afw-classic")?.ruleCollections.first { $0.name == "net-allow" })
        #expect(collection.rules.map(\.name) == ["allow-dns", "allow-ntp"])
        #expect(collection.rules[1].protocols == [.udp])
        #expect(collection.rules[1].ports == PortSet(123...123))
    }

    @Test("remove-firewall-rule leaves the collection's other rules")
    func removeFirewallRule() throws {
        let topology = try SmallEstate.applying(
            """
              - op: add-firewall-rule
                target: firewall:afw-classic/collection:net-allow
                rule: {name: allow-ntp, protocols: [UDP], sourceAddresses: [10.0.0.0/8], destinationAddresses: ["*"], destinationPorts: ["123"]}
              - op: remove-firewall-rule
                target: firewall:afw-classic/collection:net-allow/rule:allow-dns
            """)
        let collection = try #require(topology.firewall(named: "afw-classic")?.ruleCollections.first { $0.name == "net-allow" })
        #expect(collection.rules.map(\.name) == ["allow-ntp"])
    }

    @Test("add-firewall-rule-collection on a classic firewall uses collection-kind")
    func addClassicCollection() throws {
        let topology = try SmallEstate.applying(
            """
              - op: add-firewall-rule-collection
                target: firewall:afw-classic
                collection-kind: network
                collection:
                  name: net-deny
                  priority: 200
                  action: {type: Deny}
                  rules:
                    - {name: deny-smb, protocols: [TCP], sourceAddresses: ["*"], destinationAddresses: ["*"], destinationPorts: ["445"]}
            """)
        let firewall = try #require(topology.firewall(named: "afw-classic"))
        let collection = try #require(firewall.ruleCollections.first { $0.name == "net-deny" })
        #expect(collection.kind == .network)
        #expect(collection.action == .deny)
        #expect(collection.priority == 200)
        #expect(collection.rules.map(\.name) == ["deny-smb"])
        #expect(firewall.ruleCollections.map(\.name).sorted() == ["net-allow", "net-deny"])
    }

    @Test("a classic firewall's collection without collection-kind is refused")
    func classicCollectionNeedsKind() throws {
        let d = try SmallEstate.failure(
            """
              - op: add-firewall-rule-collection
                target: firewall:afw-classic
                collection: {name: net-deny, priority: 200, action: {type: Deny}, rules: []}
            """)
        #expect(d.line == 3)
        #expect(d.message.contains("collection-kind"))
    }

    @Test("add-firewall-rule-collection on a policy's rule collection group")
    func addPolicyCollection() throws {
        let topology = try SmallEstate.applying(
            """
              - op: add-firewall-rule-collection
                target: firewall-policy:fwp-main/group:rcg-main
                collection:
                  ruleCollectionType: FirewallPolicyFilterRuleCollection
                  name: coll-deny
                  priority: 300
                  action: {type: Deny}
                  rules:
                    - {ruleType: NetworkRule, name: deny-ssh, ipProtocols: [TCP], sourceAddresses: ["*"], destinationAddresses: ["*"], destinationPorts: ["22"]}
            """)
        let collections = try #require(topology.firewall(named: "afw-policy")?.ruleCollections)
        let added = try #require(collections.first { $0.name == "coll-deny" })
        #expect(added.action == .deny)
        #expect(added.priority == 300)
        #expect(added.group == "rcg-main")
        #expect(added.rules.map(\.name) == ["deny-ssh"])
        #expect(collections.first { $0.name == "coll-web" }?.rules.map(\.name) == ["web-https"])
    }

    @Test("remove-firewall-rule-collection")
    func removeCollection() throws {
        let topology = try SmallEstate.applying(
            """
              - op: remove-firewall-rule-collection
                target: firewall:afw-classic/collection:net-allow
              - op: remove-firewall-rule-collection
                target: firewall-policy:fwp-main/group:rcg-main/collection:coll-web
            """)
        #expect(topology.firewall(named: "afw-classic")?.ruleCollections.isEmpty == true)
        #expect(topology.firewall(named: "afw-policy")?.ruleCollections.isEmpty == true)
    }

    // MARK: Private endpoints and storage

    @Test("set-private-endpoint-network-policies on the endpoint changes its subnet")
    func privateEndpointPolicies() throws {
        let pe = SmallEstate.subnet("vnet-front", "snet-pe")
        #expect(try SmallEstate.base().subnets[pe]?.privateEndpointNetworkPolicies == .disabled)
        let topology = try SmallEstate.applying(
            """
              - op: set-private-endpoint-network-policies
                target: private-endpoint:pe-stdata
                value: enabled
            """)
        #expect(topology.subnets[pe]?.privateEndpointNetworkPolicies == .enabled)
    }

    @Test("set-private-endpoint-network-policies on a subnet directly")
    func subnetPolicies() throws {
        let topology = try SmallEstate.applying(
            """
              - op: set-private-endpoint-network-policies
                target: vnet:vnet-front/subnet:snet-pe
                value: NetworkSecurityGroupEnabled
            """)
        #expect(topology.subnets[SmallEstate.subnet("vnet-front", "snet-pe")]?.privateEndpointNetworkPolicies == .networkSecurityGroupEnabled)
    }

    @Test("set-storage-public-access sets public access, anonymous blob access and the default action")
    func storagePublicAccess() throws {
        let before = try #require(try SmallEstate.base().storageAccounts[SmallEstate.storage])
        #expect(before.publicNetworkAccess == .enabled && before.allowBlobPublicAccess == true && before.defaultAction == .allow)
        let topology = try SmallEstate.applying(
            """
              - op: set-storage-public-access
                target: storage:stdata
                set: {publicNetworkAccess: disabled, allowBlobPublicAccess: false, defaultAction: deny}
            """)
        let account = try #require(topology.storageAccounts[SmallEstate.storage])
        #expect(account.publicNetworkAccess == .disabled)
        #expect(account.allowBlobPublicAccess == false)
        #expect(account.defaultAction == .deny)
    }

    @Test("set-storage-public-access refuses an unknown member and an empty set")
    func storagePublicAccessRefusals() throws {
        let unknown = try SmallEstate.failure(
            """
              - op: set-storage-public-access
                target: storage:stdata
                set: {publicAccess: Disabled}
            """)
        #expect(unknown.line == 5)
        #expect(unknown.message.contains("unknown key 'publicAccess'"))
        let bad = try SmallEstate.failure(
            """
              - op: set-storage-public-access
                target: storage:stdata
                set: {publicNetworkAccess: SecuredByPerimeter}
            """)
        #expect(bad.message.contains("publicNetworkAccess must be Enabled or Disabled"))
    }

    // MARK: Generic operations

    @Test("patch merges objects, replaces scalars and deletes members set to null")
    func patch() throws {
        let topology = try SmallEstate.applying(
            """
              - op: patch
                target: storage:stdata
                patch:
                  tags: {owner: data-team}
                  properties:
                    allowBlobPublicAccess: null
                    networkAcls: {defaultAction: Deny, ipRules: [{value: 198.51.100.0/24, action: Allow}]}
            """)
        let account = try #require(topology.storageAccounts[SmallEstate.storage])
        #expect(account.allowBlobPublicAccess == nil)
        #expect(account.defaultAction == .deny)
        #expect(account.publicNetworkAccess == .enabled, "members the patch does not name stay")
        #expect(account.ipRules.contains(try #require(IPAddress("198.51.100.7"))))
        #expect(account.tags == ["role": "back", "owner": "data-team"])
    }

    @Test("patch by resource ID, replacing an NSG's rules")
    func patchByID() throws {
        let nsg = SmallEstate.id("networkSecurityGroups", "nsg-web")
        let topology = try SmallEstate.applying(
            """
              - op: patch
                target: \(nsg.text)
                patch:
                  properties:
                    securityRules:
                      - name: allow-https-internet
                        properties: {priority: 100, direction: Inbound, access: Allow, protocol: Tcp, sourceAddressPrefix: Internet,
                                     sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "443"}
            """)
        #expect(topology.securityGroups[nsg]?.rules.filter { !$0.isDefault }.map(\.name) == ["allow-https-internet"])
    }

    @Test("patch with properties: null removes the properties and the children nested in them (RFC 7396)")
    func patchPropertiesNull() throws {
        let nsg = SmallEstate.id("networkSecurityGroups", "nsg-web")
        #expect(try SmallEstate.base().securityGroups[nsg]?.rules.contains { !$0.isDefault } == true)
        let topology = try SmallEstate.applying(
            """
              - op: patch
                target: \(nsg.text)
                patch: {properties: null}
            """)
        #expect(topology.securityGroups[nsg]?.rules.filter { !$0.isDefault }.map(\.name) == [])
    }

    @Test("add-resource adds a resource with an ID and a type; remove-resource removes it and its children")
    func addAndRemoveResource() throws {
        let added = SmallEstate.id("networkSecurityGroups", "nsg-new")
        let topology = try SmallEstate.applying(
            """
              - op: add-resource
                resource:
                  id: \(added.text)
                  type: Microsoft.Network/networkSecurityGroups
                  name: nsg-new
                  location: westeurope
                  properties:
                    securityRules:
                      - {name: deny-all, properties: {priority: 4096, direction: Inbound, access: Deny, protocol: "*",
                         sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "*"}}
              - op: remove-resource
                target: vnet:vnet-spare
            """)
        #expect(topology.securityGroups[added]?.rules.filter { !$0.isDefault }.map(\.name) == ["deny-all"])
        #expect(topology.networks[SmallEstate.id("virtualNetworks", "vnet-spare")] == nil)
        #expect(topology.subnets[SmallEstate.subnet("vnet-spare", "snet-spare")] == nil)
        #expect(topology.networks.count == 2)
    }

    @Test("add-resource refuses an ID already in the input and a child whose parent is missing")
    func addResourceRefusals() throws {
        let existing = try SmallEstate.failure(
            """
              - op: add-resource
                resource: {id: \(SmallEstate.id("networkSecurityGroups", "nsg-web").text), type: Microsoft.Network/networkSecurityGroups}
            """)
        #expect(existing.line == 3)
        #expect(existing.message.contains("is already in the input"))
        let orphan = try SmallEstate.failure(
            """
              - op: add-resource
                resource: {id: \(SmallEstate.id("routeTables", "rt-none").text)/routes/r1, type: Microsoft.Network/routeTables/routes}
            """)
        #expect(orphan.message.contains("the parent"))
        #expect(orphan.message.contains("rt-none"))
    }

    // MARK: Sequencing

    @Test("each operation sees the ones before it: add then modify the same rule")
    func addThenModify() throws {
        let topology = try SmallEstate.applying(
            """
              - op: add-nsg-rule
                target: nsg:nsg-web
                rule: \(Self.https)
              - op: modify-nsg-rule
                target: nsg:nsg-web/rule:allow-https-internet
                set: {priority: 120, destinationPortRange: "8443"}
            """)
        let rule = try #require(topology.securityGroup(named: "nsg-web")?.rules.first { $0.name == "allow-https-internet" })
        #expect(rule.priority == 120)
        #expect(rule.destinationPorts == PortSet(8443...8443))
        #expect(rule.access == .allow)
    }

    @Test("a removed rule cannot be modified afterwards: the error names the later operation's line")
    func removeThenModify() throws {
        let d = try SmallEstate.failure(
            """
              - op: remove-nsg-rule
                target: nsg:nsg-web/rule:deny-rdp
              - op: modify-nsg-rule
                target: nsg:nsg-web/rule:deny-rdp
                set: {priority: 300}
            """)
        #expect(d.line == 5)
        #expect(d.message.contains("no rule named 'deny-rdp'"))
    }

    @Test("a peering added in one operation can be modified in the next")
    func addThenModifyPeering() throws {
        let topology = try SmallEstate.applying(
            """
              - op: add-peering
                target: vnet:vnet-front
                remote: vnet:vnet-spare
                peering: {name: peer-front-to-spare}
              - op: modify-peering
                target: vnet:vnet-front/peering:peer-front-to-spare
                set: {allowForwardedTraffic: true}
            """)
        #expect(topology.peerings[SmallEstate.peering("vnet-front", "peer-front-to-spare")]?.allowForwardedTraffic == true)
    }

    @Test("a change leaves the estate it was given alone")
    func baseUnchanged() throws {
        let documents = try SmallEstate.documents()
        let edits = try SmallEstate.edits(
            """
              - op: remove-resource
                target: vnet:vnet-spare
            """)
        let changed = try AzureImporter.build(documents, edits: edits).topology
        let base = try AzureImporter.build(documents).topology
        #expect(changed.networks.count == 2)
        #expect(base.networks.count == 3)
    }
}

import AzureImport
import Foundation
import Reachability
import TopologyModel

/// The specification as an ARM REST export (a JSON array of resources), as `az resource
/// show` / REST GET return them: children nested under `properties`.
extension OracleEstate {
    private static let root = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/oracle/providers/Microsoft.Network"

    static func id(_ type: String, _ name: String) -> String { "\(root)/\(type)/\(name)" }
    static func ref(_ type: String, _ name: String) -> [String: Any] { ["id": id(type, name)] }

    /// The six default rules as the API returns them in `defaultSecurityRules` (NSG-12).
    private static let defaultRules: [(String, Int, String, String, String, String)] = [
        ("AllowVnetInBound", 65000, "Inbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
        ("AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow", "AzureLoadBalancer", "*"),
        ("DenyAllInBound", 65500, "Inbound", "Deny", "*", "*"),
        ("AllowVnetOutBound", 65000, "Outbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
        ("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", "Internet"),
        ("DenyAllOutBound", 65500, "Outbound", "Deny", "*", "*"),
    ]

    private static func portText(_ range: ClosedRange<UInt16>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound)"
    }

    /// Writes one side of a rule into its singular or plural field (NSG-10).
    private static func put(_ props: inout [String: Any], _ singular: String, _ plural: String, _ items: [String], pluralFields: Bool) {
        if items.count == 1 && !pluralFields {
            props[singular] = items[0]
        } else {
            props[plural] = items
        }
    }

    private func ruleJSON(_ rule: Rule) -> [String: Any] {
        var props: [String: Any] = [
            "priority": rule.priority, "direction": rule.inbound ? "Inbound" : "Outbound",
            "access": rule.allow ? "Allow" : "Deny", "protocol": rule.proto.rawValue,
        ]
        // Tags cannot go in the plural fields (NSG-21): a lone tag stays singular. ASGs go in
        // their own list, the address fields then absent or empty (NSG-10).
        let tagged = { (items: [Address]) in items.count == 1 && { if case .prefix = items[0] { false } else { true } }() }
        for (items, side) in [(rule.sources, "source"), (rule.destinations, "destination")] {
            let groups = items.compactMap { item -> Int? in if case .asg(let i) = item { i } else { nil } }
            if !groups.isEmpty {
                props["\(side)ApplicationSecurityGroups"] = groups.map { Self.ref("applicationSecurityGroups", asgs[$0].name) }
                if rule.pluralFields { props["\(side)AddressPrefixes"] = [String]() }
                continue
            }
            Self.put(
                &props, "\(side)AddressPrefix", "\(side)AddressPrefixes", items.map(\.description), pluralFields: rule.pluralFields && !tagged(items))
        }
        Self.put(&props, "sourcePortRange", "sourcePortRanges", rule.sourcePorts.isEmpty ? ["*"] : rule.sourcePorts.map(Self.portText), pluralFields: false)
        Self.put(
            &props, "destinationPortRange", "destinationPortRanges",
            rule.destinationPorts.isEmpty ? ["*"] : rule.destinationPorts.map(Self.portText), pluralFields: rule.pluralFields)
        return ["name": rule.name, "properties": props]
    }

    /// A second manager's mesh connectivity configuration over `meshMembers` (static members
    /// of its group), deployed to the estate's region.
    private func meshJSON() -> [[String: Any]] {
        guard !meshMembers.isEmpty else { return [] }
        let manager = Self.id("networkManagers", "nm-mesh")
        let group = "\(manager)/networkGroups/ngmesh", configuration = "\(manager)/connectivityConfigurations/mesh"
        var out: [[String: Any]] = [
            [
                "id": manager, "name": "nm-mesh", "type": "Microsoft.Network/networkManagers", "location": "westeurope",
                "properties": ["networkManagerScopeAccesses": ["Connectivity"]],
            ],
            ["id": group, "name": "ngmesh", "type": "Microsoft.Network/networkManagers/networkGroups", "properties": ["memberType": "VirtualNetwork"]],
            [
                "id": configuration, "name": "mesh", "type": "Microsoft.Network/networkManagers/connectivityConfigurations",
                "properties": [
                    "connectivityTopology": "Mesh", "isGlobal": "False", "deleteExistingPeering": "False", "hubs": [[String: Any]](),
                    "appliesToGroups": [["networkGroupId": group, "groupConnectivity": "None", "useHubGateway": "False", "isGlobal": "False"]],
                ],
            ],
            [
                "commitTime": "2025-01-10T09:00:00Z", "region": "westeurope", "deploymentStatus": "Deployed", "deploymentType": "Connectivity",
                "configurationIds": [configuration],
            ],
        ]
        for v in meshMembers {
            out.append([
                "id": "\(group)/staticMembers/\(vnets[v].name)", "name": vnets[v].name, "type": "Microsoft.Network/networkManagers/networkGroups/staticMembers",
                "properties": ["resourceId": Self.id("virtualNetworks", vnets[v].name)],
            ])
        }
        return out
    }

    /// The network manager, its group with the members as static members, the security
    /// admin configuration with one rule collection, its rules, and the configuration's
    /// deployment to the estate's region (a `listDeploymentStatus` entry, AVNM-11).
    private func adminJSON() -> [[String: Any]] {
        guard !adminRules.isEmpty else { return [] }
        let manager = Self.id("networkManagers", "nm")
        let group = "\(manager)/networkGroups/ng", configuration = "\(manager)/securityAdminConfigurations/sac"
        let collection = "\(configuration)/ruleCollections/rc"
        var out: [[String: Any]] = [
            [
                "id": manager, "name": "nm", "type": "Microsoft.Network/networkManagers", "location": "westeurope",
                "properties": [
                    "networkManagerScopes": ["subscriptions": ["/subscriptions/11111111-2222-3333-4444-555555555555"]],
                    "networkManagerScopeAccesses": ["SecurityAdmin"],
                ],
            ],
            ["id": group, "name": "ng", "type": "Microsoft.Network/networkManagers/networkGroups", "properties": ["memberType": "VirtualNetwork"]],
            ["id": configuration, "name": "sac", "type": "Microsoft.Network/networkManagers/securityAdminConfigurations", "properties": [String: Any]()],
            [
                "id": collection, "name": "rc", "type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections",
                "properties": ["appliesToGroups": [["networkGroupId": group]]],
            ],
            [
                "commitTime": "2025-01-10T09:00:00Z", "region": "westeurope", "deploymentStatus": "Deployed", "deploymentType": "SecurityAdmin",
                "configurationIds": [configuration],
            ],
        ]
        for v in adminMembers {
            out.append([
                "id": "\(group)/staticMembers/\(vnets[v].name)", "name": vnets[v].name, "type": "Microsoft.Network/networkManagers/networkGroups/staticMembers",
                "properties": ["resourceId": Self.id("virtualNetworks", vnets[v].name)],
            ])
        }
        func side(_ items: [Address]) -> [[String: String]] {
            items.map { item in
                switch item {
                case .any: ["addressPrefix": "*", "addressPrefixType": "IPPrefix"]
                case .virtualNetwork: ["addressPrefix": "VirtualNetwork", "addressPrefixType": "ServiceTag"]
                case .internet: ["addressPrefix": "Internet", "addressPrefixType": "ServiceTag"]
                case .tag: ["addressPrefix": item.description, "addressPrefixType": "ServiceTag"]
                case .prefix, .asg: ["addressPrefix": item.description, "addressPrefixType": "IPPrefix"]
                }
            }
        }
        for rule in adminRules {
            out.append([
                "id": "\(collection)/rules/\(rule.name)", "name": rule.name, "kind": "Custom",
                "type": "Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules",
                "properties": [
                    "priority": rule.priority, "direction": rule.inbound ? "Inbound" : "Outbound",
                    "access": rule.alwaysAllow ? "AlwaysAllow" : rule.allow ? "Allow" : "Deny", "protocol": rule.proto == .any ? "Any" : rule.proto.rawValue,
                    "sources": side(rule.sources), "destinations": side(rule.destinations),
                    "sourcePortRanges": rule.sourcePorts.map(Self.portText), "destinationPortRanges": rule.destinationPorts.map(Self.portText),
                ],
            ])
        }
        return out
    }

    private func resources() -> [[String: Any]] {
        var out: [[String: Any]] = []
        for vnet in vnets {
            let vnetID = Self.id("virtualNetworks", vnet.name)
            let subnets = vnet.subnets.map { subnet -> [String: Any] in
                var props: [String: Any] = ["addressPrefix": subnet.prefix.description]
                if let nsg = subnet.nsg { props["networkSecurityGroup"] = Self.ref("networkSecurityGroups", nsgs[nsg].name) }
                if let table = subnet.routeTable { props["routeTable"] = Self.ref("routeTables", routeTables[table].name) }
                if let policies = subnet.endpointPolicies { props["privateEndpointNetworkPolicies"] = policies.rawValue }
                return ["id": "\(vnetID)/subnets/\(subnet.name)", "name": subnet.name, "properties": props]
            }
            let peerings = vnet.peerings.map { p -> [String: Any] in
                let name = "\(vnet.name)-to-\(vnets[p.remote].name)"
                return [
                    "id": "\(vnetID)/virtualNetworkPeerings/\(name)", "name": name,
                    "properties": [
                        "remoteVirtualNetwork": Self.ref("virtualNetworks", vnets[p.remote].name), "peeringState": p.state,
                        "allowVirtualNetworkAccess": p.allowVirtualNetworkAccess, "allowForwardedTraffic": p.allowForwardedTraffic,
                        "allowGatewayTransit": false, "useRemoteGateways": false,
                    ],
                ]
            }
            out.append([
                "id": vnetID, "name": vnet.name, "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
                "properties": ["addressSpace": ["addressPrefixes": [vnet.space.description]], "subnets": subnets, "virtualNetworkPeerings": peerings],
            ])
        }
        for nsg in nsgs {
            var props: [String: Any] = ["securityRules": nsg.rules.map(ruleJSON)]
            if nsg.explicitDefaults {
                props["defaultSecurityRules"] = Self.defaultRules.map { d in
                    [
                        "name": d.0,
                        "properties": [
                            "priority": d.1, "direction": d.2, "access": d.3, "protocol": "*", "sourceAddressPrefix": d.4,
                            "sourcePortRange": "*", "destinationAddressPrefix": d.5, "destinationPortRange": "*",
                        ],
                    ] as [String: Any]
                }
            }
            out.append([
                "id": Self.id("networkSecurityGroups", nsg.name), "name": nsg.name, "type": "Microsoft.Network/networkSecurityGroups",
                "location": "westeurope", "properties": props,
            ])
        }
        for nic in nics {
            let configs = nic.configs.enumerated().map { i, c -> [String: Any] in
                var props: [String: Any] = [
                    "privateIPAddress": oracleText(c.address), "privateIPAllocationMethod": "Static", "primary": i == 0,
                    "subnet": ["id": Self.id("virtualNetworks", vnets[c.vnet].name) + "/subnets/" + vnets[c.vnet].subnets[c.subnet].name],
                ]
                if !c.asgs.isEmpty { props["applicationSecurityGroups"] = c.asgs.map { Self.ref("applicationSecurityGroups", asgs[$0].name) } }
                if let pip = c.publicIP {
                    props["publicIPAddress"] = Self.ref("publicIPAddresses", pip.name)
                    out.append([
                        "id": Self.id("publicIPAddresses", pip.name), "name": pip.name, "type": "Microsoft.Network/publicIPAddresses",
                        "location": "westeurope", "sku": ["name": pip.standard ? "Standard" : "Basic"],
                        "properties": ["ipAddress": oracleText(pip.address), "publicIPAllocationMethod": "Static"],
                    ])
                }
                return ["id": Self.id("networkInterfaces", nic.name) + "/ipConfigurations/ipconfig\(i + 1)", "name": "ipconfig\(i + 1)", "properties": props]
            }
            var props: [String: Any] = ["ipConfigurations": configs, "enableIPForwarding": nic.forwarding]
            if let nsg = nic.nsg { props["networkSecurityGroup"] = Self.ref("networkSecurityGroups", nsgs[nsg].name) }
            out.append([
                "id": Self.id("networkInterfaces", nic.name), "name": nic.name, "type": "Microsoft.Network/networkInterfaces",
                "location": "westeurope", "properties": props,
            ])
        }
        for asg in asgs {
            out.append([
                "id": Self.id("applicationSecurityGroups", asg.name), "name": asg.name, "type": "Microsoft.Network/applicationSecurityGroups",
                "location": "westeurope", "properties": [String: Any](),
            ])
        }
        out += privateEndpoints.flatMap(endpointJSON)
        out += firewalls.flatMap(firewallJSON)
        for table in routeTables {
            let routes = table.routes.map { r -> [String: Any] in
                var props: [String: Any] = ["addressPrefix": r.prefix.description]
                switch r.nextHop {
                case .none: props["nextHopType"] = "None"
                case .internet: props["nextHopType"] = "Internet"
                case .vnetLocal: props["nextHopType"] = "VnetLocal"
                case .appliance(let ip):
                    props["nextHopType"] = "VirtualAppliance"
                    props["nextHopIpAddress"] = oracleText(ip)
                }
                return ["name": r.name, "properties": props]
            }
            var props: [String: Any] = ["routes": routes]
            if table.disableGatewayRoutes { props["disableBgpRoutePropagation"] = true }
            out.append([
                "id": Self.id("routeTables", table.name), "name": table.name, "type": "Microsoft.Network/routeTables",
                "location": "westeurope", "properties": props,
            ])
        }
        out += adminJSON()
        out += meshJSON()
        out += virtualWANJSON()
        return out
    }

    /// A private endpoint as its own resource (with its `ipConfigurations` and
    /// `customDnsConfigs` when its shape has them), and its NIC when the shape has one.
    private func endpointJSON(_ pe: PrivateEndpoint) -> [[String: Any]] {
        let peID = Self.id("privateEndpoints", pe.name), nicID = Self.id("networkInterfaces", "\(pe.name).nic.5f0c")
        let subnet = ["id": Self.id("virtualNetworks", vnets[pe.vnet].name) + "/subnets/" + vnets[pe.vnet].subnets[pe.subnet].name]
        let target = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/oracle/providers/Microsoft.Storage/storageAccounts/st\(pe.name)"
        let connection: [String: Any] = [
            "name": "\(pe.name)-connection",
            "properties": [
                "privateLinkServiceId": target, "groupIds": ["blob"],
                "privateLinkServiceConnectionState": ["status": pe.state.rawValue, "description": "", "actionsRequired": "None"],
            ],
        ]
        var props: [String: Any] = [
            "subnet": subnet, "privateLinkServiceConnections": pe.manual ? [] : [connection],
            "manualPrivateLinkServiceConnections": pe.manual ? [connection] : [],
        ]
        if pe.shape.contains(.ipConfigurations) {
            props["ipConfigurations"] = [
                ["name": "static", "properties": ["groupId": "blob", "memberName": "blob", "privateIPAddress": oracleText(pe.address)]]
            ]
        }
        if pe.shape.contains(.customDnsConfigs) {
            props["customDnsConfigs"] = [["fqdn": "st\(pe.name).blob.core.windows.net", "ipAddresses": [oracleText(pe.address)]]]
        }
        if pe.listsNIC { props["networkInterfaces"] = [["id": nicID]] }
        if !pe.asgs.isEmpty { props["applicationSecurityGroups"] = pe.asgs.map { Self.ref("applicationSecurityGroups", asgs[$0].name) } }
        var out: [[String: Any]] = [["id": peID, "name": pe.name, "type": "Microsoft.Network/privateEndpoints", "location": "westeurope", "properties": props]]
        if pe.shape.contains(.nic) {
            let config: [String: Any] = [
                "id": nicID + "/ipConfigurations/privateEndpointIpConfig.1", "name": "privateEndpointIpConfig.1",
                "properties": [
                    "privateIPAddress": oracleText(pe.address), "privateIPAllocationMethod": "Dynamic", "primary": true, "subnet": subnet,
                    "privateLinkConnectionProperties": ["groupId": "blob", "requiredMemberName": "blob", "fqdns": ["st\(pe.name).blob.core.windows.net"]],
                ],
            ]
            out.append([
                "id": nicID, "name": "\(pe.name).nic.5f0c", "type": "Microsoft.Network/networkInterfaces", "location": "westeurope",
                "properties": ["ipConfigurations": [config], "enableIPForwarding": false, "privateEndpoint": ["id": peID]],
            ])
        }
        return out
    }

    /// A network rule, in the classic (`protocols`) or the policy (`ipProtocols`) shape.
    private static func firewallRuleJSON(_ rule: FirewallRule, policy: Bool) -> [String: Any] {
        var out: [String: Any] = [
            "name": rule.name, policy ? "ipProtocols" : "protocols": rule.protocols, "sourceAddresses": rule.sources.map(\.description),
            "destinationAddresses": rule.destinations.map(\.description),
            "destinationPorts": rule.ports.isEmpty ? ["*"] : rule.ports.map(portText),
        ]
        if policy { out["ruleType"] = "NetworkRule" }
        return out
    }

    /// A firewall with classic network rule collections, or with a policy and its rule
    /// collection groups as resources of their own (§7.6, §7.7).
    private func firewallJSON(_ fw: Firewall) -> [[String: Any]] {
        let fwID = Self.id("azureFirewalls", fw.name), policyID = Self.id("firewallPolicies", "\(fw.name)-policy")
        var props: [String: Any]
        if let h = fw.hub {
            // VWAN-1: a hub firewall names its hub and has hub addresses, no subnet.
            props = [
                "sku": ["name": "AZFW_Hub", "tier": "Standard"], "threatIntelMode": "Off", "virtualHub": Self.ref("virtualHubs", wan!.hubs[h].name),
                "hubIPAddresses": [
                    "privateIPAddress": oracleText(fw.address), "publicIPs": ["count": 1, "addresses": [["address": "20.1.2.\(h + 1)"]]],
                ],
            ]
        } else {
            let subnet = ["id": Self.id("virtualNetworks", vnets[fw.vnet].name) + "/subnets/AzureFirewallSubnet"]
            props = [
                "sku": ["name": "AZFW_VNet", "tier": "Standard"], "threatIntelMode": "Off",
                "ipConfigurations": [["name": "ipcfg", "properties": ["privateIPAddress": oracleText(fw.address), "subnet": subnet]]],
            ]
        }
        var out: [[String: Any]] = []
        let ranges = fw.privateRanges?.map(\.description)
        if let pip = fw.publicIP {
            var config = (props["ipConfigurations"] as! [[String: Any]])[0]
            var configProps = config["properties"] as! [String: Any]
            configProps["publicIPAddress"] = Self.ref("publicIPAddresses", "\(fw.name)-pip")
            config["properties"] = configProps
            props["ipConfigurations"] = [config]
            out.append([
                "id": Self.id("publicIPAddresses", "\(fw.name)-pip"), "name": "\(fw.name)-pip", "type": "Microsoft.Network/publicIPAddresses",
                "location": "westeurope", "sku": ["name": "Standard"], "properties": ["ipAddress": oracleText(pip), "publicIPAllocationMethod": "Static"],
            ])
        }
        func natRule(_ r: DnatRule, policy: Bool) -> [String: Any] {
            var out: [String: Any] = [
                "name": r.name, policy ? "ipProtocols" : "protocols": r.protocols, "sourceAddresses": r.sources.map(\.description),
                "destinationAddresses": [oracleText(fw.publicIP!)], "destinationPorts": ["\(r.port)"], "translatedAddress": oracleText(r.translated),
                "translatedPort": "\(r.translatedPort)",
            ]
            if policy { out["ruleType"] = "NatRule" }
            return out
        }
        if fw.viaPolicy {
            props["firewallPolicy"] = ["id": policyID]
            var policy: [String: Any] = [
                "threatIntelMode": "Off", "firewalls": [["id": fwID]],
                "ruleCollectionGroups": fw.groupPriorities.indices.map { ["id": "\(policyID)/ruleCollectionGroups/g\($0)"] },
            ]
            if let ranges { policy["snat"] = ["privateRanges": ranges] }
            out.append([
                "id": policyID, "name": "\(fw.name)-policy", "type": "Microsoft.Network/firewallPolicies", "location": "westeurope", "properties": policy,
            ])
            for (g, priority) in fw.groupPriorities.enumerated() {
                var collections = fw.collections.filter { $0.group == g }.map { c -> [String: Any] in
                    [
                        "ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": c.name, "priority": c.priority,
                        "action": ["type": c.allow ? "Allow" : "Deny"], "rules": c.rules.map { Self.firewallRuleJSON($0, policy: true) },
                    ]
                }
                collections += fw.dnat.filter { $0.group == g }.map { c -> [String: Any] in
                    [
                        "ruleCollectionType": "FirewallPolicyNatRuleCollection", "name": c.name, "priority": c.priority, "action": ["type": "DNAT"],
                        "rules": c.rules.map { natRule($0, policy: true) },
                    ]
                }
                out.append([
                    "id": "\(policyID)/ruleCollectionGroups/g\(g)", "name": "g\(g)", "type": "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
                    "properties": ["priority": priority, "ruleCollections": collections],
                ])
            }
        } else {
            props["networkRuleCollections"] = fw.collections.map { c -> [String: Any] in
                [
                    "name": c.name,
                    "properties": [
                        "priority": c.priority, "action": ["type": c.allow ? "Allow" : "Deny"],
                        "rules": c.rules.map { Self.firewallRuleJSON($0, policy: false) },
                    ],
                ]
            }
            props["natRuleCollections"] = fw.dnat.map { c -> [String: Any] in
                ["name": c.name, "properties": ["priority": c.priority, "action": ["type": "Dnat"], "rules": c.rules.map { natRule($0, policy: false) }]]
            }
            props["applicationRuleCollections"] = [Any]()
            if let ranges { props["additionalProperties"] = ["Network.SNAT.PrivateRanges": ranges.joined(separator: ", ")] }
        }
        out.insert(["id": fwID, "name": fw.name, "type": "Microsoft.Network/azureFirewalls", "location": "westeurope", "properties": props], at: 0)
        return out
    }

    /// The ARM JSON text.
    var json: String {
        String(decoding: try! JSONSerialization.data(withJSONObject: resources(), options: [.sortedKeys, .prettyPrinted]), as: UTF8.self)
    }

    /// The engine's index of this estate (default analysis options), with the estate's
    /// service tags as published data.
    func engineIndex() throws -> EstateIndex {
        guard !serviceTags.isEmpty else { return EstateIndex(topology: try AzureImporter.load(json: json).topology) }
        var tags: [String: ServiceTagCatalog.Tag] = [:]
        for (i, prefixes) in serviceTags.enumerated() {
            let name = Self.tagNames[i]
            let region = name.contains(".") ? String(name.split(separator: ".")[1]).lowercased() : ""
            tags[name.lowercased()] = ServiceTagCatalog.Tag(
                name: name, region: region, changeNumber: "1", prefixes: prefixes.map { IPPrefix("\($0)")! })
        }
        let catalog = ServiceTagCatalog(tags: tags, sources: [.init(file: "oracle-tags.json", format: .download, cloud: "Public", changeNumber: "1")])
        return EstateIndex(topology: try AzureImporter.build([try SourceDocument(bytes: Array(json.utf8), file: "<memory>")], serviceTags: catalog).topology)
    }
}

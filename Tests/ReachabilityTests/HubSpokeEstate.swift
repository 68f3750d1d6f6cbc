import AzureImport
import Foundation
import Reachability
import TopologyModel

/// A hub with an Azure Firewall (10.0.1.4, public 203.0.113.50) and two spokes, A
/// (10.1.0.0/16, VM 10.1.1.4) and B (10.2.0.0/16, VM 10.2.1.4), for routing and firewall
/// tests. Spokes send the other spoke's prefix to the firewall unless told otherwise.
struct HubSpokeEstate {
    var estate = MiniEstate()
    var firewallJSON: [String: Any] = [:]

    init(
        routeAToB: Bool = true, routeBToA: Bool = true, forwardedIntoB: Bool = true,
        nsgB: [(String, Int, String, String, String, String, String, String, String)] = [],
        extraRoutesA: [(String, String, String, String?)] = []
    ) {
        estate.vnet("hub", ["10.0.0.0/16"], subnets: [("AzureFirewallSubnet", "10.0.1.0/26", nil, nil), ("shared", "10.0.2.0/24", nil, nil)])
        estate.vnet("a", ["10.1.0.0/16"], subnets: [("s1", "10.1.1.0/24", nil, "rt-a")])
        estate.vnet("b", ["10.2.0.0/16"], subnets: [("s1", "10.2.1.0/24", "nsg-b", "rt-b")])
        estate.peer("hub", "a", reverse: false)
        estate.peer("a", "hub", reverse: false, allowForwardedTraffic: true)
        estate.peer("hub", "b", reverse: false)
        estate.peer("b", "hub", reverse: false, allowForwardedTraffic: forwardedIntoB)
        estate.routeTable("rt-a", (routeAToB ? [("to-b", "10.2.0.0/16", "VirtualAppliance", "10.0.1.4")] : []) + extraRoutesA)
        estate.routeTable("rt-b", routeBToA ? [("to-a", "10.1.0.0/16", "VirtualAppliance", "10.0.1.4")] : [])
        estate.nsg("nsg-b", nsgB)
        estate.nic("vm-a", vnet: "a", subnet: "s1", ip: "10.1.1.4")
        estate.nic("vm-b", vnet: "b", subnet: "s1", ip: "10.2.1.4")
        estate.nic("vm-hub", vnet: "hub", subnet: "shared", ip: "10.0.2.4")
    }

    static func collection(_ name: String, _ priority: Int, _ action: String, _ rules: [[String: Any]]) -> [String: Any] {
        ["name": name, "properties": ["priority": priority, "action": ["type": action], "rules": rules]]
    }

    static func networkRule(_ name: String, source: String, destination: String, ports: [String], protocols: [String] = ["TCP"]) -> [String: Any] {
        ["name": name, "protocols": protocols, "sourceAddresses": [source], "destinationAddresses": [destination], "destinationPorts": ports]
    }

    /// A classic-rules firewall.
    mutating func firewall(network: [[String: Any]] = [], application: [[String: Any]] = [], nat: [[String: Any]] = [], policy: String? = nil) {
        estate.resources.append([
            "id": MiniEstate.id("publicIPAddresses", "fw-pip"), "name": "fw-pip", "type": "Microsoft.Network/publicIPAddresses",
            "sku": ["name": "Standard"], "properties": ["ipAddress": "203.0.113.50"],
        ])
        var props: [String: Any] = [
            "ipConfigurations": [
                [
                    "name": "c",
                    "properties": [
                        "privateIPAddress": "10.0.1.4",
                        "subnet": ["id": MiniEstate.id("virtualNetworks", "hub") + "/subnets/AzureFirewallSubnet"],
                        "publicIPAddress": ["id": MiniEstate.id("publicIPAddresses", "fw-pip")],
                    ],
                ]
            ],
            "networkRuleCollections": network, "applicationRuleCollections": application, "natRuleCollections": nat,
        ]
        if let policy { props["firewallPolicy"] = ["id": MiniEstate.id("firewallPolicies", policy)] }
        estate.resources.append(["id": MiniEstate.id("azureFirewalls", "fw"), "name": "fw", "type": "Microsoft.Network/azureFirewalls", "properties": props])
    }

    /// Makes the firewall added last SNAT every destination (a private range that holds no
    /// address, FW-16).
    mutating func forceSNAT() {
        var fw = estate.resources.removeLast()
        var props = fw["properties"] as! [String: Any]
        props["additionalProperties"] = ["Network.SNAT.PrivateRanges": "255.255.255.255/32"]
        fw["properties"] = props
        estate.resources.append(fw)
    }

    /// A firewall policy with one rule collection group of filter collections.
    mutating func policy(_ name: String, parent: String? = nil, groupPriority: Int, collections: [(String, Int, String, [[String: Any]])]) {
        var props: [String: Any] = [:]
        if let parent { props["basePolicy"] = ["id": MiniEstate.id("firewallPolicies", parent)] }
        estate.resources.append([
            "id": MiniEstate.id("firewallPolicies", name), "name": name, "type": "Microsoft.Network/firewallPolicies", "properties": props,
        ])
        estate.resources.append([
            "id": MiniEstate.id("firewallPolicies", name) + "/ruleCollectionGroups/rcg", "name": "rcg",
            "type": "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
            "properties": [
                "priority": groupPriority,
                "ruleCollections": collections.map { c in
                    [
                        "ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": c.0, "priority": c.1, "action": ["type": c.2],
                        "rules": c.3.map { r in r.merging(["ruleType": "NetworkRule", "ipProtocols": r["protocols"] ?? ["TCP"]]) { a, _ in a } },
                    ] as [String: Any]
                },
            ],
        ])
    }

    func index(_ options: AnalysisOptions = AnalysisOptions()) throws -> EstateIndex { try estate.index(options) }
}

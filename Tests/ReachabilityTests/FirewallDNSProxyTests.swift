import AzureImport
import Foundation
import Reachability
import Testing
import TopologyModel

/// FW-12: FQDNs in firewall network rules match only through the firewall's DNS proxy.
@Suite("Firewall network-rule FQDNs and DNS proxy (FW-12)")
struct FirewallDNSProxyTests {
    static var rule: [String: Any] {
        [
            "name": "to-drop", "protocols": ["TCP"], "sourceAddresses": ["10.1.0.0/16"],
            "destinationFqdns": ["drop.example.com"], "destinationPorts": ["443"],
        ]
    }

    /// Spoke A sends everything to the hub firewall, whose only rule is an FQDN network rule.
    func classic(proxy: String?) -> HubSpokeEstate {
        var e = HubSpokeEstate(routeAToB: false, extraRoutesA: [("default", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4")])
        e.firewall(network: [HubSpokeEstate.collection("fqdn-out", 200, "Allow", [Self.rule])])
        if let proxy {
            let i = e.estate.resources.firstIndex { ($0["name"] as? String) == "fw" }!
            var props = e.estate.resources[i]["properties"] as! [String: Any]
            props["additionalProperties"] = ["Network.DNS.EnableProxy": proxy]
            e.estate.resources[i]["properties"] = props
        }
        return e
    }

    @Test("without DNS proxy the FQDN network rule cannot match: a warning names it, and nothing leaves")
    func withoutProxy() throws {
        let e = classic(proxy: nil)
        let result = try AzureImporter.load(json: e.estate.json, file: "fw.json")
        let warning = try #require(result.diagnostics.first { $0.message.contains("FW-12") })
        #expect(warning.file == "fw.json")
        #expect(warning.pointer == "/\(e.estate.resources.count - 1)/properties")
        #expect(
            warning.message
                == "firewall 'fw' network rule 'to-drop' (collection fqdn-out) names FQDNs drop.example.com, but DNS proxy is off (additionalProperties Network.DNS.EnableProxy): the rule cannot match by FQDN (FW-12)"
        )
        #expect(EstateIndex(topology: result.topology).graph().hop(from: "a/s1", to: "internet") == nil)
        #expect(try classic(proxy: "false").index().graph().hop(from: "a/s1", to: "internet") == nil)
    }

    @Test("with DNS proxy the FQDN network rule lets traffic out, named in the hop")
    func withProxy() throws {
        let e = classic(proxy: "true")
        let result = try AzureImporter.load(json: e.estate.json)
        #expect(!result.diagnostics.contains { $0.message.contains("FW-12") })
        let hop = try #require(EstateIndex(topology: result.topology).graph().hop(from: "a/s1", to: "internet"))
        #expect(hop.services.ports[.tcp] == PortSet(443...443))
        #expect(hop.firewallRules.map(\.rule) == ["to-drop"])
        #expect(hop.firewallRules.map(\.fqdn) == ["drop.example.com"])
        #expect(hop.via.map(\.kind) == [.route, .firewall])
    }

    @Test("with DNS proxy on the policy, an FQDN network rule matches a private endpoint the input's DNS data names")
    func policyProxyToPrivateEndpoint() throws {
        for proxy in [false, true] {
            var e = HubSpokeEstate()
            e.firewall(policy: "pol")
            let fqdnRule: [String: Any] = [
                "name": "to-b", "protocols": ["TCP"], "sourceAddresses": ["10.1.0.0/16"],
                "destinationFqdns": ["vm-b.internal.example"], "destinationPorts": ["22"],
            ]
            e.policy("pol", groupPriority: 100, collections: [("c", 100, "Allow", [fqdnRule])])
            let i = e.estate.resources.firstIndex { ($0["name"] as? String) == "pol" }!
            e.estate.resources[i]["properties"] = ["dnsSettings": ["enableProxy": proxy]]
            // DNS data: a private endpoint's customDnsConfigs name vm-b's address.
            e.estate.resources.append([
                "id": MiniEstate.id("privateEndpoints", "pe"), "name": "pe", "type": "Microsoft.Network/privateEndpoints",
                "properties": ["customDnsConfigs": [["fqdn": "vm-b.internal.example", "ipAddresses": ["10.2.1.4"]]]],
            ])
            let flow = try e.index().check("10.1.1.4", "10.2.1.4", .tcp, 22)
            if proxy {
                #expect(flow.disposition == .accepted)
                #expect(flow.trace.first { $0.kind == .firewall }?.rule == "c/to-b")
            } else {
                #expect(flow.disposition == .deniedByFirewall)
            }
        }
    }
}

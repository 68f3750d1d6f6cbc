import AzureImport
import Foundation
import Reachability
import TestSupport
import Testing
import TopologyModel

/// Virtual WAN from Terraform: azurerm's WAN, hub, hub connection, hub route table (and
/// route), routing intent and hub firewall become the ARM resources a REST export holds, so
/// the model and the flows are the ones the export gives. The state is
/// Tests/Fixtures/Terraform/virtual-wan.tfstate.json, written for this project (see
/// PROVENANCE.md there): a Standard WAN, one secured hub whose firewall policy allows TCP 443
/// from 10.0.0.0/8, routing intent sending private and Internet traffic to it, and two spokes.
@Suite("Terraform: Virtual WAN")
struct TerraformVirtualWANTests {
    static let rg = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/net-rg/providers/Microsoft.Network"
    static let hub = ResourceID(rg + "/virtualHubs/hub-we")
    static let firewall = ResourceID(rg + "/azureFirewalls/fw-hub")
    static let defaultTable = ResourceID(rg + "/virtualHubs/hub-we/hubRouteTables/defaultRouteTable")

    static func state() throws -> ImportResult {
        try AzureImporter.load(paths: [Fixtures.fixture("Terraform/virtual-wan.tfstate.json")])
    }

    static func flow(_ result: ImportResult, _ source: String, _ destination: String, _ port: UInt16) throws -> FlowResult {
        try EstateIndex(topology: result.topology).verdict(
            FlowQuery(source: IPAddress(source)!, destination: IPAddress(destination)!, proto: .tcp, destinationPort: port))
    }

    @Test("VWAN-1, VWAN-3, VWAN-5: a state's WAN, hub, connections, routing intent and hub firewall are the model an export gives")
    func model() throws {
        let result = try Self.state()
        #expect(!result.diagnostics.contains { $0.severity != .note })
        let wan = result.topology.virtualWAN
        #expect(wan.wans.values.map(\.standard) == [true])
        let hub = try #require(wan.hubs[Self.hub])
        #expect(hub.addressPrefix == IPPrefix("10.100.0.0/23"))
        #expect(hub.wan == ResourceID(Self.rg + "/virtualWans/wan-corp"))
        #expect(hub.firewall == Self.firewall)
        #expect(Set(hub.routingPolicies.map(\.traffic)) == [.privateTraffic, .internet])
        #expect(hub.routingPolicies.allSatisfy { $0.nextHop == Self.firewall })
        let connections = wan.connections.values.sorted { $0.name < $1.name }
        #expect(connections.map(\.id.text) == ["conn-a", "conn-b"].map { Self.hub.text + "/hubVirtualNetworkConnections/" + $0 })
        #expect(connections.map(\.network.name) == ["vnet-a", "vnet-b"])
        #expect(connections.allSatisfy { $0.associatedTable == Self.defaultTable && $0.propagatedLabels == ["none"] && $0.enableInternetSecurity })
        // azurerm's default `Contains`: the static routes' appliance is not bypassed.
        #expect(connections.allSatisfy { !$0.bypassesNextHopForOwnRanges && $0.propagateStaticRoutes })
        let firewall = try #require(result.topology.firewalls[Self.firewall])
        #expect(firewall.subnets == [Self.hub])
        #expect(firewall.privateAddresses == [IPAddress("10.100.0.132")!])
        #expect(firewall.policy == ResourceID(Self.rg + "/firewallPolicies/fwp-hub"))
        #expect(hub.origin?.pointer == "azurerm_virtual_hub.we")
    }

    @Test("VWAN-19, VWAN-20: spoke to spoke crosses the hub firewall, whose policy allows HTTPS from 10/8 and nothing else")
    func spokeToSpoke() throws {
        let result = try Self.state()
        let https = try Self.flow(result, "10.1.0.4", "10.2.0.4", 443)
        #expect(https.disposition == .accepted)
        #expect(https.trace.contains { $0.kind == .firewall && $0.resource == Self.firewall })
        let ssh = try Self.flow(result, "10.1.0.4", "10.2.0.4", 22)
        #expect(ssh.disposition == .deniedByFirewall)
        let back = try Self.flow(result, "10.2.0.4", "10.1.0.4", 22)
        #expect(back.disposition == .deniedByFirewall)
    }

    @Test("VWAN-14: the Internet policy sends a spoke's Internet traffic through the hub firewall")
    func internet() throws {
        let out = try Self.flow(try Self.state(), "10.1.0.4", "93.184.216.34", 443)
        #expect(out.allowed)
        #expect(out.trace.contains { $0.kind == .firewall })
    }

    @Test("A plan: children under their hub, default_route_table_id resolved to the built-in table, routes on it, the hub firewall's address unknown")
    func plan() throws {
        let result = try AzureImporter.load(json: Self.planJSON, file: "plan.json")
        let wan = result.topology.virtualWAN
        let hub = try #require(wan.hubs[Self.hub])
        #expect(hub.wan == ResourceID(Self.rg + "/virtualWans/wan-corp"))
        let connectionID = ResourceID(Self.hub.text + "/hubVirtualNetworkConnections/conn-a")
        let connection = try #require(wan.connections[connectionID])
        #expect(connection.network == ResourceID(Self.rg + "/virtualNetworks/vnet-a"))
        // Resolved through `azurerm_virtual_hub.we.default_route_table_id`, not to the hub.
        #expect(connection.associatedTable == Self.defaultTable)
        #expect(!connection.propagationGiven)
        let builtIn = try #require(wan.routeTables[Self.defaultTable])
        #expect(builtIn.labels == ["default"])
        #expect(builtIn.routes == [HubStaticRoute(name: "to-nva", destinations: [IPPrefix("192.168.0.0/16")!], nextHop: connectionID)])
        #expect(builtIn.origin?.pointer == "azurerm_virtual_hub_route_table_route.nva")
        let spokes = try #require(wan.routeTables[ResourceID(Self.hub.text + "/hubRouteTables/rt-spokes")])
        #expect(spokes.labels == ["spokes"])
        #expect(spokes.routes.map(\.nextHop) == [Self.firewall])
        let firewall = try #require(result.topology.firewalls[Self.firewall])
        #expect(firewall.subnets == [Self.hub] && firewall.privateAddresses.isEmpty)
        let unknown = try #require(result.diagnostics.first { $0.message.contains("TF-UNKNOWN-VALUE: virtual_hub.0.private_ip_address") })
        #expect(unknown.pointer == "azurerm_firewall.hub" && unknown.severity == .note)
        #expect(result.diagnostics.contains { $0.message.contains("routing.0.propagated_route_table is not configured and is known only after apply") })
        #expect(!result.diagnostics.contains { $0.message.contains("TF-UNRESOLVED-REFERENCE") })
    }

    @Test("A standalone route that its table echoes (azurerm computes the table's routes) counts once; destroying it takes it out")
    func echoedRoute() throws {
        let table = ResourceID(Self.hub.text + "/hubRouteTables/rt-spokes")
        for (action, names) in [("no-op", ["all-private", "to-nva"]), ("delete", ["all-private"])] {
            let result = try AzureImporter.load(json: Self.echoPlan(routeAction: action), file: "plan.json")
            let routes = try #require(result.topology.virtualWAN.routeTables[table]?.routes)
            #expect(routes.map(\.name).sorted() == names, "\(action)")
        }
    }

    /// A plan that leaves a hub and its table `rt-spokes` as they are, and keeps or destroys
    /// the standalone route `to-nva`, which the table's `route` set echoes.
    static func echoPlan(routeAction: String) -> String {
        let table = hub.text + "/hubRouteTables/rt-spokes"
        func route(_ name: String, _ prefix: String) -> String {
            #"{"name": "\#(name)", "destinations_type": "CIDR", "destinations": ["\#(prefix)"], "next_hop_type": "ResourceId", "next_hop": "\#(firewall.text)"}"#
        }
        func change(_ type: String, _ name: String, _ values: String, _ action: String = "no-op") -> String {
            #"{"address": "\#(type).\#(name)", "mode": "managed", "type": "\#(type)", "name": "\#(name)", "change": {"actions": ["\#(action)"], "before": \#(values), "after": \#(action == "delete" ? "null" : values), "after_unknown": {}}}"#
        }
        let standalone = route("to-nva", "192.168.0.0/16").replacingOccurrences(of: "{", with: #"{"route_table_id": "\#(table)", "#)
        return """
            {"format_version": "1.2", "terraform_version": "1.9.5", "resource_changes": [
              \(change("azurerm_virtual_wan", "corp", #"{"id": "\#(rg)/virtualWans/wan-corp", "name": "wan-corp", "type": "Standard"}"#)),
              \(change("azurerm_virtual_hub", "we", #"{"id": "\#(hub.text)", "name": "hub-we", "address_prefix": "10.100.0.0/23", "virtual_wan_id": "\#(rg)/virtualWans/wan-corp"}"#)),
              \(change("azurerm_virtual_hub_route_table", "spokes", #"{"id": "\#(table)", "name": "rt-spokes", "virtual_hub_id": "\#(hub.text)", "labels": [], "route": [\#(route("all-private", "10.0.0.0/8")), \#(route("to-nva", "192.168.0.0/16"))]}"#)),
              \(change("azurerm_virtual_hub_route_table_route", "nva", standalone, routeAction))]}
            """
    }

    /// A plan creating a WAN, a hub, a spoke and its connection, a custom hub route table, a
    /// route on the hub's built-in table toward the connection, and a hub firewall: every ID
    /// but the resource groups' is known only after apply.
    static let planJSON = """
        {"format_version": "1.2", "terraform_version": "1.9.5",
         "configuration": {
          "provider_config": {"azurerm": {"name": "azurerm", "expressions": {"subscription_id": {"constant_value": "11111111-2222-3333-4444-555555555555"}}}},
          "root_module": {"resources": [
           {"address": "azurerm_virtual_hub.we", "mode": "managed", "type": "azurerm_virtual_hub", "name": "we",
            "expressions": {"virtual_wan_id": {"references": ["azurerm_virtual_wan.corp.id", "azurerm_virtual_wan.corp"]}}},
           {"address": "azurerm_virtual_hub_connection.a", "mode": "managed", "type": "azurerm_virtual_hub_connection", "name": "a",
            "expressions": {"virtual_hub_id": {"references": ["azurerm_virtual_hub.we.id", "azurerm_virtual_hub.we"]},
              "remote_virtual_network_id": {"references": ["azurerm_virtual_network.a.id", "azurerm_virtual_network.a"]},
              "routing": [{"associated_route_table_id": {"references": ["azurerm_virtual_hub.we.default_route_table_id", "azurerm_virtual_hub.we"]}}]}},
           {"address": "azurerm_virtual_hub_route_table.spokes", "mode": "managed", "type": "azurerm_virtual_hub_route_table", "name": "spokes",
            "expressions": {"virtual_hub_id": {"references": ["azurerm_virtual_hub.we.id", "azurerm_virtual_hub.we"]},
              "route": [{"name": {"constant_value": "all-private"}, "next_hop": {"references": ["azurerm_firewall.hub.id", "azurerm_firewall.hub"]}}]}},
           {"address": "azurerm_virtual_hub_route_table_route.nva", "mode": "managed", "type": "azurerm_virtual_hub_route_table_route", "name": "nva",
            "expressions": {"route_table_id": {"references": ["azurerm_virtual_hub.we.default_route_table_id", "azurerm_virtual_hub.we"]},
              "next_hop": {"references": ["azurerm_virtual_hub_connection.a.id", "azurerm_virtual_hub_connection.a"]}}},
           {"address": "azurerm_firewall.hub", "mode": "managed", "type": "azurerm_firewall", "name": "hub",
            "expressions": {"virtual_hub": [{"virtual_hub_id": {"references": ["azurerm_virtual_hub.we.id", "azurerm_virtual_hub.we"]}}]}}]}},
         "resource_changes": [
          {"address": "azurerm_virtual_wan.corp", "mode": "managed", "type": "azurerm_virtual_wan", "name": "corp",
           "change": {"actions": ["create"], "after": {"name": "wan-corp", "resource_group_name": "net-rg", "location": "westeurope",
             "type": "Standard", "allow_branch_to_branch_traffic": true}, "after_unknown": {"id": true}}},
          {"address": "azurerm_virtual_hub.we", "mode": "managed", "type": "azurerm_virtual_hub", "name": "we",
           "change": {"actions": ["create"], "after": {"name": "hub-we", "resource_group_name": "net-rg", "location": "westeurope",
             "address_prefix": "10.100.0.0/23", "sku": "Standard", "route": []},
             "after_unknown": {"id": true, "virtual_wan_id": true, "default_route_table_id": true}}},
          {"address": "azurerm_virtual_network.a", "mode": "managed", "type": "azurerm_virtual_network", "name": "a",
           "change": {"actions": ["create"], "after": {"name": "vnet-a", "resource_group_name": "net-rg", "location": "westeurope",
             "address_space": ["10.1.0.0/16"]}, "after_unknown": {"id": true, "subnet": true}}},
          {"address": "azurerm_virtual_hub_connection.a", "mode": "managed", "type": "azurerm_virtual_hub_connection", "name": "a",
           "change": {"actions": ["create"], "after": {"name": "conn-a", "internet_security_enabled": true,
             "routing": [{"inbound_route_map_id": null, "outbound_route_map_id": null, "static_vnet_local_route_override_criteria": "Contains",
               "static_vnet_propagate_static_routes_enabled": true, "static_vnet_route": []}]},
             "after_unknown": {"id": true, "virtual_hub_id": true, "remote_virtual_network_id": true,
               "routing": [{"associated_route_table_id": true, "propagated_route_table": true, "static_vnet_route": []}]}}},
          {"address": "azurerm_virtual_hub_route_table.spokes", "mode": "managed", "type": "azurerm_virtual_hub_route_table", "name": "spokes",
           "change": {"actions": ["create"], "after": {"name": "rt-spokes", "labels": ["spokes"], "route": [
             {"name": "all-private", "destinations_type": "CIDR", "destinations": ["10.0.0.0/8"], "next_hop_type": "ResourceId"}]},
             "after_unknown": {"id": true, "virtual_hub_id": true, "route": [{"next_hop": true}]}}},
          {"address": "azurerm_virtual_hub_route_table_route.nva", "mode": "managed", "type": "azurerm_virtual_hub_route_table_route", "name": "nva",
           "change": {"actions": ["create"], "after": {"name": "to-nva", "destinations_type": "CIDR", "destinations": ["192.168.0.0/16"],
             "next_hop_type": "ResourceId"}, "after_unknown": {"id": true, "route_table_id": true, "next_hop": true}}},
          {"address": "azurerm_firewall.hub", "mode": "managed", "type": "azurerm_firewall", "name": "hub",
           "change": {"actions": ["create"], "after": {"name": "fw-hub", "resource_group_name": "net-rg", "location": "westeurope",
             "sku_name": "AZFW_Hub", "sku_tier": "Standard", "ip_configuration": [], "virtual_hub": [{"public_ip_count": 1}]},
             "after_unknown": {"id": true, "virtual_hub": [{"virtual_hub_id": true, "private_ip_address": true, "public_ip_addresses": true}]}}}]}
        """
}

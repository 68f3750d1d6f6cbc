import GraphvizRender
import TopologyModel

extension DiagramBuilder {
    /// Virtual WAN hubs as boxes of their own, in their region, joined to each connected VNet:
    /// the hub's router and firewall decide the hops between those VNets (VWAN-10), and the
    /// hub is no VNet of the customer's to draw them in.
    static func addHubs(to diagram: inout Diagram, estate: Estate, firstNode: [ResourceID: String]) {
        let wan = estate.topology.virtualWAN
        guard !wan.isEmpty else { return }
        var regions = Set(diagram.clusters.map(\.id))
        for hub in wan.hubs.values.sorted(by: { $0.id < $1.id }) {
            let region = "region:" + hub.location
            if regions.insert(region).inserted {
                diagram.clusters.append(.init(id: region, label: hub.location.isEmpty ? "(no region)" : hub.location, parent: nil, role: .region))
            }
            let firewall = hub.firewall.flatMap { estate.topology.firewalls[$0] }
            var label = "virtual hub \(hub.name)  \(hub.addressPrefix?.description ?? "")"
            if let firewall { label += " | Azure Firewall \(firewall.name) \(firewall.privateAddresses.map(\.description).joined(separator: ", "))" }
            if !hub.routingPolicies.isEmpty { label += " | routing intent: " + hub.routingPolicies.map(\.traffic.rawValue).joined(separator: ", ") }
            let id = "hub:" + hub.id.key
            diagram.nodes.append(.init(id: id, label: label, cluster: region, role: firewall == nil ? .hosts : .firewall, highlighted: false))
            for connection in wan.connections.values.sorted(by: { $0.id < $1.id }) where connection.hub == hub.id {
                guard let node = firstNode[connection.network] else { continue }
                diagram.edges.append(.init(from: node, to: id, label: "hub connection", role: .peering))
            }
        }
    }
}

import TopologyModel

/// Where a virtual hub's router sends a packet (VWAN-9, VWAN-10, VWAN-19): into a connected
/// VNet, to a hub firewall, to an appliance a connection's static route names, out to the
/// Internet (from the firewall), or nowhere.
struct HubPassage: Sendable, Hashable {
    enum End: Sendable, Hashable {
        case deliver(connection: ResourceID, network: ResourceID)
        case firewall(ResourceID, IPAddress?)
        /// A connection's static route to an appliance in its VNet (VWAN-12).
        case appliance(IPAddress?, connection: ResourceID)
        case internet
        /// Forced tunnel mode with no default route learned and a hub firewall without a
        /// public address: Internet traffic is black-holed after it (VWAN-24).
        case tunnelWithoutExit(firewall: ResourceID)
        case noRoute
    }

    let hub: ResourceID
    /// The table looked up; nil after the hub's firewall and for the hub's own range.
    let table: ResourceID?
    let route: HubRouting.Route?
    /// The other hub the route led through (VWAN-8).
    let remoteHub: ResourceID?
    let end: End
}

extension EstateIndex {
    /// The hub router's lookup in the table of the sender's connection (VWAN-7, VWAN-9); a
    /// route to another hub's connection is taken on there, through that hub's firewall when
    /// its routes send private traffic there (VWAN-19: each hub with a private policy
    /// inspects). Which table the remote hub uses is not documented (reference §1.6): its
    /// `defaultRouteTable` is taken.
    func hubPassage(hub: ResourceID, table: ResourceID?, destination: IPAddress) -> HubPassage {
        guard let table else {
            // The hub's own range over the hidden peering: its firewall's address is reached,
            // the reply to what it SNATed among them (FW-16, VWAN-13.1).
            if let firewall = topology.virtualWAN.hubs[hub]?.firewall, hubFirewallAddress(firewall) == destination {
                return HubPassage(hub: hub, table: nil, route: nil, remoteHub: nil, end: .firewall(firewall, destination))
            }
            return HubPassage(hub: hub, table: nil, route: nil, remoteHub: nil, end: .noRoute)
        }
        guard let route = hubRouting.lookup(table, destination) else {
            return HubPassage(hub: hub, table: table, route: nil, remoteHub: nil, end: .noRoute)
        }
        switch route.hop {
        case .connection(let connection):
            return HubPassage(hub: hub, table: table, route: route, remoteHub: nil, end: deliver(connection, destination))
        case .firewall(let firewall):
            return HubPassage(hub: hub, table: table, route: route, remoteHub: nil, end: .firewall(firewall, hubFirewallAddress(firewall)))
        case .remoteHub(let remote, let connection):
            if let firewall = inspectingFirewall(remote, destination) {
                return HubPassage(hub: hub, table: table, route: route, remoteHub: remote, end: .firewall(firewall, hubFirewallAddress(firewall)))
            }
            return HubPassage(hub: hub, table: table, route: route, remoteHub: remote, end: deliver(connection, destination))
        }
    }

    /// Where a hub firewall sends what it lets through: the connected VNet of the WAN that
    /// holds the destination (through that VNet's hub firewall too when that hub inspects
    /// private traffic, VWAN-19), else the Internet for a public destination.
    func hubPassageAfterFirewall(hub: ResourceID, destination: IPAddress) -> HubPassage {
        guard let wan = topology.virtualWAN.hubs[hub]?.wan else { return HubPassage(hub: hub, table: nil, route: nil, remoteHub: nil, end: .noRoute) }
        if let connection = hubRouting.connection(in: wan, holding: destination), let owner = hubRouting.deliveries[connection]?.hub {
            if owner != hub, let firewall = inspectingFirewall(owner, destination) {
                return HubPassage(hub: hub, table: nil, route: nil, remoteHub: owner, end: .firewall(firewall, hubFirewallAddress(firewall)))
            }
            return HubPassage(hub: hub, table: nil, route: nil, remoteHub: owner == hub ? nil : owner, end: deliver(connection, destination))
        }
        if !AddressSet.nonPublic.contains(destination) {
            // VWAN-24, forced tunnel: on by the default route learned from a connection of
            // this hub; else out of the firewall's own public address, if it has one.
            if let tunnel = hubRouting.forcedTunnels[hub] {
                if let connection = tunnel {
                    return HubPassage(hub: hub, table: nil, route: nil, remoteHub: nil, end: deliver(connection, destination))
                }
                if let firewall = topology.virtualWAN.hubs[hub]?.firewall, (topology.firewalls[firewall]?.hubPublicIPCount ?? 0) == 0 {
                    return HubPassage(hub: hub, table: nil, route: nil, remoteHub: nil, end: .tunnelWithoutExit(firewall: firewall))
                }
            }
            return HubPassage(hub: hub, table: nil, route: nil, remoteHub: nil, end: .internet)
        }
        return HubPassage(hub: hub, table: nil, route: nil, remoteHub: nil, end: .noRoute)
    }

    /// The firewall a hub's default table sends `destination` to, when its lookup ends there.
    private func inspectingFirewall(_ hub: ResourceID, _ destination: IPAddress) -> ResourceID? {
        guard let route = hubRouting.lookup(HubRouting.defaultTable(of: hub), destination), case .firewall(let firewall) = route.hop else { return nil }
        return firewall
    }

    /// Into a connected VNet, or to the appliance its static route names for the destination
    /// (VWAN-12: with `Equal`, the VNet's own hosts are reached directly).
    private func deliver(_ id: ResourceID, _ destination: IPAddress) -> HubPassage.End {
        guard let connection = hubRouting.deliveries[id] else { return .noRoute }
        for route in connection.staticRoutes where route.prefixes.contains(where: { $0.contains(destination) }) {
            if connection.bypassesNextHopForOwnRanges && connection.ownSpace.contains(destination) { continue }
            return .appliance(route.nextHopAddress, connection: id)
        }
        return .deliver(connection: id, network: connection.network)
    }

    /// The address a hub's routes send to its firewall: its private address, or, when the input
    /// lacks it (templates and plans; the import warns), the hub range's first address, which
    /// no host can hold.
    func hubFirewallAddress(_ id: ResourceID) -> IPAddress? {
        Self.hubFirewallAddress(id, topology: topology)
    }

    static func hubFirewallAddress(_ id: ResourceID, topology: Topology) -> IPAddress? {
        guard let firewall = topology.firewalls[id] else { return nil }
        if let address = firewall.privateAddresses.first { return address }
        return firewall.subnets.first.flatMap { topology.virtualWAN.hubs[$0]?.addressPrefix?.address }
    }

    /// Whether `id` is a hub, which stands for the subnet of its firewall.
    func isHub(_ id: ResourceID) -> Bool { topology.virtualWAN.hubs[id] != nil }

    /// The WAN a subnet's VNet, or a hub, belongs to.
    func wan(of subnetOrHub: ResourceID) -> ResourceID? {
        if let hub = topology.virtualWAN.hubs[subnetOrHub] { return hub.wan }
        guard let network = topology.subnets[subnetOrHub]?.network, let connection = hubRouting.connectionByNetwork[network],
            let hub = topology.virtualWAN.connections[connection].flatMap({ topology.virtualWAN.hubs[$0.hub] })
        else { return nil }
        return hub.wan
    }

    /// RT-7 around a hub: a spoke reaches its own hub's range directly, over the hidden
    /// peering (VWAN-13.1); what a hub's router sends on (another hub's firewall, the
    /// appliance of a connection's static route, VWAN-12) is reached through the hub. An
    /// appliance in another spoke is not: RT-7 wants direct connectivity, not via Virtual WAN.
    func reachableThroughHub(from subnetOrHub: ResourceID, _ address: IPAddress) -> Bool {
        guard let wan = wan(of: subnetOrHub) else { return false }
        if let network = topology.subnets[subnetOrHub]?.network, let connection = hubRouting.connectionByNetwork[network],
            let hub = hubRouting.deliveries[connection]?.hub, topology.virtualWAN.hubs[hub]?.addressPrefix?.contains(address) == true
        {
            return true
        }
        if let firewall = firewallsByAddress[address], let hub = hubRouting.hubOfFirewall[firewall], topology.virtualWAN.hubs[hub]?.wan == wan {
            return true
        }
        return hubRouting.staticNextHops[wan]?.contains(address) == true
    }
}

import TopologyModel

/// An Azure Firewall on the way: its decision for the packet's addresses (FW-2, FW-6,
/// FW-7), and for each allowed part the source the rest of the way sees (the client, or the
/// firewall after SNAT, FW-15) and where the packet goes on from. `flow` picks the part
/// that holds its one service; hops follow every part; both read this one definition.
struct FirewallPassage {
    struct Part {
        let services: ServiceSet
        let snat: Bool
        /// The source address the next NSGs, routes and firewalls see.
        let sender: EndpointIdentity
        let contributions: [FirewallContribution]
    }

    let firewall: Firewall
    /// The firewall's subnet, where the packet is routed on from; nil when the input lacks it.
    let subnet: ResourceID?
    let parts: [Part]
    /// Services matched first by a Deny collection.
    let denied: [FirewallContribution]
    /// The address traffic leaves with after SNAT.
    let snatAddress: IPAddress
}

extension EstateIndex {
    /// - Parameter nextHop: the route's next-hop address, which the firewall holds.
    func passage(through firewall: Firewall, at nextHop: IPAddress, sender: EndpointIdentity, destination: IPAddress) -> FirewallPassage {
        let outcome = firewallServices(firewall, source: sender.address, destination: destination)
        let subnet = firewall.subnets.first.flatMap { topology.subnets[$0] != nil || isHub($0) ? $0 : nil }
        let snatAddress = firewall.privateAddresses.first ?? nextHop
        let snatSender = EndpointIdentity(address: snatAddress, network: subnet.flatMap { topology.subnets[$0]?.network })
        let parts = outcome.parts.map { part in
            FirewallPassage.Part(services: part.services, snat: part.snat, sender: part.snat ? snatSender : sender, contributions: part.contributions)
        }
        return FirewallPassage(firewall: firewall, subnet: subnet, parts: parts, denied: outcome.denied, snatAddress: snatAddress)
    }
}

extension EstateIndex {
    /// The source a DNAT rule's translated packet carries: the firewall's private address
    /// (FW-17, the default), or the client's when the analysis is told the firewall keeps it.
    func dnatSender(_ firewall: Firewall, client: IPAddress, frontend: IPAddress) -> EndpointIdentity {
        guard !options.dnatPreservesClientAddress else { return EndpointIdentity(address: client) }
        return EndpointIdentity(
            address: firewall.privateAddresses.first ?? frontend,
            network: firewall.subnets.first.flatMap { topology.subnets[$0]?.network })
    }
}

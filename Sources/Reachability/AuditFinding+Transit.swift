import TopologyModel

extension AuditFinding {
    /// Gateway transit into a training subnet (NET-014): the peerings whose flags carry the
    /// gateway's routes in, what they carry, and what on-premises reaches through them.
    public struct GatewayTransit: Sendable, Hashable {
        /// The hub side's peering, which sets allowGatewayTransit.
        public let hubPeering: PostureNote.Subject
        public let gateway: String
        /// The on-premises prefixes the training subnets learn, sorted.
        public let prefixes: [IPPrefix]
        /// The training subnets that learn them (`vnet/subnet`), sorted.
        public let subnets: [String]
        /// Hops from on-premises into those subnets, by target.
        public let fromOnPremises: [Hop]
    }

    /// NET-013: hops of attack paths into a target that cross the target side's peering as
    /// traffic an appliance or firewall forwarded, which that peering's
    /// allowForwardedTraffic admits (PEER-7; peering alone is not transitive, PEER-2). One
    /// finding per peering, with the first such hop as its evidence.
    static func forwardedTransit(paths: PathResult, graph: ReachabilityGraph, topology: Topology, targets: Set<String>) -> [AuditFinding] {
        var seen = Set<ResourceID>(), found: [AuditFinding] = []
        for path in paths.paths {
            for hop in path.hops where targets.contains(hop.to) {
                let network = graph.node(hop.to)?.network
                let step = hop.via.last { step in
                    guard case .forwardedTrafficAccepted = step.event, let id = step.resource else { return false }
                    return topology.peerings[id]?.localNetwork == network
                }
                guard let step, let id = step.resource, let peering = topology.peerings[id], seen.insert(id).inserted else { continue }
                found.append(
                    AuditFinding(
                        code: .forwardedTransit, subject: .init(id: id, name: peering.name, origin: peering.origin),
                        evidence: .reach(hop, matched: hop.services), inTargetZone: true))
            }
        }
        return found
    }

    /// NET-014: training subnets that learn on-premises routes through a hub's gateway
    /// (PEER-8: their side's useRemoteGateways, the hub side's allowGatewayTransit, and a
    /// route table that does not disable gateway route propagation, RT-10), from the same
    /// function that puts those routes in their effective route tables. One finding per
    /// training-side peering.
    static func gatewayTransit(index: EstateIndex, graph: ReachabilityGraph, paths: PathResult, zone: ZoneContext) -> [AuditFinding] {
        let topology = index.topology
        var subnetsBy: [ResourceID: [Subnet]] = [:], learnedBy: [ResourceID: (gateway: ResourceID, prefixes: Set<IPPrefix>)] = [:]
        for id in zone.subnets.sorted() {
            guard let subnet = topology.subnets[id] else { continue }
            let learned = EstateIndex.learnedGatewayPrefixes(
                for: subnet, topology: topology, live: index.livePeerings, onPremises: index.onPremisesByNetwork)
            for (gateway, prefixes, over) in learned {
                guard let over else { continue }
                subnetsBy[over, default: []].append(subnet)
                learnedBy[over] = (gateway, (learnedBy[over]?.prefixes ?? []).union(prefixes))
            }
        }
        var found: [AuditFinding] = []
        for (id, subnets) in subnetsBy {
            guard let peering = topology.peerings[id], let hubID = index.livePeerings[id], let hub = topology.peerings[hubID],
                let learned = learnedBy[id]
            else { continue }
            let ids = Set(subnets.map(\.id))
            let reach = paths.targets.filter { graph.node($0)?.subnet.map(ids.contains) ?? false }.sorted().compactMap {
                graph.hop(from: AttackNode.onPremisesID, to: $0)
            }
            let transit = GatewayTransit(
                hubPeering: .init(id: hub.id, name: hub.name, origin: hub.origin), gateway: topology.gateways[learned.gateway]?.name ?? learned.gateway.name,
                prefixes: learned.prefixes.sorted(), subnets: subnets.map { subject($0, topology).name }.sorted(), fromOnPremises: reach)
            found.append(
                AuditFinding(
                    code: .gatewayTransit, subject: .init(id: id, name: peering.name, origin: peering.origin),
                    evidence: .setting(.gatewayTransit(transit)), inTargetZone: true))
        }
        return found
    }
}

import TopologyModel

/// Explains hops the lean evaluation found, on demand: the full evaluation of the pair.
final class HopExplainer: Sendable {
    let index: EstateIndex
    let nodes: [AttackNode]

    init(index: EstateIndex, nodes: [AttackNode]) {
        self.index = index
        self.nodes = nodes
    }

    func explanation(_ source: Int, _ target: Int, services: ServiceSet) -> Hop.Explanation {
        if let hop = index.internalHop(from: nodes[source], to: nodes[target]) {
            return Hop.Explanation(allowedBy: hop.allowedBy, via: hop.via, witness: hop.witness, firewallRules: hop.firewallRules, findings: hop.findings)
        }
        // Not reached: the lean and full evaluations agree on every pair (tests). Should they
        // ever differ, the hop still names a concrete flow.
        let src = nodes[source].representative?.address ?? .v4(0), dst = nodes[target].representative?.address ?? .v4(0)
        let w = services.witness
        return Hop.Explanation(
            allowedBy: [], via: [],
            witness: WitnessFlow(
                source: src, destination: dst, translatedDestination: nil, proto: w?.proto ?? .tcp,
                port: w?.port ?? 0, sourcePort: nil),
            firewallRules: [], findings: [.explanationMissing])
    }

    /// The explanation of a one-way reach the lean evaluation found.
    func oneWayExplanation(_ source: Int, _ target: Int, services: ServiceSet) -> OneWayReach.Explanation {
        if let reach = index.internalReach(from: nodes[source], to: nodes[target]).oneWay {
            return OneWayReach.Explanation(allowedBy: reach.allowedBy, via: reach.via, reply: reach.reply, witness: reach.witness)
        }
        // Not reached, as for hops above.
        let src = nodes[source].representative?.address ?? .v4(0), dst = nodes[target].representative?.address ?? .v4(0)
        let w = services.witness
        return OneWayReach.Explanation(
            allowedBy: [], via: [],
            reply: TraceStep(
                kind: .route, resource: nil, resourceName: "return path", decision: .drop, event: .oneWayReachNotFound),
            witness: WitnessFlow(
                source: src, destination: dst, translatedDestination: nil, proto: w?.proto ?? .tcp, port: w?.port ?? 0, sourcePort: nil))
    }
}

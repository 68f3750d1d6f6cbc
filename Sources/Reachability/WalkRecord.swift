import TopologyModel

/// What a walk keeps of the decisions it meets. The walk decides; a record only keeps:
/// `flow` keeps every decision as a trace step (``FlowTrace``), a hop keeps the rules that
/// let its services through and the steps of its way (``HopRecord``).
protocol WalkRecord {
    /// Route and peering steps, and the steps of a way in.
    mutating func way(_ steps: [TraceStep])
    /// NSG stages about to be judged, each on its own, for the services still allowed.
    mutating func judging(_ stages: [PolicyStage], sender: EndpointIdentity, destination: EndpointIdentity, index: EstateIndex)
    /// A leg's stages judged together: `kept` is what the whole leg still carries.
    mutating func closed(_ outcome: ChainOutcome, kept: ServiceSet)
    /// The part of an Azure Firewall's decision the leg goes on with.
    mutating func firewall(_ passage: FirewallPassage, part: FirewallPassage.Part, kept: ServiceSet, index: EstateIndex)
    /// What an Azure Firewall does not let through.
    mutating func firewallDenied(_ passage: FirewallPassage, services: ServiceSet, index: EstateIndex)
    /// An internal load balancer as a route's next hop, and the backend it sends to.
    mutating func loadBalancer(_ lb: LoadBalancer, rule: LoadBalancer.Rule, nextHop: IPAddress, backend: InterfaceEndpoint)
    /// A network virtual appliance's NIC as a route's next hop.
    mutating func appliance(_ nic: NetworkInterface, nextHop: IPAddress)
    /// What explains where the walk is, without deciding anything on its own.
    mutating func note(_ step: TraceStep)
    /// The step that ends a walk before arrival.
    mutating func stop(_ step: TraceStep)
    /// The reply returns, but something about its way is worth saying.
    mutating func returnFinding(_ event: TraceEvent, subnet: ResourceID?)
}

/// A hop's record: the steps of its way, the NSG allow rules and firewall rules that let
/// its services through, and findings. Stops are not kept: a hop is what arrives.
struct HopRecord: WalkRecord {
    var via: [TraceStep]
    var allowedBy: [RuleContribution] = []
    var firewallRules: [FirewallContribution] = []
    var findings: [HopFinding] = []
    /// A client source port that every stage of the last leg judged admits for the
    /// outcome's witness service (NSG-19), when the stages decide on source ports.
    var witnessSourcePort: UInt16?

    init(via: [TraceStep] = []) { self.via = via }

    mutating func way(_ steps: [TraceStep]) { via += steps }

    mutating func judging(_ stages: [PolicyStage], sender: EndpointIdentity, destination: EndpointIdentity, index: EstateIndex) {}

    mutating func closed(_ outcome: ChainOutcome, kept: ServiceSet) {
        witnessSourcePort = outcome.witnessSourcePort
        for c in outcome.contributions {
            let services = c.services.intersection(kept)
            guard !services.isEmpty else { continue }
            allowedBy.append(
                RuleContribution(
                    securityGroup: c.securityGroup, securityGroupName: c.securityGroupName, level: c.level, direction: c.direction, rule: c.rule,
                    services: services))
        }
    }

    mutating func firewall(_ passage: FirewallPassage, part: FirewallPassage.Part, kept: ServiceSet, index: EstateIndex) {
        let firewall = passage.firewall
        firewallRules += part.contributions.compactMap { c in
            let services = c.services.intersection(kept)
            return services.isEmpty
                ? nil
                : FirewallContribution(
                    firewall: c.firewall, firewallName: c.firewallName, collection: c.collection, group: c.group, rule: c.rule, kind: c.kind,
                    action: c.action, services: services, fqdn: c.fqdn)
        }
        via.append(
            TraceStep(
                kind: .firewall, resource: firewall.id, resourceName: firewall.name, decision: .allow, rules: [.fw(15)] + index.modeRules(firewall),
                event: .throughFirewall(firewall: firewall.name, snat: part.snat ? passage.snatAddress : nil, modes: index.modes(firewall))))
        if firewall.intrusionDetectionMode == .deny { findings.append(.intrusionDetectionDenies(firewall: firewall.name)) }
    }

    mutating func firewallDenied(_ passage: FirewallPassage, services: ServiceSet, index: EstateIndex) {}

    mutating func loadBalancer(_ lb: LoadBalancer, rule: LoadBalancer.Rule, nextHop: IPAddress, backend: InterfaceEndpoint) {
        via.append(
            TraceStep(
                kind: .appliance, resource: lb.id, resourceName: lb.name, rule: rule.name, decision: .forward,
                rules: [.rt(7), .pub(3)], event: .throughLoadBalancer(nextHop: nextHop, loadBalancer: lb.name, backend: backend.address)))
    }

    mutating func appliance(_ nic: NetworkInterface, nextHop: IPAddress) {
        guard nic.ipForwarding else { return }
        via.append(
            TraceStep(
                kind: .appliance, resource: nic.id, resourceName: nic.name, decision: .forward,
                event: .throughAppliance(nic: nic.name, nextHop: nextHop)))
    }

    mutating func note(_ step: TraceStep) {}

    mutating func stop(_ step: TraceStep) {}

    mutating func returnFinding(_ event: TraceEvent, subnet: ResourceID?) { findings.append(.event(event)) }
}

import TopologyModel

/// One packet's record: every decision the walk meets, in order, as a trace step, with the
/// rule that made it (NSG rules by priority and name, firewall rules by collection).
struct FlowTrace: WalkRecord {
    var steps: [TraceStep] = []
    let proto: IPProtocol
    let port: UInt16
    let sourcePort: UInt16

    mutating func way(_ steps: [TraceStep]) { self.steps += steps }

    /// NSG-2, NSG-3: each stage's first matching rule for this packet; the first deny ends it.
    mutating func judging(_ stages: [PolicyStage], sender: EndpointIdentity, destination: EndpointIdentity, index: EstateIndex) {
        let packet = Packet(source: sender, destination: destination, proto: proto, sourcePort: sourcePort, destinationPort: port)
        var judged: [TraceStep] = []
        _ = stages.judge(packet, options: index.options) { decision, stage in judged.append(index.step(decision, stage: stage)) }
        steps += judged
    }

    mutating func closed(_ outcome: ChainOutcome, kept: ServiceSet) {}

    mutating func firewall(_ passage: FirewallPassage, part: FirewallPassage.Part, kept: ServiceSet, index: EstateIndex) {
        let firewall = passage.firewall
        let rule = part.contributions.first { $0.services.contains(proto, port) }
        steps.append(
            TraceStep(
                kind: .firewall, resource: firewall.id, resourceName: firewall.name, rule: rule.map { "\($0.collection)/\($0.rule)" },
                decision: .allow, rules: [.fw(15)] + index.modeRules(firewall),
                event: .firewallAllows(
                    firewall: firewall.name, rule: rule.map(\.named), fqdn: rule?.fqdn, snat: part.snat ? passage.snatAddress : nil,
                    modes: index.modes(firewall))))
    }

    mutating func firewallDenied(_ passage: FirewallPassage, services: ServiceSet, index: EstateIndex) {
        let firewall = passage.firewall
        let deny = passage.denied.first { $0.services.contains(proto, port) }
        steps.append(
            TraceStep(
                kind: .firewall, resource: firewall.id, resourceName: firewall.name, rule: deny.map { "\($0.collection)/\($0.rule)" },
                decision: .deny, rules: (deny == nil ? [.fw(2)] : []) + index.modeRules(firewall),
                event: .firewallDenies(firewall: firewall.name, rule: deny.map(\.named), modes: index.modes(firewall))))
    }

    mutating func loadBalancer(_ lb: LoadBalancer, rule: LoadBalancer.Rule, nextHop: IPAddress, backend: InterfaceEndpoint) {
        steps.append(
            TraceStep(
                kind: .appliance, resource: lb.id, resourceName: lb.name, rule: rule.name, decision: .forward,
                rules: [.rt(7), .pub(3)],
                event: .loadBalancerNextHop(nextHop: nextHop, loadBalancer: lb.name, rule: rule.name, backend: backend.address)))
    }

    mutating func appliance(_ nic: NetworkInterface, nextHop: IPAddress) {
        steps.append(
            TraceStep(
                kind: .appliance, resource: nic.id, resourceName: nic.name, decision: nic.ipForwarding ? .forward : .drop,
                rules: nic.ipForwarding ? [] : [.rt(7)], event: .applianceNextHop(nic: nic.name, nextHop: nextHop, ipForwarding: nic.ipForwarding)))
    }

    mutating func note(_ step: TraceStep) { steps.append(step) }

    mutating func stop(_ step: TraceStep) { steps.append(step) }

    mutating func returnFinding(_ event: TraceEvent, subnet: ResourceID?) {
        steps.append(TraceStep(kind: .finding, resource: subnet, resourceName: "return path", decision: .info, event: event))
    }
}

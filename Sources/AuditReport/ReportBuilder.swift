import Reachability
import TopologyModel

/// Turns solver results into the report schema: one place, so text, JSON and Markdown
/// agree.
public enum ReportBuilder {
    public static func flow(_ result: FlowResult) -> ReportSchema.Flow {
        let q = result.query
        return ReportSchema.Flow(
            query: .init(
                src: "\(q.source)", dst: "\(q.destination)", protocol: q.proto.rawValue,
                port: q.proto.hasPorts ? Int(q.destinationPort) : nil, srcPort: Int(result.sourcePort),
                srcPortAssumed: q.sourcePort == nil),
            verdict: result.allowed ? "allow" : "deny", disposition: result.disposition.rawValue,
            trace: result.trace.enumerated().map { step($0.element, number: $0.offset + 1) })
    }

    static func step(_ s: TraceStep, number: Int) -> ReportSchema.Step {
        ReportSchema.Step(
            step: number, kind: s.kind.rawValue, resource: s.resource?.text, name: s.resourceName,
            direction: s.direction?.rawValue, rule: s.rule, ruleId: s.ruleID?.text, priority: s.priority,
            decision: s.decision.rawValue, detail: s.detail, rules: s.rules.isEmpty ? nil : s.rules.map(\.description))
    }

    public static func paths(_ result: PathResult, graph: ReachabilityGraph, warnings: [String] = [], exfiltration: PathResult? = nil) -> ReportSchema.Paths {
        var referenced = Set(result.sources).union(result.targets)
        for path in result.paths + (exfiltration?.paths ?? []) { referenced.formUnion(path.nodes) }
        let listing = OneWayListing(graph, targets: result.targets)
        for reach in listing.shown { referenced.formUnion([reach.from, reach.to]) }
        let nodes = graph.nodes.filter { referenced.contains($0.id) }.map(node)
        let emptyWarnings = result.emptySelectors.map { "selector \($0) selects nothing; nothing is reachable through it" }
        var report = ReportSchema.Paths(
            from: result.query.from.map(\.description), to: result.query.to.map(\.description),
            reachable: result.reachable, sources: result.sources, targets: result.targets,
            paths: result.paths.map(path), nodes: nodes, warnings: emptyWarnings + warnings)
        report.exfiltration = exfiltration.map { $0.paths.map(path) }
        if listing.total > 0 {
            if listing.truncated { report.oneWayTotal = listing.total }
            report.oneWay = listing.shown.map { r in
                let shape = hop(Reachability.Hop(from: r.from, to: r.to, services: r.services, allowedBy: r.allowedBy, via: r.via, witness: r.witness))
                return ReportSchema.OneWay(
                    from: r.from, to: r.to, services: shape.services, allowedBy: shape.allowedBy, via: shape.via,
                    reply: ReportSchema.Via(r.reply),
                    witness: shape.witness)
            }
        }
        if result.truncated { report.truncated = true }
        return report
    }

    public static func path(_ p: AttackPath) -> ReportSchema.Path {
        ReportSchema.Path(nodes: p.nodes, hops: p.hops.map(hop))
    }

    public static func hop(_ h: Reachability.Hop) -> ReportSchema.Hop {
        ReportSchema.Hop(
            from: h.from, to: h.to, services: services(h.services),
            allowedBy: h.allowedBy.map { c in
                ReportSchema.Rule(
                    nsg: c.securityGroupName, nsgId: c.securityGroup.text, level: c.level.rawValue, direction: c.direction.rawValue,
                    rule: c.rule.name, ruleId: c.rule.id?.text, priority: c.rule.priority, isDefault: c.rule.isDefault,
                    services: c.services.summary)
            },
            via: h.via.map(ReportSchema.Via.init),
            witness: ReportSchema.Witness(
                src: "\(h.witness.source)", dst: "\(h.witness.destination)",
                translatedDst: h.witness.translatedDestination.map { "\($0)" }, protocol: h.witness.proto.rawValue,
                port: Int(h.witness.port), srcPort: h.witness.sourcePort.map(Int.init)),
            firewallRules: h.firewallRules.map {
                ReportSchema.FirewallRule(
                    firewall: $0.firewallName, firewallId: $0.firewall.text, group: $0.group, collection: $0.collection,
                    rule: $0.rule, kind: $0.kind.rawValue, action: $0.action.rawValue, fqdn: $0.fqdn, services: $0.services.summary)
            },
            findings: h.findings.map(\.text))
    }

    public static func services(_ s: ServiceSet) -> [ReportSchema.Service] {
        s.entries.map { ReportSchema.Service(protocol: $0.proto.rawValue, ports: $0.proto.hasPorts ? $0.ports.portRangeStrings : ["*"]) }
    }

    public static func node(_ n: AttackNode) -> ReportSchema.Node {
        ReportSchema.Node(
            id: n.id, kind: n.kind.rawValue, label: n.label, vnet: n.networkName, subnet: n.subnetName,
            subnetId: n.subnet?.text, region: n.region,
            endpoints: n.endpoints.map {
                ReportSchema.Endpoint(
                    nic: $0.interface.name, nicId: $0.interface.text, address: "\($0.address)",
                    publicIp: $0.publicIP?.address.map { "\($0)" })
            })
    }

    public static func routeTables(_ tables: [(ResourceID, [EffectiveRouteEntry])], topology: Topology) -> [ReportSchema.RouteTable] {
        tables.map { subnet, entries in
            ReportSchema.RouteTable(
                subnet: subnetName(subnet, topology), subnetId: subnet.text,
                routes: entries.map { e in
                    var ip: String?
                    if case .virtualAppliance(let a) = e.route.nextHop { ip = a.map { "\($0)" } }
                    return ReportSchema.RouteEntry(
                        prefix: e.route.prefix.description, nextHopType: e.route.nextHop.name, nextHopIpAddress: ip,
                        source: e.route.source.rawValue, state: e.active ? "Active" : "Invalid", name: e.route.name,
                        resource: e.route.resource?.text)
                })
        }
    }

    public static func hubRouteTables(_ tables: [HubRouteTableView], topology: Topology) -> [ReportSchema.HubRouteTable] {
        tables.map { t in
            ReportSchema.HubRouteTable(
                hub: t.hubName, hubId: t.hub.text, table: t.name, tableId: t.table.text,
                associatedConnections: t.associated.map { topology.virtualWAN.connections[$0]?.name ?? $0.name },
                routes: t.routes.map { r in
                    ReportSchema.HubRoute(
                        prefix: r.prefix.description, nextHopType: r.nextHopType, nextHop: r.nextHopName, nextHopId: r.nextHop.text,
                        source: r.isStatic ? "Static" : "Propagated", state: r.active ? "Active" : "Invalid", name: r.name)
                })
        }
    }

    static func subnetName(_ id: ResourceID, _ topology: Topology) -> String {
        guard let subnet = topology.subnets[id] else { return id.name }
        return "\(topology.networks[subnet.network]?.name ?? subnet.network.name)/\(subnet.name)"
    }
}

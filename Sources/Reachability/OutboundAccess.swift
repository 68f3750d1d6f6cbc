import TopologyModel

/// One way a host leaves for the Internet once its route there is the system default
/// (PUB-6): a NAT gateway, its instance public IP, a load-balancer outbound rule, or
/// default outbound access. None of them admits a connection the Internet starts.
struct OutboundAccess {
    enum Method: String {
        case natGateway = "NAT gateway"
        case instancePublicIP = "instance public IP"
        case outboundRule = "load balancer outbound rule"
        case defaultAccess = "default outbound access"
    }

    let method: Method
    let resource: ResourceID?
    let resourceName: String
    /// The source address the Internet sees, when the input has it.
    let publicAddresses: [IPAddress]
    /// The protocols this way carries; nil for every protocol.
    let protocols: ProtocolSet?
    /// Why and how the host leaves, for traces and findings.
    let event: TraceEvent

    /// PUB-6 decides every way but a host's own public IP, which is simply its address.
    var step: TraceStep {
        TraceStep(
            kind: .publicIP, resource: resource, resourceName: resourceName, decision: .forward, rules: method == .instancePublicIP ? [] : [.pub(6)],
            event: event)
    }
}

extension ServiceSet {
    /// The services of these protocols (all of them for nil).
    func restricted(to protocols: ProtocolSet?) -> ServiceSet {
        guard let protocols else { return self }
        var result = ServiceSet()
        for (proto, set) in ports where protocols.contains(proto) { result.insert(proto, set) }
        return result
    }

    /// The services of the other protocols (none for nil).
    func excluding(_ protocols: ProtocolSet?) -> ServiceSet {
        guard let protocols else { return ServiceSet() }
        var result = ServiceSet()
        for (proto, set) in ports where !protocols.contains(proto) { result.insert(proto, set) }
        return result
    }
}

extension EstateIndex {
    /// The ways out of `subnet` for `endpoint` (nil: a host placed in the subnet), in
    /// precedence order. A NAT gateway takes all outbound traffic and wins over instance
    /// public IPs and load-balancer outbound rules; an instance public IP carries every
    /// protocol; outbound rules carry their own protocols; default outbound access takes
    /// the rest unless the subnet is private (`defaultOutboundAccess=false`, PUB-6).
    ///
    /// Empty when the host has no way out: a private subnet without explicit outbound, or a
    /// NAT gateway without public addresses.
    ///
    /// - Complexity: O(L · R) for L load balancers with R outbound rules.
    func outboundAccess(subnet: Subnet, endpoint: InterfaceEndpoint?) -> [OutboundAccess] {
        if let natID = subnet.natGateway {
            guard let nat = topology.natGateways[natID] else {
                return [
                    OutboundAccess(
                        method: .natGateway, resource: natID, resourceName: natID.name, publicAddresses: [], protocols: Self.natProtocols,
                        event: .outbound(.missingNATGateway(natID.name, subnet: subnet.name)))
                ]
            }
            guard !nat.publicIPs.isEmpty || !nat.publicPrefixes.isEmpty else { return [] }
            let addresses = nat.publicIPs.compactMap { topology.publicIPs[$0]?.address }
            var shown = nat.publicIPs.map { id in
                topology.publicIPs[id].map { pip in pip.address.map { .address($0) } ?? .named(pip.name) } ?? TraceEvent.PublicAddress.missing(id.name)
            }
            shown += nat.publicPrefixes.map { $0.prefix.map { .prefix($0) } ?? .namedPrefix($0.id.name) }
            return [
                OutboundAccess(
                    method: .natGateway, resource: nat.id, resourceName: nat.name, publicAddresses: addresses, protocols: Self.natProtocols,
                    event: .outbound(.natGateway(nat.name, addresses: shown, subnet: subnet.name)))
            ]
        }
        if let pip = endpoint?.publicIP {
            return [
                OutboundAccess(
                    method: .instancePublicIP, resource: pip.id, resourceName: pip.name, publicAddresses: pip.address.map { [$0] } ?? [],
                    protocols: nil, event: .outbound(.instancePublicIP(pip.address.map { .address($0) } ?? .named(pip.name))))
            ]
        }
        var ways: [OutboundAccess] = []
        if let endpoint {
            for lb in topology.loadBalancers.values.sorted(by: { $0.id < $1.id }) where lb.sku == .standard {
                for rule in lb.outboundRules {
                    guard let pool = lb.pools.first(where: { $0.id == rule.pool }),
                        pool.members.contains(endpoint.configuration.id) || pool.addresses.contains(endpoint.address)
                    else { continue }
                    let fronts = rule.frontends.compactMap { id in lb.frontends.first { $0.id == id } }.filter { $0.publicIP != nil }
                    guard !fronts.isEmpty else { continue }
                    let addresses = fronts.compactMap { $0.publicIP.flatMap { topology.publicIPs[$0]?.address } }
                    let shown = fronts.map { f in
                        f.publicIP.flatMap { topology.publicIPs[$0]?.address }.map { .address($0) } ?? TraceEvent.PublicAddress.named(f.name)
                    }
                    ways.append(
                        OutboundAccess(
                            method: .outboundRule, resource: rule.id, resourceName: lb.name, publicAddresses: addresses, protocols: rule.protocols,
                            event: .outbound(
                                .outboundRule(
                                    loadBalancer: lb.name, rule: rule.name, protocols: rule.protocols.members, frontends: shown, pool: pool.name))))
                }
            }
        }
        if subnet.defaultOutboundAccess != false {
            ways.append(
                OutboundAccess(
                    method: .defaultAccess, resource: subnet.id, resourceName: subnet.name, publicAddresses: [], protocols: nil,
                    event: .outbound(.defaultAccess(explicit: subnet.defaultOutboundAccess != nil))))
        }
        return ways
    }

    /// The NAT gateway way out of an appliance's subnet (a firewall or NVA leaving for the
    /// Internet), if that subnet has one.
    /// A NAT gateway translates TCP and UDP only; ICMP (ping) through it fails, and nothing
    /// else takes it out, since the NAT gateway takes all of the subnet's outbound (PUB-6).
    static let natProtocols: ProtocolSet = [.tcp, .udp]

    func natGatewayAccess(of subnetID: ResourceID) -> OutboundAccess? {
        guard let subnet = topology.subnets[subnetID], subnet.natGateway != nil else { return nil }
        return outboundAccess(subnet: subnet, endpoint: nil).first { $0.method == .natGateway }
    }
}

extension EstateIndex {
    /// Internet -> a public address that only carries outbound connections: a NAT
    /// gateway's, or a load balancer frontend used by outbound rules and no inbound rule.
    /// Replies to connections from inside come back; nothing the Internet starts does (PUB-6).
    func outboundOnlyFrontend(_ address: IPAddress, query: FlowQuery, sourcePort: UInt16, trace: inout [TraceStep]) -> FlowResult? {
        let owner: (ResourceID, String, TraceEvent.OutboundOwner)? = {
            for nat in topology.natGateways.values.sorted(by: { $0.id < $1.id }) {
                if nat.publicIPs.contains(where: { topology.publicIPs[$0]?.address == address })
                    || nat.publicPrefixes.contains(where: { $0.prefix?.contains(address) ?? false })
                {
                    return (nat.id, nat.name, .natGateway(nat.name))
                }
            }
            for lb in topology.loadBalancers.values.sorted(by: { $0.id < $1.id }) {
                for rule in lb.outboundRules {
                    let fronts = lb.frontends.filter { rule.frontends.contains($0.id) && $0.publicIP.flatMap { topology.publicIPs[$0]?.address } == address }
                    if !fronts.isEmpty { return (rule.id, lb.name, .outboundRule(loadBalancer: lb.name, rule: rule.name)) }
                }
            }
            return nil
        }()
        guard let (resource, name, owner) = owner else { return nil }
        trace.append(
            TraceStep(
                kind: .publicIP, resource: resource, resourceName: name, decision: .drop,
                rules: [.pub(6)], event: .outboundOnlyAddress(address, owner: owner)))
        return FlowResult(query: query, disposition: .deniedInbound, trace: trace, sourcePort: sourcePort)
    }
}

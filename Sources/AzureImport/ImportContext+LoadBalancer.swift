import TopologyModel

/// Load balancers (PUB-2, PUB-3): frontends, pools (membership merged from NICs),
/// load-balancing rules, inbound NAT rules and pools, and outbound rules (PUB-6).
extension ImportContext {
    mutating func convertLoadBalancer(
        _ raw: RawResource, nicPoolMembers: [ResourceID: [ResourceID]], nicNatTargets: [ResourceID: ResourceID],
        nicNatPools: [ResourceID: [ResourceID]] = [:]
    ) -> LoadBalancer? {
        let skuName = (raw.node.child("sku")?.child("name")?.string ?? raw.properties.child("sku")?.child("name")?.string)?.lowercased()
        let sku: LoadBalancer.SKU
        switch skuName {
        case "standard"?: sku = .standard
        case "gateway"?: sku = .gateway
        case "basic"?: sku = .basic
        default:
            sku = .basic
            warn(raw, kind: .assumption, "load balancer '\(raw.name)' has no sku; assumed Basic (open without an NSG, NSG-40)", severity: .note)
        }
        func childID(_ item: JSONNode, _ collection: String) -> ResourceID {
            item.child("id")?.referenceID ?? ResourceID(raw.id.text + "/\(collection)/" + (item.child("name")?.string ?? "?"))
        }
        var frontends: [LoadBalancer.Frontend] = []
        for item in listItems(raw, raw.property("frontendIPConfigurations"), .object("a frontend IP configuration")) ?? [] {
            let props = item.child("properties") ?? item
            frontends.append(
                LoadBalancer.Frontend(
                    id: childID(item, "frontendIPConfigurations"), name: item.child("name")?.string ?? "?",
                    publicIP: props.child("publicIPAddress")?.referenceID,
                    privateAddress: address(raw, props.child("privateIPAddress")),
                    subnet: props.child("subnet")?.referenceID))
        }
        var pools: [LoadBalancer.Pool] = []
        for item in listItems(raw, raw.property("backendAddressPools"), .object("a backend pool")) ?? [] {
            let props = item.child("properties") ?? item
            let id = childID(item, "backendAddressPools")
            var members = referenceList(raw, props.child("backendIPConfigurations")) ?? []
            members += nicPoolMembers[id] ?? []
            var addresses: [IPAddress] = []
            for a in listItems(raw, props.child("loadBalancerBackendAddresses"), .object("a backend address")) ?? [] {
                if let ip = address(raw, (a.child("properties") ?? a).child("ipAddress")) { addresses.append(ip) }
            }
            pools.append(LoadBalancer.Pool(id: id, name: item.child("name")?.string ?? "?", members: Array(Set(members)), addresses: addresses))
        }
        var rules: [LoadBalancer.Rule] = []
        for (key, isNAT) in [("loadBalancingRules", false), ("inboundNatRules", true)] {
            for item in listItems(raw, raw.property(key), .object(isNAT ? "an inbound NAT rule" : "a load-balancing rule")) ?? [] {
                let props = item.child("properties") ?? item
                let name = item.child("name")?.string ?? "?"
                guard let protocols = protocols(raw, props, what: "\(isNAT ? "inbound NAT" : "load-balancing") rule '\(name)'") else { continue }
                func port(_ k: String) -> UInt16? { self.port(props, k) }
                guard let frontendPort = port("frontendPort"), let backendPort = port("backendPort") else {
                    error(raw, at: props, "\(isNAT ? "inbound NAT" : "load-balancing") rule '\(name)' needs frontendPort and backendPort in 0-65535")
                    continue
                }
                let id = childID(item, key)
                rules.append(
                    LoadBalancer.Rule(
                        id: id, name: name, frontend: props.child("frontendIPConfiguration")?.referenceID,
                        pool: isNAT ? nil : props.child("backendAddressPool")?.referenceID,
                        target: isNAT ? (props.child("backendIPConfiguration")?.referenceID ?? nicNatTargets[id]) : nil,
                        protocols: protocols, frontendPort: frontendPort, backendPort: backendPort,
                        floatingIP: props.child("enableFloatingIP")?.bool ?? false, isNAT: isNAT))
            }
        }
        var natPools: [LoadBalancer.NATPool] = []
        for item in listItems(raw, raw.property("inboundNatPools"), .object("an inbound NAT pool")) ?? [] {
            let props = item.child("properties") ?? item
            let name = item.child("name")?.string ?? "?"
            guard let protocols = protocols(raw, props, what: "inbound NAT pool '\(name)'") else { continue }
            guard let start = port(props, "frontendPortRangeStart"), let end = port(props, "frontendPortRangeEnd"), start <= end,
                let backendPort = port(props, "backendPort")
            else {
                error(raw, at: props, "inbound NAT pool '\(name)' needs frontendPortRangeStart <= frontendPortRangeEnd and backendPort in 0-65535")
                continue
            }
            let id = childID(item, "inboundNatPools")
            natPools.append(
                LoadBalancer.NATPool(
                    id: id, name: name, frontend: props.child("frontendIPConfiguration")?.referenceID, protocols: protocols,
                    frontendPorts: start...end, backendPort: backendPort,
                    floatingIP: props.child("enableFloatingIP")?.bool ?? false, members: Array(Set(nicNatPools[id] ?? []))))
        }
        var outbound: [LoadBalancer.OutboundRule] = []
        for item in listItems(raw, raw.property("outboundRules"), .object("an outbound rule")) ?? [] {
            let props = item.child("properties") ?? item
            let name = item.child("name")?.string ?? "?"
            guard let protocols = protocols(raw, props, what: "outbound rule '\(name)'") else { continue }
            let fronts = referenceList(raw, props.child("frontendIPConfigurations"), owner: "outbound rule '\(name)'") ?? []
            let pool = props.child("backendAddressPool")?.referenceID
            if pool == nil { warn(raw, at: props, kind: .invalidInput, "outbound rule '\(name)' names no backendAddressPool; it gives no host a way out") }
            if sku != .standard {
                warn(
                    raw, at: item, kind: .invalidInput,
                    "outbound rule '\(name)' on a \(sku.rawValue.capitalized) load balancer: Azure allows outbound rules on Standard only; ignored")
                continue
            }
            outbound.append(LoadBalancer.OutboundRule(id: childID(item, "outboundRules"), name: name, frontends: fronts, pool: pool, protocols: protocols))
        }
        return LoadBalancer(
            id: raw.id, name: raw.name, location: raw.location, sku: sku, frontends: frontends, pools: pools, rules: rules,
            natPools: natPools, outboundRules: outbound, origin: raw.sourceLocation)
    }

    /// A rule's `protocol`: Tcp, Udp or All (TCP and UDP); an error naming the rule otherwise.
    mutating func protocols(_ raw: RawResource, _ props: JSONNode, what: String) -> ProtocolSet? {
        switch props.child("protocol")?.string?.lowercased() {
        case "tcp"?: return .tcp
        case "udp"?: return .udp
        case "all"?: return [.tcp, .udp]
        default:
            error(raw, at: props.child("protocol") ?? props, "\(what) has no protocol Tcp, Udp or All")
            return nil
        }
    }

    func port(_ props: JSONNode, _ key: String) -> UInt16? {
        guard let text = props.child(key)?.string, let n = Int(text), (0...65535).contains(n) else { return nil }
        return UInt16(n)
    }

    /// NIC-side membership: pool ID -> IP configurations, NAT rule ID -> IP configuration,
    /// NAT pool ID -> IP configurations.
    mutating func nicLoadBalancerMembership() -> (pools: [ResourceID: [ResourceID]], nat: [ResourceID: ResourceID], natPools: [ResourceID: [ResourceID]]) {
        var pools: [ResourceID: [ResourceID]] = [:]
        var nat: [ResourceID: ResourceID] = [:]
        var natPools: [ResourceID: [ResourceID]] = [:]
        for raw in resources(ofType: "microsoft.network/networkinterfaces/ipconfigurations") {
            for pool in referenceList(raw, raw.property("loadBalancerBackendAddressPools")) ?? [] { pools[pool, default: []].append(raw.id) }
            for rule in referenceList(raw, raw.property("loadBalancerInboundNatRules")) ?? [] { nat[rule] = raw.id }
            for pool in referenceList(raw, raw.property("loadBalancerInboundNatPools")) ?? [] { natPools[pool, default: []].append(raw.id) }
        }
        return (pools, nat, natPools)
    }
}

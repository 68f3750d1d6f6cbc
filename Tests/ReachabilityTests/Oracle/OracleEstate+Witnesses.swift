/// Probe sets that make the brute-force comparison exhaustive for prefix- and range-based
/// rules: every elementary interval (atom) of the boundaries in the specification gets a
/// witness, and a rule cannot tell two members of one atom apart.
extension OracleEstate {
    private var allRules: [Rule] { nsgs.flatMap(\.rules) }

    /// Destination ports: 0, 65535 and every rule range's ends ±1.
    var portWitnesses: [UInt16] {
        var ports: Set<UInt16> = [0, 1, 22, 1024, 65534, 65535]
        let dnatRules = firewalls.flatMap(\.dnat).flatMap(\.rules)
        let firewallPorts =
            firewalls.flatMap(\.collections).flatMap(\.rules).flatMap(\.ports)
            + dnatRules.flatMap { [$0.port...$0.port, $0.translatedPort...$0.translatedPort] }
        for range in allRules.flatMap(\.destinationPorts) + allRules.flatMap(\.sourcePorts) + firewallPorts {
            for p in [
                Int(range.lowerBound) - 1, Int(range.lowerBound), Int(range.lowerBound) + 1,
                Int(range.upperBound) - 1, Int(range.upperBound), Int(range.upperBound) + 1,
            ] where (0...65535).contains(p) {
                ports.insert(UInt16(p))
            }
        }
        return ports.sorted()
    }

    /// Client source ports a hop stands for (1024-65535, NSG-19 and docs/azure-model.md),
    /// one per atom of the rules' source-port ranges.
    var clientSourcePortWitnesses: [UInt16] {
        var ports: Set<UInt16> = [1024, 65535]
        for range in allRules.flatMap(\.sourcePorts) {
            for p in [Int(range.lowerBound) - 1, Int(range.lowerBound), Int(range.upperBound), Int(range.upperBound) + 1] where (1024...65535).contains(p) {
                ports.insert(UInt16(p))
            }
        }
        return ports.sorted()
    }

    /// Every prefix the specification names: rule literals (admin rules' too), published
    /// tags' prefixes, spaces, subnets, routes, the non-public blocks and the platform address.
    private var namedPrefixes: [OraclePrefix] {
        var prefixes = Oracle.nonPublic + [OraclePrefix("168.63.129.16")]
        for rule in allRules + adminRules {
            for case .prefix(let p) in rule.sources + rule.destinations { prefixes.append(p) }
        }
        // TAG-10: a published tag matches its prefixes.
        prefixes += serviceTags.flatMap { $0 }
        prefixes += vnets.map(\.space) + vnets.flatMap(\.subnets).map(\.prefix) + routeTables.flatMap(\.routes).map(\.prefix)
        for item in firewalls.flatMap(\.collections).flatMap(\.rules).flatMap({ $0.sources + $0.destinations })
            + firewalls.flatMap(\.dnat).flatMap(\.rules).flatMap(\.sources)
        {
            switch item {
            case .any: break
            case .prefix(let p): prefixes.append(p)
            case .range(let a, let b): prefixes += [OraclePrefix(a, 32), OraclePrefix(b, 32)]
            }
        }
        prefixes += (firewalls.compactMap(\.privateRanges).flatMap { $0 })
        // VWAN-4, VWAN-13: the hubs' ranges and static routes, which spokes learn.
        prefixes += (wan?.hubs ?? []).flatMap { hub in [hub.range] + hub.tables.flatMap(\.routes).flatMap(\.prefixes) }
        return prefixes
    }

    /// One Internet address per atom of the named prefixes: each atom starts at 0, at a
    /// prefix's first address or just after a prefix's last one; the ends are added too.
    /// Addresses inside a VNet or held by a public IP of the estate are left out.
    var internetSourceWitnesses: [UInt32] {
        var candidates: Set<UInt32> = [oracleAddress("8.8.8.8")]
        for p in namedPrefixes {
            candidates.insert(p.first)
            candidates.insert(p.last)
            if p.first > 0 { candidates.insert(p.first - 1) }
            if p.last < .max { candidates.insert(p.last + 1) }
        }
        let publicIPs = Set(nics.flatMap(\.configs).compactMap { $0.publicIP?.address } + firewalls.compactMap(\.publicIP))
        // 168.63.129.16 is the platform's address (NSG-8, NSG-32), not an Internet client.
        let platform = oracleAddress("168.63.129.16")
        return candidates.filter { a in Oracle.isPublic(a) && a != platform && !publicIPs.contains(a) && !vnets.contains { $0.space.contains(a) } }.sorted()
    }

    /// Destinations for flows: every host address, plus addresses no NIC holds (free host
    /// addresses, holes between subnets, and with `reserved` the addresses Azure keeps).
    func destinationWitnesses(reserved: Bool) -> [UInt32] {
        var addresses = Set(nics.flatMap(\.configs).map(\.address) + privateEndpoints.map(\.address))
        for vnet in vnets {
            addresses.insert(vnet.space.last - 1)
            for subnet in vnet.subnets {
                addresses.insert(subnet.prefix.first + 4)
                addresses.insert(subnet.prefix.last - 1)
                if reserved { addresses.formUnion([subnet.prefix.first, subnet.prefix.first + 1, subnet.prefix.first + 3, subnet.prefix.last]) }
            }
        }
        // An address in each hub-learned prefix outside every VNet and hub (the aggregates and
        // 10/8 of hub static routes and routing intent): it goes to the hub, and its firewall,
        // for nothing to deliver it to.
        if let wan {
            let hubPrefixes =
                wan.hubs.flatMap { $0.tables.flatMap(\.routes).flatMap(\.prefixes) } + (wan.hubs.contains { $0.intent != nil } ? Self.privateAggregates : [])
            for p in Set(hubPrefixes) where p.length > 0 {
                let address = p.last - 4
                if !vnets.contains(where: { $0.space.contains(address) }) && !inHubRange(address) { addresses.insert(address) }
            }
        }
        let reservedSet = Set(
            vnets.flatMap(\.subnets).flatMap { [$0.prefix.first, $0.prefix.first + 1, $0.prefix.first + 2, $0.prefix.first + 3, $0.prefix.last] })
        return addresses.filter { reserved || !reservedSet.contains($0) }.sorted()
    }
}

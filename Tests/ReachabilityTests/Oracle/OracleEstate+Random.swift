/// Drawing a random estate from a seed.
extension OracleEstate {
    /// Private bases the VNets are carved from: mixing the three RFC 1918 blocks exercises
    /// the reserved `None` routes (RT-1) and the VirtualNetwork tag per block.
    private static let privateBases = ["10.0.0.0", "172.16.0.0", "192.168.0.0"].map(oracleAddress)

    /// Public literals apart from one another.
    private static let separatePublicLiterals = ["203.0.0.0/24", "198.51.100.64/26", "192.0.2.7"]
    /// Public literals that nest, overlap and touch: 203.0.0.0/24 | 203.0.1.0/24 in
    /// 203.0.0.0/23, 203.0.0.128/25 | 203.0.1.0/24, 198.51.100.7 | 198.51.100.8/29 in
    /// 198.51.100.0/24, 203.0.1.255 | 203.0.2.0/24, everything in 0.0.0.0/0.
    private static let overlappingPublicLiterals = [
        "203.0.0.0/23", "203.0.0.0/24", "203.0.1.0/24", "203.0.0.128/25", "203.0.2.0/24",
        "198.51.100.0/24", "198.51.100.7", "198.51.100.8/29", "0.0.0.0/0",
    ]

    private static let portRanges: [ClosedRange<UInt16>] = [
        22...22, 80...80, 443...443, 20...25, 1000...2000, 1500...2500, 3389...3389,
        0...0, 65535...65535, 80...90, 85...100, 8080...8443,
    ]
    private static let sourcePortRanges: [ClosedRange<UInt16>] = [443...443, 1024...2000, 1500...65535, 60000...65535, 0...1023]

    /// A random estate for `seed`, using only the features `knobs` allows.
    static func random(seed: UInt64, knobs: OracleKnobs) -> OracleEstate {
        var rng = OracleRandom(seed: seed)
        var estate = OracleEstate(seed: seed)
        estate.drawNetworks(&rng, knobs)
        estate.drawInterfaces(&rng, knobs)
        // The later features draw from a stream of their own, so that switching them off
        // leaves the rest of the estate as it was.
        var extra = OracleRandom(seed: seed ^ 0x0E4D_9A11_57C3_B2F1)
        if knobs.privateEndpoints { estate.drawPrivateEndpoints(&extra) }
        if knobs.applicationSecurityGroups { estate.drawApplicationSecurityGroups(&extra) }
        if knobs.azureFirewalls { estate.drawFirewalls(&extra, knobs) }
        estate.drawSecurityGroups(&rng, knobs)
        if knobs.routeTables { estate.drawRouteTables(&rng, knobs) }
        if knobs.azureFirewalls { estate.drawFirewallRoutes(&extra, knobs) }
        var dnat = OracleRandom(seed: seed ^ 0xD4A7_0000_F00D_0001)
        if knobs.azureFirewalls && knobs.firewallDNAT { estate.drawDNAT(&dnat, knobs) }
        var admin = OracleRandom(seed: seed ^ 0xA0A0_5EC0_AD31_0003)
        if knobs.adminRules { estate.drawAdminRules(&admin) }
        if knobs.connectedGroups { estate.drawMesh(&admin) }
        var tags = OracleRandom(seed: seed ^ 0x7A65_0000_5E1C_0004)
        if knobs.serviceTags { estate.drawServiceTags(&tags, knobs) }
        var hubs = OracleRandom(seed: seed ^ 0x5A1E_0000_0BB1_0005)
        if knobs.virtualWAN { estate.drawVirtualWAN(&hubs, knobs) }
        return estate
    }

    private mutating func drawNetworks(_ rng: inout OracleRandom, _ knobs: OracleKnobs) {
        var cursors = Self.privateBases
        for v in 0..<rng.inRange(1...4) {
            let family = rng.below(cursors.count)
            let length = rng.inRange(26...28)
            let size = UInt32(1) << UInt32(32 - length)
            // Align the cursor; VNets of one block are then often adjacent.
            let start = (cursors[family] + size - 1) / size * size
            cursors[family] = start + size + (rng.chance(0.3) ? size : 0)
            let space = OraclePrefix(start, length)
            var subnets: [Subnet] = []
            var next = space.first
            for s in 0..<rng.inRange(1...3) {
                let subnetLength = rng.chance(0.5) ? 28 : 29
                let subnetSize = UInt32(1) << UInt32(32 - subnetLength)
                if rng.chance(0.2) { next += subnetSize }  // a hole
                let first = (next + subnetSize - 1) / subnetSize * subnetSize
                guard first &+ subnetSize - 1 <= space.last, first >= next else { break }
                subnets.append(Subnet(name: "s\(s)", prefix: OraclePrefix(first, subnetLength)))
                next = first + subnetSize
            }
            if subnets.isEmpty { subnets.append(Subnet(name: "s0", prefix: OraclePrefix(space.first, 29))) }
            vnets.append(VNet(name: "v\(v)", space: space, subnets: subnets, peerings: []))
        }
        guard knobs.peerings else { return }
        for a in vnets.indices {
            for b in vnets.indices where a < b && rng.chance(0.55) {
                let full = rng.chance(0.7)
                let sides = full ? [(a, b), (b, a)] : [rng.chance(0.5) ? (a, b) : (b, a)]
                for (local, remote) in sides {
                    vnets[local].peerings.append(
                        Peering(
                            remote: remote, state: full ? "Connected" : "Initiated",
                            allowVirtualNetworkAccess: rng.chance(0.75), allowForwardedTraffic: rng.chance(0.5)))
                }
            }
        }
    }

    /// Usable host addresses of a subnet: Azure keeps the first four and the last one.
    static func usableHosts(_ prefix: OraclePrefix) -> [UInt32] { Array((prefix.first + 4)...(prefix.last - 1)) }

    private mutating func drawInterfaces(_ rng: inout OracleRandom, _ knobs: OracleKnobs) {
        var taken = Set<UInt32>()
        var publicCount: UInt32 = 0
        func freeAddress(_ rng: inout OracleRandom, _ prefix: OraclePrefix) -> UInt32? {
            let free = Self.usableHosts(prefix).filter { !taken.contains($0) }
            guard !free.isEmpty else { return nil }
            let address = rng.pick(free)
            taken.insert(address)
            return address
        }
        func publicIP(_ rng: inout OracleRandom, _ name: String) -> PublicIP? {
            guard knobs.publicIPs, rng.chance(0.4) else { return nil }
            publicCount += 1
            return PublicIP(name: name, address: oracleAddress("52.1.0.0") + publicCount, standard: rng.chance(0.6))
        }
        for v in vnets.indices {
            for s in vnets[v].subnets.indices {
                let count = rng.weighted([(0, 2), (1, 5), (2, 3)])
                for _ in 0..<count {
                    let name = "nic\(nics.count)"
                    guard let address = freeAddress(&rng, vnets[v].subnets[s].prefix) else { break }
                    var configs = [IPConfig(vnet: v, subnet: s, address: address, publicIP: publicIP(&rng, "\(name)-pip0"))]
                    for _ in 0..<rng.weighted([(0, 6), (1, 3), (2, 1)]) {
                        let used = Set(configs.map(\.subnet))
                        var choices: [Int] = []
                        // Sorted: a set's order changes from process to process, and the seed must
                        // rebuild the same estate.
                        if knobs.secondaryIPsSameSubnet { choices += used.sorted() }
                        if knobs.multiIPNICs { choices += vnets[v].subnets.indices.filter { !used.contains($0) } }
                        guard !choices.isEmpty else { break }
                        let other = rng.pick(choices)
                        guard let extra = freeAddress(&rng, vnets[v].subnets[other].prefix) else { continue }
                        configs.append(IPConfig(vnet: v, subnet: other, address: extra, publicIP: publicIP(&rng, "\(name)-pip\(configs.count)")))
                    }
                    nics.append(NIC(name: name, nsg: nil, forwarding: rng.chance(0.35), configs: configs))
                }
            }
        }
    }

    /// Network policies on every subnet (often absent, PE-10), and up to three private
    /// endpoints on free addresses, in every shape and connection state.
    private mutating func drawPrivateEndpoints(_ rng: inout OracleRandom) {
        for v in vnets.indices {
            for s in vnets[v].subnets.indices { vnets[v].subnets[s].endpointPolicies = rng.chance(0.2) ? nil : rng.pick(EndpointPolicies.allCases) }
        }
        var taken = Set(nics.flatMap(\.configs).map(\.address))
        let shapes: [EndpointShape] = [
            .nic, .ipConfigurations, .customDnsConfigs, [.nic, .ipConfigurations], [.ipConfigurations, .customDnsConfigs],
            [.nic, .ipConfigurations, .customDnsConfigs],
        ]
        let subnets = vnets.indices.flatMap { v in vnets[v].subnets.indices.map { (v, $0) } }
        for _ in 0..<rng.weighted([(0, 1), (1, 3), (2, 3), (3, 2)]) {
            let (v, s) = rng.pick(subnets)
            let free = Self.usableHosts(vnets[v].subnets[s].prefix).filter { !taken.contains($0) }
            guard !free.isEmpty else { continue }
            let address = rng.pick(free)
            taken.insert(address)
            let shape = rng.pick(shapes)
            privateEndpoints.append(
                PrivateEndpoint(
                    name: "pe\(privateEndpoints.count)", vnet: v, subnet: s, address: address,
                    state: rng.weighted([(ConnectionState.approved, 4), (.pending, 1), (.rejected, 1), (.disconnected, 1)]), manual: rng.chance(0.4),
                    shape: shape, listsNIC: shape.contains(.nic) && rng.chance(0.5), asgs: []))
        }
    }

    /// Up to three application security groups, each with members (IP configurations and
    /// private endpoints) in one VNet only (NSG-26).
    private mutating func drawApplicationSecurityGroups(_ rng: inout OracleRandom) {
        for a in 0..<rng.inRange(0...3) {
            let home = rng.below(vnets.count)
            asgs.append(ApplicationSecurityGroup(name: "asg\(a)", vnet: home))
            for n in nics.indices {
                for c in nics[n].configs.indices where nics[n].configs[c].vnet == home && rng.chance(0.45) { nics[n].configs[c].asgs.append(a) }
            }
            for p in privateEndpoints.indices where privateEndpoints[p].vnet == home && rng.chance(0.45) { privateEndpoints[p].asgs.append(a) }
        }
    }

    /// A firewall's network rule collections (FW-1, FW-4, FW-5, FW-10), classic or in a
    /// policy's groups (always a policy with `policyOnly`, as a hub firewall needs), over
    /// private literals (`pool`) and ranges between `hosts`; they nest, overlap and shadow one
    /// another.
    static func drawFirewallRules(
        _ rng: inout OracleRandom, _ knobs: OracleKnobs, pool: [OraclePrefix], hosts: [UInt32], policyOnly: Bool
    ) -> (viaPolicy: Bool, groupPriorities: [Int], collections: [FirewallCollection]) {
        func addresses(_ rng: inout OracleRandom) -> [FirewallAddress] {
            switch rng.weighted([(0, 3), (1, 6), (2, knobs.firewallAddressRanges ? 1 : 0)]) {
            case 0: return [.any]
            case 2 where hosts.count >= 2:
                let a = rng.pick(hosts), b = rng.pick(hosts)
                return [.range(min(a, b), max(a, b))]
            default: return (0..<rng.inRange(1...2)).map { _ in .prefix(rng.pick(pool)) }
            }
        }
        let viaPolicy = rng.chance(0.5) || policyOnly
        let groupPriorities = viaPolicy ? (rng.chance(0.5) ? [300] : [300, 200]) : [0]
        var collections: [FirewallCollection] = []
        for c in 0..<rng.inRange(1...4) {
            let priority = 100 + 50 * c + (rng.chance(0.5) ? 0 : 300)
            let group = rng.below(groupPriorities.count)
            let allow = rng.chance(0.6)
            if !collections.isEmpty && rng.chance(0.3) {
                // Shadowing: an earlier collection's rule again with the other action.
                var twin = rng.pick(rng.pick(collections).rules)
                twin.name = "c\(c)r0"
                collections.append(FirewallCollection(name: "c\(c)", priority: priority, group: group, allow: !allow, rules: [twin]))
                continue
            }
            let rules = (0..<rng.inRange(1...3)).map { r -> FirewallRule in
                let protocols = rng.weighted([(["TCP"], 4), (["UDP"], 2), (["ICMP"], 1), (["Any"], 3), (["TCP", "UDP"], 2), (["TCP", "ICMP"], 1)])
                // Ports only without ICMP (what ports mean to ICMP is not said).
                let ports: [ClosedRange<UInt16>] =
                    protocols.contains("ICMP")
                    ? [] : rng.weighted([([], 3), ([rng.pick(Self.portRanges)], 4), ([rng.pick(Self.portRanges), rng.pick(Self.portRanges)], 2)])
                return FirewallRule(name: "c\(c)r\(r)", protocols: protocols, sources: addresses(&rng), destinations: addresses(&rng), ports: ports)
            }
            collections.append(FirewallCollection(name: "c\(c)", priority: priority, group: group, allow: allow, rules: rules))
        }
        return (viaPolicy, groupPriorities, collections)
    }

    /// Up to two Azure Firewalls, each in a free /29 of its VNet named `AzureFirewallSubnet`
    /// (no NSG, no route table, nothing else placed there), with network rule collections
    /// that nest, overlap and shadow one another, classic or in a policy's groups.
    private mutating func drawFirewalls(_ rng: inout OracleRandom, _ knobs: OracleKnobs) {
        let pool = literalPool(knobs).private
        let hosts = (nics.flatMap(\.configs).map(\.address) + privateEndpoints.map(\.address)).sorted()
        for f in 0..<rng.weighted([(0, 2), (1, 5), (2, 2)]) {
            var spots: [(Int, OraclePrefix)] = []
            for v in vnets.indices where !firewalls.contains(where: { $0.vnet == v }) {
                var first = vnets[v].space.first
                while first &+ 7 <= vnets[v].space.last && first >= vnets[v].space.first {
                    let p = OraclePrefix(first, 29)
                    if !vnets[v].subnets.contains(where: { $0.prefix.first <= p.last && p.first <= $0.prefix.last }) { spots.append((v, p)) }
                    first &+= 8
                }
            }
            guard !spots.isEmpty else { return }
            let (v, prefix) = rng.pick(spots)
            vnets[v].subnets.append(Subnet(name: "AzureFirewallSubnet", prefix: prefix))
            let (viaPolicy, groupPriorities, collections) = Self.drawFirewallRules(&rng, knobs, pool: pool, hosts: hosts, policyOnly: false)
            // FW-16: the default (IANA), always SNAT, never SNAT, or a narrower private list.
            let snat: [([String]?, Int)] = [
                (nil, 4), (["255.255.255.255/32"], 1), (["0.0.0.0/0"], 1), (["10.0.0.0/8"], 1), ([vnets[v].space.description], 1),
            ]
            let privateRanges = rng.weighted(snat).map { $0.map(OraclePrefix.init) }
            firewalls.append(
                Firewall(
                    name: "fw\(f)", vnet: v, subnet: vnets[v].subnets.count - 1, address: prefix.first + 4, viaPolicy: viaPolicy,
                    groupPriorities: groupPriorities, collections: collections, privateRanges: privateRanges))
        }
    }

    /// Hub-and-spoke routing through each firewall (RT-19, RT-20): a table sending
    /// `0.0.0.0/0` and some VNet ranges (a peering's range ties with it, RT-13) to the
    /// firewall, on subnets of its VNet and its live peers, so that requests and often their
    /// replies pass it (RT-18).
    private mutating func drawFirewallRoutes(_ rng: inout OracleRandom, _ knobs: OracleKnobs) {
        for fw in firewalls {
            let near = vnets.indices.filter { $0 == fw.vnet || Oracle.live(self, fw.vnet, $0) }
            var prefixes = rng.chance(0.6) ? [OraclePrefix("0.0.0.0/0")] : []
            // The firewall's own range is the route packets to the firewall take too.
            prefixes += near.map { vnets[$0].space }.filter { rng.chance(0.6) && (knobs.firewallOnItsOwnRoute || $0 != vnets[fw.vnet].space) }
            guard !prefixes.isEmpty else { continue }
            let t = routeTables.count
            routeTables.append(
                RouteTable(
                    name: "rt\(t)",
                    routes: prefixes.enumerated().map { Route(name: "fw\($0.offset)", prefix: $0.element, nextHop: .appliance(fw.address)) }))
            for v in near {
                for s in vnets[v].subnets.indices where vnets[v].subnets[s].name != "AzureFirewallSubnet" {
                    if rng.chance(vnets[v].subnets[s].routeTable == nil ? 0.7 : 0.3) { vnets[v].subnets[s].routeTable = t }
                }
            }
        }
    }

    /// A public IP on most firewalls, with one or two DNAT collections to hosts and private
    /// endpoints anywhere (reachable from the firewall or not); a later collection often
    /// takes an earlier one's port for another host, and the group order may reverse the
    /// collection order (FW-5).
    private mutating func drawDNAT(_ rng: inout OracleRandom, _ knobs: OracleKnobs) {
        let publics = literalPool(knobs).public
        let targets = nics.flatMap(\.configs).map(\.address) + privateEndpoints.map(\.address)
        let ports: [UInt16] = [22, 80, 443, 3389, 8080]
        guard !targets.isEmpty else { return }
        for f in firewalls.indices where rng.chance(0.75) {
            firewalls[f].publicIP = oracleAddress("52.2.0.0") + UInt32(f + 1)
            var used: [(UInt16, [String])] = []
            for c in 0..<rng.inRange(1...2) {
                var rules: [DnatRule] = []
                for port in ports where rng.chance(0.4) {
                    let reuse = used.first { $0.0 == port }
                    if reuse != nil && !knobs.dnatShadowing { continue }
                    let protocols = reuse?.1 ?? rng.pick([["TCP"], ["UDP"], ["TCP", "UDP"]])
                    let sources: [FirewallAddress] = rng.chance(0.5) ? [.any] : [.prefix(rng.pick(publics))]
                    rules.append(
                        DnatRule(
                            name: "n\(c)r\(rules.count)", protocols: protocols, sources: sources, port: port, translated: rng.pick(targets),
                            translatedPort: rng.chance(0.6) ? port : rng.pick(ports)))
                    used.append((port, protocols))
                }
                guard !rules.isEmpty else { continue }
                firewalls[f].dnat.append(
                    DnatCollection(name: "n\(c)", priority: 100 + 100 * c + rng.below(50), group: rng.below(firewalls[f].groupPriorities.count), rules: rules))
            }
        }
    }

    /// Literal prefixes the rules draw from: public ones, and private ones that nest,
    /// overlap and touch the estate's own spaces, subnets and hosts.
    func literalPool(_ knobs: OracleKnobs) -> (public: [OraclePrefix], private: [OraclePrefix]) {
        let publics = (knobs.overlappingPublicPrefixes ? Self.overlappingPublicLiterals : Self.separatePublicLiterals).map(OraclePrefix.init)
        var privates = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(OraclePrefix.init)
        for vnet in vnets {
            privates.append(vnet.space)
            privates.append(OraclePrefix(vnet.space.first, vnet.space.length - 1))  // a supernet, often holding a neighbour
            for subnet in vnet.subnets {
                privates.append(subnet.prefix)
                privates.append(OraclePrefix(subnet.prefix.first, subnet.prefix.length + 1))
                privates.append(OraclePrefix(subnet.prefix.first + (subnet.prefix.last - subnet.prefix.first + 1) / 2, subnet.prefix.length + 1))
            }
        }
        privates += nics.flatMap(\.configs).map { OraclePrefix($0.address, 32) } + privateEndpoints.map { OraclePrefix($0.address, 32) }
        return (publics, privates)
    }

    /// Up to three published tags over the rules' public literals (one of them, AzureCloud,
    /// holding several), then single-address rule sides turned into one of them.
    private mutating func drawServiceTags(_ rng: inout OracleRandom, _ knobs: OracleKnobs) {
        guard rng.chance(0.5) else { return }
        let publics = literalPool(knobs).public
        serviceTags = (0..<Self.tagNames.count).map { _ in (0..<rng.inRange(1...3)).map { _ in rng.pick(publics) } }
        // Without `adminLiteralsAlone`, an NSG rule keeps a literal an admin rule names.
        let adminLiterals = Set(adminRules.flatMap { $0.sources + $0.destinations })
        func retag(_ rule: inout Rule, keeping kept: Set<Address> = []) {
            for source in [true, false] where rng.chance(0.25) {
                let side = source ? rule.sources : rule.destinations
                guard side.count == 1 else { continue }
                let tagged: [Address] = [.tag(rng.below(serviceTags.count))]
                if kept.contains(side[0]) { continue }
                if source { rule.sources = tagged } else { rule.destinations = tagged }
            }
        }
        for g in nsgs.indices {
            for r in nsgs[g].rules.indices { retag(&nsgs[g].rules[r], keeping: knobs.adminLiteralsAlone ? [] : adminLiterals) }
        }
        for r in adminRules.indices { retag(&adminRules[r]) }
    }

    /// A mesh of two or more VNets none of which peers another (a peering and a connected
    /// group between the same VNets leave the routes to the export, AVNM-16).
    private mutating func drawMesh(_ rng: inout OracleRandom) {
        guard vnets.count >= 2, rng.chance(0.5) else { return }
        var members: [Int] = []
        for v in vnets.indices where rng.chance(0.7) {
            let peered = members.contains { m in vnets[v].peerings.contains { $0.remote == m } || vnets[m].peerings.contains { $0.remote == v } }
            if !peered { members.append(v) }
        }
        if members.count >= 2 { meshMembers = members }
    }

    /// Security admin rules on about half the VNets: drawn like NSG rules (no ASGs, which
    /// admin rules cannot name), then given Allow, Deny or AlwaysAllow.
    private mutating func drawAdminRules(_ rng: inout OracleRandom) {
        guard rng.chance(0.6) else { return }
        adminMembers = vnets.indices.filter { _ in rng.chance(0.6) }
        let pool = nsgs.flatMap(\.rules).filter { rule in
            !(rule.sources + rule.destinations).contains { if case .asg = $0 { true } else { false } } && rule.sourcePorts.isEmpty
        }
        guard !pool.isEmpty else { return }
        var priorities = Set<Int>()
        for n in 0..<rng.inRange(1...5) {
            var rule = rng.pick(pool)
            var priority = 1 + rng.below(4096)
            while priorities.contains(priority) { priority = priority % 4096 + 1 }
            priorities.insert(priority)
            rule.name = "admin\(n)"
            rule.priority = priority
            rule.pluralFields = false
            switch rng.below(3) {
            case 0: (rule.allow, rule.alwaysAllow) = (true, false)
            case 1: (rule.allow, rule.alwaysAllow) = (false, false)
            default: (rule.allow, rule.alwaysAllow) = (true, true)
            }
            adminRules.append(rule)
        }
    }

    private mutating func drawSecurityGroups(_ rng: inout OracleRandom, _ knobs: OracleKnobs) {
        let pool = literalPool(knobs)
        let asgCount = asgs.count
        func address(_ rng: inout OracleRandom, source: Bool) -> [Address] {
            let literal: (inout OracleRandom) -> OraclePrefix = { rng in
                // Sources lean public (Internet hops), destinations private (NSG-6).
                rng.chance(source ? 0.5 : 0.2) ? rng.pick(pool.public) : rng.pick(pool.private)
            }
            let kind = rng.weighted([(0, 3), (1, 3), (2, 3), (3, 8), (4, knobs.prefixLists ? 3 : 0), (5, asgCount > 0 ? 5 : 0)])
            switch kind {
            case 5:
                // One ASG, or two (NSG-21: the service takes up to ten).
                let first = rng.below(asgCount), second = rng.below(asgCount)
                return first == second || rng.chance(0.6) ? [.asg(first)] : [.asg(first), .asg(second)]
            case 0: return [.any]
            case 1: return [.virtualNetwork]
            case 2: return [.internet]
            case 3: return [.prefix(literal(&rng))]
            default:
                var items: [Address] = []
                for _ in 0..<rng.inRange(2...3) {
                    let item = Address.prefix(literal(&rng))
                    if !items.contains(item) { items.append(item) }
                }
                return items
            }
        }
        func ports(_ rng: inout OracleRandom) -> [ClosedRange<UInt16>] {
            switch rng.weighted([(0, 3), (1, 5), (2, 2)]) {
            case 0: return []
            case 1: return [rng.pick(Self.portRanges)]
            default: return (0..<rng.inRange(2...3)).map { _ in rng.pick(Self.portRanges) }
            }
        }
        for g in 0..<rng.inRange(0...4) {
            var rules: [Rule] = []
            for inbound in [true, false] {
                var priorities = Set<Int>()
                for _ in 0..<rng.inRange(0...(inbound ? 6 : 4)) {
                    var priority = 100 + 10 * rng.below(30)
                    while priorities.contains(priority) { priority += 10 }
                    priorities.insert(priority)
                    let sameDirection = rules.filter { $0.inbound == inbound }
                    if !sameDirection.isEmpty && rng.chance(0.3) {
                        // Shadowing: an earlier rule again with the other access, maybe on one
                        // of its ports only (NSG-11: priority, not specificity, decides).
                        var twin = rng.pick(sameDirection)
                        twin.name = "r\(rules.count)"
                        twin.priority = priority
                        twin.allow.toggle()
                        if let first = twin.destinationPorts.first, rng.chance(0.5) { twin.destinationPorts = [first] }
                        rules.append(twin)
                        continue
                    }
                    let sourcePorts = knobs.sourcePorts && rng.chance(0.15) ? [rng.pick(Self.sourcePortRanges)] : []
                    rules.append(
                        Rule(
                            name: "r\(rules.count)", priority: priority, inbound: inbound, allow: rng.chance(0.6),
                            proto: rng.weighted([(.tcp, 8), (.udp, 4), (.icmp, 2), (.esp, 1), (.ah, 1), (.any, 6)]),
                            sources: address(&rng, source: true), sourcePorts: sourcePorts,
                            destinations: address(&rng, source: false), destinationPorts: ports(&rng), pluralFields: rng.chance(0.3)))
                }
            }
            nsgs.append(SecurityGroup(name: "nsg\(g)", rules: rules, explicitDefaults: knobs.explicitDefaults && rng.chance(0.4)))
        }
        guard !nsgs.isEmpty else { return }
        for v in vnets.indices {
            for s in vnets[v].subnets.indices where rng.chance(0.6) && vnets[v].subnets[s].name != "AzureFirewallSubnet" {
                vnets[v].subnets[s].nsg = rng.below(nsgs.count)
            }
        }
        for n in nics.indices where rng.chance(0.5) { nics[n].nsg = rng.below(nsgs.count) }
        // Across a firewall the engine combines services per leg, which approximates rules on
        // client source ports (docs/azure-model.md, Limitations): none where a firewall is.
        if !firewalls.isEmpty { for g in nsgs.indices { for r in nsgs[g].rules.indices { nsgs[g].rules[r].sourcePorts = [] } } }
        guard !knobs.sourcePortsAtEndpoints else { return }
        // The NSGs that guard a private endpoint (PE-6) get no source ports.
        for pe in privateEndpoints {
            let subnet = vnets[pe.vnet].subnets[pe.subnet]
            guard (subnet.endpointPolicies ?? .disabled).securityGroups, let g = subnet.nsg else { continue }
            for r in nsgs[g].rules.indices { nsgs[g].rules[r].sourcePorts = [] }
        }
    }

    private mutating func drawRouteTables(_ rng: inout OracleRandom, _ knobs: OracleKnobs) {
        let addresses = nics.flatMap(\.configs).map(\.address)
        for t in 0..<rng.inRange(0...2) {
            // Each table serves subnets of one VNet, so `VnetLocal` routes can name that VNet.
            let home = rng.below(vnets.count)
            var prefixes = [OraclePrefix("0.0.0.0/0"), OraclePrefix("10.0.0.0/8")] + (knobs.publicRoutePrefixes ? [OraclePrefix("203.0.0.0/24")] : [])
            prefixes += vnets.map(\.space) + vnets.flatMap(\.subnets).map(\.prefix) + (knobs.hostRoutes ? addresses.map { OraclePrefix($0, 32) } : [])
            // A user /32 for an endpoint's address ties with its /32 (PE-7).
            prefixes += knobs.hostRoutes ? privateEndpoints.map { OraclePrefix($0.address, 32) } : []
            var routes: [Route] = []
            for _ in 0..<rng.inRange(1...4) {
                let prefix = rng.pick(prefixes)
                guard !routes.contains(where: { $0.prefix == prefix }) else { continue }
                var hop = rng.weighted([(NextHop.none, 2), (.internet, 2), (.vnetLocal, 2), (.appliance(0), knobs.appliances ? 5 : 0)])
                if hop == .vnetLocal && !vnets[home].space.contains(prefix) { hop = .none }
                if hop == .appliance(0) {
                    // Mostly a forwarding NIC the table's VNet can reach (its own or a peer), else
                    // any NIC (forwarding or not, reachable or not) or an address nothing holds.
                    let unheld = vnets[rng.below(vnets.count)].space.first + 3
                    let estate = self
                    // Without `applianceOnItsOwnRoute`, the route must not be the one packets to
                    // the appliance itself take: it does not hold the address, or the VNet or
                    // live-peering route of the appliance's VNet is more specific (RT-12).
                    let allowed = { (a: UInt32) -> Bool in
                        if knobs.applianceOnItsOwnRoute || !prefix.contains(a) { return true }
                        guard let v = estate.vnets.firstIndex(where: { $0.space.contains(a) }),
                            v == home || Oracle.live(estate, home, v)
                        else { return false }
                        return prefix.length < estate.vnets[v].space.length
                    }
                    let near = Set([home] + vnets.indices.filter { Oracle.live(estate, home, $0) })
                    let forwarders =
                        nics.filter(\.forwarding).flatMap(\.configs).filter { near.contains($0.vnet) && allowed($0.address) }.map(\.address)
                        + firewalls.filter { near.contains($0.vnet) && allowed($0.address) }.map(\.address)
                    let holders = addresses.filter(allowed)
                    hop = .appliance(
                        !forwarders.isEmpty && rng.chance(0.6)
                            ? rng.pick(forwarders)
                            : holders.isEmpty || rng.chance(0.15) ? unheld : rng.pick(holders))
                }
                routes.append(Route(name: "u\(routes.count)", prefix: prefix, nextHop: hop))
            }
            routeTables.append(RouteTable(name: "rt\(t)", routes: routes))
            // An appliance's own subnet takes the table less often: there it often loops (RT-17).
            let applianceSubnets = Set(
                routes.compactMap { r -> Int? in
                    guard case .appliance(let ip) = r.nextHop else { return nil }
                    return nics.flatMap(\.configs).first { $0.address == ip && $0.vnet == home }?.subnet
                })
            for s in vnets[home].subnets.indices
            where rng.chance(applianceSubnets.contains(s) ? 0.25 : 0.6) && vnets[home].subnets[s].name != "AzureFirewallSubnet" {
                vnets[home].subnets[s].routeTable = t
            }
        }
    }
}

import Dispatch
import ParallelSupport
import TopologyModel

/// Facts derived once per topology and shared by every query: tag contexts per subnet,
/// effective routes per subnet, live peerings, and the address atoms that tell which
/// hosts policy treats alike.
public struct EstateIndex: Sendable {
    public let topology: Topology
    public let options: AnalysisOptions
    /// Peerings that carry traffic: both sides exist and are Connected (PEER-1), keyed by
    /// the local side's ID, with the reverse side.
    public let livePeerings: [ResourceID: ResourceID]
    let contexts: [ResourceID: AddressContext]
    let routeTables: [ResourceID: RouteTableView]
    /// Sorted boundaries of every literal prefix in every NSG rule, firewall rule and
    /// user-defined route: two addresses between the same boundaries match the same literal
    /// rule sides and take the same routes.
    /// Load-balancer rules each IP configuration is a backend of, so that policy groups
    /// split members from non-members.
    let loadBalancerMemberships: [ResourceID: [ResourceID]]
    /// Each load balancer's load-balancing and inbound NAT rules, with its inbound NAT pools
    /// expanded into one NAT rule per member (``natPoolRules(_:topology:)``).
    let loadBalancerRules: [ResourceID: [LoadBalancer.Rule]]
    /// On-premises prefixes reachable through each VNet's own gateway (local network
    /// gateways of its connections), with the gateway.
    public let onPremisesByNetwork: [ResourceID: (gateway: ResourceID, prefixes: [IPPrefix])]
    /// Every on-premises prefix the input names.
    public let onPremises: AddressSet
    /// Firewalls by private address (next hops of user-defined routes).
    let firewallsByAddress: [IPAddress: ResourceID]
    /// Names the input resolves, by address: private endpoints' DNS configs (PE-9).
    let dnsNames: [IPAddress: [String]]
    let literalBoundaries4: [UInt32]
    let literalBoundaries6: [UInt128]
    /// The NSGs of subnets that hold private endpoints, as they filter traffic to those
    /// endpoints: source ports treated as `*` (PE-6).
    let privateEndpointSecurityGroups: [ResourceID: NetworkSecurityGroup]
    /// Where Internet clients are: public space outside every VNet's address space and the
    /// platform address 168.63.129.16 (NSG-31, NSG-32); a packet from the Internet cannot
    /// carry an estate's own address.
    let internetSpace: AddressSet
    /// Subnets that hold an Application Gateway, where security admin rules do not apply
    /// (AVNM-6).
    let applicationGatewaySubnets: Set<ResourceID>
    /// What Virtual WAN hubs program and where their routers send traffic (VWAN-7 to VWAN-25).
    let hubRouting: HubRouting

    /// What a subnet's routes and tag context depend on: its VNet and its route table.
    struct RouteKey: Hashable {
        let network: ResourceID
        let table: ResourceID?
    }

    /// A peering's two ends, to find the peering back.
    struct NetworkPair: Hashable {
        let local: ResourceID
        let remote: ResourceID
    }

    /// - Complexity: O(S·P + R log R) for S subnets, P peerings per VNet and R rules.
    public init(topology: Topology, options: AnalysisOptions = AnalysisOptions()) {
        self.topology = topology
        self.options = options

        // A peering is live when the remote network holds a connected peering back (PEER-1).
        // The first such peering in ID order, found through one map of (local, remote) pairs
        // rather than by scanning the remote's peerings for each peering: a hub with a
        // thousand spokes made that a million comparisons.
        var back: [NetworkPair: ResourceID] = [:]
        for (network, ids) in topology.peeringsByNetwork {
            for id in ids {
                guard let peering = topology.peerings[id], peering.isConnected, let remote = peering.remoteNetwork else { continue }
                let pair = NetworkPair(local: network, remote: remote)
                if back[pair] == nil { back[pair] = id }
            }
        }
        var live: [ResourceID: ResourceID] = [:]
        for peering in topology.peerings.values where peering.isConnected {
            guard let remote = peering.remoteNetwork, topology.networks[remote] != nil else { continue }
            if let reverse = back[NetworkPair(local: remote, remote: peering.localNetwork)] { live[peering.id] = reverse }
        }
        livePeerings = live

        var onPrem: [ResourceID: (gateway: ResourceID, prefixes: [IPPrefix])] = [:]
        for connection in topology.connections.values.sorted(by: { $0.id < $1.id }) where connection.status?.carriesTraffic ?? true {
            guard let gateway = connection.gateway.flatMap({ topology.gateways[$0] }), let network = gateway.network,
                let local = connection.localGateway.flatMap({ topology.localGateways[$0] })
            else { continue }
            onPrem[network, default: (gateway.id, [])].prefixes += local.prefixes
        }
        onPremisesByNetwork = onPrem
        onPremises = AddressSet(prefixes: onPrem.values.flatMap(\.prefixes))

        let hubs = HubRouting(topology.virtualWAN, networks: topology.networks, firewalls: topology.firewalls)
        hubRouting = hubs
        // Each subnet's tag context and effective routes depend on its VNet and route table
        // alone: computed once per such pair, on every core, and shared (the arrays are
        // copy-on-write) by the subnets that have it. A spoke of a large Virtual WAN learns a
        // route per connected VNet, so one copy per subnet was most of the memory.
        let subnets = topology.subnets.values.sorted { $0.id < $1.id }
        var keyOf: [RouteKey: Int] = [:]
        var representatives: [Subnet] = []
        var group: [Int] = []
        group.reserveCapacity(subnets.count)
        for subnet in subnets {
            let key = RouteKey(network: subnet.network, table: subnet.routeTable)
            if let known = keyOf[key] {
                group.append(known)
            } else {
                keyOf[key] = representatives.count
                group.append(representatives.count)
                representatives.append(subnet)
            }
        }
        let perKey = Slots<(AddressContext, RouteTableView)>(count: representatives.count)
        let sharedLive = live, sharedOnPrem = onPrem, firstSubnets = representatives
        DispatchQueue.concurrentPerform(iterations: firstSubnets.count) { i in
            perKey.store(
                (
                    Self.context(for: firstSubnets[i], topology: topology, live: sharedLive, options: options, onPremises: sharedOnPrem, hubs: hubs),
                    Self.routes(for: firstSubnets[i], topology: topology, live: sharedLive, onPremises: sharedOnPrem, hubs: hubs)
                ), at: i)
        }
        var contexts: [ResourceID: AddressContext] = [:], tables: [ResourceID: RouteTableView] = [:]
        contexts.reserveCapacity(subnets.count)
        tables.reserveCapacity(subnets.count)
        for (i, subnet) in subnets.enumerated() {
            guard let (context, table) = perKey.value(at: group[i]) else { continue }
            contexts[subnet.id] = context
            tables[subnet.id] = table
        }
        self.contexts = contexts
        self.routeTables = tables

        var endpointGroups: [ResourceID: NetworkSecurityGroup] = [:]
        for nic in topology.interfaces.values where nic.privateEndpoint != nil {
            for configuration in nic.ipConfigurations {
                guard let nsg = configuration.subnet.flatMap({ topology.subnets[$0]?.securityGroup }), endpointGroups[nsg] == nil,
                    let group = topology.securityGroups[nsg]
                else { continue }
                endpointGroups[nsg] = group.anySourcePort
            }
        }
        privateEndpointSecurityGroups = endpointGroups

        var lbRules: [ResourceID: [LoadBalancer.Rule]] = [:]
        for lb in topology.loadBalancers.values { lbRules[lb.id] = lb.rules + Self.natPoolRules(lb, topology: topology) }
        loadBalancerRules = lbRules
        var memberships: [ResourceID: [ResourceID]] = [:]
        for lb in topology.loadBalancers.values {
            for rule in lbRules[lb.id] ?? [] {
                let members = rule.isNAT ? [rule.target].compactMap { $0 } : (lb.pools.first { $0.id == rule.pool }?.members ?? [])
                for member in members { memberships[member, default: []].append(rule.id) }
            }
            // Outbound rules give their pool's members a way out the others lack (PUB-6).
            for rule in lb.outboundRules {
                for member in lb.pools.first(where: { $0.id == rule.pool })?.members ?? [] { memberships[member, default: []].append(rule.id) }
            }
        }
        for gateway in topology.applicationGateways.values {
            for route in gateway.routes {
                for backend in route.backends {
                    let key = ResourceID(gateway.id.text + "/rules/" + route.rule)
                    if let config = backend.configuration { memberships[config, default: []].append(key) }
                    if let address = backend.address, let endpoint = topology.endpointsByAddress[address] {
                        memberships[endpoint.configuration.id, default: []].append(key)
                    }
                }
            }
        }
        loadBalancerMemberships = memberships.mapValues { Array(Set($0)).sorted() }
        var firewalls: [IPAddress: ResourceID] = [:]
        for fw in topology.firewalls.values.sorted(by: { $0.id < $1.id }) {
            for ip in fw.privateAddresses where firewalls[ip] == nil { firewalls[ip] = fw.id }
            if fw.privateAddresses.isEmpty, let ip = Self.hubFirewallAddress(fw.id, topology: topology), firewalls[ip] == nil { firewalls[ip] = fw.id }
        }
        firewallsByAddress = firewalls
        var names: [IPAddress: Set<String>] = [:]
        for pe in topology.privateEndpoints.values {
            for entry in pe.dnsRecords { for ip in entry.addresses { names[ip, default: []].insert(entry.fqdn.lowercased()) } }
        }
        dnsNames = names.mapValues { $0.sorted() }

        // Gathered with repeats and sorted once: hundreds of thousands of rules repeat a few
        // thousand prefixes, and a set's hashing cost more than the sort.
        var b4: [UInt32] = [], b6: [UInt128] = []
        func cut(_ side: AddressSet) {
            for r in side.v4.intervals { b4.append(r.lowerBound); if r.upperBound < .max { b4.append(r.upperBound + 1) } }
            for r in side.v6.intervals { b6.append(r.lowerBound); if r.upperBound < .max { b6.append(r.upperBound + 1) } }
        }
        // Rules read in place (by index), not copied out one by one: a rule copy is a dozen
        // reference counts, and there are hundreds of thousands.
        for nsg in topology.securityGroups.values {
            for rules in [nsg.rules(.inbound), nsg.rules(.outbound)] {
                for i in rules.indices {
                    cut(rules[i].source.prefixes)
                    cut(rules[i].destination.prefixes)
                }
            }
        }
        // Security admin rules single out hosts as NSG rules do (AVNM-4).
        for group in topology.securityAdminRules.values {
            for rules in [group.rules(.inbound), group.rules(.outbound)] {
                for i in rules.indices {
                    cut(rules[i].source.prefixes)
                    cut(rules[i].destination.prefixes)
                }
            }
        }
        // User-defined routes send hosts of one subnet different ways (a /32 to an
        // appliance): their prefixes cut the atoms too, so such hosts are not one node.
        for table in topology.routeTables.values {
            for route in table.routes {
                if let prefix = route.destination { cut(prefix.addressSet) }
                // RT-7: a packet to the appliance's own address is delivered to it, not
                // forwarded: that address routes unlike the rest of its NIC.
                if route.nextHop == .virtualAppliance, let address = route.nextHopAddress {
                    cut(IPPrefix(address: address, length: address.isV4 ? 32 : 128).addressSet)
                }
            }
        }
        // Hub route tables and connection static routes send parts of a VNet different ways.
        for routes in hubs.tables.values { for route in routes { cut(route.prefix.addressSet) } }
        for connection in topology.virtualWAN.connections.values {
            for route in connection.staticRoutes { for prefix in route.prefixes { cut(prefix.addressSet) } }
        }
        for fw in topology.firewalls.values {
            for collection in fw.ruleCollections {
                for rule in collection.rules {
                    var sides = [rule.sources.addresses, rule.destinations.addresses]
                    if let t = rule.translatedAddress { sides.append(IPPrefix(address: t, length: t.isV4 ? 32 : 128).addressSet) }
                    for side in sides { cut(side) }
                }
            }
        }
        b4.sortAndRemoveDuplicates()
        b6.sortAndRemoveDuplicates()
        literalBoundaries4 = b4
        literalBoundaries6 = b6
        var estateSpace = IPPrefix(address: AddressContext.platformAddress, length: 32).addressSet
        for network in topology.networks.values { estateSpace = estateSpace.union(network.addresses) }
        internetSpace = AddressSet.publicSpace.subtracting(estateSpace)
        applicationGatewaySubnets = Set(topology.applicationGateways.values.compactMap(\.subnet))
    }

    /// An inbound NAT pool as the per-instance NAT rules Azure derives from it: the members
    /// in address order take the frontend ports from the start of the range, one each, all
    /// translated to the pool's backend port (PUB-2). Which instance holds which port is not
    /// in exports; members beyond the range get no port.
    ///
    /// - Complexity: O(P · M log M) for P pools of M members.
    static func natPoolRules(_ lb: LoadBalancer, topology: Topology) -> [LoadBalancer.Rule] {
        var rules: [LoadBalancer.Rule] = []
        for pool in lb.natPools {
            let addresses = Dictionary(
                pool.members.compactMap { id in
                    topology.interfaces[id.parent ?? id]?.ipConfigurations.first { $0.id == id }?.privateAddress.map { (id, $0) }
                }, uniquingKeysWith: { a, _ in a })
            let ordered = pool.members.sorted { a, b in
                switch (addresses[a], addresses[b]) {
                case let (x?, y?): return x < y
                case (.some, nil): return true
                case (nil, .some): return false
                case (nil, nil): return a < b
                }
            }
            for (offset, member) in ordered.enumerated() {
                let port = Int(pool.frontendPorts.lowerBound) + offset
                guard port <= Int(pool.frontendPorts.upperBound) else { break }
                rules.append(
                    LoadBalancer.Rule(
                        id: ResourceID(pool.id.text + "/instances/\(offset)"), name: "\(pool.name).\(offset)", frontend: pool.frontend,
                        pool: nil, target: member, protocols: pool.protocols, frontendPort: UInt16(port),
                        backendPort: pool.backendPort, floatingIP: pool.floatingIP, isNAT: true, natPool: pool.id))
            }
        }
        return rules
    }

    /// A load balancer's rules with its NAT pools expanded.
    func rules(of lb: LoadBalancer) -> [LoadBalancer.Rule] { loadBalancerRules[lb.id] ?? lb.rules }

    /// The remote address space a peering brings: `remoteAddressSpace`, else the remote
    /// VNet's own space (PEER-3).
    public func remoteSpace(of peering: VirtualNetworkPeering) -> [IPPrefix] {
        Self.remoteSpace(of: peering, topology: topology)
    }

    static func remoteSpace(of peering: VirtualNetworkPeering, topology: Topology) -> [IPPrefix] {
        // A connected group's link names its routes exactly, none when all is shared (AVNM-14).
        if !peering.remoteAddressSpace.isEmpty || peering.connectivityConfiguration != nil { return peering.remoteAddressSpace }
        return peering.remoteNetwork.flatMap { topology.networks[$0]?.addressSpace } ?? []
    }

    static func context(
        for subnet: Subnet, topology: Topology, live: [ResourceID: ResourceID], options: AnalysisOptions,
        onPremises: [ResourceID: (gateway: ResourceID, prefixes: [IPPrefix])] = [:], hubs: HubRouting? = nil
    ) -> AddressContext {
        var prefixes = topology.networks[subnet.network]?.addressSpace ?? []
        // VWAN-28 (unconfirmed): every prefix the hub programs, a default route included.
        if let hubs, let network = topology.networks[subnet.network] {
            let propagation = subnet.routeTable.flatMap({ topology.routeTables[$0] })?.disableBgpRoutePropagation != true
            prefixes += hubs.spokeRoutes(network: network, propagation: propagation).map(\.prefix)
        }
        // NSG-30 item 3: on-premises prefixes the subnet learns through a gateway.
        prefixes += learnedGatewayPrefixes(for: subnet, topology: topology, live: live, onPremises: onPremises).flatMap(\.prefixes)
        for id in topology.peeringsByNetwork[subnet.network] ?? [] {
            guard let peering = topology.peerings[id], live[id] != nil, peering.allowVirtualNetworkAccess else { continue }
            prefixes += remoteSpace(of: peering, topology: topology)
        }
        if options.routePrefixesWidenVirtualNetwork, let table = subnet.routeTable.flatMap({ topology.routeTables[$0] }) {
            prefixes += table.routes.compactMap(\.destination)
        }
        prefixes.append(IPPrefix(address: AddressContext.platformAddress, length: 32))
        return AddressContext(network: subnet.network, virtualNetwork: AddressSet(prefixes: prefixes))
    }

    /// RT-1, RT-2, RT-3 (peering), RT-5/RT-6 (UDRs), RT-15.
    static func routes(
        for subnet: Subnet, topology: Topology, live: [ResourceID: ResourceID],
        onPremises: [ResourceID: (gateway: ResourceID, prefixes: [IPPrefix])] = [:], hubs: HubRouting? = nil
    ) -> RouteTableView {
        var routes: [EffectiveRoute] = []
        let space = topology.networks[subnet.network]?.addressSpace ?? []
        for prefix in space {
            routes.append(EffectiveRoute(prefix: prefix, nextHop: .vnetLocal, source: .system, resource: subnet.network, name: "virtual network address space"))
        }
        routes.append(EffectiveRoute(prefix: IPPrefix("0.0.0.0/0")!, nextHop: .internet, source: .system, resource: nil, name: "default route to the Internet"))
        routes.append(EffectiveRoute(prefix: IPPrefix("::/0")!, nextHop: .internet, source: .system, resource: nil, name: "default route to the Internet"))
        let userTable = subnet.routeTable.flatMap { topology.routeTables[$0] }
        let hasUserDefault = userTable?.routes.contains { $0.destination?.length == 0 && $0.destination?.address.isV4 == true } ?? false
        if !hasUserDefault {
            for reserved in ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].compactMap({ IPPrefix($0) }) {
                // RT-2: a VNet range equal to or containing the reserved prefix replaces it.
                if space.contains(where: { $0.contains(reserved) }) { continue }
                routes.append(EffectiveRoute(prefix: reserved, nextHop: .none, source: .system, resource: nil, name: "reserved private range (RT-1)"))
            }
        }
        for id in topology.peeringsByNetwork[subnet.network] ?? [] {
            guard let peering = topology.peerings[id], live[id] != nil, let remote = peering.remoteNetwork else { continue }
            for prefix in remoteSpace(of: peering, topology: topology) {
                let group = peering.connectivityConfiguration
                routes.append(
                    EffectiveRoute(
                        prefix: prefix, nextHop: .vnetPeering(peering: peering.id, remote: remote, connectedGroup: group != nil), source: .system,
                        resource: group ?? peering.id, name: group.map { "connected group of \($0.name)" } ?? "peering \(peering.name)"))
            }
        }
        // PE-5: each private endpoint injects a /32 into the subnets of its VNet and of
        // directly peered VNets. PE-7 / RT-22: it wins by longest prefix, unless the PE's
        // subnet enables route policies and this subnet has a UDR for a prefix no broader
        // than the PE VNet's range that contains the address.
        for pe in topology.privateEndpoints.values.sorted(by: { $0.id < $1.id }) {
            guard let peSubnet = pe.subnet.flatMap({ topology.subnets[$0] }), let peNetwork = topology.networks[peSubnet.network] else { continue }
            let hop: EffectiveRoute.NextHop
            if peNetwork.id == subnet.network {
                hop = .vnetLocal
            } else if let peering = (topology.peeringsByNetwork[subnet.network] ?? []).compactMap({ topology.peerings[$0] })
                .first(where: { $0.remoteNetwork == peNetwork.id && live[$0.id] != nil })
            {
                hop = .vnetPeering(peering: peering.id, remote: peNetwork.id, connectedGroup: peering.connectivityConfiguration != nil)
            } else {
                continue
            }
            let routePolicies = peSubnet.privateEndpointNetworkPolicies.appliesRouteTables
            for address in pe.addresses {
                let hostPrefix = IPPrefix(address: address, length: address.isV4 ? 32 : 128)
                if routePolicies, let range = peNetwork.addressSpace.first(where: { $0.contains(address) }),
                    (userTable?.routes ?? []).contains(where: { r in r.destination.map { $0.contains(address) && $0.length >= range.length } ?? false })
                {
                    continue
                }
                routes.append(EffectiveRoute(prefix: hostPrefix, nextHop: hop, source: .system, resource: pe.id, name: "private endpoint \(pe.name)"))
            }
        }
        // RT-3 gateway routes: the VNet's own gateway, or a peer's through gateway transit
        // (PEER-8: this side useRemoteGateways, the hub side allowGatewayTransit); suppressed
        // by disableBgpRoutePropagation on the subnet's table (RT-10).
        for learned in learnedGatewayPrefixes(for: subnet, topology: topology, live: live, onPremises: onPremises) {
            let how = learned.over.map { "gateway transit over \(topology.peerings[$0]?.name ?? $0.name)" } ?? "gateway"
            for prefix in learned.prefixes {
                routes.append(
                    EffectiveRoute(
                        prefix: prefix, nextHop: .virtualNetworkGateway, source: .gateway, resource: learned.gateway,
                        name: "\(how) \(topology.gateways[learned.gateway]?.name ?? learned.gateway.name)"))
            }
        }
        // VWAN-13: the hub's range and what the connection's table holds, as gateway routes;
        // a table with disableBgpRoutePropagation keeps only the hub's range (VWAN-13.4).
        if let hubs, let network = topology.networks[subnet.network] {
            routes += hubs.spokeRoutes(network: network, propagation: userTable?.disableBgpRoutePropagation != true)
        }
        let routeGateway = topology.userRouteGateway(for: subnet)
        for route in userTable?.routes ?? [] {
            guard let prefix = route.destination else { continue }
            // RT-8: only a VPN gateway can be a user route's next hop (warned at import).
            if route.nextHop == .virtualNetworkGateway, let gateway = routeGateway, !gateway.acceptsUserRoutes { continue }
            let hop: EffectiveRoute.NextHop
            switch route.nextHop {
            case .vnetLocal: hop = .vnetLocal
            case .internet: hop = .internet
            case .none: hop = .none
            case .virtualAppliance: hop = .virtualAppliance(route.nextHopAddress)
            case .virtualNetworkGateway: hop = .virtualNetworkGateway
            }
            routes.append(
                EffectiveRoute(
                    prefix: prefix, nextHop: hop, source: .user, resource: route.id ?? userTable?.id,
                    name: route.tagPrecedence > 0 ? "\(route.name) (\(route.destinationText))" : route.name,
                    overridesGatewayRoutes: route.hasBgpOverride, tagPrecedence: route.tagPrecedence))
        }
        return RouteTableView(routes: routes.sorted { ($0.prefix, $0.source.rawValue, $0.name) < ($1.prefix, $1.source.rawValue, $1.name) })
    }

    /// RT-3 gateway routes a subnet learns: its VNet's own gateway, or a peer's through
    /// gateway transit (PEER-8: this side useRemoteGateways, the hub side
    /// allowGatewayTransit) over the peering `over` (this side's); none when its table sets
    /// disableBgpRoutePropagation (RT-10).
    static func learnedGatewayPrefixes(
        for subnet: Subnet, topology: Topology, live: [ResourceID: ResourceID],
        onPremises: [ResourceID: (gateway: ResourceID, prefixes: [IPPrefix])]
    ) -> [(gateway: ResourceID, prefixes: [IPPrefix], over: ResourceID?)] {
        if subnet.routeTable.flatMap({ topology.routeTables[$0] })?.disableBgpRoutePropagation == true { return [] }
        var learned: [(gateway: ResourceID, prefixes: [IPPrefix], over: ResourceID?)] = []
        if let own = onPremises[subnet.network] { learned.append((own.gateway, own.prefixes, nil)) }
        for id in topology.peeringsByNetwork[subnet.network] ?? [] {
            guard let peering = topology.peerings[id], peering.useRemoteGateways, let reverseID = live[id],
                let reverse = topology.peerings[reverseID], reverse.allowGatewayTransit,
                let remote = peering.remoteNetwork, let hub = onPremises[remote]
            else { continue }
            learned.append((hub.gateway, hub.prefixes, id))
        }
        return learned
    }

    public func context(of subnet: ResourceID) -> AddressContext {
        contexts[subnet] ?? AddressContext(network: nil, virtualNetwork: AddressSet(prefixes: [IPPrefix(address: AddressContext.platformAddress, length: 32)]))
    }

    public func routes(of subnet: ResourceID) -> RouteTableView { routeTables[subnet] ?? RouteTableView(routes: []) }

    /// Which literal-prefix atom an address falls in.
    func literalAtom(of address: IPAddress) -> Int {
        func upperBound<T: Comparable>(_ array: [T], _ value: T) -> Int {
            var low = 0, high = array.count
            while low < high { let mid = (low + high) / 2; if array[mid] <= value { low = mid + 1 } else { high = mid } }
            return low
        }
        switch address {
        case .v4(let v): return upperBound(literalBoundaries4, v)
        case .v6(let v): return -1 - upperBound(literalBoundaries6, v)
        }
    }
}

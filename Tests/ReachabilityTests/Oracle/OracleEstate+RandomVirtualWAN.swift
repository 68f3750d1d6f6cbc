/// Drawing a Virtual WAN over a random estate (knob `virtualWAN`).
extension OracleEstate {
    /// Labels of custom hub tables, shared across hubs so that labels propagate between them.
    private static let customLabels = ["lbl0", "lbl1"]

    /// Most estates get one WAN (now and then Basic, VWAN-6) with one or two hubs; most VNets,
    /// peered or not (VWAN-17), connect to one of them (VWAN-18). A hub may have a firewall
    /// (`AZFW_Hub`, the oracle's rule machinery with a policy) with routing intent (VWAN-19 to
    /// VWAN-21) or Firewall Manager's static routes (VWAN-25); hubs without intent may have
    /// custom tables with labels and static routes (VWAN-7, VWAN-8, VWAN-16). Connections
    /// associate and propagate every way the export allows, some without the default route
    /// (VWAN-14), and some subnets stop gateway routes (VWAN-13.4). Connection static routes
    /// (VWAN-12) are not drawn.
    mutating func drawVirtualWAN(_ rng: inout OracleRandom, _ knobs: OracleKnobs) {
        guard rng.chance(0.75) else { return }
        var wan = VirtualWAN(standard: rng.chance(0.9))
        let hubCount = rng.chance(0.45) ? 1 : 2
        for h in 0..<hubCount {
            wan.hubs.append(
                Hub(
                    name: "hub\(h)", range: Self.hubRange(h),
                    tables: [HubTable(name: "defaultRouteTable", labels: ["default"]), HubTable(name: "noneRouteTable", labels: ["none"])]))
        }
        let across = appliancesAcross()
        let nearFirewalls = Set(firewalls.flatMap { fw in vnets.indices.filter { reachesDirectly(fw.vnet, $0) } })
        for v in vnets.indices where rng.chance(0.75) {
            if !knobs.appliancesAcrossHub && wan.connections.contains(where: { across.contains([v, $0.vnet]) || across.contains([$0.vnet, v]) }) { continue }
            if !knobs.vnetFirewallsBesideWAN && nearFirewalls.contains(v) { continue }
            wan.connections.append(
                HubConnection(
                    name: "conn-\(vnets[v].name)", vnet: v, hub: rng.below(hubCount), internetSecurity: rng.weighted([(nil, 2), (true, 2), (false, 2)])))
        }
        if wan.standard { drawHubFirewalls(&rng, knobs, &wan) }
        drawCustomHubTables(&rng, &wan)
        drawHubConnectionRouting(&rng, &wan)
        drawGatewayRouteStops(&rng, wan)
        self.wan = wan
        // Across a firewall the engine combines services per leg (docs/azure-model.md,
        // Limitations), as for the estate's other firewalls: no source ports then.
        if wan.hubs.contains(where: { $0.firewall != nil }) {
            for g in nsgs.indices { for r in nsgs[g].rules.indices { nsgs[g].rules[r].sourcePorts = [] } }
        }
    }

    /// Whether VNet `a` reaches VNet `b` without a hub: the same VNet, a live peering or a mesh.
    private func reachesDirectly(_ a: Int, _ b: Int) -> Bool {
        a == b || Oracle.live(self, a, b) || (meshMembers.contains(a) && meshMembers.contains(b))
    }

    /// The pairs `[a, b]` of VNets where a subnet of `a` routes to an appliance or firewall
    /// address in `b`, which `a` does not reach directly: with both on the WAN, only the hub
    /// connects them, which RT-7 does not accept.
    private func appliancesAcross() -> Set<[Int]> {
        var pairs = Set<[Int]>()
        for a in vnets.indices {
            for t in Set(vnets[a].subnets.compactMap(\.routeTable)) {
                for case .appliance(let ip) in routeTables[t].routes.map(\.nextHop) {
                    guard let b = vnets.firstIndex(where: { $0.space.contains(ip) }), !reachesDirectly(a, b) else { continue }
                    pairs.insert([a, b])
                }
            }
        }
        return pairs
    }

    /// A firewall on about half the hubs, with routing intent (private, Internet or both,
    /// VWAN-5) or Firewall Manager's static routes in `defaultRouteTable` (`private_traffic`,
    /// `internet_traffic`, `all_traffic`, VWAN-25), sometimes one for a connected VNet's range
    /// too, which ties with its learned route (VWAN-9: static first).
    private mutating func drawHubFirewalls(_ rng: inout OracleRandom, _ knobs: OracleKnobs, _ wan: inout VirtualWAN) {
        let pool = literalPool(knobs).private + wan.hubs.map(\.range)
        let hosts = (nics.flatMap(\.configs).map(\.address) + privateEndpoints.map(\.address)).sorted()
        for h in wan.hubs.indices where rng.chance(0.65) {
            let (_, groups, collections) = Self.drawFirewallRules(&rng, knobs, pool: pool, hosts: hosts, policyOnly: true)
            // FW-16. SNAT to a spoke sends the reply to the hub's range, which only the hub's own
            // spokes are known to reach: SNAT to private ranges only with one hub.
            let single = wan.hubs.count == 1 && knobs.hubFirewallSNAT ? 1 : 0
            let snat: [([String]?, Int)] = [(nil, 4), (["0.0.0.0/0"], 1), (["255.255.255.255/32"], single), (["10.0.0.0/8"], single)]
            let privateRanges = rng.weighted(snat).map { $0.map(OraclePrefix.init) }
            firewalls.append(
                Firewall(
                    name: "fwh\(h)", vnet: -1, subnet: -1, address: wan.hubs[h].range.first + 4, viaPolicy: true, groupPriorities: groups,
                    collections: collections, privateRanges: privateRanges, hub: h))
            wan.hubs[h].firewall = firewalls.count - 1
            wan.hubs[h].namesFirewall = rng.chance(0.7)
            switch rng.weighted([(0, 2), (1, 1), (2, 1), (3, 3)]) {
            case 0: wan.hubs[h].intent = RoutingIntent(privateTraffic: true, internet: true)
            case 1: wan.hubs[h].intent = RoutingIntent(privateTraffic: true, internet: false)
            case 2: wan.hubs[h].intent = RoutingIntent(privateTraffic: false, internet: true)
            default:
                let privateTraffic = HubStaticRoute(name: "private_traffic", prefixes: Self.privateAggregates)
                let internetTraffic = HubStaticRoute(name: "internet_traffic", prefixes: [Self.defaultRoute])
                var routes = rng.weighted([
                    ([privateTraffic], 3), ([internetTraffic], 2), ([privateTraffic, internetTraffic], 2),
                    ([HubStaticRoute(name: "all_traffic", prefixes: Self.privateAggregates + [Self.defaultRoute])], 2),
                ])
                let spaces = wan.connections.map { vnets[$0.vnet].space }
                if !spaces.isEmpty && rng.chance(0.5) { routes.append(HubStaticRoute(name: "inspect_vnet", prefixes: [rng.pick(spaces)])) }
                wan.hubs[h].tables[Hub.defaultTable].routes = routes
            }
            if wan.hubs[h].intent != nil { wan.hubs[h].exportsPolicyRoutes = rng.chance(0.8) }
        }
    }

    /// One or two custom tables on about half the hubs without intent (VWAN-22: intent allows
    /// only the built-in tables), with a label or none, and with a firewall static routes to it
    /// (0/0, the aggregates, a connected VNet's range: V-FWC's designs).
    private mutating func drawCustomHubTables(_ rng: inout OracleRandom, _ wan: inout VirtualWAN) {
        let spaces = wan.connections.map { vnets[$0.vnet].space }
        for h in wan.hubs.indices where wan.hubs[h].intent == nil && rng.chance(0.5) {
            for _ in 0..<rng.inRange(1...2) {
                var table = HubTable(name: "rt\(h)x\(wan.hubs[h].tables.count - 2)", labels: rng.chance(0.8) ? [rng.pick(Self.customLabels)] : [])
                if wan.hubs[h].firewall != nil && rng.chance(0.7) {
                    var choices: [[OraclePrefix]] = [[Self.defaultRoute], Self.privateAggregates, [OraclePrefix("10.0.0.0/8")]]
                    if !spaces.isEmpty { choices.append([rng.pick(spaces)]) }
                    table.routes = (0..<rng.inRange(1...2)).map { HubStaticRoute(name: "to_fw\($0)", prefixes: rng.pick(choices)) }
                }
                wan.hubs[h].tables.append(table)
            }
        }
    }

    /// Association (the default table or a custom one of the hub, VWAN-7) and propagation
    /// (ids in any hub, noneRouteTable included; labels; neither, VWAN-8) for every
    /// connection, written in every shape the export allows. Connections on hubs with intent
    /// get such fields too, stale (VWAN-21).
    private mutating func drawHubConnectionRouting(_ rng: inout OracleRandom, _ wan: inout VirtualWAN) {
        let allTables = wan.hubs.indices.flatMap { h in wan.hubs[h].tables.indices.map { HubTableRef(hub: h, table: $0) } }
        let labels = ["default"] + Self.customLabels
        for c in wan.connections.indices {
            let h = wan.connections[c].hub
            let custom = Array(2..<wan.hubs[h].tables.count)
            if !custom.isEmpty && rng.chance(0.4) { wan.connections[c].associated = rng.pick(custom) }
            let kind = rng.weighted([(0, 3), (1, 3), (2, 3), (3, 1)])
            if kind == 1 || kind == 3 {
                // Mostly tables of the connection's own hub.
                let own = allTables.filter { $0.hub == h }
                for _ in 0..<rng.inRange(1...3) {
                    let table = rng.chance(0.75) ? rng.pick(own) : rng.pick(allTables)
                    if !wan.connections[c].propagatedTables.contains(table) { wan.connections[c].propagatedTables.append(table) }
                }
            }
            if kind == 2 || kind == 3 {
                wan.connections[c].labels = labels.filter { _ in rng.chance(0.5) }
                if wan.connections[c].labels.isEmpty { wan.connections[c].labels = [rng.pick(labels)] }
            }
            let propagates = !wan.connections[c].propagatedTables.isEmpty || !wan.connections[c].labels.isEmpty
            let shapes: [RoutingShape] =
                propagates ? [.full] : wan.connections[c].associated == Hub.defaultTable ? RoutingShape.allCases : [.withoutPropagation, .full]
            wan.connections[c].shape = rng.pick(shapes)
        }
    }

    /// `disableBgpRoutePropagation` on the route table of a few connected subnets (a new table
    /// with no routes where they have none): VWAN-13.4.
    private mutating func drawGatewayRouteStops(_ rng: inout OracleRandom, _ wan: VirtualWAN) {
        for connection in wan.connections {
            for s in vnets[connection.vnet].subnets.indices where vnets[connection.vnet].subnets[s].name != "AzureFirewallSubnet" && rng.chance(0.15) {
                if let t = vnets[connection.vnet].subnets[s].routeTable {
                    routeTables[t].disableGatewayRoutes = true
                } else {
                    routeTables.append(RouteTable(name: "rt\(routeTables.count)", routes: [], disableGatewayRoutes: true))
                    vnets[connection.vnet].subnets[s].routeTable = routeTables.count - 1
                }
            }
        }
    }
}

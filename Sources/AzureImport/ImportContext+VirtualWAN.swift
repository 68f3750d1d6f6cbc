import TopologyModel

extension ImportContext {
    /// The lowercased types of Virtual WAN's resources (VWAN-1).
    enum VirtualWANType {
        static let wan = "microsoft.network/virtualwans"
        static let hub = "microsoft.network/virtualhubs"
        static let connection = "microsoft.network/virtualhubs/hubvirtualnetworkconnections"
        static let routeTable = "microsoft.network/virtualhubs/hubroutetables"
        static let routingIntent = "microsoft.network/virtualhubs/routingintent"
        static let all: Set<String> = [wan, hub, connection, routeTable, routingIntent]
    }

    /// Reads WANs, hubs, hub route tables, routing intent and hub VNet connections (VWAN-1 to
    /// VWAN-5), saying what the model cannot follow (VWAN-2, VWAN-4, VWAN-18, VWAN-22,
    /// VWAN-29, VWAN-30).
    mutating func virtualWANModel(networks: [VirtualNetwork]) -> VirtualWANModel {
        let hubRaws = resources(ofType: VirtualWANType.hub)
        guard !hubRaws.isEmpty || !resources(ofType: VirtualWANType.connection).isEmpty else { return VirtualWANModel() }
        var model = VirtualWANModel()
        for raw in resources(ofType: VirtualWANType.wan) {
            let type = raw.property("type")?.string ?? "Standard"
            let standard = type.lowercased() != "basic"
            if !standard {
                warn(
                    raw, at: raw.property("type"), kind: .assumption,
                    "virtual WAN '\(raw.name)' is Basic: its hubs carry no traffic between VNets, so connected VNets learn no hub routes (VWAN-6)",
                    severity: .note)
            }
            if raw.property("allowVnetToVnetTraffic")?.bool == false {
                warn(
                    raw, at: raw.property("allowVnetToVnetTraffic"), kind: .unsupported,
                    "virtual WAN '\(raw.name)' sets allowVnetToVnetTraffic to false, whose effect is not documented: it is ignored, and VNets still reach each other through the hubs' routes (VWAN-29)"
                )
            }
            model.wans[raw.id] = VirtualWAN(id: raw.id, name: raw.name, standard: standard, origin: raw.sourceLocation)
        }
        var intents: [ResourceID: RawResource] = [:]
        for raw in resources(ofType: VirtualWANType.routingIntent) {
            if let hub = raw.id.parent { intents[hub] = raw }
        }
        let hubFirewalls = Dictionary(
            resources(ofType: "microsoft.network/azurefirewalls").compactMap { raw in raw.property("virtualHub")?.referenceID.map { ($0, raw.id) } },
            uniquingKeysWith: { a, b in min(a, b) })
        for raw in hubRaws {
            guard let wan = raw.property("virtualWan")?.referenceID else {
                let what = raw.node.child("kind")?.string?.lowercased() == "routeserver" ? "a Route Server" : "not part of a virtual WAN"
                warn(raw, kind: .unsupported, "virtual hub '\(raw.name)' is \(what) (no virtualWan): it is not modelled (VWAN-2)")
                continue
            }
            if model.wans[wan] == nil {
                warn(
                    raw, at: raw.property("virtualWan"), kind: .danglingReference,
                    "virtual hub '\(raw.name)' belongs to virtual WAN \(wan), which is not in the input: it is taken to be Standard, which transits between VNets (VWAN-6)"
                )
                model.wans[wan] = VirtualWAN(id: wan, name: wan.name, standard: true, origin: nil)
            }
            var prefix: IPPrefix?
            if let node = raw.property("addressPrefix"), let text = node.string {
                prefix = IPPrefix(text)
                if prefix == nil { error(raw, at: node, "virtual hub '\(raw.name)' has an invalid addressPrefix '\(text)'") }
            }
            stateCheck(raw, what: "virtual hub", routing: true)
            if let legacy = raw.property("routeTable")?.child("routes"), !legacy.items.isEmpty {
                warn(
                    raw, at: legacy, kind: .unsupported,
                    "virtual hub '\(raw.name)' has legacy hub routes (routeTable.routes), which are not modelled: Azure asks for them to be removed before route tables are used (VWAN-29)"
                )
            }
            let firewall = raw.property("azureFirewall")?.referenceID ?? hubFirewalls[raw.id]
            var policies: [HubRoutingPolicy] = []
            if let intent = intents[raw.id] { policies = routingPolicies(intent) }
            model.hubs[raw.id] = VirtualHub(
                id: raw.id, name: raw.name, location: raw.location, wan: wan, addressPrefix: prefix, firewall: firewall,
                routingPolicies: policies, origin: raw.sourceLocation)
        }
        for (hub, raw) in intents where model.hubs[hub] == nil {
            warn(raw, kind: .danglingReference, "routing intent '\(raw.name)' belongs to virtual hub \(hub), which is not in the input: it is not analysed")
        }
        for raw in resources(ofType: VirtualWANType.routeTable) {
            guard let hub = raw.id.parent, let hubModel = model.hubs[hub] else { continue }
            var routes: [HubStaticRoute] = []
            for item in listItems(raw, raw.property("routes"), .object("a hub route"), owner: "hub route table '\(raw.name)'") ?? [] {
                let name = item.child("name")?.string ?? "(unnamed)"
                let type = item.child("destinationType")?.string ?? "CIDR"
                guard type.uppercased() == "CIDR" else {
                    warn(
                        raw, at: item, kind: .unsupported,
                        "hub route '\(name)' of table '\(raw.name)' has destinationType \(type), whose meaning is not documented: the hub route is not modelled and matches nothing (VWAN-4)"
                    )
                    continue
                }
                guard let next = item.child("nextHop")?.string.flatMap({ $0.isEmpty ? nil : ResourceID($0) }) else {
                    error(raw, at: item, "hub route '\(name)' of table '\(raw.name)' has no nextHop")
                    continue
                }
                routes.append(HubStaticRoute(name: name, destinations: prefixes(raw, item.child("destinations")), nextHop: next))
            }
            let labels = texts(raw, raw.property("labels"), "a label") ?? []
            if !hubModel.routingPolicies.isEmpty, ![HubRouteTable.defaultName, HubRouteTable.noneName].contains(raw.name) {
                warn(
                    raw, kind: .assumption,
                    "hub route table '\(raw.name)' is a custom table on hub '\(hubModel.name)', which has routing intent: routing intent allows only the built-in tables, so the hub is analysed as routing intent programs it (VWAN-22)"
                )
            }
            stateCheck(raw, what: "hub route table", routing: false)
            model.routeTables[raw.id] = HubRouteTable(
                id: raw.id, name: raw.name, hub: hub, labels: labels.map { $0.lowercased() }, routes: routes, origin: raw.sourceLocation)
        }
        let networksByID = Set(networks.map(\.id))
        var connectionOfNetwork: [ResourceID: ResourceID] = [:]
        for raw in resources(ofType: VirtualWANType.connection).sorted(by: { $0.id < $1.id }) {
            guard let hub = raw.id.parent, model.hubs[hub] != nil else {
                warn(
                    raw, kind: .danglingReference,
                    "hub connection '\(raw.name)': its virtual hub is not in the input (or is not a vWAN hub), so it is not analysed")
                continue
            }
            guard let network = raw.property("remoteVirtualNetwork")?.referenceID else {
                error(raw, at: raw.property("remoteVirtualNetwork") ?? raw.properties, "hub connection '\(raw.name)' has no remoteVirtualNetwork")
                continue
            }
            guard networksByID.contains(network) else {
                warn(
                    raw, at: raw.property("remoteVirtualNetwork"), kind: .danglingReference,
                    "hub connection '\(raw.name)' connects VNet \(network), which is not in the input: its address space is unknown, so it is not analysed")
                continue
            }
            if let other = connectionOfNetwork[network] {
                error(
                    raw, at: raw.property("remoteVirtualNetwork"),
                    "hub connection '\(raw.name)' connects VNet '\(network.name)' to hub '\(hub.name)', but hub connection '\(other.name)' already connects it to hub '\(other.parent?.name ?? "?")': a VNet can connect to one hub only (VWAN-18)"
                )
                continue
            }
            connectionOfNetwork[network] = raw.id
            stateCheck(raw, what: "hub connection", routing: false)
            let routing = raw.property("routingConfiguration")
            let propagated = routing?.child("propagatedRouteTables")
            let vnetRoutes = routing?.child("vnetRoutes")
            var statics: [HubConnection.StaticRoute] = []
            for item in listItems(raw, vnetRoutes?.child("staticRoutes"), .object("a static route"), owner: "hub connection '\(raw.name)'") ?? [] {
                statics.append(
                    HubConnection.StaticRoute(
                        name: item.child("name")?.string ?? "(unnamed)", prefixes: prefixes(raw, item.child("addressPrefixes")),
                        nextHopAddress: address(raw, item.child("nextHopIpAddress"))))
            }
            let config = vnetRoutes?.child("staticRoutesConfig")
            model.connections[raw.id] = HubConnection(
                id: raw.id, name: raw.name, hub: hub, network: network,
                enableInternetSecurity: raw.property("enableInternetSecurity")?.bool ?? true,
                associatedTable: routing?.child("associatedRouteTable")?.referenceID,
                propagatedTables: referenceList(raw, propagated?.child("ids"), owner: "hub connection '\(raw.name)'") ?? [],
                propagatedLabels: (texts(raw, propagated?.child("labels"), "a label") ?? []).map { $0.lowercased() },
                propagationGiven: propagated != nil, staticRoutes: statics,
                propagateStaticRoutes: config?.child("propagateStaticRoutes")?.bool ?? false,
                bypassesNextHopForOwnRanges: config?.child("vnetLocalRouteOverrideCriteria")?.string?.lowercased() != "contains",
                origin: raw.sourceLocation)
        }
        return model
    }

    /// Routing intent's policies (VWAN-5): one per kind of traffic.
    private mutating func routingPolicies(_ raw: RawResource) -> [HubRoutingPolicy] {
        var policies: [HubRoutingPolicy] = []
        for item in listItems(raw, raw.property("routingPolicies"), .object("a routing policy"), owner: "routing intent '\(raw.name)'") ?? [] {
            let name = item.child("name")?.string ?? "(unnamed)"
            guard let next = item.child("nextHop")?.string.flatMap({ $0.isEmpty ? nil : ResourceID($0) }) else {
                error(raw, at: item, "routing policy '\(name)' has no nextHop")
                continue
            }
            for destination in texts(raw, item.child("destinations"), "a destination") ?? [] {
                switch destination.lowercased() {
                case "privatetraffic": policies.append(HubRoutingPolicy(name: name, traffic: .privateTraffic, nextHop: next))
                case "internet": policies.append(HubRoutingPolicy(name: name, traffic: .internet, nextHop: next))
                default:
                    error(raw, at: item.child("destinations"), "routing policy '\(name)' has destination '\(destination)': expected PrivateTraffic or Internet")
                }
            }
        }
        return policies
    }

    /// VWAN-30: what is not provisioned may not route as configured; it is modelled as configured.
    private mutating func stateCheck(_ raw: RawResource, what: String, routing: Bool) {
        let provisioning = raw.property("provisioningState")?.string
        let routingState = routing ? raw.property("routingState")?.string : nil
        var problems: [String] = []
        if let provisioning, provisioning.lowercased() != "succeeded" { problems.append("provisioningState \(provisioning)") }
        if let routingState, routingState.lowercased() != "provisioned" { problems.append("routingState \(routingState)") }
        guard !problems.isEmpty else { return }
        warn(
            raw, kind: .assumption,
            "\(what) '\(raw.name)' has \(problems.joined(separator: " and ")): it is analysed as configured, which it may not yet route (VWAN-30)")
    }
}

extension ImportContext {
    /// VWAN-26: traffic from branches to a private endpoint in a spoke of a hub with a
    /// private routing policy skips the hub's security solution on the way in, while the reply
    /// goes through it, unless the endpoint's subnet applies route tables to endpoints.
    /// Branches are not in the model, so this is said, per subnet, rather than traced.
    mutating func flagPrivateEndpointBypass(_ wan: VirtualWANModel, subnets: [Subnet], endpoints: [PrivateEndpoint]) {
        let secured = Set(wan.hubs.values.filter { $0.policy(.privateTraffic) != nil }.map(\.id))
        guard !secured.isEmpty else { return }
        var hubOfNetwork: [ResourceID: ResourceID] = [:]
        for connection in wan.connections.values where secured.contains(connection.hub) { hubOfNetwork[connection.network] = connection.hub }
        let withEndpoints = Set(endpoints.compactMap(\.subnet))
        for subnet in subnets.sorted(by: { $0.id < $1.id }) where withEndpoints.contains(subnet.id) {
            guard let hub = hubOfNetwork[subnet.network], !subnet.privateEndpointNetworkPolicies.appliesRouteTables, let raw = resources[subnet.id]
            else { continue }
            warn(
                raw, at: raw.property("privateEndpointNetworkPolicies"), kind: .assumption,
                "subnet '\(subnet.network.name)/\(subnet.name)' holds private endpoints in a spoke of hub '\(wan.hubs[hub]?.name ?? hub.name)', whose routing intent inspects private traffic, but its privateEndpointNetworkPolicies is \(subnet.privateEndpointNetworkPolicies.azureName): traffic from branches (VPN, ExpressRoute) to those endpoints skips the hub's firewall while their replies cross it, an asymmetry that can drop or leave uninspected what the analysis, which does not model branches, cannot trace (VWAN-26; set RouteTableEnabled or Enabled)"
            )
        }
    }
}

import TopologyModel

extension ImportContext {
    mutating func convertRouteTable(_ raw: RawResource) -> RouteTable? {
        var routes: [Route] = []
        for child in children(of: raw.id, type: "microsoft.network/routetables/routes") {
            guard let prefixNode = child.property("addressPrefix"), let text = prefixNode.string else {
                error(child, at: child.properties, "route '\(child.name)' has no addressPrefix")
                continue
            }
            let prefix = IPPrefix(text)
            if prefix == nil && !(text.first?.isLetter ?? false) { error(child, at: prefixNode, "invalid route prefix '\(text)'"); continue }
            let hopNode = child.property("nextHopType")
            let hopText = hopNode?.string ?? ""
            guard let nextHop = Route.NextHop.allCases.first(where: { $0.rawValue.lowercased() == hopText.lowercased() }) else {
                error(
                    child, at: hopNode ?? child.properties,
                    "nextHopType '\(hopText)' is not VirtualNetworkGateway, VnetLocal, Internet, VirtualAppliance or None; peering and service-endpoint routes are system routes, never user-defined (RT-6)"
                )
                continue
            }
            // RT-6: only a VirtualAppliance route takes a next-hop address.
            let hopAddressNode = child.property("nextHopIpAddress")
            let hopAddress = address(child, hopAddressNode)
            if let hopAddress, nextHop != .virtualAppliance {
                warn(
                    child, at: hopAddressNode, kind: .invalidInput,
                    "route '\(child.name)' has nextHopIpAddress \(hopAddress) with nextHopType \(nextHop.rawValue); only VirtualAppliance takes an address (RT-6), so it is ignored"
                )
            } else if hopAddress == nil, nextHop == .virtualAppliance {
                warn(
                    child, at: hopNode, kind: .invalidInput,
                    "route '\(child.name)' sends \(text) to VirtualAppliance without a nextHopIpAddress (RT-6); traffic on it is dropped (RT-7)")
            }
            var destinations: [IPPrefix?] = [prefix]
            if prefix == nil {
                // TAG-12: a service tag route stands for one route per published prefix.
                if ServiceTagCatalog.notRoutable.contains(text.lowercased()) {
                    error(child, at: prefixNode, "route '\(child.name)': \(text) cannot be a route's addressPrefix (TAG-12)")
                    continue
                }
                if let tag = serviceTags?.tag(named: text) {
                    destinations = tag.prefixes
                } else {
                    warn(
                        child, at: prefixNode, kind: .unsupported,
                        serviceTags == nil
                            ? "route '\(child.name)' names service tag '\(text)' as its prefix; without service tag data (--service-tags) its prefixes are unknown, so this route is not in the effective routes"
                            : "route '\(child.name)' names service tag '\(text)', which the service tag data does not hold (TAG-14); this route is not in the effective routes"
                    )
                }
            }
            for destination in destinations {
                routes.append(
                    Route(
                        id: child.id, name: child.name, destinationText: text, destination: destination, nextHop: nextHop,
                        nextHopAddress: nextHop == .virtualAppliance ? hopAddress : nil,
                        hasBgpOverride: child.property("hasBgpOverride")?.bool ?? false, origin: child.sourceLocation))
            }
        }
        return RouteTable(
            id: raw.id, name: raw.name, location: raw.location,
            disableBgpRoutePropagation: raw.property("disableBgpRoutePropagation")?.bool ?? false,
            routes: routes, origin: raw.sourceLocation)
    }

    mutating func convertFirewall(_ raw: RawResource, ipGroups: [ResourceID: AddressSet]) -> Firewall? {
        var addresses: [IPAddress] = []
        var subnets: [ResourceID] = []
        var publics: [ResourceID] = []
        for config in raw.property("ipConfigurations")?.items ?? [] {
            let props = config.child("properties") ?? config
            if let ip = address(raw, props.child("privateIPAddress")) { addresses.append(ip) }
            if let s = props.child("subnet")?.referenceID { subnets.append(s) }
            if let p = props.child("publicIPAddress")?.referenceID { publics.append(p) }
        }
        // A secured hub's firewall (AZFW_Hub) has no subnet of the customer's: it lives in the
        // hub, which stands for its subnet (VWAN-1).
        if let hub = raw.property("virtualHub")?.referenceID {
            if let ip = address(raw, raw.property("hubIPAddresses")?.child("privateIPAddress")) {
                addresses.append(ip)
            } else {
                warn(
                    raw, at: raw.property("hubIPAddresses") ?? raw.property("virtualHub"), kind: .assumption,
                    "hub firewall '\(raw.name)' has no hubIPAddresses.privateIPAddress (Azure assigns it at deployment): traffic its hub sends to it is still inspected by it, and traces show the hub range's first address in its place"
                )
            }
            subnets.append(hub)
        }
        let policyID = raw.property("firewallPolicy")?.referenceID
        let collections: [FirewallRuleCollection]
        var threatIntel = inspectionMode(raw, raw.property("threatIntelMode"), named: "threatIntelMode")
        var idps: FirewallInspectionMode?
        var policyRaw: RawResource?
        if let policyID {
            // A firewall bound to a policy ignores its classic collections (§7.6).
            collections = policyCollections(policyID, depth: 0, visited: [], ipGroups: ipGroups, requester: raw)
            policyRaw = resources[policyID]
            if let policyRaw {
                threatIntel = inspectionMode(policyRaw, policyRaw.property("threatIntelMode"), named: "threatIntelMode") ?? threatIntel
                idps = inspectionMode(policyRaw, policyRaw.property("intrusionDetection")?.child("mode"), named: "intrusionDetection.mode")
            }
        } else {
            collections = classicCollections(raw, ipGroups: ipGroups)
        }
        // FW-12: DNS proxy from the policy's dnsSettings, or a classic firewall's
        // additionalProperties; without it, FQDNs in network rules match nothing.
        let proxyNode =
            policyID != nil
            ? policyRaw?.property("dnsSettings")?.child("enableProxy")
            : raw.property("additionalProperties")?.child("Network.DNS.EnableProxy")
        let dnsProxy = proxyNode?.bool ?? (proxyNode?.string?.lowercased() == "true")
        if !dnsProxy {
            for collection in collections where collection.kind == .network {
                for rule in collection.rules where !rule.fqdns.isEmpty {
                    warn(
                        raw, at: policyID != nil ? raw.property("firewallPolicy") : raw.properties, kind: .assumption,
                        "firewall '\(raw.name)' network rule '\(rule.name)' (collection \(collection.name)) names FQDNs \(rule.fqdns.joined(separator: ", ")), but DNS proxy is off\(policyID != nil ? " in its policy's dnsSettings" : " (additionalProperties Network.DNS.EnableProxy)"): the rule cannot match by FQDN (FW-12)"
                    )
                }
            }
        }
        var firewall = Firewall(
            id: raw.id, name: raw.name, location: raw.location,
            skuTier: raw.property("sku")?.child("tier")?.string ?? policyRaw?.property("sku")?.child("tier")?.string,
            policy: policyID, privateAddresses: addresses, subnets: subnets, publicIPs: publics,
            threatIntelMode: threatIntel, intrusionDetectionMode: idps, ruleCollections: collections,
            snatPrivateRanges: snatRanges(raw, policy: policyRaw), dnsProxy: dnsProxy, origin: raw.sourceLocation)
        let authority = policyRaw?.property("transportSecurity")?.child("certificateAuthority")
        firewall.tlsInspectionCertificate = (authority?.child("name") ?? authority?.child("keyVaultSecretId"))?.string
        if let publicIPs = raw.property("hubIPAddresses")?.child("publicIPs") {
            firewall.hubPublicIPCount = max(publicIPs.child("count")?.string.flatMap { Int($0) } ?? 0, publicIPs.child("addresses")?.items.count ?? 0)
        }
        return firewall
    }

    mutating func convertFirewallPolicy(_ raw: RawResource) -> FirewallPolicy {
        var groups = Set(references(raw.property("ruleCollectionGroups")))
        for child in children(of: raw.id, type: "microsoft.network/firewallpolicies/rulecollectiongroups") { groups.insert(child.id) }
        return FirewallPolicy(
            id: raw.id, name: raw.name, location: raw.location, basePolicy: raw.property("basePolicy")?.referenceID,
            ruleCollectionGroups: groups.sorted(), origin: raw.sourceLocation)
    }

    mutating func convertPrivateEndpoint(_ raw: RawResource) -> PrivateEndpoint? {
        var addresses: [IPAddress] = []
        for config in raw.property("ipConfigurations")?.items ?? [] {
            if let ip = address(raw, (config.child("properties") ?? config).child("privateIPAddress")) { addresses.append(ip) }
        }
        var records: [PrivateEndpoint.DNSRecord] = []
        for dns in raw.property("customDnsConfigs")?.items ?? [] {
            let ips = (dns.child("ipAddresses")?.items ?? []).compactMap { address(raw, $0) }
            if let fqdn = dns.child("fqdn")?.string, !fqdn.isEmpty { records.append(PrivateEndpoint.DNSRecord(fqdn: fqdn, addresses: ips)) }
            if addresses.isEmpty { addresses += ips }
        }
        var connections: [PrivateEndpoint.Connection] = []
        for key in ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"] {
            for item in raw.property(key)?.items ?? [] {
                let props = item.child("properties") ?? item
                guard let target = props.child("privateLinkServiceId")?.referenceID else { continue }
                let state = PrivateEndpoint.ConnectionState(azure: props.child("privateLinkServiceConnectionState")?.child("status")?.string)
                if case .unknown(let text) = state {
                    warn(
                        raw, at: item, kind: .assumption,
                        "private endpoint '\(raw.name)' connection to \(target.name) has \(text.map { "status '\($0)'" } ?? "no status"); it is not Approved, so it is taken to carry no traffic (PE-2)"
                    )
                }
                connections.append(
                    PrivateEndpoint.Connection(
                        target: target, groupIDs: props.child("groupIds")?.strings ?? [], state: state,
                        manual: key.hasPrefix("manual")))
            }
        }
        return PrivateEndpoint(
            id: raw.id, name: raw.name, location: raw.location, subnet: raw.property("subnet")?.referenceID,
            addresses: Array(Set(addresses)).sorted(), connections: connections,
            applicationSecurityGroups: references(raw.property("applicationSecurityGroups")),
            dnsRecords: records, networkInterfaces: references(raw.property("networkInterfaces")), origin: raw.sourceLocation)
    }

    mutating func convertStorage(_ raw: RawResource) -> StorageAccount {
        let acls = raw.property(anyOf: ["networkAcls", "networkRuleSet"])
        var account = StorageAccount(
            id: raw.id, name: raw.name, location: raw.location, tags: raw.tags,
            allowBlobPublicAccess: raw.property("allowBlobPublicAccess")?.bool,
            publicNetworkAccess: publicNetworkAccess(raw),
            defaultAction: defaultAction(raw, acls),
            ipRules: storageIPRules(raw, acls),
            virtualNetworkRules: (acls?.child("virtualNetworkRules")?.items ?? []).compactMap {
                ($0.child("id") ?? $0.child("virtualNetworkResourceId"))?.referenceID
            },
            allowSharedKeyAccess: raw.property("allowSharedKeyAccess")?.bool,
            origin: raw.sourceLocation)
        account.settings = storageSettings(raw)
        account.privateEndpointConnections = privateEndpointConnections(raw)
        return account
    }

    /// `networkAcls.ipRules`: public addresses only. A private range there admits nothing
    /// (ST-3, §8 case 17) and an unreadable one is not guessed at: both are warnings.
    mutating func storageIPRules(_ raw: RawResource, _ acls: JSONNode?) -> AddressSet {
        var prefixes: [IPPrefix] = []
        for item in acls?.child("ipRules")?.items ?? [] {
            let valueNode = item.child("value") ?? item.child("ipAddressOrRange") ?? item
            guard let text = valueNode.string, let prefix = IPPrefix(text) else {
                warn(
                    raw, at: valueNode, kind: .invalidInput,
                    "storage IP rule '\(valueNode.string ?? valueNode.value.kindName)' is not an address or CIDR range; ignored")
                continue
            }
            if prefix.addressSet.overlaps(.nonPublic) {
                warn(
                    raw, at: valueNode, kind: .assumption,
                    "storage IP rule \(prefix) is a private range: IP rules apply to public Internet addresses only, so it admits nothing; clients in a VNet need a service endpoint with a virtualNetworkRules entry, or a private endpoint (ST-3)"
                )
                continue
            }
            prefixes.append(prefix)
        }
        return AddressSet(prefixes: prefixes)
    }

    mutating func convertService(_ raw: RawResource, kind: ServiceResource.Kind) -> ServiceResource {
        let acls = raw.property(anyOf: ["networkAcls", "networkRuleSet"])
        var resource = ServiceResource(
            id: raw.id, name: raw.name, kind: kind, location: raw.location, tags: raw.tags,
            publicNetworkAccess: publicNetworkAccess(raw), defaultAction: defaultAction(raw, acls),
            adminUserEnabled: raw.property("adminUserEnabled")?.bool ?? false,
            anonymousPullEnabled: raw.property("anonymousPullEnabled")?.bool ?? false, origin: raw.sourceLocation)
        switch kind {
        case .keyVault:
            resource.vault.rbacAuthorization = raw.property("enableRbacAuthorization")?.bool
            resource.vault.purgeProtection = raw.property("enablePurgeProtection")?.bool
        case .containerRegistry:
            resource.replicaLocations = Array(Set(children(of: raw.id, type: "microsoft.containerregistry/registries/replications").map(\.location))).sorted()
        case .machineLearningWorkspace, .onlineEndpoint, .aiServices:
            resource.inference = inferenceSettings(raw, kind: kind)
        }
        if kind.takesPrivateEndpoints { resource.privateEndpointConnections = privateEndpointConnections(raw) }
        return resource
    }

    /// Dangling references become warnings that say what was assumed.
    ///
    /// Resources are visited in any order (the diagnostics are sorted when the import
    /// finishes), except where the first of several resources decides what is said.
    mutating func checkReferences(_ topology: Topology) {
        func raw(_ id: ResourceID) -> RawResource? { resources[id] }
        for subnet in topology.subnets.values {
            guard let r = raw(subnet.id) else { continue }
            if let network = topology.networks[subnet.network], !network.addressSpace.isEmpty,
                let outside = subnet.prefixes.first(where: { p in !network.addressSpace.contains { $0.contains(p) } })
            {
                warn(r, kind: .invalidInput, "subnet '\(subnet.name)' prefix \(outside) lies outside the address space of VNet '\(network.name)'")
            }
            if let nsg = subnet.securityGroup, topology.securityGroups[nsg] == nil {
                warn(
                    r, at: r.property("networkSecurityGroup"), kind: .danglingReference,
                    "subnet '\(subnet.name)' references NSG \(nsg), which is not in the input; assumed no NSG on this subnet (all traffic passes at this level)"
                )
            }
            if let nat = subnet.natGateway, topology.natGateways[nat] == nil {
                warn(
                    r, at: r.property("natGateway"), kind: .danglingReference,
                    "subnet '\(subnet.name)' references NAT gateway \(nat), which is not in the input; its hosts are assumed to leave through it, from unknown public addresses (PUB-6)"
                )
            }
            if let table = subnet.routeTable, topology.routeTables[table] == nil {
                warn(
                    r, at: r.property("routeTable"), kind: .danglingReference,
                    "subnet '\(subnet.name)' references route table \(table), which is not in the input; assumed system routes only")
            }
        }
        // RT-8: a VirtualNetworkGateway user route needs a VPN gateway; with ExpressRoute
        // only, the route is invalid and left out of the effective routes.
        // A route shared by several subnets is told about once, for the first subnet by ID.
        var warnedRoutes: Set<ResourceID> = []
        let gatewayRouted = topology.subnets.values.filter { subnet in
            subnet.routeTable.flatMap { topology.routeTables[$0] }?.routes.contains { $0.nextHop == .virtualNetworkGateway } ?? false
        }
        for subnet in gatewayRouted.sorted(by: { $0.id < $1.id }) {
            guard let table = subnet.routeTable.flatMap({ topology.routeTables[$0] }),
                let gateway = topology.userRouteGateway(for: subnet), !gateway.acceptsUserRoutes
            else { continue }
            for route in table.routes where route.nextHop == .virtualNetworkGateway {
                guard let id = route.id, let r = raw(id), warnedRoutes.insert(id).inserted else { continue }
                warn(
                    r, at: r.property("nextHopType"), kind: .invalidInput,
                    "route '\(route.name)' sends \(route.destinationText) to VirtualNetworkGateway, but the gateway of subnet '\(subnet.name)' is \(gateway.name), an ExpressRoute gateway; only VPN gateways can be a user-defined route's next hop (RT-8), so the route is left out of the effective routes"
                )
            }
        }
        for nic in topology.interfaces.values {
            guard let r = raw(nic.id) else { continue }
            if let nsg = nic.securityGroup, topology.securityGroups[nsg] == nil {
                warn(
                    r, at: r.property("networkSecurityGroup"), kind: .danglingReference,
                    "NIC '\(nic.name)' references NSG \(nsg), which is not in the input; assumed no NSG on this NIC")
            }
            for config in nic.ipConfigurations {
                let configRaw = raw(config.id) ?? r
                if let subnet = config.subnet, topology.subnets[subnet] == nil {
                    warn(
                        configRaw, kind: .danglingReference,
                        "NIC '\(nic.name)' IP configuration '\(config.name)' is in subnet \(subnet), which is not in the input; this endpoint is not analysed")
                } else if config.subnet == nil {
                    warn(configRaw, kind: .invalidInput, "NIC '\(nic.name)' IP configuration '\(config.name)' names no subnet; this endpoint is not analysed")
                } else if config.privateAddress == nil {
                    // A template's dynamic address is chosen by Azure when it deploys.
                    let dynamic = configRaw.property("privateIPAllocationMethod")?.string?.lowercased() == "dynamic"
                    warn(
                        configRaw, kind: dynamic ? .assumption : .invalidInput,
                        "NIC '\(nic.name)' IP configuration '\(config.name)' has no privateIPAddress"
                            + (dynamic ? " (Dynamic: Azure assigns it when deploying)" : "") + "; this endpoint is not analysed")
                } else if let subnet = config.subnet.flatMap({ topology.subnets[$0] }), let ip = config.privateAddress,
                    !subnet.prefixes.isEmpty, !subnet.addresses.contains(ip)
                {
                    warn(
                        configRaw, kind: .invalidInput,
                        "NIC '\(nic.name)' address \(ip) lies outside its subnet '\(subnet.name)' (\(subnet.prefixes.map(\.description).joined(separator: ", ")))"
                    )
                }
                if let pip = config.publicIP, topology.publicIPs[pip] == nil {
                    warn(
                        configRaw, kind: .danglingReference,
                        "NIC '\(nic.name)' references public IP \(pip), which is not in the input; its address is unknown, so Internet flows cannot be traced to it"
                    )
                }
                for asg in config.applicationSecurityGroups where topology.applicationSecurityGroups[asg] == nil {
                    warn(
                        configRaw, kind: .danglingReference,
                        "NIC '\(nic.name)' is a member of ASG \(asg), which is not in the input; membership is still used by ID", severity: .note)
                }
            }
        }
        for peering in topology.peerings.values {
            guard let r = raw(peering.id) else { continue }
            if let remote = peering.remoteNetwork, topology.networks[remote] == nil {
                warn(
                    r, at: r.property("remoteVirtualNetwork"), kind: .danglingReference,
                    "peering '\(peering.name)' points at VNet \(remote), which is not in the input; without the remote side no traffic crosses it (PEER-1)")
            } else if peering.remoteNetwork == nil {
                warn(r, kind: .invalidInput, "peering '\(peering.name)' has no remoteVirtualNetwork; it carries no traffic")
            }
        }
        for nat in topology.natGateways.values {
            guard let r = raw(nat.id) else { continue }
            for pip in nat.publicIPs where topology.publicIPs[pip] == nil {
                warn(
                    r, at: r.property("publicIpAddresses"), kind: .danglingReference,
                    "NAT gateway '\(nat.name)' uses public IP \(pip), which is not in the input; its address is shown as unknown")
            }
        }
        // PEER-4: address spaces of peered VNets must not overlap.
        for peering in topology.peerings.values {
            guard let local = topology.networks[peering.localNetwork], let remote = peering.remoteNetwork.flatMap({ topology.networks[$0] }),
                local.addresses.overlaps(remote.addresses), let r = raw(peering.id)
            else { continue }
            warn(
                r, kind: .invalidInput,
                "peering '\(peering.name)' joins VNets whose address spaces overlap (\(local.name), \(remote.name)); Azure does not allow this (PEER-4)")
        }
    }
}

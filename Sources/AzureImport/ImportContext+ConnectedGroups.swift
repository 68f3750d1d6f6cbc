import TopologyModel

extension ImportContext {
    /// The links of Virtual Network Manager's connected groups, as pairs of peering sides with
    /// no resource of their own (AVNM-12 to AVNM-15): a mesh configuration connects every
    /// member of its groups, a hub-and-spoke one the members of each group with direct
    /// connectivity and the hubs. Only within a region unless the configuration (or the
    /// group) is global; only where the configuration is deployed, or, with no record of its
    /// deployment, everywhere with a warning (a link can only add reach, so assuming it hides
    /// no exposure). Peerings the export holds are kept as they are (AVNM-13, AVNM-16).
    mutating func connectedGroupPeerings(
        networks: [VirtualNetwork], members: [ResourceID: Set<ResourceID>], peerings: [VirtualNetworkPeering]
    ) -> [VirtualNetworkPeering] {
        let configurations = resources(ofType: NetworkManagerType.connectivityConfiguration).sorted { $0.id < $1.id }
        guard !configurations.isEmpty else { return [] }
        let networksByID = Dictionary(networks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let deployments = deploymentRecords(
            type: "connectivity", configurations: configurations, listed: configurations.map { ($0.id, $0) }, effectiveKey: "configurationGroups")
        let peered = Set(peerings.compactMap { p in p.remoteNetwork.map { [p.localNetwork.key, $0.key] } })
        var made: [VirtualNetworkPeering] = []
        var linked = Set<[String]>()
        for configuration in configurations {
            let shape = configuration.property("connectivityTopology")?.string?.lowercased() ?? ""
            guard shape == "mesh" || shape == "hubandspoke" else {
                error(configuration, at: configuration.property("connectivityTopology"), "connectivityTopology must be Mesh or HubAndSpoke (AVNM-12)")
                continue
            }
            let global = Self.flag(configuration.property("isGlobal"))
            var hubs: [ResourceID] = []
            for item in configuration.property("hubs")?.items ?? [] {
                guard let text = (item.child("properties") ?? item).child("resourceId")?.string else { continue }
                let hub = ResourceID(text)
                if let what = Self.notANetwork(hub) {
                    warn(
                        configuration, at: item, kind: .assumption,
                        "connectivity configuration '\(configuration.id.name)' names as its hub \(what): it connects nothing as a hub")
                    continue
                }
                hubs.append(hub)
            }
            var groups: [(vnets: Set<ResourceID>, global: Bool)] = []
            var meshMembers = Set<ResourceID>()
            for item in configuration.property("appliesToGroups")?.items ?? [] {
                let entry = item.child("properties") ?? item
                guard let group = entry.child("networkGroupId")?.string.map(ResourceID.init) else {
                    error(configuration, at: item, "an appliesToGroups entry has no \"networkGroupId\"")
                    continue
                }
                let vnets = members[group] ?? []
                if vnets.isEmpty {
                    warn(
                        configuration, at: item, kind: .assumption,
                        "network group \(group.name): the input names no member of it (AVNM-2), so connectivity configuration '\(configuration.id.name)' connects none of its VNets here"
                    )
                }
                if shape == "mesh" {
                    meshMembers.formUnion(vnets)
                } else if entry.child("groupConnectivity")?.string?.lowercased() == "directlyconnected" {
                    // AVNM-14: with direct connectivity the hub is in the spokes' group too.
                    groups.append((vnets.union(hubs), global || Self.flag(entry.child("isGlobal"))))
                }
            }
            if shape == "mesh" { groups.append((meshMembers, global)) }
            var assumed = Set<String>()
            for group in groups {
                let deployed = group.vnets.sorted().compactMap { networksByID[$0] }.filter { network in
                    switch deployments[configuration.id]?[Self.regionKey(network.location)] ?? .unknown {
                    case .deployed: return true
                    case .notDeployed: return false
                    case .unknown:
                        assumed.insert(network.location)
                        return true
                    }
                }
                // AVNM-14: traffic to addresses two members share is dropped. A link routes what
                // only its remote member holds; one whose remote space is all shared stays, with
                // no route (it carries replies the other way).
                var seen = AddressSet.empty, shared = AddressSet.empty
                for network in deployed {
                    let space = AddressSet(prefixes: network.addressSpace)
                    shared = shared.union(seen.intersection(space))
                    seen = seen.union(space)
                }
                let reachable = deployed.map { b in b.addressSpace.flatMap { Self.prefixes(of: AddressSet(prefixes: [$0]).subtracting(shared), within: $0) } }
                for a in deployed {
                    for (j, b) in deployed.enumerated() where a.id != b.id && (group.global || Self.regionKey(a.location) == Self.regionKey(b.location)) {
                        guard !peered.contains([a.id.key, b.id.key]), linked.insert([a.id.key, b.id.key]).inserted else { continue }
                        made.append(
                            VirtualNetworkPeering(
                                id: ResourceID("\(configuration.id.text)/connectedGroupLinks/\(a.name)-to-\(b.name)"),
                                name: "\(a.name)-to-\(b.name)", localNetwork: a.id, remoteNetwork: b.id, state: "connected",
                                allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: false, useRemoteGateways: false,
                                remoteAddressSpace: reachable[j], origin: configuration.sourceLocation, connectivityConfiguration: configuration.id))
                    }
                }
            }
            if !assumed.isEmpty {
                warn(
                    configuration, kind: .assumption,
                    "connectivity configuration '\(configuration.id.name)': the input holds no record of its deployment to \(assumed.sorted().joined(separator: ", ")) (AVNM-10, AVNM-11), so its connected group is taken to be in force there; export the manager's listDeploymentStatus response for an exact answer"
                )
            }
        }
        return made
    }

    /// AVNM-12: flags are the strings `"True"` and `"False"` (booleans accepted too).
    static func flag(_ node: JSONNode?) -> Bool { node?.bool ?? false }

    /// The CIDR blocks that make up `set`, which lies within `prefix`: the prefix itself when
    /// nothing was taken out of it. IPv6 space is kept whole or dropped whole.
    static func prefixes(of set: AddressSet, within prefix: IPPrefix) -> [IPPrefix] {
        if set == AddressSet(prefixes: [prefix]) { return [prefix] }
        return prefix.address.isV4 ? set.v4Blocks : []
    }
}

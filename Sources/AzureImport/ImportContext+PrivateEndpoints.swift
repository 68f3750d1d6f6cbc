import TopologyModel

extension ImportContext {
    /// Makes the three ways an export describes a private endpoint give one model (PE-6,
    /// §5.2): its NIC (`az network nic list`: a NIC with `privateEndpoint`), its own
    /// `ipConfigurations` or `customDnsConfigs` (`az network private-endpoint list`), or both.
    ///
    /// Afterwards every endpoint lists every address any description gives it (so each gets
    /// its /32 route, PE-5), every address is held by a NIC marked as the endpoint's (so
    /// flows arriving there meet PE-2 and PE-6, not a vacant address's rules), and the
    /// endpoint's application security groups are on that NIC's configurations.
    ///
    /// - Complexity: O(N + E + A) for N NICs, E endpoints and A addresses.
    mutating func reconcilePrivateEndpoints(_ interfaces: inout [NetworkInterface], _ endpoints: inout [PrivateEndpoint]) {
        var endpointIndex: [ResourceID: Int] = [:]
        for (i, pe) in endpoints.enumerated() { endpointIndex[pe.id] = i }
        var nicIndex: [ResourceID: Int] = [:]
        for (i, nic) in interfaces.enumerated() { nicIndex[nic.id] = i }
        // A NIC the endpoint names as its own belongs to it even when the NIC does not say so.
        for pe in endpoints {
            for nicID in pe.networkInterfaces {
                guard let j = nicIndex[nicID], interfaces[j].privateEndpoint == nil else { continue }
                interfaces[j] = Self.interface(interfaces[j], endpoint: pe.id, extraGroups: [], extraConfigurations: [])
            }
        }
        // What the NICs say about each endpoint: the addresses they hold and their subnet.
        var held: [ResourceID: [(address: IPAddress, subnet: ResourceID?)]] = [:]
        for j in interfaces.indices {
            guard let peID = interfaces[j].privateEndpoint else { continue }
            for config in interfaces[j].ipConfigurations {
                if let address = config.privateAddress { held[peID, default: []].append((address, config.subnet)) }
            }
            if let k = endpointIndex[peID], !endpoints[k].applicationSecurityGroups.isEmpty {
                interfaces[j] = Self.interface(interfaces[j], endpoint: peID, extraGroups: endpoints[k].applicationSecurityGroups, extraConfigurations: [])
            }
        }
        for k in endpoints.indices {
            let pe = endpoints[k]
            let fromNICs = held[pe.id] ?? []
            let subnet = pe.subnet ?? fromNICs.compactMap(\.subnet).first
            let addresses = Set(pe.addresses + fromNICs.map(\.address)).sorted()
            if addresses != pe.addresses || subnet != pe.subnet {
                endpoints[k] = PrivateEndpoint(
                    id: pe.id, name: pe.name, location: pe.location, subnet: subnet, addresses: addresses,
                    connections: pe.connections, applicationSecurityGroups: pe.applicationSecurityGroups,
                    dnsRecords: pe.dnsRecords, networkInterfaces: pe.networkInterfaces, origin: pe.origin)
            }
            // Addresses no NIC in the input holds: the endpoint's NIC, as Azure created it.
            let missing = addresses.filter { address in !fromNICs.contains { $0.address == address } }
            guard !missing.isEmpty else { continue }
            guard let subnet else {
                if let raw = resources[pe.id] {
                    warn(
                        raw, kind: .danglingReference,
                        "private endpoint '\(pe.name)' names no subnet and no NIC of the input holds its addresses; it is not placed in the estate")
                }
                continue
            }
            let nicID = pe.networkInterfaces.first { nicIndex[$0] == nil } ?? ResourceID(pe.id.text + "/networkInterfaces/" + pe.name + ".nic")
            let configurations = missing.enumerated().map { n, address in
                IPConfiguration(
                    id: ResourceID(nicID.text + "/ipConfigurations/privateEndpointIpConfig\(n == 0 ? "" : String(n + 1))"),
                    name: "privateEndpointIpConfig\(n == 0 ? "" : String(n + 1))", privateAddress: address, subnet: subnet, publicIP: nil,
                    applicationSecurityGroups: pe.applicationSecurityGroups, primary: n == 0)
            }
            if let j = nicIndex[nicID] {
                interfaces[j] = Self.interface(interfaces[j], endpoint: pe.id, extraGroups: [], extraConfigurations: configurations)
            } else {
                nicIndex[nicID] = interfaces.count
                interfaces.append(
                    NetworkInterface(
                        id: nicID, name: nicID.name, location: pe.location, tags: [:], securityGroup: nil,
                        ipForwarding: false, ipConfigurations: configurations, privateEndpoint: pe.id, origin: pe.origin))
            }
        }
    }

    /// A copy of a NIC marked as a private endpoint's, its configurations joined to
    /// `extraGroups` and followed by `extraConfigurations`.
    static func interface(_ nic: NetworkInterface, endpoint: ResourceID, extraGroups: [ResourceID], extraConfigurations: [IPConfiguration]) -> NetworkInterface
    {
        let configurations =
            nic.ipConfigurations.map { c in
                extraGroups.isEmpty
                    ? c
                    : IPConfiguration(
                        id: c.id, name: c.name, privateAddress: c.privateAddress, subnet: c.subnet, publicIP: c.publicIP,
                        applicationSecurityGroups: Array(Set(c.applicationSecurityGroups + extraGroups)), primary: c.primary)
            } + extraConfigurations
        return NetworkInterface(
            id: nic.id, name: nic.name, location: nic.location, tags: nic.tags, securityGroup: nic.securityGroup,
            ipForwarding: nic.ipForwarding, ipConfigurations: configurations, virtualMachine: nic.virtualMachine,
            privateEndpoint: endpoint, origin: nic.origin)
    }
}

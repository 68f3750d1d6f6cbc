import TopologyModel

extension ImportContext {
    /// A public IP sits on one IP configuration. When the input gives it to several (its own
    /// `ipConfiguration` back-reference names one, other NICs' configurations name it too), the
    /// export contradicts itself: the back-reference, which Azure sets on the address, is
    /// believed (else the first claimant by ID), the other claims are dropped, and a warning
    /// names every side, so no answer depends on an ordering nobody sees.
    ///
    /// - Complexity: O(C log C) for C IP configurations.
    mutating func settlePublicIPClaims(_ interfaces: inout [NetworkInterface], _ publicIPs: [PublicIPAddress]) {
        var claims: [ResourceID: [ResourceID]] = [:]
        for nic in interfaces { for config in nic.ipConfigurations { if let pip = config.publicIP { claims[pip, default: []].append(config.id) } } }
        let byID = Dictionary(publicIPs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var dropped: Set<ResourceID> = []
        for (pipID, configs) in claims.sorted(by: { $0.key < $1.key }) {
            let back = byID[pipID]?.attachedTo
            let claimants = Set(configs + (back.map { [$0] } ?? [])).sorted()
            guard claimants.count > 1 else { continue }
            let believed = back ?? claimants[0]
            for config in configs where config != believed { dropped.insert(config) }
            if let raw = resources[pipID] {
                warn(
                    raw, kind: .assumption,
                    "public IP '\(raw.name)' is claimed by \(claimants.count) IP configurations (\(claimants.map(\.text).joined(separator: ", "))); believed: \(believed.text) "
                        + (back != nil ? "(the public IP's own ipConfiguration)" : "(the first by ID; the public IP names none)")
                        + "; the others are analysed without it")
            }
        }
        guard !dropped.isEmpty else { return }
        for i in interfaces.indices where interfaces[i].ipConfigurations.contains(where: { dropped.contains($0.id) }) {
            let nic = interfaces[i]
            let configurations = nic.ipConfigurations.map { c in
                dropped.contains(c.id)
                    ? IPConfiguration(
                        id: c.id, name: c.name, privateAddress: c.privateAddress, subnet: c.subnet, publicIP: nil,
                        applicationSecurityGroups: c.applicationSecurityGroups, primary: c.primary)
                    : c
            }
            interfaces[i] = NetworkInterface(
                id: nic.id, name: nic.name, location: nic.location, tags: nic.tags, securityGroup: nic.securityGroup,
                ipForwarding: nic.ipForwarding, ipConfigurations: configurations, virtualMachine: nic.virtualMachine,
                privateEndpoint: nic.privateEndpoint, origin: nic.origin)
        }
    }
}

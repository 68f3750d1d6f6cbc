import TopologyModel

/// NAT gateways (explicit outbound, PUB-6) and the public IP prefixes they translate to.
extension ImportContext {
    mutating func convertNATGateway(_ raw: RawResource) -> NATGateway {
        let publicIPs = referenceList(raw, raw.property("publicIpAddresses"), owner: "NAT gateway '\(raw.name)'") ?? []
        var prefixes: [NATGateway.PublicPrefix] = []
        for id in referenceList(raw, raw.property("publicIpPrefixes"), owner: "NAT gateway '\(raw.name)'") ?? [] {
            var prefix: IPPrefix?
            if let prefixRaw = resources[id], let text = prefixRaw.property("ipPrefix")?.string {
                prefix = IPPrefix(text)
                if prefix == nil {
                    error(prefixRaw, at: prefixRaw.property("ipPrefix"), "public IP prefix '\(prefixRaw.name)' has an invalid ipPrefix '\(text)'")
                }
            } else {
                warn(
                    raw, at: raw.property("publicIpPrefixes"), kind: .danglingReference,
                    "NAT gateway '\(raw.name)' uses public IP prefix \(id), which is not in the input (or has no ipPrefix); its range is shown as unknown")
            }
            prefixes.append(NATGateway.PublicPrefix(id: id, prefix: prefix))
        }
        if publicIPs.isEmpty && prefixes.isEmpty {
            warn(
                raw, kind: .assumption,
                "NAT gateway '\(raw.name)' has no public IP address or prefix: it cannot translate, so its subnets are assumed to have no way out to the Internet"
            )
        }
        return NATGateway(id: raw.id, name: raw.name, location: raw.location, publicIPs: publicIPs, publicPrefixes: prefixes, origin: raw.sourceLocation)
    }

    /// Subnets a NAT gateway lists itself (`subnets`, read-only), for inputs whose subnets
    /// lack the `natGateway` reference.
    mutating func natGatewaySubnets(_ gateways: [RawResource]) -> [ResourceID: ResourceID] {
        var result: [ResourceID: ResourceID] = [:]
        for raw in gateways.sorted(by: { $0.id < $1.id }) {
            for subnet in referenceList(raw, raw.property("subnets")) ?? [] where result[subnet] == nil { result[subnet] = raw.id }
        }
        return result
    }
}

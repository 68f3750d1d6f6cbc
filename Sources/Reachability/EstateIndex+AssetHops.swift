import TopologyModel

extension EstateIndex {
    /// Private endpoint -> its target resource when the connection is Approved (PE-2, PE-4),
    /// and Internet -> a storage account whose public endpoint admits any network (ST-2,
    /// ST-3; authentication is still required, ST-4).
    func assetHops(_ nodes: [AttackNode]) -> [Hop] {
        let assets = Dictionary(nodes.compactMap { n in n.asset.map { ($0, n) } }, uniquingKeysWith: { a, _ in a })
        var hops: [Hop] = []
        for node in nodes where node.kind == .privateEndpoint {
            guard let e = node.endpoints.first, let peID = topology.interfaces[e.interface]?.privateEndpoint,
                let pe = topology.privateEndpoints[peID]
            else { continue }
            for connection in pe.connections where connection.state.carriesTraffic {
                guard let asset = assets[connection.target] else { continue }
                var services = ServiceSet()
                services.insert(.tcp, PortSet(443...443))
                hops.append(
                    Hop(
                        from: node.id, to: asset.id, services: services, allowedBy: [],
                        via: [
                            TraceStep(
                                kind: .note, resource: pe.id, resourceName: pe.name, decision: .forward,
                                rules: [.pe(1), .pe(2)],
                                event: .privateEndpointMaps(
                                    endpoint: pe.name, address: e.address, target: connection.target.name, groups: connection.groupIDs))
                        ],
                        witness: WitnessFlow(source: e.address, destination: e.address, translatedDestination: nil, proto: .tcp, port: 443, sourcePort: nil)))
            }
        }
        // SE-1..SE-3: hosts in a subnet with a Microsoft.Storage service endpoint that the
        // account's virtualNetworkRules admit reach its public endpoint with their private
        // address, on the service-endpoint route, bypassing any 0.0.0.0/0 appliance (SE-2).
        for account in topology.storageAccounts.values.sorted(by: { $0.id < $1.id }) {
            guard let asset = assets[account.id], account.publicNetworkAccess?.admitsPublicTraffic ?? true else { continue }
            for node in nodes where node.kind == .hosts {
                guard let subnetID = node.subnet, let subnet = topology.subnets[subnetID],
                    subnet.serviceEndpoints.contains(.storage),
                    account.virtualNetworkRules.contains(subnetID) || (account.defaultAction ?? .allow) == .allow,
                    let src = node.representative
                else { continue }
                // The outbound NSGs still apply; the service's addresses are Internet-tagged.
                let storageAddress = publicRepresentative(avoiding: .empty)
                let outcome = PolicyChain.evaluate(
                    outboundStages(src), source: identity(of: src), destination: EndpointIdentity(address: storageAddress),
                    sourcePorts: PortSet(options.clientSourcePorts), options: options)
                var allowedServices = ServiceSet()
                allowedServices.insert(.tcp, PortSet([80...80, 443...443]))
                allowedServices = allowedServices.intersection(outcome.allowed)
                guard !allowedServices.isEmpty, let w = allowedServices.witness else { continue }
                var hop = Hop(
                    from: node.id, to: asset.id, services: allowedServices, allowedBy: outcome.contributions,
                    via: [
                        TraceStep(
                            kind: .route, resource: subnetID, resourceName: subnet.name, decision: .forward,
                            rules: [.se(1)],
                            event: .storageServiceEndpoint(subnet: subnet.name))
                    ],
                    witness: WitnessFlow(
                        source: src.address, destination: storageAddress, translatedDestination: nil, proto: w.proto, port: w.port,
                        sourcePort: options.clientSourcePorts.lowerBound))
                hop.findings = [.serviceEndpointAdmitted(byRule: account.virtualNetworkRules.contains(subnetID))]
                hops.append(hop)
            }
        }
        // KV-1, KV-2, ACR-1: public endpoints of key vaults, registries and the inference
        // services (workspaces, online endpoints, AI services accounts; catalog LAT-PL-003).
        for service in topology.serviceResources.values.sorted(by: { $0.id < $1.id }) {
            guard let asset = assets[service.id], service.openToAllNetworks else { continue }
            var services = ServiceSet()
            services.insert(.tcp, PortSet(443...443))
            var findings: [HopFinding] = [
                .servicePublicEndpoint(service.kind, publicNetworkAccess: service.publicNetworkAccess, defaultAction: service.defaultAction)
            ]
            if service.adminUserEnabled { findings.append(.adminUserEnabled) }
            if service.anonymousPullEnabled { findings.append(.anonymousPullEnabled) }
            if service.kind == .keyVault { findings.append(.keyVaultNeedsAuthorization) }
            var hop = Hop(
                from: AttackNode.internetID, to: asset.id, services: services, allowedBy: [],
                via: [
                    TraceStep(
                        kind: .note, resource: service.id, resourceName: service.name, decision: .allow,
                        event: .servicePublicEndpoint(service.kind, name: service.name))
                ],
                witness: WitnessFlow(
                    source: publicRepresentative(avoiding: .empty), destination: publicRepresentative(avoiding: .empty),
                    translatedDestination: nil, proto: .tcp, port: 443, sourcePort: options.clientSourcePorts.lowerBound))
            hop.findings = findings
            hops.append(hop)
        }
        for account in topology.storageAccounts.values.sorted(by: { $0.id < $1.id }) {
            guard let asset = assets[account.id] else { continue }
            let defaultAction = account.defaultAction ?? .allow
            // With defaultAction Deny, IP rules still admit the public addresses they list (ST-3).
            let admitted = account.ipRules.intersection(.publicSpace)
            guard account.publicNetworkAccess?.admitsPublicTraffic ?? true, defaultAction == .allow || !admitted.isEmpty else { continue }
            var services = ServiceSet()
            services.insert(.tcp, PortSet([80...80, 443...443]))
            var findings: [HopFinding] = [
                defaultAction == .allow
                    ? .storagePublicEndpoint(publicNetworkAccess: account.publicNetworkAccess, defaultAction: account.defaultAction)
                    : .storageIPRules(admitted)
            ]
            let open = account.containers.filter { $0.value.isAnonymous }.keys.sorted()
            findings.append(
                .blobPublicAccess(
                    account.allowBlobPublicAccess, containers: open.map { HopFinding.AnonymousContainer(name: $0, access: account.containers[$0]!) }))
            if account.containers["$web"] != nil { findings.append(.staticWebsite) }
            var hop = Hop(
                from: AttackNode.internetID, to: asset.id, services: services, allowedBy: [],
                via: [
                    TraceStep(
                        kind: .note, resource: account.id, resourceName: account.name, decision: .allow,
                        event: .storagePublicEndpoint(account.name))
                ],
                witness: WitnessFlow(
                    source: defaultAction == .allow ? publicRepresentative(avoiding: .empty) : admitted.first ?? publicRepresentative(avoiding: .empty),
                    destination: publicRepresentative(avoiding: .empty),
                    translatedDestination: nil, proto: .tcp, port: 443, sourcePort: options.clientSourcePorts.lowerBound))
            hop.findings = findings
            hops.append(hop)
        }
        return hops
    }
}

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
                                detail:
                                    "private endpoint \(pe.name) (\(e.address)) maps to \(connection.target.name) \(connection.groupIDs.joined(separator: ",")), connection Approved"
                            )
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
                            detail:
                                "service endpoint Microsoft.Storage on subnet \(subnet.name): VirtualNetworkServiceEndpoint route to the storage public endpoint, source keeps its private address"
                        )
                    ],
                    witness: WitnessFlow(
                        source: src.address, destination: storageAddress, translatedDestination: nil, proto: w.proto, port: w.port,
                        sourcePort: options.clientSourcePorts.lowerBound))
                hop.findings = [
                    account.virtualNetworkRules.contains(subnetID)
                        ? "admitted by the account's virtualNetworkRules for this subnet (SE-3); service-endpoint routes bypass 0.0.0.0/0 firewall routes (SE-2)"
                        : "the account admits every network (defaultAction Allow); service-endpoint routes bypass 0.0.0.0/0 firewall routes (SE-2)"
                ]
                hops.append(hop)
            }
        }
        // KV-1, KV-2, ACR-1: public endpoints of key vaults and registries.
        for service in topology.serviceResources.values.sorted(by: { $0.id < $1.id }) {
            guard let asset = assets[service.id] else { continue }
            guard service.publicNetworkAccess?.admitsPublicTraffic ?? true, (service.defaultAction ?? .allow) == .allow else { continue }
            var services = ServiceSet()
            services.insert(.tcp, PortSet(443...443))
            var findings = [
                "public endpoint open to every network: publicNetworkAccess=\(service.publicNetworkAccess?.azureName ?? "(unset, Enabled)"), default action \(service.defaultAction?.azureName ?? "(no network rules: any network)")"
                    + (service.kind == .keyVault ? " (KV-1, KV-2)" : " (ACR-1)")
            ]
            if service.adminUserEnabled { findings.append("adminUserEnabled=true: a static admin credential can push and pull every repository (ACR-1)") }
            if service.anonymousPullEnabled { findings.append("anonymousPullEnabled=true: anyone can pull images without credentials (ACR-1)") }
            if service.kind == .keyVault { findings.append("requests still need Entra ID and vault access (KV-2)") }
            var hop = Hop(
                from: AttackNode.internetID, to: asset.id, services: services, allowedBy: [],
                via: [
                    TraceStep(
                        kind: .note, resource: service.id, resourceName: service.name, decision: .allow,
                        detail: "\(service.kind.rawValue) \(service.name) public endpoint")
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
            var findings =
                defaultAction == .allow
                ? [
                    "public endpoint open to every network: publicNetworkAccess=\(account.publicNetworkAccess?.azureName ?? "(unset, Enabled)"), networkAcls.defaultAction=\(account.defaultAction?.azureName ?? "(unset, Allow)") (ST-2, ST-3); a private endpoint does not close it (PE-4)"
                ]
                : [
                    "public endpoint open only to the Internet addresses in networkAcls.ipRules: \(admitted.rangeDescriptions.joined(separator: ", ")) (defaultAction Deny, ST-3)"
                ]
            let open = account.containers.filter { $0.value.isAnonymous }.keys.sorted()
            switch account.allowBlobPublicAccess {
            case true?:
                findings.append(
                    "allowBlobPublicAccess=true: "
                        + (open.isEmpty
                            ? "containers set to Blob or Container would be readable anonymously (ST-1)"
                            : "anonymous read of containers " + open.map { "\($0) (\(account.containers[$0]!.rawValue))" }.joined(separator: ", ") + " (ST-1)"))
            case nil:
                findings.append(
                    "allowBlobPublicAccess unset: older accounts may allow anonymous containers (ST-1, uncertain)"
                        + (open.isEmpty ? "" : "; containers with public access: " + open.joined(separator: ", ")))
            default:
                findings.append(
                    "requests still need credentials (key, SAS or Entra ID; ST-4)"
                        + (open.isEmpty
                            ? ""
                            : "; containers " + open.joined(separator: ", ") + " ask for public access, which allowBlobPublicAccess=false overrides (ST-1)"))
            }
            if account.containers["$web"] != nil {
                findings.append("static website container $web is readable anonymously whatever allowBlobPublicAccess says (ST-1)")
            }
            var hop = Hop(
                from: AttackNode.internetID, to: asset.id, services: services, allowedBy: [],
                via: [
                    TraceStep(
                        kind: .note, resource: account.id, resourceName: account.name, decision: .allow,
                        detail: "storage account \(account.name) public endpoint")
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

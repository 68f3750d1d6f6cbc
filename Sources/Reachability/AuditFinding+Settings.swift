import TopologyModel

extension AuditFinding {
    /// Subnets Azure reserves for its own services, which take no NSG or need none (catalog
    /// NET-009, after PSRule's Azure.VNET.UseNSGs).
    static let reservedSubnets: Set<String> = ["gatewaysubnet", "azurefirewallsubnet", "azurefirewallmanagementsubnet", "routeserversubnet"]

    /// NET-009, NET-010, PL-001: subnets without an NSG, public IPs on the targets' NICs,
    /// private endpoints their subnet's NSG does not guard.
    static func subnets(_ topology: Topology, zone: ZoneContext) -> [AuditFinding] {
        var found: [AuditFinding] = []
        for subnet in topology.subnets.values where subnet.securityGroup == nil && !reservedSubnets.contains(subnet.name.lowercased()) {
            let endpoints = topology.endpointsBySubnet[subnet.id] ?? []
            let interfaces = Set(endpoints.map(\.interface))
            let guarded = interfaces.filter { topology.interfaces[$0]?.securityGroup != nil }.count
            guard endpoints.isEmpty || guarded < interfaces.count else { continue }
            found.append(
                AuditFinding(
                    code: .subnetWithoutSecurityGroup, subject: subject(subnet, topology),
                    evidence: .setting(.noSecurityGroup(interfaces: interfaces.count, withSecurityGroup: guarded)),
                    inTargetZone: zone.subnets.contains(subnet.id)))
        }
        for id in zone.subnets {
            guard let subnet = topology.subnets[id] else { continue }
            var seen = Set<ResourceID>()
            for endpoint in topology.endpointsBySubnet[id] ?? [] where endpoint.publicIP != nil && seen.insert(endpoint.interface).inserted {
                let nic = topology.interfaces[endpoint.interface]
                let interface = PostureNote.Subject(id: endpoint.interface, name: nic?.name ?? endpoint.interface.name, origin: nic?.origin)
                found.append(
                    AuditFinding(
                        code: .publicIPInTargetZone, subject: subject(subnet, topology),
                        evidence: .setting(.publicIP(interface: interface, address: endpoint.publicIP?.address)), inTargetZone: true))
            }
        }
        for endpoint in topology.privateEndpoints.values {
            guard let subnet = endpoint.subnet.flatMap({ topology.subnets[$0] }), let nsg = subnet.securityGroup,
                !subnet.privateEndpointNetworkPolicies.appliesSecurityGroups,
                endpoint.connections.contains(where: { isAsset($0.target, topology) })
            else { continue }
            let pe = PostureNote.Subject(id: endpoint.id, name: endpoint.name, origin: endpoint.origin)
            found.append(
                AuditFinding(
                    code: .privateEndpointPoliciesOff, subject: subject(subnet, topology),
                    evidence: .setting(.privateEndpointPolicies(subnet.privateEndpointNetworkPolicies, endpoint: pe, securityGroup: nsg)),
                    inTargetZone: zone.subnets.contains(subnet.id)))
        }
        return found
    }

    /// EDGE-001 to EDGE-003: Application Gateways with a public listener whose WAF cannot
    /// block, firewalls whose threat intelligence or IDPS only alerts.
    static func edges(_ topology: Topology, zone: ZoneContext) -> [AuditFinding] {
        var found: [AuditFinding] = []
        for gateway in topology.applicationGateways.values {
            let listeners = Set(gateway.routes.filter { $0.publicIP != nil }.map(\.listener)).count
            guard listeners > 0, gateway.webApplicationFirewall?.mayBlock != true else { continue }
            found.append(
                AuditFinding(
                    code: .gatewayWithoutPreventionWAF, subject: .init(id: gateway.id, name: gateway.name, origin: gateway.origin),
                    evidence: .setting(.webApplicationFirewall(gateway.webApplicationFirewall, publicListeners: listeners)), inTargetZone: false))
        }
        for firewall in topology.firewalls.values {
            let subject = PostureNote.Subject(id: firewall.id, name: firewall.name, origin: firewall.origin)
            let inZone = zone.firewalls.contains(firewall.id)
            if firewall.threatIntelMode != .deny {
                found.append(
                    AuditFinding(
                        code: .threatIntelligenceNotDeny, subject: subject, evidence: .setting(.threatIntelligence(firewall.threatIntelMode)),
                        inTargetZone: inZone))
            }
            let terminating = tlsTerminatingRules(firewall, zone: zone, topology: topology)
            if firewall.skuTier?.lowercased() != "premium" || firewall.intrusionDetectionMode != .deny || firewall.tlsInspectionCertificate == nil
                || terminating.isEmpty
            {
                found.append(
                    AuditFinding(
                        code: .intrusionDetectionNotDeny, subject: subject,
                        evidence: .setting(
                            .intrusionDetection(
                                tier: firewall.skuTier, mode: firewall.intrusionDetectionMode, certificate: firewall.tlsInspectionCertificate,
                                terminatingRules: terminating)), inTargetZone: inZone))
            }
        }
        return found
    }

    /// EDGE-003's TLS half (FW-14): the firewall's application rules that terminate TLS for
    /// the training zone's egress (their sources cover a training subnet's addresses, or any
    /// source; with no training zone, every such rule), as `collection/rule`.
    static func tlsTerminatingRules(_ firewall: Firewall, zone: ZoneContext, topology: Topology) -> [String] {
        let training = zone.subnets.compactMap { topology.subnets[$0]?.addresses }.reduce(AddressSet.empty) { $0.union($1) }
        return firewall.collections(.application).flatMap { collection in
            collection.rules.filter { rule in
                rule.terminatesTLS && (zone.subnets.isEmpty || rule.sources.any || rule.sources.addresses.overlaps(training))
            }.map { "\(collection.name)/\($0.name)" }
        }
    }

    /// STO-001 to STO-003, KV-001, ACR-001 to ACR-003, PL-002: storage accounts, key vaults,
    /// registries, workspaces and AI services accounts, from their settings; escalated on
    /// crown jewels.
    static func assets(_ topology: Topology, zone: ZoneContext) -> [AuditFinding] {
        var found: [AuditFinding] = []
        var connections: [ResourceID: [Connection]] = [:]
        for endpoint in topology.privateEndpoints.values {
            for connection in endpoint.connections {
                connections[connection.target, default: []].append(
                    Connection(endpoint: .init(id: endpoint.id, name: endpoint.name, origin: endpoint.origin), state: connection.state))
            }
        }
        func privateLink(_ id: ResourceID, _ subject: PostureNote.Subject, _ access: PublicNetworkAccess?) {
            let named = (connections[id] ?? []).sorted { $0.endpoint.id < $1.endpoint.id }
            guard access != .disabled, !named.contains(where: { $0.state.carriesTraffic }) else { return }
            found.append(
                AuditFinding(
                    code: .noApprovedPrivateEndpoint, subject: subject, evidence: .setting(.privateEndpoints(named)),
                    inTargetZone: zone.assets.contains(subject.id)))
        }
        for account in topology.storageAccounts.values {
            let subject = PostureNote.Subject(id: account.id, name: account.name, origin: account.origin)
            let open = opensToAll(account.publicNetworkAccess, account.defaultAction)
            let admitsSome = open || (account.publicNetworkAccess != .disabled && !account.ipRules.isEmpty)
            let anonymous = account.containers.filter(\.value.isAnonymous).keys.sorted()
            if account.allowBlobPublicAccess != false, !anonymous.isEmpty, admitsSome {
                found.append(
                    AuditFinding(
                        code: .anonymousBlobRead, subject: subject,
                        evidence: .setting(.anonymousContainers(anonymous, accountAllows: account.allowBlobPublicAccess)),
                        inTargetZone: zone.assets.contains(subject.id)))
            }
            if open {
                found.append(
                    AuditFinding(
                        code: .storageOpenToAllNetworks, subject: subject,
                        evidence: .setting(.publicEndpoint(account.publicNetworkAccess, account.defaultAction)),
                        inTargetZone: zone.assets.contains(subject.id)))
            }
            if account.allowSharedKeyAccess != false {
                found.append(
                    AuditFinding(
                        code: .sharedKeyAccess, subject: subject, evidence: .setting(.sharedKey(account.allowSharedKeyAccess)),
                        inTargetZone: zone.assets.contains(subject.id)))
            }
            privateLink(account.id, subject, account.publicNetworkAccess)
        }
        for resource in topology.serviceResources.values {
            let subject = PostureNote.Subject(id: resource.id, name: resource.name, origin: resource.origin)
            let endpoint = Evidence.setting(.publicEndpoint(resource.publicNetworkAccess, resource.defaultAction))
            let open = opensToAll(resource.publicNetworkAccess, resource.defaultAction)
            switch resource.kind {
            case .keyVault:
                if open {
                    found.append(AuditFinding(code: .keyVaultPublic, subject: subject, evidence: endpoint, inTargetZone: zone.assets.contains(subject.id)))
                }
            case .containerRegistry:
                if resource.adminUserEnabled {
                    found.append(
                        AuditFinding(code: .registryAdminUser, subject: subject, evidence: .setting(.adminUser), inTargetZone: zone.assets.contains(subject.id))
                    )
                }
                if resource.anonymousPullEnabled {
                    found.append(
                        AuditFinding(
                            code: .registryAnonymousPull, subject: subject, evidence: .setting(.anonymousPull), inTargetZone: zone.assets.contains(subject.id)))
                }
                if open {
                    found.append(AuditFinding(code: .registryPublic, subject: subject, evidence: endpoint, inTargetZone: zone.assets.contains(subject.id)))
                }
            case .machineLearningWorkspace, .onlineEndpoint, .aiServices:
                break
            }
            if resource.kind.takesPrivateEndpoints { privateLink(resource.id, subject, resource.publicNetworkAccess) }
        }
        return found
    }

    /// A public endpoint that takes traffic from every network: public network access not
    /// Disabled, and no network rules or a default action of Allow (ST-2, KV-1, ACR-1).
    static func opensToAll(_ access: PublicNetworkAccess?, _ defaultAction: NetworkDefaultAction?) -> Bool {
        (access?.admitsPublicTraffic ?? true) && defaultAction != .deny
    }

    static func isAsset(_ id: ResourceID, _ topology: Topology) -> Bool {
        topology.storageAccounts[id] != nil || topology.serviceResources[id] != nil
    }

    static func subject(_ subnet: Subnet, _ topology: Topology) -> PostureNote.Subject {
        .init(id: subnet.id, name: "\(topology.networks[subnet.network]?.name ?? subnet.network.name)/\(subnet.name)", origin: subnet.origin)
    }
}

import TopologyModel

extension AuditFinding {
    /// PL-003: Machine Learning workspaces, online endpoints and OpenAI or AIServices
    /// accounts whose public endpoint takes traffic from every network, or that take static
    /// keys (an online endpoint's `authMode` Key, an account's local authentication);
    /// escalated on crown jewels.
    static func inferenceEndpoints(_ topology: Topology, zone: ZoneContext) -> [AuditFinding] {
        var found: [AuditFinding] = []
        for resource in topology.serviceResources.values {
            switch resource.kind {
            case .machineLearningWorkspace, .onlineEndpoint: break
            case .aiServices: guard resource.inference.accountKind?.servesLanguageModels == true else { continue }
            case .keyVault, .containerRegistry: continue
            }
            let endpoint = InferenceEndpoint(resource)
            guard endpoint.openToAllNetworks || endpoint.takesKeys else { continue }
            found.append(
                AuditFinding(
                    code: .inferenceEndpointExposed, subject: .init(id: resource.id, name: resource.name, origin: resource.origin),
                    evidence: .setting(.inferenceEndpoint(endpoint)), inTargetZone: zone.assets.contains(resource.id)))
        }
        return found
    }

    /// PL-004: storage accounts and Private Link-capable services whose own
    /// `privateEndpointConnections` list an Approved connection from a private endpoint in a
    /// subscription that no resource of the input is in. "The estate" is the subscriptions
    /// of the input: a subscription the export left out counts as foreign. A connection
    /// whose endpoint ID names no subscription is not judged.
    static func foreignPrivateEndpoints(_ topology: Topology, zone: ZoneContext) -> [AuditFinding] {
        var found: [AuditFinding] = []
        func check(_ id: ResourceID, _ name: String, _ origin: SourceLocation?, _ connections: [PrivateEndpointConnection]) {
            let foreign = connections.filter { connection in
                guard connection.state.carriesTraffic, let subscription = connection.endpoint?.subscription?.lowercased() else { return false }
                return !topology.subscriptions.contains(subscription)
            }
            guard !foreign.isEmpty else { return }
            found.append(
                AuditFinding(
                    code: .foreignPrivateEndpoint, subject: .init(id: id, name: name, origin: origin),
                    evidence: .setting(.foreignEndpoints(foreign, estateSubscriptions: topology.subscriptions.count)),
                    inTargetZone: zone.assets.contains(id)))
        }
        for account in topology.storageAccounts.values { check(account.id, account.name, account.origin, account.privateEndpointConnections) }
        for resource in topology.serviceResources.values {
            check(resource.id, resource.name, resource.origin, resource.privateEndpointConnections)
        }
        return found
    }
}

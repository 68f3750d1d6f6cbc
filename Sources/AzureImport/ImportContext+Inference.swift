import TopologyModel

extension ImportContext {
    /// The LLM inference services' settings that decide who may call them (catalog
    /// LAT-PL-003). Values Azure does not define are warned about and taken as the setting
    /// that hides no exposure.
    mutating func inferenceSettings(_ raw: RawResource, kind: ServiceResource.Kind) -> InferenceSettings {
        var settings = InferenceSettings()
        switch kind {
        case .machineLearningWorkspace:
            settings.allowPublicAccessWhenBehindVnet = raw.property("allowPublicAccessWhenBehindVnet")?.bool
        case .onlineEndpoint:
            settings.authMode = setting(
                raw, raw.property("authMode"), named: "authMode", assumed: .key,
                because: "taken as Key, the mode whose static keys anyone holding one may use", InferenceSettings.AuthMode.init(azure:))
        case .aiServices:
            settings.accountKind = raw.node.child("kind")?.string.map(InferenceSettings.AccountKind.init(azure:))
            settings.disableLocalAuth = raw.property("disableLocalAuth")?.bool
        case .keyVault, .containerRegistry:
            break
        }
        return settings
    }

    /// A resource's own `privateEndpointConnections`, nested in its properties or given as
    /// child resources (`.../privateEndpointConnections/NAME`), sorted by name; a connection
    /// both ways is read once, the nested one first.
    mutating func privateEndpointConnections(_ raw: RawResource) -> [PrivateEndpointConnection] {
        var found: [String: PrivateEndpointConnection] = [:]
        func read(_ node: JSONNode, name: String?, id: ResourceID?) {
            let props = node.child("properties") ?? node
            let endpoint = props.child("privateEndpoint")?.referenceID
            let key = (name ?? endpoint?.name ?? "").lowercased()
            guard found[key] == nil else { return }
            let state = PrivateEndpoint.ConnectionState(azure: props.child("privateLinkServiceConnectionState")?.child("status")?.string)
            found[key] = PrivateEndpointConnection(name: name ?? endpoint?.name ?? "(unnamed)", id: id, endpoint: endpoint, state: state)
        }
        for item in raw.property("privateEndpointConnections")?.items ?? [] {
            read(item, name: item.child("name")?.string.map { $0.split(separator: "/").last.map(String.init) ?? $0 }, id: item.child("id")?.referenceID)
        }
        for child in children(of: raw.id, type: raw.type + "/privateendpointconnections") {
            read(child.node, name: child.id.name, id: child.id)
        }
        return found.values.sorted { ($0.name.lowercased(), $0.endpoint?.key ?? "") < ($1.name.lowercased(), $1.endpoint?.key ?? "") }
    }
}

import TopologyModel

/// What the public endpoint of a storage account, key vault, registry or inference service admits from each
/// source a reviewer asks about: the same question `lateral exposure` answers for NSGs, for
/// the resources that have no NSG (ST-2, ST-3, KV-1, ACR-1).
public struct AssetExposure: Sendable {
    public let id: ResourceID
    public let name: String
    /// `storage account`, `key vault`, `container registry`.
    public let kind: String
    public let origin: SourceLocation?
    public let sources: [Reach]

    public struct Reach: Sendable {
        public let source: ExposureSource
        /// Empty when the endpoint admits none of the source's addresses.
        public let services: ServiceSet
        /// The source's addresses the endpoint admits.
        public let admitted: AddressSet
        /// Why, in the settings' own words.
        public let reason: String
    }

    /// Every storage account, key vault and registry, by name. The VirtualNetwork source is
    /// not asked here: hosts reach these through private endpoints and service endpoints,
    /// which `paths` follows.
    ///
    /// - Complexity: O(resources × sources) interval-set intersections.
    public static func evaluate(_ topology: Topology, sources: [ExposureSource]) -> [AssetExposure] {
        let asked = sources.filter { $0.kind != .virtualNetwork }
        var out: [AssetExposure] = []
        for account in topology.storageAccounts.values {
            var web = ServiceSet()
            web.insert(.tcp, PortSet([80...80, 443...443]))
            let (admitted, reason) = admittedAddresses(
                access: account.publicNetworkAccess, defaultAction: account.defaultAction, ipRules: account.ipRules, rule: "ST-2, ST-3")
            out.append(exposure(account.id, account.name, "storage account", account.origin, web, admitted, reason, asked))
        }
        for service in topology.serviceResources.values {
            var https = ServiceSet()
            https.insert(.tcp, PortSet(443...443))
            // A workspace's allowPublicAccessWhenBehindVnet opens it whatever publicNetworkAccess says.
            let behindVnet = service.kind == .machineLearningWorkspace && service.inference.allowPublicAccessWhenBehindVnet == true
            let (admitted, reason) = admittedAddresses(
                access: behindVnet ? .enabled : service.publicNetworkAccess, defaultAction: service.defaultAction, ipRules: .empty,
                rule: rule(service.kind) + (behindVnet ? ", allowPublicAccessWhenBehindVnet true" : ""))
            out.append(exposure(service.id, service.name, service.kind.rawValue, service.origin, https, admitted, reason, asked))
        }
        return out.sorted { ($0.name.lowercased(), $0.id) < ($1.name.lowercased(), $1.id) }
    }

    private static func exposure(
        _ id: ResourceID, _ name: String, _ kind: String, _ origin: SourceLocation?, _ services: ServiceSet, _ admitted: AddressSet, _ reason: String,
        _ sources: [ExposureSource]
    ) -> AssetExposure {
        let reaches = sources.map { source -> Reach in
            let addresses: AddressSet
            switch source.kind {
            case .internet, .virtualNetwork: addresses = .publicSpace
            case .addresses(let set): addresses = set
            }
            let reached = admitted.intersection(addresses)
            return Reach(source: source, services: reached.isEmpty ? ServiceSet() : services, admitted: reached, reason: reason)
        }
        return AssetExposure(id: id, name: name, kind: kind, origin: origin, sources: reaches)
    }

    /// The addresses a public endpoint admits: none when public access is Disabled; every
    /// address when the default action is Allow (or there are no network rules); else the
    /// public addresses the IP rules list (private ranges in IP rules admit nothing, ST-3).
    /// The rule (or catalog entry) that says what a service's public endpoint admits.
    private static func rule(_ kind: ServiceResource.Kind) -> String {
        switch kind {
        case .keyVault: "KV-1"
        case .containerRegistry: "ACR-1"
        case .machineLearningWorkspace, .onlineEndpoint, .aiServices: "LAT-PL-003"
        }
    }

    private static func admittedAddresses(
        access: PublicNetworkAccess?, defaultAction: NetworkDefaultAction?, ipRules: AddressSet, rule: String
    ) -> (AddressSet, String) {
        guard access?.admitsPublicTraffic ?? true else { return (.empty, "publicNetworkAccess Disabled (\(rule))") }
        let setting = "publicNetworkAccess \(access?.azureName ?? "unset (Enabled)")"
        guard defaultAction == .deny else {
            return (.all, "\(setting), default action \(defaultAction?.azureName ?? "unset (Allow)") (\(rule))")
        }
        let listed = ipRules.intersection(.publicSpace)
        return (
            listed, "\(setting), default action Deny" + (listed.isEmpty ? "" : ", IP rules \(listed.rangeDescriptions.joined(separator: ", "))") + " (\(rule))"
        )
    }
}

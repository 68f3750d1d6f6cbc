import TopologyModel

extension ImportContext {
    /// An enumerated Azure setting read into its type. A value Azure does not define is not
    /// guessed at silently: the warning says what the analysis takes instead (`assumed`),
    /// which is always the reading that hides no exposure.
    mutating func setting<Value>(
        _ raw: RawResource, _ node: JSONNode?, named name: String, assumed: Value?, because why: String,
        _ parse: (String) -> Value?
    ) -> Value? {
        guard let node, let text = node.string else { return nil }
        if let value = parse(text) { return value }
        warn(raw, at: node, kind: .assumption, "\(raw.name): \(name) '\(text)' is not a value Azure defines; \(why)")
        return assumed
    }

    mutating func publicNetworkAccess(_ raw: RawResource) -> PublicNetworkAccess? {
        setting(
            raw, raw.property("publicNetworkAccess"), named: "publicNetworkAccess", assumed: .enabled,
            because: "taken as Enabled, so its network rules decide who reaches the public endpoint", PublicNetworkAccess.init(azure:))
    }

    mutating func defaultAction(_ raw: RawResource, _ acls: JSONNode?) -> NetworkDefaultAction? {
        setting(
            raw, acls?.child("defaultAction"), named: "defaultAction", assumed: .allow,
            because: "taken as Allow, so every network reaches the public endpoint", NetworkDefaultAction.init(azure:))
    }

    mutating func inspectionMode(_ raw: RawResource, _ node: JSONNode?, named name: String) -> FirewallInspectionMode? {
        setting(
            raw, node, named: name, assumed: .alert,
            because: "taken as Alert, which drops nothing, so no flow is judged closed on its account", FirewallInspectionMode.init(azure:))
    }
}

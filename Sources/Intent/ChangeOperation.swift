import AzureImport
import TopologyModel

/// One operation of a change file, checked for shape but not yet resolved.
struct ChangeOperation {
    enum Kind: String, CaseIterable {
        case addNSGRule = "add-nsg-rule", removeNSGRule = "remove-nsg-rule", modifyNSGRule = "modify-nsg-rule"
        case attachNSG = "attach-nsg", detachNSG = "detach-nsg"
        case attachRouteTable = "attach-route-table", detachRouteTable = "detach-route-table"
        case addRoute = "add-route", removeRoute = "remove-route", modifyRoute = "modify-route"
        case addPeering = "add-peering", removePeering = "remove-peering", modifyPeering = "modify-peering"
        case addFirewallRule = "add-firewall-rule", removeFirewallRule = "remove-firewall-rule"
        case addFirewallRuleCollection = "add-firewall-rule-collection", removeFirewallRuleCollection = "remove-firewall-rule-collection"
        case setPrivateEndpointNetworkPolicies = "set-private-endpoint-network-policies"
        case setStoragePublicAccess = "set-storage-public-access"
        case patch
        case addResource = "add-resource", removeResource = "remove-resource"
    }

    let kind: Kind
    let node: YAMLNode
    /// The target as written (absent only for add-resource).
    let target: TargetPath?
    /// The operation's payload: a rule, route, peering, collection, `set` members, patch or
    /// resource body.
    let payload: YAMLNode?
    /// The second reference some operations take (the NSG to attach, the route table, the
    /// remote VNet of a peering).
    let reference: TargetPath?
    /// Extra flags: the rule collection kind of a classic firewall, the reverse peering's
    /// name, a network-policies value.
    let option: String?

    var summary: String {
        var text = kind.rawValue
        if let target { text += " " + target.text }
        if let reference { text += " -> " + reference.text }
        if let option { text += " (" + option + ")" }
        if let name = payload?.json["name"]?.stringValue { text += " [\(name)]" }
        return text
    }

    init(_ node: YAMLNode) throws(IntentError) {
        self.node = node
        var fields = try node.mapping()
        let opText = try fields.required("op", context: "a change").string()
        guard let kind = Kind(rawValue: opText) else {
            throw node.fail("unknown operation '\(opText)'; known operations: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.kind = kind
        func path(_ key: String) throws(IntentError) -> TargetPath {
            let value = try fields.required(key, context: "'\(opText)'")
            return try TargetPath(value.string(), at: value)
        }
        func payload(_ key: String) throws(IntentError) -> YAMLNode {
            let value = try fields.required(key, context: "'\(opText)'")
            _ = try value.mapping()
            return value
        }
        var target: TargetPath? = nil
        var payloadNode: YAMLNode? = nil
        var reference: TargetPath? = nil
        var option: String? = nil
        switch kind {
        case .addResource:
            payloadNode = try payload("resource")
        default:
            target = try path("target")
        }
        switch kind {
        case .addNSGRule, .addFirewallRule: payloadNode = try payload("rule")
        case .modifyNSGRule, .modifyRoute, .modifyPeering, .setStoragePublicAccess: payloadNode = try payload("set")
        case .attachNSG: reference = try path("nsg")
        case .attachRouteTable: reference = try path("route-table")
        case .addRoute: payloadNode = try payload("route")
        case .addPeering:
            payloadNode = try payload("peering")
            reference = try path("remote")
            option = try fields.optional("mirror")?.string()
        case .addFirewallRuleCollection:
            payloadNode = try payload("collection")
            option = try fields.optional("collection-kind")?.string()
            if let option, !["network", "application", "nat"].contains(option) {
                throw node.fail("collection-kind must be network, application or nat, not '\(option)'")
            }
        case .setPrivateEndpointNetworkPolicies:
            let value = try fields.required("value", context: "'\(opText)'").string()
            let allowed = ["Enabled", "Disabled", "NetworkSecurityGroupEnabled", "RouteTableEnabled"]
            guard let canonical = allowed.first(where: { $0.lowercased() == value.lowercased() }) else {
                throw node.fail("value must be one of \(allowed.joined(separator: ", ")), not '\(value)'")
            }
            option = canonical
        case .patch: payloadNode = try payload("patch")
        default: break
        }
        _ = fields.optional("comment")
        try fields.finish(context: "'\(opText)'")
        self.target = target
        self.payload = payloadNode
        self.reference = reference
        self.option = option
    }
}

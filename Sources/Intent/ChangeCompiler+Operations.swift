import AzureImport
import TopologyModel

extension ChangeCompiler {
    static let nsg = "microsoft.network/networksecuritygroups"
    static let securityRule = "microsoft.network/networksecuritygroups/securityrules"
    static let subnet = "microsoft.network/virtualnetworks/subnets"
    static let nic = "microsoft.network/networkinterfaces"
    static let routeTable = "microsoft.network/routetables"
    static let route = "microsoft.network/routetables/routes"
    static let vnet = "microsoft.network/virtualnetworks"
    static let peering = "microsoft.network/virtualnetworks/virtualnetworkpeerings"
    static let firewall = "microsoft.network/azurefirewalls"
    static let ruleCollectionGroup = "microsoft.network/firewallpolicies/rulecollectiongroups"
    static let storage = "microsoft.storage/storageaccounts"
    static let privateEndpoint = "microsoft.network/privateendpoints"

    mutating func compile(_ op: ChangeOperation) throws(IntentError) {
        let node = op.node
        switch op.kind {
        case .addNSGRule:
            let nsg = try resource(op.target!, at: node, [Self.nsg], what: "a network security group")
            try addChild(of: nsg, collection: "securityRules", type: "Microsoft.Network/networkSecurityGroups/securityRules", payload: op.payload!, node: node)
        case .addRoute:
            let table = try resource(op.target!, at: node, [Self.routeTable], what: "a route table")
            try addChild(of: table, collection: "routes", type: "Microsoft.Network/routeTables/routes", payload: op.payload!, node: node)
        case .removeNSGRule:
            emit(try resource(op.target!, at: node, [Self.securityRule], what: "an NSG rule"), .remove, node)
        case .removeRoute:
            emit(try resource(op.target!, at: node, [Self.route], what: "a route"), .remove, node)
        case .removePeering:
            emit(try resource(op.target!, at: node, [Self.peering], what: "a VNet peering"), .remove, node)
        case .removeResource:
            emit(try resource(op.target!, at: node, [], what: "a resource"), .remove, node)
        case .modifyNSGRule, .modifyRoute, .modifyPeering:
            let type = op.kind == .modifyNSGRule ? Self.securityRule : op.kind == .modifyRoute ? Self.route : Self.peering
            let id = try resource(
                op.target!, at: node, [type], what: op.kind == .modifyNSGRule ? "an NSG rule" : op.kind == .modifyRoute ? "a route" : "a VNet peering")
            var set = op.payload!.json
            if op.kind == .modifyPeering, let remote = op.payload!.json["remoteVirtualNetwork"]?.stringValue {
                set = set.mergePatched(
                    with: Self.object([("remoteVirtualNetwork", Self.object([("id", .string(try referenceID(remote, at: op.payload!, [Self.vnet])))]))]))
            }
            emit(id, .mergePatch(propertiesPatch(id, set)), node, origins: op.payload!.origins(at: propertiesPointer(id), merging: true))
        case .attachNSG, .detachNSG:
            let id = try resource(op.target!, at: node, [Self.subnet, Self.nic], what: "a subnet or a network interface")
            try setReference(
                on: id, key: "networkSecurityGroup", to: op.kind == .attachNSG ? op.reference : nil, type: Self.nsg,
                what: "network security group", op: op)
        case .attachRouteTable, .detachRouteTable:
            let id = try resource(op.target!, at: node, [Self.subnet], what: "a subnet")
            try setReference(
                on: id, key: "routeTable", to: op.kind == .attachRouteTable ? op.reference : nil, type: Self.routeTable,
                what: "route table", op: op)
        case .addPeering:
            try addPeering(op)
        case .addFirewallRule:
            guard case .collection(let owner, let key, let index) = try resolve(op.target!, at: node) else {
                throw node.fail("the target '\(op.target!.text)' must be a rule collection (…/collection:NAME)")
            }
            let rule = op.payload!.json
            guard let name = FirewallCollections.name(rule), !name.isEmpty else { throw op.payload!.fail("a firewall rule needs a 'name'") }
            try editCollections(owner, key, node) { (collections: inout [JSONValue]) throws(IntentError) -> String in
                var rules = FirewallCollections.rules(of: collections[index])
                if rules.contains(where: { FirewallCollections.name($0)?.lowercased() == name.lowercased() }) {
                    throw node.fail("the rule collection already has a rule named '\(name)'")
                }
                rules.append(rule)
                let place = "/\(index)" + FirewallCollections.rulesPointer(in: collections[index]) + "/\(rules.count - 1)"
                collections[index] = FirewallCollections.setting(rules: rules, in: collections[index])
                return place
            } origins: { place in
                op.payload!.origins(at: place, merging: false)
            }
        case .removeFirewallRule:
            guard case .firewallRule(let owner, let key, let collection, let rule) = try resolve(op.target!, at: node) else {
                throw node.fail("the target '\(op.target!.text)' must be a firewall rule (…/collection:NAME/rule:NAME)")
            }
            try editCollections(owner, key, node) { (collections: inout [JSONValue]) throws(IntentError) -> String in
                var rules = FirewallCollections.rules(of: collections[collection])
                rules.remove(at: rule)
                collections[collection] = FirewallCollections.setting(rules: rules, in: collections[collection])
                return ""
            }
        case .addFirewallRuleCollection:
            let owner = try resource(
                op.target!, at: node, [Self.firewall, Self.ruleCollectionGroup], what: "a firewall or a firewall policy's rule collection group")
            var body = op.payload!.json
            guard let name = FirewallCollections.name(body), !name.isEmpty else { throw op.payload!.fail("a rule collection needs a 'name'") }
            let key: String
            var inline = false
            if catalog.items[owner]!.type == Self.firewall {
                guard let kind = op.option else { throw node.fail("a classic firewall's rule collection needs 'collection-kind: network|application|nat'") }
                key = kind + "RuleCollections"
                if body["properties"] == nil {
                    body = try Self.childBody(op.payload!).body
                    inline = true
                }
            } else {
                key = "ruleCollections"
            }
            try editCollections(owner, key, node) { (collections: inout [JSONValue]) throws(IntentError) -> String in
                if collections.contains(where: { FirewallCollections.name($0)?.lowercased() == name.lowercased() }) {
                    throw node.fail("there is already a rule collection named '\(name)'")
                }
                collections.append(body)
                return "/\(collections.count - 1)"
            } origins: { place in
                inline ? Self.childBodyOrigins(op.payload!, at: place) : op.payload!.origins(at: place, merging: false)
            }
        case .removeFirewallRuleCollection:
            guard case .collection(let owner, let key, let index) = try resolve(op.target!, at: node) else {
                throw node.fail("the target '\(op.target!.text)' must be a rule collection (…/collection:NAME)")
            }
            try editCollections(owner, key, node) { (collections: inout [JSONValue]) throws(IntentError) -> String in
                collections.remove(at: index)
                return ""
            }
        case .setPrivateEndpointNetworkPolicies:
            var id = try resource(op.target!, at: node, [Self.subnet, Self.privateEndpoint], what: "a subnet or a private endpoint")
            if catalog.items[id]!.type == Self.privateEndpoint {
                guard let subnet = FirewallCollections.properties(catalog.items[id]!.body)["subnet"]?["id"]?.stringValue,
                    catalog.items[ResourceID(subnet)] != nil
                else {
                    throw node.fail("the private endpoint \(id.name) names no subnet that is in the input")
                }
                id = ResourceID(subnet)
            }
            emit(
                id, .mergePatch(propertiesPatch(id, Self.object([("privateEndpointNetworkPolicies", .string(op.option!))]))), node,
                origins: [propertiesPointer(id) + "/privateEndpointNetworkPolicies": node.origin])
        case .setStoragePublicAccess:
            let id = try resource(op.target!, at: node, [Self.storage], what: "a storage account")
            var members: [(String, JSONValue)] = []
            var origins: [String: ResourceEdit.Origin] = [:]
            let at = propertiesPointer(id)
            var set = try op.payload!.mapping()
            if let v = set.optional("publicNetworkAccess") {
                let text = try v.string()
                guard ["enabled", "disabled"].contains(text.lowercased()) else { throw v.fail("publicNetworkAccess must be Enabled or Disabled") }
                members.append(("publicNetworkAccess", .string(text.lowercased() == "enabled" ? "Enabled" : "Disabled")))
                origins[at + "/publicNetworkAccess"] = v.origin
            }
            if let v = set.optional("allowBlobPublicAccess") {
                members.append(("allowBlobPublicAccess", .bool(try v.boolean())))
                origins[at + "/allowBlobPublicAccess"] = v.origin
            }
            if let v = set.optional("defaultAction") {
                let text = try v.string()
                guard ["allow", "deny"].contains(text.lowercased()) else { throw v.fail("defaultAction must be Allow or Deny") }
                members.append(("networkAcls", Self.object([("defaultAction", .string(text.lowercased() == "allow" ? "Allow" : "Deny"))])))
                origins[at + "/networkAcls/defaultAction"] = v.origin
            }
            try set.finish(context: "set-storage-public-access")
            guard !members.isEmpty else { throw op.payload!.fail("set at least one of publicNetworkAccess, allowBlobPublicAccess, defaultAction") }
            emit(id, .mergePatch(propertiesPatch(id, Self.object(members))), node, origins: origins)
        case .patch:
            let id = try resource(op.target!, at: node, [], what: "a resource")
            emit(id, .mergePatch(op.payload!.json), node, origins: op.payload!.origins(at: "", merging: true))
        case .addResource:
            let body = op.payload!.json
            guard let idText = body["id"]?.stringValue, idText.hasPrefix("/"), let type = body["type"]?.stringValue, type.contains("/") else {
                throw op.payload!.fail("add-resource needs a resource with an 'id' (a full resource ID) and a 'type'")
            }
            let id = ResourceID(idText)
            guard catalog.items[id] == nil else { throw node.fail("\(idText) is already in the input; use patch to change it") }
            if let parent = id.parent, catalog.items[parent] == nil { throw node.fail("the parent \(parent.text) of \(idText) is not in the input") }
            emit(id, .put(type: type, body: body), node, origins: op.payload!.origins(at: "", merging: false))
        }
    }

    /// Attaches (`reference` given) or detaches (nil) an NSG or route table; detaching what
    /// is not attached is an error, so a stale change file does not pass silently.
    mutating func setReference(
        on id: ResourceID, key: String, to reference: TargetPath?, type: String, what: String,
        op: ChangeOperation
    ) throws(IntentError) {
        let value: JSONValue
        if let reference {
            let target = try resource(reference, at: op.node, [type], what: "a \(what)")
            value = Self.object([("id", .string(target.text))])
        } else {
            guard FirewallCollections.properties(catalog.items[id]!.body)[key].map({ !$0.isNull }) == true else {
                throw op.node.fail("\(op.target!.text) has no \(what) to detach")
            }
            value = .null
        }
        emit(id, .mergePatch(propertiesPatch(id, Self.object([(key, value)]))), op.node, origins: [propertiesPointer(id) + "/" + key: op.node.origin])
    }

    /// Adds a child resource (NSG rule, route) under `parent`, refusing a duplicate name.
    mutating func addChild(of parent: ResourceID, collection: String, type: String, payload: YAMLNode, node: YAMLNode) throws(IntentError) {
        let (name, body) = try Self.childBody(payload)
        let id = ResourceID(parent.text + "/\(collection)/" + name)
        guard catalog.items[id] == nil else {
            throw node.fail("\(parent.name) already has a \(collection == "routes" ? "route" : "rule") named '\(name)'; use modify or remove it first")
        }
        emit(id, .put(type: type, body: body), node, origins: Self.childBodyOrigins(payload))
    }

    /// A reference written as a readable path or ID; IDs of resources outside the input
    /// are accepted (a remote VNet in another subscription), readable paths must resolve.
    func referenceID(_ text: String, at node: YAMLNode, _ types: [String]) throws(IntentError) -> String {
        if text.hasPrefix("/") { return ResourceID(text).text }
        return try resource(TargetPath(text, at: node), at: node, types, what: "a virtual network").text
    }

    mutating func addPeering(_ op: ChangeOperation) throws(IntentError) {
        let node = op.node
        let local = try resource(op.target!, at: node, [Self.vnet], what: "a virtual network")
        let remoteText = try referenceID(op.reference!.text, at: node, [Self.vnet])
        let defaults: [(String, JSONValue)] = [
            ("remoteVirtualNetwork", Self.object([("id", .string(remoteText))])), ("allowVirtualNetworkAccess", .bool(true)),
            ("allowForwardedTraffic", .bool(false)), ("allowGatewayTransit", .bool(false)), ("useRemoteGateways", .bool(false)),
            ("peeringState", .string("Connected")),
        ]
        let (name, body) = try Self.childBody(op.payload!, defaults: defaults)
        let id = ResourceID(local.text + "/virtualNetworkPeerings/" + name)
        guard catalog.items[id] == nil else { throw node.fail("\(local.name) already has a peering named '\(name)'") }
        let origins = Self.childBodyOrigins(op.payload!)
        emit(id, .put(type: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings", body: body), node, origins: origins)
        guard let mirror = op.option else { return }
        let remote = ResourceID(remoteText)
        guard catalog.items[remote] != nil else { throw node.fail("mirror needs the remote VNet \(remoteText) in the input") }
        let properties = body["properties"]!
        let flip: (String) -> JSONValue = { properties[$0] ?? .bool(false) }
        let reverse = Self.object([
            ("name", .string(mirror)),
            (
                "properties",
                properties.mergePatched(
                    with: Self.object([
                        ("remoteVirtualNetwork", Self.object([("id", .string(local.text))])),
                        ("allowGatewayTransit", flip("useRemoteGateways")), ("useRemoteGateways", flip("allowGatewayTransit")),
                    ]))
            ),
        ])
        let reverseID = ResourceID(remote.text + "/virtualNetworkPeerings/" + mirror)
        guard catalog.items[reverseID] == nil else { throw node.fail("\(remote.name) already has a peering named '\(mirror)'") }
        // The reverse peering's properties are the payload's, under the same pointers; its name
        // and the rest come from the operation.
        var reverseOrigins = origins
        reverseOrigins[""] = node.origin
        reverseOrigins["/name"] = node.origin
        emit(reverseID, .put(type: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings", body: reverse), node, origins: reverseOrigins)
    }

    /// Rewrites one collection array of a firewall or rule collection group. `change` returns
    /// where in the array it wrote something (`/2`, `/0/properties/rules/3`), which `origins`
    /// turns into the places of what it wrote; the rest of the array comes from the estate.
    mutating func editCollections(
        _ owner: ResourceID, _ key: String, _ node: YAMLNode,
        _ change: (inout [JSONValue]) throws(IntentError) -> String,
        origins: (String) -> [String: ResourceEdit.Origin] = { _ in [:] }
    ) throws(IntentError) {
        let body = catalog.items[owner]!.body
        var collections = FirewallCollections.properties(body)[key]?.arrayValue ?? []
        let place = try change(&collections)
        let array = FirewallCollections.pointer(setting: key, in: body)
        emit(owner, .mergePatch(FirewallCollections.patch(setting: key, to: .array(collections), in: body)), node, origins: origins(array + place))
    }
}

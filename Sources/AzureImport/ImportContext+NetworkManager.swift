import TopologyModel

extension ImportContext {
    static let networkManagerTypes: Set<String> = [
        NetworkManagerType.manager, NetworkManagerType.group, NetworkManagerType.staticMember, NetworkManagerType.membership,
        NetworkManagerType.securityConfiguration, NetworkManagerType.ruleCollection, NetworkManagerType.rule,
        NetworkManagerType.deploymentStatus, NetworkManagerType.connectivityConfiguration,
    ]

    /// The lowercased types of Virtual Network Manager's resources and evidence (AVNM-1,
    /// AVNM-2, AVNM-3, AVNM-11).
    enum NetworkManagerType {
        static let manager = "microsoft.network/networkmanagers"
        static let group = "microsoft.network/networkmanagers/networkgroups"
        static let staticMember = "microsoft.network/networkmanagers/networkgroups/staticmembers"
        /// Resource Graph's `networkresources` record of a VNet's groups (AVNM-2).
        static let membership = "microsoft.network/networkgroupmemberships"
        static let securityConfiguration = "microsoft.network/networkmanagers/securityadminconfigurations"
        static let ruleCollection = "microsoft.network/networkmanagers/securityadminconfigurations/rulecollections"
        static let rule = "microsoft.network/networkmanagers/securityadminconfigurations/rulecollections/rules"
        /// An entry of a manager's `listDeploymentStatus` response, which has no ID or type
        /// of its own: recognised by its shape (``deploymentStatusID(_:)``).
        static let deploymentStatus = "microsoft.network/networkmanagers/deploymentstatus"
        static let connectivityConfiguration = "microsoft.network/networkmanagers/connectivityconfigurations"
    }

    /// The ID given to a `listDeploymentStatus` entry (AVNM-11): under the manager its
    /// configurations name, by region, deployment type and commit time; nil for an object
    /// of another shape.
    static func deploymentStatusID(_ object: JSONObject) -> ResourceID? {
        guard let kind = text(in: object, anyOf: ["deploymentType"]), let region = text(in: object, anyOf: ["region"]),
            let index = object.index(of: "configurationIds")
        else { return nil }
        var manager = "/providers/Microsoft.Network/networkManagers/unknown"
        if case .array(let ids) = object.values[index], let first = ids.first.flatMap({ JSONNode.text(of: $0) }),
            let parent = ResourceID(first).parent
        {
            manager = parent.text
        }
        let time = text(in: object, anyOf: ["commitTime"]) ?? ""
        return ResourceID("\(manager)/deploymentStatus/\(region)-\(kind)-\(time)")
    }

    /// Whether a configuration is in force in a region (AVNM-10).
    enum Deployment: Equatable {
        case deployed, notDeployed, unknown
    }

    /// One admin rule as it applies, with what orders it (AVNM-7: the manager with the wider
    /// scope first, then ascending priority).
    private struct PlacedRule {
        let rank: Int
        let collection: ResourceID
        let rule: SecurityRule
        let configuration: RawResource
    }

    /// The security admin rules in force on each VNet (AVNM-3 to AVNM-11), in evaluation
    /// order, as NSG-shaped rule lists keyed by the VNet's ID.
    ///
    /// A configuration counts in a VNet's region when the input shows it deployed there: a
    /// `listDeploymentStatus` entry, or `listActiveSecurityAdminRules` and
    /// `listNetworkManagerEffectiveSecurityAdminRules` entries, which only deployed rules
    /// appear in. Without any such record the deployment state is unknown: the rules that
    /// can only open traffic (`Allow`, `AlwaysAllow`) are kept and the `Deny` rules are not
    /// relied on, so no reach is hidden, and a warning says so.
    mutating func securityAdminRules(networks: [VirtualNetwork], members: [ResourceID: Set<ResourceID>]) -> [ResourceID: NetworkSecurityGroup] {
        let configurations = resources(ofType: NetworkManagerType.securityConfiguration)
        let ruleRaws = resources(ofType: NetworkManagerType.rule)
        guard !configurations.isEmpty || !ruleRaws.isEmpty else { return [:] }
        let managers = Dictionary(resources(ofType: NetworkManagerType.manager).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let networksByID = Dictionary(networks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let deployments = deploymentRecords(
            type: "securityadmin", configurations: configurations,
            listed: ruleRaws.compactMap { raw in raw.id.parent?.parent.map { ($0, raw) } }, effectiveKey: "ruleCollectionAppliesToGroups")

        var collections: [ResourceID: RawResource] = [:]
        for raw in resources(ofType: NetworkManagerType.ruleCollection) { collections[raw.id] = raw }
        var configurationsByID: [ResourceID: RawResource] = [:]
        for raw in configurations { configurationsByID[raw.id] = raw }

        var placed: [ResourceID: [PlacedRule]] = [:]
        var unknownDeployment: [ResourceID: (raw: RawResource, regions: Set<String>, denies: Int)] = [:]
        var emptyGroups = Set<ResourceID>()
        let intentServices = networkIntentPolicyServices()
        var intentSkips: [ResourceID: (raw: RawResource, networks: Set<String>, denyOnly: Bool)] = [:]
        for raw in ruleRaws.sorted(by: { $0.id < $1.id }) {
            guard let collectionID = raw.id.parent, let configurationID = collectionID.parent else { continue }
            guard let configuration = configurationsByID[configurationID] else {
                warn(
                    raw, kind: .danglingReference,
                    "security admin rule '\(raw.id.name)': its configuration \(configurationID.text) is not in the input, so it is not analysed")
                continue
            }
            guard let rule = convertAdminRule(raw, groupSpace: { group in members[group].map { vnets in vnets.compactMap { networksByID[$0] } } }) else {
                continue
            }
            // The groups the collection applies to, from the collection or, in listed
            // evidence, from the rule's own record.
            let groupNodes =
                (collections[collectionID]?.property("appliesToGroups")?.items ?? []) + (raw.node.child("ruleCollectionAppliesToGroups")?.items ?? [])
            var groups = Set<ResourceID>()
            for node in groupNodes {
                if let id = (node.child("properties") ?? node).child(anyOf: ["networkGroupId", "networkGroupResourceId"])?.string {
                    groups.insert(ResourceID(id))
                }
            }
            if collections[collectionID] == nil && raw.node.child("ruleCollectionAppliesToGroups") == nil {
                warn(
                    raw, kind: .danglingReference,
                    "security admin rule '\(raw.id.name)': its rule collection \(collectionID.text) is not in the input, so the groups it applies to are unknown and it is not analysed"
                )
                continue
            }
            let manager = configurationID.parent
            let scope = manager.flatMap { managers[$0] }?.property("networkManagerScopes")
            // AVNM-7: a manager scoped to management groups ranks above one scoped to
            // subscriptions.
            let rank = (scope?.child("managementGroups")?.items.isEmpty == false) ? 0 : 1
            let subscriptions = Set(
                (scope?.child("subscriptions")?.strings ?? []).compactMap { ResourceID($0).subscription ?? $0.split(separator: "/").last.map(String.init) }.map
                { $0.lowercased() })
            for group in groups.sorted() {
                let vnets = members[group] ?? []
                if vnets.isEmpty { emptyGroups.insert(group) }
                for vnet in vnets.sorted() {
                    guard let network = networksByID[vnet] else { continue }
                    // AVNM-6: a VNet outside the manager's subscriptions takes nothing (a
                    // scope of management groups cannot be checked offline).
                    if rank == 1, !subscriptions.isEmpty, let sub = vnet.subscription?.lowercased(), !subscriptions.contains(sub) { continue }
                    // AVNM-6: a VNet holding SQL Managed Instance or Databricks takes admin rules
                    // only as the configuration's applyOnNetworkIntentPolicyBasedServices says.
                    if let service = intentServices[vnet] {
                        let modes = Set((configuration.property("applyOnNetworkIntentPolicyBasedServices")?.strings ?? []).map { $0.lowercased() })
                        let applies = modes.contains("all") || (modes.contains("allowrulesonly") && rule.access != .deny)
                        if !applies {
                            var entry = intentSkips[configurationID] ?? (configuration, [], modes.contains("allowrulesonly"))
                            entry.networks.insert("\(network.name) (\(service))")
                            intentSkips[configurationID] = entry
                            continue
                        }
                    }
                    let region = Self.regionKey(network.location)
                    switch deployments[configurationID]?[region] ?? .unknown {
                    case .notDeployed: continue
                    case .deployed: break
                    case .unknown:
                        var entry = unknownDeployment[configurationID] ?? (configuration, [], 0)
                        entry.regions.insert(network.location)
                        if rule.access == .deny {
                            entry.denies += 1
                            unknownDeployment[configurationID] = entry
                            continue
                        }
                        unknownDeployment[configurationID] = entry
                    }
                    placed[vnet, default: []].append(PlacedRule(rank: rank, collection: collectionID, rule: rule, configuration: configuration))
                }
            }
        }
        for (_, entry) in unknownDeployment.sorted(by: { $0.key < $1.key }) {
            warn(
                entry.raw, kind: .assumption,
                "security admin configuration '\(entry.raw.id.name)': the input holds no record of its deployment to \(entry.regions.sorted().joined(separator: ", ")) (AVNM-10, AVNM-11), so its Allow and AlwaysAllow rules are taken to be in force there and its Deny rules are not relied on (\(entry.denies) rule-to-VNet application\(entry.denies == 1 ? "" : "s") left out); export the manager's listDeploymentStatus response for an exact answer"
            )
        }
        for (_, entry) in intentSkips.sorted(by: { $0.key < $1.key }) {
            warn(
                entry.raw, at: entry.raw.property("applyOnNetworkIntentPolicyBasedServices"), kind: .assumption,
                "security admin configuration '\(entry.raw.id.name)': \(entry.networks.sorted().joined(separator: ", ")) hold\(entry.networks.count == 1 ? "s" : "") a service with network intent policies, where its \(entry.denyOnly ? "Deny rules do" : "rules do") not apply (applyOnNetworkIntentPolicyBasedServices \(entry.denyOnly ? "AllowRulesOnly" : "None or unset"), AVNM-6)",
                severity: .note)
        }
        for group in emptyGroups.sorted() {
            let raw = resources(ofType: NetworkManagerType.group).first { $0.id == group }
            let message =
                "network group \(group.name): the input names no member of it (no static members, no networkGroupMemberships record, AVNM-2), so the security admin rules that apply to it apply to no VNet here; members added by Azure Policy are not evaluated"
            if let raw {
                warn(raw, kind: .assumption, message)
            } else {
                diagnostics.append(Diagnostic(severity: .warning, kind: .danglingReference, resource: group, message: message))
            }
        }

        var result: [ResourceID: NetworkSecurityGroup] = [:]
        for (vnet, rules) in placed {
            let ordered = rules.sorted { a, b in
                (a.rank, a.rule.priority, a.collection.key, a.rule.id?.key ?? "") < (b.rank, b.rule.priority, b.collection.key, b.rule.id?.key ?? "")
            }
            let used = Array(Set(ordered.map(\.configuration.id))).sorted()
            let first = ordered[0].configuration
            let name = used.map(\.name).joined(separator: ", ")
            result[vnet] = NetworkSecurityGroup(
                id: used.count == 1 ? first.id : vnet, name: name, location: networksByID[vnet]?.location ?? "",
                orderedInbound: ordered.filter { $0.rule.direction == .inbound }.map(\.rule),
                orderedOutbound: ordered.filter { $0.rule.direction == .outbound }.map(\.rule), origin: first.sourceLocation)
        }
        return result
    }

    /// A region's name as deployments and VNets both spell it: `West Europe`, `westeurope`.
    static func regionKey(_ text: String) -> String { String(text.lowercased().filter { $0 != " " }) }

    /// What `id` names when it is not a virtual network, for a warning; nil for a VNet (or an
    /// ID that names no type). AVNM-17: a Virtual WAN hub can be neither a group member nor
    /// a hub-and-spoke configuration's hub.
    static func notANetwork(_ id: ResourceID) -> String? {
        guard let type = id.impliedType?.lowercased(), type != "microsoft.network/virtualnetworks" else { return nil }
        return type == "microsoft.network/virtualhubs"
            ? "Virtual WAN hub \(id.name), which Azure refuses there (AVNM-17)" : "\(id.name), of type \(type), not a virtual network"
    }

    /// The VNets of each network group: static members and Resource Graph membership
    /// records (AVNM-1, AVNM-2). Groups of subnets serve routing configurations only.
    mutating func groupMembers() -> [ResourceID: Set<ResourceID>] {
        var members: [ResourceID: Set<ResourceID>] = [:]
        for raw in resources(ofType: NetworkManagerType.staticMember) {
            guard let group = raw.id.parent else { continue }
            guard let id = raw.property("resourceId")?.string, !id.isEmpty else {
                error(raw, at: raw.properties, "static member '\(raw.id.name)' has no \"resourceId\"")
                continue
            }
            let member = ResourceID(id)
            // A subnet belongs to a group that serves routing configurations only (AVNM-1).
            if member.impliedType?.lowercased() == "microsoft.network/virtualnetworks/subnets" { continue }
            if let what = Self.notANetwork(member) {
                warn(
                    raw, at: raw.property("resourceId"), kind: .assumption,
                    "static member '\(raw.id.name)' of network group \(group.name) is \(what): it is not a member, and no rule of the group applies to it")
                continue
            }
            members[group, default: []].insert(member)
        }
        for raw in resources(ofType: NetworkManagerType.membership) {
            // `{vnet}/providers/Microsoft.Network/networkGroupMemberships/default`.
            let text = raw.id.text
            guard let cut = text.lowercased().range(of: "/providers/microsoft.network/networkgroupmemberships") else {
                error(raw, at: nil, "network group membership \(text): the ID does not start with the VNet's ID (AVNM-2)")
                continue
            }
            let vnet = ResourceID(String(text[text.startIndex..<cut.lowerBound]))
            for item in raw.property("groupMemberships")?.items ?? [] {
                if let group = item.child("networkGroupId")?.string { members[ResourceID(group), default: []].insert(vnet) }
            }
        }
        return members
    }

    /// What the input shows deployed, by configuration and region (AVNM-10, AVNM-11):
    /// `listDeploymentStatus` entries (the latest commit per manager, region and type sets
    /// the goal state: a configuration it leaves out is not deployed there), and rules as
    /// `listActiveSecurityAdminRules` or `listActiveConnectivityConfigurations` (with a
    /// region) or a VNet's effective rules or configurations (in force wherever they apply)
    /// list them.
    mutating func deploymentRecords(
        type: String, configurations: [RawResource], listed: [(configuration: ResourceID, raw: RawResource)], effectiveKey: String
    ) -> [ResourceID: [String: Deployment]] {
        var latest: [String: (time: String, raw: RawResource)] = [:]
        // An entry that names no configuration (nothing deployed) belongs to the input's
        // only manager; with several, it cannot be placed.
        let managers = resources(ofType: NetworkManagerType.manager)
        for raw in resources(ofType: NetworkManagerType.deploymentStatus) {
            guard raw.property("deploymentType")?.string?.lowercased() == type else { continue }
            let region = Self.regionKey(raw.property("region")?.string ?? "")
            var manager = raw.id.parent?.key ?? ""
            if raw.property("configurationIds")?.items.isEmpty ?? true {
                guard managers.count == 1 else {
                    warn(
                        raw, kind: .assumption,
                        "a deployment status entry for \(region) names no configuration and the input holds \(managers.count) network managers, so it is not used"
                    )
                    continue
                }
                manager = managers[0].id.key
            }
            let key = manager + "|" + region
            let time = raw.property("commitTime")?.string ?? ""
            if let known = latest[key], known.time > time { continue }
            latest[key] = (time, raw)
        }
        var records: [ResourceID: [String: Deployment]] = [:]
        var regionsByManager: [String: Set<String>] = [:]
        for (key, entry) in latest.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false)
            let region = String(parts[1])
            regionsByManager[String(parts[0]), default: []].insert(region)
            let status = entry.raw.property("deploymentStatus")?.string?.lowercased() ?? ""
            let state: Deployment = status == "deployed" ? .deployed : status == "notstarted" ? .notDeployed : .unknown
            for id in entry.raw.property("configurationIds")?.strings ?? [] { records[ResourceID(id), default: [:]][region] = state }
        }
        // Configurations of a manager with a record for a region but left out of it are not
        // deployed there.
        for raw in configurations {
            guard let manager = raw.id.parent?.key, let regions = regionsByManager[manager] else { continue }
            for region in regions where records[raw.id]?[region] == nil { records[raw.id, default: [:]][region] = .notDeployed }
        }
        let regions = Set(resources(ofType: "microsoft.network/virtualnetworks").map { Self.regionKey($0.location) })
        for (configuration, raw) in listed {
            if let region = raw.node.child("region")?.string {
                records[configuration, default: [:]][Self.regionKey(region)] = .deployed
            } else if raw.node.child(effectiveKey) != nil {
                // In a VNet's effective rules: in force wherever it applies.
                for region in regions { records[configuration, default: [:]][region] = .deployed }
            }
        }
        return records
    }

    /// AVNM-3: a security admin rule as an NSG-shaped rule (sides, ports and protocol as
    /// NSG rules have them), with `AlwaysAllow` as its own access.
    /// - Parameter groupSpace: the member VNets of a network group, nil for a group the input
    ///   does not hold (AVNM-8).
    mutating func convertAdminRule(_ raw: RawResource, groupSpace: (ResourceID) -> [VirtualNetwork]? = { _ in nil }) -> SecurityRule? {
        func required(_ key: String) -> JSONNode? {
            if let node = raw.property(key) { return node }
            error(raw, at: raw.properties, "security admin rule '\(raw.id.name)' has no \"\(key)\"")
            return nil
        }
        guard let protocolNode = required("protocol"), let accessNode = required("access"), let directionNode = required("direction"),
            let priorityNode = required("priority")
        else { return nil }
        let protocolText = protocolNode.string ?? ""
        guard let protocols = Self.ruleProtocols(protocolText) else {
            error(raw, at: protocolNode, "protocol '\(protocolText)' is not Tcp, Udp, Icmp, Esp, Ah or Any (AVNM-3)")
            return nil
        }
        let access: RuleAccess
        switch accessNode.string?.lowercased() {
        case "allow"?: access = .allow
        case "deny"?: access = .deny
        case "alwaysallow"?: access = .alwaysAllow
        default:
            error(raw, at: accessNode, "access '\(accessNode.string ?? accessNode.value.kindName)' is not Allow, Deny or AlwaysAllow (AVNM-3)")
            return nil
        }
        guard let direction = Self.ruleDirection(directionNode) else {
            error(raw, at: directionNode, "direction '\(directionNode.string ?? directionNode.value.kindName)' is not Inbound or Outbound")
            return nil
        }
        guard let priority = priorityNode.string.flatMap({ Int($0) }), (1...4096).contains(priority) else {
            error(
                raw, at: priorityNode,
                "priority must be an integer in 1-4096 (AVNM-3), found \(priorityNode.string.map { "'\($0)'" } ?? priorityNode.value.kindName)")
            return nil
        }
        guard let source = adminAddresses(raw, "sources", groupSpace: groupSpace),
            let destination = adminAddresses(raw, "destinations", groupSpace: groupSpace),
            let sourcePorts = adminPorts(raw, "sourcePortRanges"), let destinationPorts = adminPorts(raw, "destinationPortRanges")
        else { return nil }
        return SecurityRule(
            id: raw.id, name: raw.id.name, priority: priority, direction: direction, access: access, protocols: protocols,
            protocolText: protocolText, source: source, sourcePorts: sourcePorts, destination: destination,
            destinationPorts: destinationPorts, isDefault: false, description: raw.property("description")?.string, origin: raw.sourceLocation)
    }

    /// Port ranges of an admin rule; none given is every port.
    private mutating func adminPorts(_ raw: RawResource, _ key: String) -> PortSet? {
        let items = raw.property(key)?.items ?? []
        var ranges: [ClosedRange<UInt16>] = []
        for item in items {
            guard let text = item.string?.trimmedBlanks else {
                error(raw, at: item, "\(key) entries must be strings like 443 or 1000-2000")
                return nil
            }
            if text == "*" || text.lowercased() == "any" { return .full }
            guard let range = Self.plainPortRange(text) else {
                error(raw, at: item, "invalid port '\(text)' in \(key): expected *, a port or a range like 1000-2000")
                return nil
            }
            ranges.append(range)
        }
        return ranges.isEmpty ? .full : PortSet(ranges)
    }

    /// One side of an admin rule: `{addressPrefix, addressPrefixType}` items of type
    /// `IPPrefix`, `ServiceTag` or `NetworkGroup` (AVNM-3, AVNM-8: the address spaces of the
    /// group's member VNets); none given is every address. A group the input does not hold is
    /// an error: its members, and so the addresses, are unknown.
    private mutating func adminAddresses(_ raw: RawResource, _ key: String, groupSpace: (ResourceID) -> [VirtualNetwork]?) -> AddressMatch? {
        let items = raw.property(key)?.items ?? []
        if items.isEmpty { return AddressMatch(any: true, texts: ["*"]) }
        var any = false
        var literal: [IPPrefix] = []
        var published = AddressSet.empty
        var tags: [ServiceTag] = []
        var texts: [String] = []
        for item in items {
            guard let text = item.child("addressPrefix")?.string?.trimmedBlanks, !text.isEmpty else {
                error(raw, at: item, "an entry of \(key) has no \"addressPrefix\"")
                return nil
            }
            texts.append(text)
            let type = item.child("addressPrefixType")?.string?.lowercased() ?? "ipprefix"
            switch type {
            case "ipprefix":
                if text == "*" || text.lowercased() == "any" {
                    any = true
                } else if let prefix = IPPrefix(text) {
                    literal.append(prefix)
                } else {
                    error(raw, at: item, "invalid IP prefix '\(text)' in \(key)")
                    return nil
                }
            case "servicetag":
                if let tag = serviceTags?.tag(named: text), !ServiceTagCatalog.contextTags.contains(text.lowercased()) {
                    published = published.union(tag.addresses)
                } else {
                    tags.append(ServiceTag(text))
                }
            case "networkgroup":
                guard let networks = groupSpace(ResourceID(text)) else {
                    error(
                        raw, at: item,
                        "'\(text)' in \(key) names a network group (AVNM-8) the input does not hold, or one with no members it shows: its address spaces are unknown"
                    )
                    return nil
                }
                literal += networks.flatMap(\.addressSpace)
            default:
                error(raw, at: item.child("addressPrefixType"), "addressPrefixType '\(type)' is not IPPrefix, ServiceTag or NetworkGroup (AVNM-3)")
                return nil
            }
        }
        return AddressMatch(any: any, prefixes: AddressSet(prefixes: literal).union(published), tags: tags, texts: texts)
    }

    /// VNets with a subnet delegated to a service that uses network intent policies (SQL
    /// Managed Instance, Databricks), by the service's name (AVNM-6).
    func networkIntentPolicyServices() -> [ResourceID: String] {
        let services = ["microsoft.sql/managedinstances": "SQL Managed Instance", "microsoft.databricks/workspaces": "Databricks"]
        var result: [ResourceID: String] = [:]
        for raw in resources(ofType: "microsoft.network/virtualnetworks/subnets").sorted(by: { $0.id < $1.id }) {
            guard let network = raw.id.parent, result[network] == nil else { continue }
            for delegation in raw.property("delegations")?.items ?? [] {
                let name = ((delegation.child("properties") ?? delegation).child("serviceName")?.string ?? "").lowercased()
                if let service = services[name] {
                    result[network] = service
                    break
                }
            }
        }
        return result
    }
}

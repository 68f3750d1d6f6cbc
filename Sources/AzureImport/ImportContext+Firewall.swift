import TopologyModel

/// Azure Firewall rules: classic collections on the firewall, or a firewall policy with its
/// rule collection groups and ancestors (FW-1..FW-5), with IP Groups expanded.
extension ImportContext {
    /// Every IP Group of the input.
    mutating func ipGroups() -> [IPGroup] {
        var groups: [IPGroup] = []
        for raw in resources(ofType: "microsoft.network/ipgroups") {
            var set = AddressSet.empty
            for item in listItems(raw, raw.property("ipAddresses"), .text("an address, CIDR or range")) ?? [] {
                guard let text = item.string else { continue }
                if let s = firewallAddresses(text) { set = set.union(s) } else { error(raw, at: item, "invalid IP Group entry '\(text)'") }
            }
            groups.append(IPGroup(id: raw.id, name: raw.name, addresses: set, origin: raw.sourceLocation))
        }
        return groups
    }

    /// `*`, an IP, a CIDR or a range `a.b.c.d-e.f.g.h`; nil when none of those.
    func firewallAddresses(_ text: String) -> AddressSet? {
        let t = text.trimmedBlanks
        if t == "*" { return .all }
        if let p = IPPrefix(t) { return p.addressSet }
        let parts = t.split(separator: "-")
        if parts.count == 2, case .v4(let a)? = IPAddress(parts[0]), case .v4(let b)? = IPAddress(parts[1]), a <= b {
            return AddressSet(v4: IntervalSet(a...b))
        }
        return nil
    }

    mutating func firewallSide(
        _ raw: RawResource, _ rule: JSONNode, addresses: String, groups: String, fqdns: String?,
        ipGroups: [ResourceID: AddressSet], isDestination: Bool
    ) -> FirewallAddressMatch? {
        var any = false
        var set = AddressSet.empty
        var tags: [String] = []
        var texts: [String] = []
        let what = isDestination ? "an address, CIDR, range or service tag" : "an address, CIDR or range"
        guard let addressItems = listItems(raw, rule.child(addresses), .text(what)),
            let groupItems = listItems(raw, rule.child(groups), .resourceID),
            let fqdnList = self.texts(raw, fqdns.flatMap { rule.child($0) }, "an FQDN", single: true)
        else { return nil }
        for item in addressItems {
            guard let text = item.string?.trimmedBlanks, !text.isEmpty else { continue }
            texts.append(text)
            if text == "*" { any = true; continue }
            if let s = firewallAddresses(text) { set = set.union(s); continue }
            if isDestination, text.first?.isLetter == true {
                // A service tag (TAG-11, NSG-34: destinations only): its prefixes when the
                // published data holds it.
                if let tag = serviceTags?.tag(named: text) { set = set.union(tag.addresses) } else { tags.append(text) }
                continue
            }
            error(raw, at: item, "'\(text)' is not an IP address, CIDR, range\(isDestination ? " or service tag" : "")")
            return nil
        }
        var groupIDs: [ResourceID] = []
        for item in groupItems {
            guard let id = item.referenceID else { continue }
            groupIDs.append(id)
            texts.append("ipgroup:" + id.name)
            if let members = ipGroups[id] {
                set = set.union(members)
            } else {
                warn(
                    raw, at: item, kind: .danglingReference,
                    "firewall rule '\(rule.child("name")?.string ?? "?")' uses IP Group \(id), which is not in the input; assumed empty, so verdicts that depend on this rule may be wrong"
                )
            }
        }
        texts += fqdnList
        return FirewallAddressMatch(any: any, addresses: set, tags: tags, ipGroups: groupIDs, texts: texts)
    }

    mutating func firewallPorts(_ raw: RawResource, _ node: JSONNode?) -> PortSet? {
        guard let node else { return .full }
        guard let items = listItems(raw, node, .port) else { return nil }
        var ranges: [ClosedRange<UInt16>] = []
        for item in items {
            guard let text = item.string?.trimmedBlanks else { continue }
            if text == "*" { return .full }
            let bounds = text.split(separator: "-").map { Int($0.trimmedBlanks) }
            guard bounds.count <= 2, let low = bounds.first ?? nil, let high = bounds.last ?? nil,
                (0...65535).contains(low), (0...65535).contains(high), low <= high
            else {
                error(raw, at: item, "invalid firewall port '\(text)'")
                return nil
            }
            ranges.append(UInt16(low)...UInt16(high))
        }
        return ranges.isEmpty ? .full : PortSet(ranges)
    }

    /// A network rule's protocols; none given is every protocol. A protocol Azure does not
    /// define is an error: skipped, it left the set empty, which reads as every protocol.
    mutating func firewallProtocols(_ raw: RawResource, _ node: JSONNode?) -> ProtocolSet? {
        guard let items = listItems(raw, node, .text("a protocol (TCP, UDP, ICMP or Any)"), single: true) else { return nil }
        var set: ProtocolSet = []
        for item in items {
            switch item.string?.lowercased() {
            case "tcp"?: set.insert(.tcp)
            case "udp"?: set.insert(.udp)
            case "icmp"?: set.insert(.icmp)
            case "any"?: set.formUnion(.all)
            default:
                error(raw, at: item, "protocol '\(item.string ?? "")' is not TCP, UDP, ICMP or Any")
                return nil
            }
        }
        return set.isEmpty ? .all : set
    }

    /// One rule of any kind; nil (with an error already recorded) when malformed.
    mutating func firewallRule(
        _ raw: RawResource, _ rule: JSONNode, kind: FirewallRuleCollection.Kind,
        ipGroups: [ResourceID: AddressSet]
    ) -> FirewallRule? {
        let name = rule.child("name")?.string ?? "?"
        guard
            let sources = firewallSide(raw, rule, addresses: "sourceAddresses", groups: "sourceIpGroups", fqdns: nil, ipGroups: ipGroups, isDestination: false)
        else { return nil }
        switch kind {
        case .network, .dnat:
            guard
                let destinations = firewallSide(
                    raw, rule, addresses: "destinationAddresses", groups: "destinationIpGroups",
                    fqdns: "destinationFqdns", ipGroups: ipGroups, isDestination: true),
                let ports = firewallPorts(raw, rule.child("destinationPorts"))
            else { return nil }
            guard var protocols = firewallProtocols(raw, rule.child(anyOf: ["ipProtocols", "protocols"])) else { return nil }
            // FW-10: `Any` with destination ports means TCP and UDP.
            if protocols == .all, !ports.isFull { protocols = [.tcp, .udp] }
            var translated: IPAddress?
            var translatedPort: UInt16?
            if kind == .dnat {
                if let text = rule.child("translatedAddress")?.string, !text.isEmpty {
                    translated = IPAddress(text)
                    if translated == nil { error(raw, at: rule.child("translatedAddress"), "invalid translatedAddress '\(text)'"); return nil }
                }
                if let text = rule.child("translatedPort")?.string, !text.isEmpty {
                    guard let p = Int(text), (0...65535).contains(p) else {
                        error(raw, at: rule.child("translatedPort"), "invalid translatedPort '\(text)'"); return nil
                    }
                    translatedPort = UInt16(p)
                }
            }
            return FirewallRule(
                name: name, kind: kind, sources: sources, destinations: destinations, protocols: protocols, ports: ports,
                fqdns: texts(raw, rule.child("destinationFqdns"), "an FQDN", single: true) ?? [], translatedAddress: translated,
                translatedFQDN: rule.child("translatedFqdn")?.string, translatedPort: translatedPort)
        case .application:
            var ports: [ClosedRange<UInt16>] = []
            var protocolTexts: [String] = []
            guard let written = listItems(raw, rule.child("protocols"), .object("a protocol ({\"protocolType\": \"Https\", \"port\": 443})")) else {
                return nil
            }
            for p in written {
                let type = p.child("protocolType")?.string ?? "?"
                let port = p.child("port")?.string.flatMap { Int($0) } ?? (type.lowercased() == "http" ? 80 : type.lowercased() == "mssql" ? 1433 : 443)
                guard (0...65535).contains(port) else { error(raw, at: p, "invalid application rule port \(port)"); return nil }
                ports.append(UInt16(port)...UInt16(port))
                protocolTexts.append("\(type):\(port)")
            }
            let destinations =
                firewallSide(
                    raw, rule, addresses: "destinationAddresses", groups: "destinationIpGroups", fqdns: nil,
                    ipGroups: ipGroups, isDestination: true) ?? FirewallAddressMatch()
            guard let fqdnTags = texts(raw, rule.child("fqdnTags"), "an FQDN tag", single: true),
                let categories = texts(raw, rule.child("webCategories"), "a web category", single: true),
                let urls = texts(raw, rule.child("targetUrls"), "a URL", single: true),
                let fqdns = texts(raw, rule.child("targetFqdns"), "an FQDN", single: true)
            else { return nil }
            let tags = fqdnTags + categories.map { "category:" + $0 } + urls.map { "url:" + $0 }
            var converted = FirewallRule(
                name: name, kind: .application, sources: sources, destinations: destinations, protocols: .tcp,
                ports: PortSet(ports), applicationProtocols: protocolTexts, fqdns: fqdns, fqdnTags: tags)
            converted.terminatesTLS = rule.child("terminateTLS")?.bool ?? false
            return converted
        }
    }

    mutating func classicCollections(_ raw: RawResource, ipGroups: [ResourceID: AddressSet]) -> [FirewallRuleCollection] {
        var result: [FirewallRuleCollection] = []
        for (key, kind) in [
            ("natRuleCollections", FirewallRuleCollection.Kind.dnat), ("networkRuleCollections", .network),
            ("applicationRuleCollections", .application),
        ] {
            for item in listItems(raw, raw.property(key), .object("a rule collection")) ?? [] {
                let props = item.child("properties") ?? item
                let name = item.child("name")?.string ?? "?"
                guard let priorityText = props.child("priority")?.string, let priority = Int(priorityText), (100...65000).contains(priority) else {
                    error(raw, at: props.child("priority") ?? props, "rule collection '\(name)' needs a priority between 100 and 65000")
                    continue
                }
                let action = collectionAction(raw, props, kind: kind, name: name)
                let rules = (listItems(raw, props.child("rules"), .object("a rule")) ?? []).compactMap { firewallRule(raw, $0, kind: kind, ipGroups: ipGroups) }
                result.append(
                    FirewallRuleCollection(
                        name: name, kind: kind, action: action, priority: priority, group: nil, groupID: nil,
                        groupPriority: 0, inheritanceDepth: 0, rules: rules))
            }
        }
        return result
    }

    mutating func collectionAction(_ raw: RawResource, _ props: JSONNode, kind: FirewallRuleCollection.Kind, name: String) -> FirewallRuleCollection.Action {
        if kind == .dnat { return .dnat }
        switch props.child("action")?.child("type")?.string?.lowercased() {
        case "allow"?: return .allow
        case "deny"?: return .deny
        default:
            warn(raw, at: props, kind: .assumption, "rule collection '\(name)' has no Allow/Deny action; assumed Deny")
            return .deny
        }
    }

    /// The collections of a policy and its ancestors, ancestors marked deeper (FW-5).
    mutating func policyCollections(
        _ policyID: ResourceID, depth: Int, visited: Set<ResourceID>, ipGroups: [ResourceID: AddressSet],
        requester: RawResource
    ) -> [FirewallRuleCollection] {
        guard let policy = resources[policyID], policy.type == "microsoft.network/firewallpolicies" else {
            warn(
                requester, kind: .danglingReference,
                "firewall policy \(policyID) is not in the input; its rules are unknown, so traffic through this firewall is treated as denied (FW-2) and verdicts depend on it"
            )
            return []
        }
        var result: [FirewallRuleCollection] = []
        var groups = children(of: policyID, type: "microsoft.network/firewallpolicies/rulecollectiongroups")
        for ref in referenceList(policy, policy.property("ruleCollectionGroups")) ?? [] where !groups.contains(where: { $0.id == ref }) {
            if let g = resources[ref] {
                groups.append(g)
            } else {
                warn(policy, kind: .danglingReference, "rule collection group \(ref) of policy '\(policy.name)' is not in the input; its rules are unknown")
            }
        }
        for group in groups {
            let groupPriority = group.property("priority")?.string.flatMap { Int($0) } ?? 65000
            for item in listItems(group, group.property("ruleCollections"), .object("a rule collection")) ?? [] {
                let name = item.child("name")?.string ?? "?"
                let type = item.child("ruleCollectionType")?.string?.lowercased() ?? ""
                let priority = item.child("priority")?.string.flatMap { Int($0) } ?? 65000
                var byKind: [FirewallRuleCollection.Kind: [FirewallRule]] = [:]
                let kinds: [FirewallRuleCollection.Kind]
                switch type {
                case "firewallpolicynatrulecollection": kinds = [.dnat]
                case "firewallpolicyfilterrulecollection": kinds = [.network, .application]
                default:
                    warn(group, at: item, kind: .unsupported, "rule collection '\(name)' has unknown type '\(type)'; its rules are not evaluated")
                    continue
                }
                for rule in listItems(group, item.child("rules"), .object("a rule")) ?? [] {
                    let ruleType = rule.child("ruleType")?.string?.lowercased() ?? ""
                    let kind: FirewallRuleCollection.Kind
                    switch ruleType {
                    case "natrule": kind = .dnat
                    case "networkrule": kind = .network
                    case "applicationrule": kind = .application
                    default:
                        warn(
                            group, at: rule, kind: .unsupported, "rule '\(rule.child("name")?.string ?? "?")' has unknown ruleType '\(ruleType)'; not evaluated"
                        )
                        continue
                    }
                    guard kinds.contains(kind) else { continue }
                    if let r = firewallRule(group, rule, kind: kind, ipGroups: ipGroups) { byKind[kind, default: []].append(r) }
                }
                for kind in kinds where byKind[kind] != nil || kinds.count == 1 {
                    result.append(
                        FirewallRuleCollection(
                            name: name, kind: kind, action: collectionAction(group, item, kind: kind, name: name), priority: priority,
                            group: group.name, groupID: group.id, groupPriority: groupPriority, inheritanceDepth: depth, rules: byKind[kind] ?? []))
                }
            }
        }
        if let parent = policy.property("basePolicy")?.referenceID {
            if visited.contains(parent) {
                warn(policy, kind: .invalidInput, "firewall policy '\(policy.name)' inherits from itself through \(parent); the cycle is cut")
            } else {
                result += policyCollections(parent, depth: depth + 1, visited: visited.union([policyID]), ipGroups: ipGroups, requester: policy)
            }
        }
        return result
    }

    /// FW-16: destinations not SNATed for network rules.
    mutating func snatRanges(_ raw: RawResource, policy: RawResource?) -> AddressSet {
        var texts: [String] = []
        if let policy, let node = policy.property("snat")?.child("privateRanges") {
            texts = self.texts(policy, node, "a CIDR or IANAPrivateRanges", single: true) ?? []
        } else if let extra = raw.property("additionalProperties")?.child("Network.SNAT.PrivateRanges")?.string {
            texts = extra.split(separator: ",").map { $0.trimmedBlanks }
        }
        if texts.isEmpty { return Firewall.ianaPrivateRanges }
        var set = AddressSet.empty
        for text in texts {
            if text.lowercased() == "ianaprivateranges" {
                set = set.union(Firewall.ianaPrivateRanges)
            } else if let p = IPPrefix(text) {
                set = set.union(p.addressSet)
            } else {
                warn(policy ?? raw, kind: .invalidInput, "SNAT private range '\(text)' is not a CIDR; ignored")
            }
        }
        return set
    }
}

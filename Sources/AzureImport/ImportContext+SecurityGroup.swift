import TopologyModel

extension ImportContext {
    mutating func convertSecurityGroup(_ raw: RawResource) -> NetworkSecurityGroup? {
        var rules: [SecurityRule] = []
        for child in children(of: raw.id, type: "microsoft.network/networksecuritygroups/securityrules") {
            if let rule = convertRule(child, isDefault: false) { rules.append(rule) }
        }
        let given = children(of: raw.id, type: "microsoft.network/networksecuritygroups/defaultsecurityrules")
            .compactMap { convertRule($0, isDefault: true) }
        // NSG-13: a missing default rule is synthesised; defaults cannot be deleted.
        let givenNames = Set(given.map { $0.name.lowercased() })
        let synthesised = SecurityRule.defaultRules(securityGroup: raw.id).filter { !givenNames.contains($0.name.lowercased()) }
        rules += given + synthesised

        // NSG-11: two rules with the same priority and direction cannot coexist. (Positions
        // are kept, not rules: a rule is a large value.)
        var seen: [Int: Int] = [:]
        seen.reserveCapacity(rules.count)
        for position in rules.indices where !rules[position].isDefault {
            let key = rules[position].direction == .inbound ? rules[position].priority : -rules[position].priority
            if let first = seen[key] {
                let rule = rules[position], other = rules[first]
                let given = children(of: raw.id, type: "microsoft.network/networksecuritygroups/securityrules")
                // Reported at the later rule, or at the earlier when only its priority was
                // written by a what-if change: the user wrote the clash there.
                var node = given.first { $0.name == rule.name }
                if let earlier = given.first(where: { $0.name == other.name }), Self.editedPriority(earlier), node.map(Self.editedPriority) != true {
                    node = earlier
                }
                error(
                    node ?? raw, at: node?.properties.child("priority"),
                    "rules '\(other.name)' and '\(rule.name)' of NSG '\(raw.name)' share priority \(rule.priority) \(rule.direction.rawValue); Azure rejects this (NSG-11)"
                )
            } else {
                seen[key] = position
            }
        }
        return NetworkSecurityGroup(id: raw.id, name: raw.name, location: raw.location, rules: rules, origin: raw.sourceLocation)
    }

    /// Whether a what-if change wrote the rule's priority.
    static func editedPriority(_ rule: RawResource) -> Bool {
        guard let edit = rule.edit, let priority = rule.properties.child("priority") else { return false }
        return edit.origin(of: priority.pointer) != nil
    }

    mutating func convertRule(_ raw: RawResource, isDefault: Bool) -> SecurityRule? {
        var ok = true
        func required(_ key: String) -> JSONNode? {
            if let node = raw.property(key) { return node }
            error(raw, at: raw.properties, "security rule '\(raw.name)' has no \"\(key)\"")
            ok = false
            return nil
        }
        let protocolNode = required("protocol")
        let accessNode = required("access")
        let directionNode = required("direction")
        let priorityNode = required("priority")
        guard ok, let protocolNode, let accessNode, let directionNode, let priorityNode else { return nil }

        let protocolText = protocolNode.string ?? ""
        guard let protocols = Self.ruleProtocols(protocolText) else {
            error(raw, at: protocolNode, "protocol '\(protocolText)' is not Tcp, Udp, Icmp, Esp, Ah or *")
            return nil
        }
        let access: RuleAccess
        switch accessNode.string?.lowercased() {
        case "allow"?: access = .allow
        case "deny"?: access = .deny
        default: error(raw, at: accessNode, "access '\(accessNode.string ?? accessNode.value.kindName)' is not Allow or Deny"); return nil
        }
        guard let direction = Self.ruleDirection(directionNode) else {
            error(raw, at: directionNode, "direction '\(directionNode.string ?? directionNode.value.kindName)' is not Inbound or Outbound")
            return nil
        }
        guard let priorityText = priorityNode.string, let priority = Int(priorityText) else {
            error(raw, at: priorityNode, "priority must be an integer, found \(priorityNode.string.map { "'\($0)'" } ?? priorityNode.value.kindName)")
            return nil
        }
        let validRange = isDefault ? 65000...65500 : 100...4096
        guard validRange.contains(priority) else {
            error(
                raw, at: priorityNode,
                "priority \(priority) is outside \(validRange.lowerBound)-\(validRange.upperBound)" + (isDefault ? " for a default rule" : " (NSG-11)"))
            return nil
        }
        guard let sourcePorts = ports(raw, side: .source), let destinationPorts = ports(raw, side: .destination),
            let source = addressMatch(raw, side: .source), let destination = addressMatch(raw, side: .destination)
        else { return nil }
        return SecurityRule(
            id: raw.id, name: raw.name, priority: priority, direction: direction, access: access,
            protocols: protocols, protocolText: protocolText, source: source, sourcePorts: sourcePorts,
            destination: destination, destinationPorts: destinationPorts, isDefault: isDefault,
            description: raw.property("description")?.string, origin: raw.sourceLocation)
    }

    /// A rule's protocol as NSG and security admin rules write it (`*` and `Any` alike).
    static func ruleProtocols(_ text: String) -> ProtocolSet? {
        switch text.lowercased() {
        case "tcp": .tcp
        case "udp": .udp
        case "icmp": .icmp
        case "esp": .esp
        case "ah": .ah
        case "*", "any", "all": .all
        default: nil
        }
    }

    static func ruleDirection(_ node: JSONNode) -> TrafficDirection? {
        switch node.string?.lowercased() {
        case "inbound"?: .inbound
        case "outbound"?: .outbound
        default: nil
        }
    }

    /// The two sides of a security rule, with the names of their members.
    enum RuleSide: String {
        case source, destination

        var portRange: String { self == .source ? "sourcePortRange" : "destinationPortRange" }
        var portRanges: String { self == .source ? "sourcePortRanges" : "destinationPortRanges" }
        var addressPrefix: String { self == .source ? "sourceAddressPrefix" : "destinationAddressPrefix" }
        var addressPrefixes: String { self == .source ? "sourceAddressPrefixes" : "destinationAddressPrefixes" }
        var applicationSecurityGroups: String { self == .source ? "sourceApplicationSecurityGroups" : "destinationApplicationSecurityGroups" }
    }

    /// NSG-10, NSG-17, NSG-18: the union of `xPortRange` and `xPortRanges`, each element
    /// `*`, `N` or `N-M`, commas split.
    mutating func ports(_ raw: RawResource, side: RuleSide) -> PortSet? {
        let single = raw.property(side.portRange), plural = raw.property(side.portRanges)
        // One text, seen before: the same set (a text is only cached once it read cleanly).
        if plural == nil, let text = single?.string, let known = portSets[text] { return known }
        var ranges: [ClosedRange<UInt16>] = []
        var any = false
        var sawValue = false
        for node in [single, plural] {
            guard let items = listItems(raw, node, .port, single: true) else { return nil }
            for item in items {
                guard let text = item.string else { return nil }
                // The usual forms, `*`, `443` and `1000-2000`, read byte by byte.
                if text == "*" { sawValue = true; any = true; continue }
                if let range = Self.plainPortRange(text) { sawValue = true; ranges.append(range); continue }
                for piece in text.split(separator: ",") {
                    let token = piece.trimmedBlanks
                    if token.isEmpty { continue }
                    sawValue = true
                    if token == "*" || token.lowercased() == "any" { any = true; continue }
                    let bounds = token.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmedBlanks }
                    guard bounds.count <= 2, bounds.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                        let low = Int(bounds[0]), let high = Int(bounds.last!)
                    else {
                        error(raw, at: item, "invalid port '\(token)': expected *, a port or a range like 1000-2000")
                        return nil
                    }
                    guard (0...65535).contains(low), (0...65535).contains(high) else {
                        error(raw, at: item, "port \(low > 65535 || low < 0 ? low : high) is outside 0-65535")
                        return nil
                    }
                    guard low <= high else { error(raw, at: item, "port range '\(token)' runs backwards"); return nil }
                    ranges.append(UInt16(low)...UInt16(high))
                }
            }
        }
        if !any && !sawValue {
            error(raw, at: raw.properties, "security rule '\(raw.name)' has no \(side.portRange) or \(side.portRanges) (NSG-10)")
            return nil
        }
        let result = any ? PortSet.full : PortSet(ranges)
        if plural == nil, let text = single?.string { portSets[text] = result }
        return result
    }

    /// `N` or `N-M` with ports in 0-65535 and N <= M, nothing else; nil leaves the text to
    /// the general reader, which also explains what is wrong.
    static func plainPortRange(_ text: String) -> ClosedRange<UInt16>? {
        var low = 0, high = 0, digits = 0, dash = false
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39:
                digits += 1
                guard digits <= 5 else { return nil }
                if dash { high = high * 10 + Int(byte - 0x30) } else { low = low * 10 + Int(byte - 0x30) }
            case 0x2D where !dash && digits > 0:
                dash = true
                digits = 0
            default:
                return nil
            }
        }
        guard digits > 0 else { return nil }
        if !dash { high = low }
        guard low <= 65535, high <= 65535, low <= high else { return nil }
        return UInt16(low)...UInt16(high)
    }

    /// NSG-10, NSG-20: the union of `xAddressPrefix`, `xAddressPrefixes` and
    /// `xApplicationSecurityGroups`.
    mutating func addressMatch(_ raw: RawResource, side: RuleSide) -> AddressMatch? {
        let single = raw.property(side.addressPrefix), plural = raw.property(side.addressPrefixes)
        let groups = raw.property(side.applicationSecurityGroups)
        // One text, seen before and read without a remark: the same match.
        let cacheKey = plural == nil && groups == nil ? single?.string : nil
        if let cacheKey, let known = addressMatches[cacheKey] { return known }
        var remarks = false
        var texts: [String] = []
        var any = false
        var literal: [IPPrefix] = []
        var tags: [ServiceTag] = []
        var published = AddressSet.empty
        for node in [single, plural] {
            guard let items = listItems(raw, node, .text("an address, CIDR or service tag"), single: true) else { return nil }
            for item in items {
                guard let text = item.string?.trimmedBlanks else { return nil }
                if text.isEmpty { continue }
                texts.append(text)
                if text == "*" || text.lowercased() == "any" { any = true; continue }
                if let prefix = IPPrefix(text) { literal.append(prefix); continue }
                // Text shaped like an address must be one: `10.0.0.0/33` is an error.
                let addressShaped = text.contains("/") || text.contains(":") || (text.first!.isNumber && text.contains("."))
                if addressShaped { error(raw, at: item, "invalid IP address or CIDR '\(text)'"); return nil }
                // TAG-10: a tag the published data holds matches its prefixes, like a literal.
                if let tag = serviceTags?.tag(named: text), !ServiceTagCatalog.contextTags.contains(text.lowercased()) {
                    published = published.union(tag.addresses)
                    continue
                }
                let looksLikeTag = text.first!.isLetter && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
                if !looksLikeTag {
                    remarks = true
                    warn(
                        raw, at: item, kind: .assumption,
                        "'\(text)' is neither an address nor a known service-tag form; treated as a service tag Lateral cannot expand")
                }
                tags.append(ServiceTag(text))
            }
        }
        guard let asgs = referenceList(raw, groups) else { return nil }
        texts += asgs.map { "asg:" + $0.name }
        if texts.isEmpty {
            error(
                raw, at: raw.properties,
                "security rule '\(raw.name)' has no \(side.addressPrefix), \(side.addressPrefixes) or \(side.applicationSecurityGroups) (NSG-10)")
            return nil
        }
        let match = AddressMatch(any: any, prefixes: AddressSet(prefixes: literal).union(published), tags: tags, applicationSecurityGroups: asgs, texts: texts)
        if let cacheKey, !remarks { addressMatches[cacheKey] = match }
        return match
    }
}

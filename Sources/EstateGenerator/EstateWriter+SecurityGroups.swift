/// NSGs (one per spoke subnet, and in a flat estate one per NIC) with a realistic mix of
/// rules, and the ASGs their rules and NICs name.
extension EstateWriter {
    mutating func securityGroup(_ spoke: EstatePlan.Spoke, subnet: Int) {
        openSecurityGroup(spoke, name: plan.securityGroupName(spoke, subnet), id: plan.securityGroupID(spoke, subnet))
        let own = SecurityRuleDraft.Side.cidr(plan.subnetBase(spoke, subnet), plan.layout.subnetLength)
        let ownGroup = plan.groupCount(spoke) > 0 ? plan.groupID(spoke, subnet % plan.groupCount(spoke)) : nil
        for index in 0..<plan.options.rulesPerSecurityGroup {
            let priority = 100 + 10 * index
            let draft =
                plannedRule(spoke, subnet: subnet, index: index, priority: priority)
                ?? (plan.shape.hasDenseRules
                    ? denseRule(spoke, own: own, ownGroup: ownGroup, priority: priority)
                    : randomRule(spoke, subnet: subnet, priority: priority))
            securityRule(draft, priority: priority)
        }
        closeSecurityGroup(attachedTo: "subnets", plan.subnetID(spoke, subnet))
    }

    /// A NIC's own NSG (flat estates): dense rules about the NIC's address and first ASG.
    mutating func interfaceSecurityGroup(_ spoke: EstatePlan.Spoke, subnet: Int, nic: Int) {
        openSecurityGroup(
            spoke, name: plan.interfaceSecurityGroupName(spoke, subnet: subnet, nic: nic),
            id: plan.interfaceSecurityGroupID(spoke, subnet: subnet, nic: nic))
        let own = SecurityRuleDraft.Side.cidr(plan.interfaceAddress(spoke, subnet: subnet, nic: nic), 32)
        let ownGroup = plan.interfaceGroups(spoke, subnet: subnet, nic: nic).first.map { plan.groupID(spoke, $0) }
        for index in 0..<plan.rulesPerInterfaceSecurityGroup {
            let priority = 100 + 10 * index
            securityRule(denseRule(spoke, own: own, ownGroup: ownGroup, priority: priority), priority: priority)
        }
        closeSecurityGroup(attachedTo: "networkInterfaces", plan.interfaceID(spoke, subnet: subnet, nic: nic))
    }

    /// Up to the opened `securityRules` array.
    mutating func openSecurityGroup(_ spoke: EstatePlan.Spoke, name: String, id: String) {
        header(
            name: name, id: id, type: "Microsoft.Network/networkSecurityGroups",
            location: plan.regions[spoke.region].name, tags: ["env": "prod", "owner": spoke.role.owner])
        openProperties()
        resourceGuid()
        out.openArray("securityRules")
    }

    /// Closes the rules and names what the NSG is attached to, as Azure lists it.
    mutating func closeSecurityGroup(attachedTo key: StaticString, _ id: String) {
        out.closeArray()
        out.openArray(key)
        out.referenceItem(id)
        out.closeArray()
        close()
    }

    mutating func applicationSecurityGroup(_ spoke: EstatePlan.Spoke, _ position: Int) {
        header(
            name: plan.groupName(spoke, tier: plan.groupTier(spoke, position)), id: plan.groupID(spoke, position),
            type: "Microsoft.Network/applicationSecurityGroups", location: plan.regions[spoke.region].name,
            tags: ["env": "prod", "owner": spoke.role.owner])
        openProperties()
        resourceGuid()
        close()
    }

    /// The rules every frontend web subnet starts with: HTTPS from the Internet, and in a
    /// few of them (planted) SSH and RDP from the Internet too.
    func plannedRule(_ spoke: EstatePlan.Spoke, subnet: Int, index: Int, priority: Int) -> SecurityRuleDraft? {
        guard plan.hasPublicIPs(spoke, subnet: subnet) else { return nil }
        let own = SecurityRuleDraft.Side.cidr(plan.subnetBase(spoke, subnet), plan.layout.subnetLength)
        switch index {
        case 0:
            return SecurityRuleDraft(
                name: EstatePlan.internetHTTPSRule, description: "Storefront traffic from customers",
                access: "Allow", direction: "Inbound", proto: "Tcp", sources: [.tag("Internet")],
                destinations: [own], ports: [.port(80), .port(443)])
        case 1 where plan.exposesManagement(spoke):
            return SecurityRuleDraft(
                name: "Allow-SSH-RDP-Internet", description: "Temporary vendor access, to be removed",
                access: "Allow", direction: "Inbound", proto: "Tcp", sources: [.tag("Internet")],
                destinations: [own], ports: [.port(22), .port(3389)])
        default:
            return nil
        }
    }

    /// A rule drawn from a weighted mix of what real NSGs hold. No drawn rule denies a
    /// whole peer or `VirtualNetwork` on every port, so the planted holes stay open.
    mutating func randomRule(_ spoke: EstatePlan.Spoke, subnet: Int, priority: Int) -> SecurityRuleDraft {
        let own = SecurityRuleDraft.Side.cidr(plan.subnetBase(spoke, subnet), plan.layout.subnetLength)
        let roll = random.below(100)
        switch roll {
        case 0..<22:
            let (peer, side) = otherSpoke(spoke)
            let port = servicePort()
            return SecurityRuleDraft(
                name: "Allow-\(plan.spokeName(peer).dropFirst(5))-\(port.label)-In-\(priority)",
                description: "Calls from \(plan.spokeName(peer)) on \(port.label)", access: "Allow",
                direction: "Inbound", proto: "Tcp", sources: [side], destinations: [own], ports: [port])
        case 22..<34:
            let (peer, side) = otherSpoke(spoke)
            let proto: StaticString = random.pick(["Tcp", "Udp", "*"])
            return SecurityRuleDraft(
                name: "Deny-\(plan.spokeName(peer).dropFirst(5))-In-\(priority)",
                description: "Blocked after the \(plan.spokeName(peer)) review", access: "Deny",
                direction: "Inbound", proto: proto, sources: [side], destinations: [.any], ports: servicePorts(2 + random.below(2)))
        case 34..<48:
            return SecurityRuleDraft(
                name: "Allow-VNet-Services-In-\(priority)", description: "Service ports inside the estate", access: "Allow",
                direction: "Inbound", proto: "Tcp", sources: [.tag("VirtualNetwork")], destinations: [.tag("VirtualNetwork")],
                ports: servicePorts(1 + random.below(3)))
        case 48..<53:
            return SecurityRuleDraft(
                name: "Allow-AzureLoadBalancer-In-\(priority)", description: "Health probes", access: "Allow",
                direction: "Inbound", proto: "*", sources: [.tag("AzureLoadBalancer")], destinations: [.any], ports: [.any])
        case 53..<60:
            return SecurityRuleDraft(
                name: "Deny-Internet-In-\(priority)", description: "No direct Internet access", access: "Deny",
                direction: "Inbound", proto: "*", sources: [.tag("Internet")], destinations: [.any], ports: [.any])
        case 60..<75:
            let peers = (0..<(2 + random.below(2))).map { _ in otherSpoke(spoke).1 }
            let port = servicePort()
            return SecurityRuleDraft(
                name: "Allow-Out-Peers-\(port.label)-\(priority)", description: "Dependencies in other spokes", access: "Allow",
                direction: "Outbound", proto: "Tcp", sources: [own], destinations: peers, ports: [port])
        case 75..<82:
            return SecurityRuleDraft(
                name: "Deny-Internet-Web-Out-\(priority)", description: "Web egress goes through the proxy", access: "Deny",
                direction: "Outbound", proto: "Tcp", sources: [.any], destinations: [.tag("Internet")], ports: [.port(80), .port(8080)])
        case 82..<90:
            let peers = (0..<(2 + random.below(3))).map { _ in otherSpoke(spoke).1 }
            let (low, high) = random.pick(SecurityRuleDraft.portRanges)
            return SecurityRuleDraft(
                name: "Allow-Peers-Udp-\(low)-\(high)-\(priority)", description: "Telemetry and streaming", access: "Allow",
                direction: "Inbound", proto: "Udp", sources: peers, destinations: [own], ports: [.range(low, high)])
        case 90..<96:
            return SecurityRuleDraft(
                name: "Deny-VNet-SMB-In-\(priority)", description: "No file sharing between workloads", access: "Deny",
                direction: "Inbound", proto: "Tcp", sources: [.tag("VirtualNetwork")], destinations: [.any], ports: [.port(445), .port(139)])
        default:
            return SecurityRuleDraft(
                name: "Allow-Storage-Out-\(priority)", description: "Blob storage over HTTPS", access: "Allow",
                direction: "Outbound", proto: "Tcp", sources: [own], destinations: [.tag("Storage")], ports: [.port(443)])
        }
    }

    /// Another spoke of the estate and its prefix.
    mutating func otherSpoke(_ spoke: EstatePlan.Spoke) -> (EstatePlan.Spoke, SecurityRuleDraft.Side) {
        var index = random.below(plan.spokes.count - 1)
        if index >= spoke.index { index += 1 }
        let other = plan.spokes[index]
        return (other, .cidr(other.base, other.prefixLength))
    }

    /// A service port, or one time in five a port range.
    mutating func servicePort() -> SecurityRuleDraft.Ports {
        if random.percent(20) {
            let (low, high) = random.pick(SecurityRuleDraft.portRanges)
            return .range(low, high)
        }
        return .port(random.pick(SecurityRuleDraft.servicePorts))
    }

    /// Distinct service ports, in the order drawn.
    mutating func servicePorts(_ count: Int) -> [SecurityRuleDraft.Ports] {
        var ports: [Int] = []
        while ports.count < count {
            let port = random.pick(SecurityRuleDraft.servicePorts)
            if !ports.contains(port) { ports.append(port) }
        }
        return ports.map { .port($0) }
    }

    /// A rule as REST nests it in its NSG, minus the per-rule `id`, `etag` and `type` (the
    /// importer derives a nested child's ID from its parent and name): one value goes in
    /// the singular member, several in the plural one. Without the per-rule envelope the
    /// largest benchmark estate lands near the 145 MB, where most of the bytes are rules.
    mutating func securityRule(_ rule: SecurityRuleDraft, priority: Int) {
        out.openObject()
        out.field("name", rule.name)
        openProperties()
        out.field("description", rule.description)
        out.field("protocol", rule.proto)
        out.field("sourcePortRange", "*")
        if rule.ports.count == 1 {
            out.key("destinationPortRange"); ports(rule.ports[0])
        } else {
            out.openArray("destinationPortRanges"); for p in rule.ports { ports(p) }; out.closeArray()
        }
        if rule.sources.count == 1 {
            out.key("sourceAddressPrefix"); side(rule.sources[0])
        } else if !rule.sources.isEmpty {
            out.openArray("sourceAddressPrefixes"); for s in rule.sources { side(s) }; out.closeArray()
        }
        if !rule.sourceGroups.isEmpty {
            out.openArray("sourceApplicationSecurityGroups"); for id in rule.sourceGroups { out.referenceItem(id) }; out.closeArray()
        }
        if rule.destinations.count == 1 {
            out.key("destinationAddressPrefix"); side(rule.destinations[0])
        } else if !rule.destinations.isEmpty {
            out.openArray("destinationAddressPrefixes"); for d in rule.destinations { side(d) }; out.closeArray()
        }
        if !rule.destinationGroups.isEmpty {
            out.openArray("destinationApplicationSecurityGroups"); for id in rule.destinationGroups { out.referenceItem(id) }; out.closeArray()
        }
        out.field("access", rule.access)
        out.field("priority", priority)
        out.field("direction", rule.direction)
        close()
    }

    mutating func side(_ side: SecurityRuleDraft.Side) {
        switch side {
        case .any: out.string("*")
        case .tag(let tag): out.string(tag)
        case .text(let tag): out.string(tag)
        case .cidr(let base, let length): out.ipv4(base, length: length)
        }
    }

    mutating func ports(_ ports: SecurityRuleDraft.Ports) {
        switch ports {
        case .any: out.string("*")
        case .port(let p): out.string(String(p))
        case .range(let low, let high): out.string("\(low)-\(high)")
        }
    }
}

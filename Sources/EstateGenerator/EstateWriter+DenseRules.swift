/// NSG rules of the dense shapes: each names prefixes no other rule names, ASGs of its own
/// spoke, and regional service tags, as NSGs grown over years of exceptions do.
extension EstateWriter {
    /// A rule about `own` (a subnet or a NIC) and, where NICs have ASGs, `ownGroup`. Like
    /// ``randomRule(_:subnet:priority:)``, no rule denies a whole peer or `VirtualNetwork`
    /// on every port, so the planted holes stay open.
    mutating func denseRule(_ spoke: EstatePlan.Spoke, own: SecurityRuleDraft.Side, ownGroup: String?, priority: Int) -> SecurityRuleDraft {
        let region = tagRegions[spoke.region]
        let roll = random.below(100)
        switch roll {
        case 0..<24:
            let port = servicePort()
            return SecurityRuleDraft(
                name: "Allow-Hosts-\(port.label)-In-\(priority)", description: "Named hosts and ranges on \(port.label)",
                access: "Allow", direction: "Inbound", proto: "Tcp", sources: privateSides(1 + random.below(4)),
                destinations: [own], ports: [port])
        case 24..<36:
            let proto: StaticString = random.pick(["Tcp", "Udp", "*"])
            return SecurityRuleDraft(
                name: "Deny-Hosts-In-\(priority)", description: "Blocked after an incident review", access: "Deny",
                direction: "Inbound", proto: proto, sources: privateSides(1 + random.below(3)), destinations: [.any],
                ports: servicePorts(2 + random.below(2)))
        case 36..<46:
            let partners = (0..<(1 + random.below(3))).map { _ in partnerPrefixes.next() }.map { SecurityRuleDraft.Side.cidr($0.base, $0.length) }
            var rule = SecurityRuleDraft(
                name: "Allow-Partners-HTTPS-In-\(priority)", description: "Partner integrations", access: "Allow",
                direction: "Inbound", proto: "Tcp", sources: partners, destinations: [own], ports: [.port(443)])
            if let ownGroup { rule.destinations = []; rule.destinationGroups = [ownGroup] }
            return rule
        case 46..<58:
            let port = servicePort()
            var rule = SecurityRuleDraft(
                name: "Allow-Tier-\(port.label)-In-\(priority)", description: "Calls between tiers of the workload",
                access: "Allow", direction: "Inbound", proto: "Tcp", sources: [.tag("VirtualNetwork")],
                destinations: [own], ports: [port])
            let count = plan.groupCount(spoke)
            if let ownGroup, count > 1 {
                rule.sources = []
                rule.sourceGroups = [plan.groupID(spoke, random.below(count))]
                rule.destinations = []
                rule.destinationGroups = [ownGroup]
            }
            return rule
        case 58..<68:
            let tag = random.pick(["AzureCloud.", "AzureMonitor", "GatewayManager", "AzureFrontDoor.Backend", "ApiManagement.", "AzureLoadBalancer"])
            let text = tag.hasSuffix(".") ? tag + region : tag
            return SecurityRuleDraft(
                name: "Allow-\(text)-In-\(priority)", description: "Platform service \(text)", access: "Allow",
                direction: "Inbound", proto: "Tcp", sources: [.text(text)], destinations: [own], ports: [servicePort()])
        case 68..<78:
            let (tag, port) = random.pick([("Storage.", 443), ("Sql.", 1433), ("AzureKeyVault.", 443), ("EventHub.", 5671), ("AzureMonitor", 443)])
            let text = tag.hasSuffix(".") ? tag + region : tag
            return SecurityRuleDraft(
                name: "Allow-\(text)-Out-\(priority)", description: "Dependency on \(text)", access: "Allow",
                direction: "Outbound", proto: "Tcp", sources: [own], destinations: [.text(text)], ports: [.port(port)])
        case 78..<88:
            let port = servicePort()
            return SecurityRuleDraft(
                name: "Allow-Out-Hosts-\(port.label)-\(priority)", description: "Named dependencies on \(port.label)",
                access: "Allow", direction: "Outbound", proto: "Tcp", sources: [own],
                destinations: privateSides(2 + random.below(3)), ports: [port])
        case 88..<94:
            return SecurityRuleDraft(
                name: "Deny-Internet-Web-Out-\(priority)", description: "Web egress goes through the proxy", access: "Deny",
                direction: "Outbound", proto: "Tcp", sources: [.any], destinations: [.tag("Internet")], ports: [.port(80), .port(8080)])
        default:
            return SecurityRuleDraft(
                name: "Deny-VNet-SMB-In-\(priority)", description: "No file sharing between workloads", access: "Deny",
                direction: "Inbound", proto: "Tcp", sources: [.tag("VirtualNetwork")], destinations: [.any], ports: [.port(445), .port(139)])
        }
    }

    /// Private prefixes (hosts and small ranges) that no other rule names.
    mutating func privateSides(_ count: Int) -> [SecurityRuleDraft.Side] {
        (0..<count).map { _ in
            let prefix = privatePrefixes.next()
            return .cidr(prefix.base, prefix.length)
        }
    }
}

/// One Premium Azure Firewall per hub, a platform base policy inherited by one policy per
/// region, their rule collection groups, and one IP Group per spoke role.
extension EstateWriter {
    func firewallID(_ region: Int) -> String { plan.hubResource(region, "azureFirewalls", plan.firewallName(region)) }
    func policyID(_ region: Int) -> String { plan.hubResource(region, "firewallPolicies", plan.policyName(region)) }
    func firewallPublicIPID(_ region: Int) -> String { plan.hubResource(region, "publicIPAddresses", "pip-" + plan.firewallName(region)) }
    func groupID(policy: String, _ name: String) -> String { policy + "/ruleCollectionGroups/" + name }
    func regionalGroups(_ region: Int) -> [String] {
        let code = plan.regions[region].code
        let names = ["rcg-\(code)-dnat", "rcg-\(code)-east-west", "rcg-\(code)-egress"] + (plan.shape == .globalMesh ? ["rcg-\(code)-spoke-mesh"] : [])
        return names.map { groupID(policy: policyID(region), $0) }
    }

    mutating func firewallPublicIP(_ region: Int) {
        publicIP(
            name: "pip-" + plan.firewallName(region), id: firewallPublicIPID(region), location: plan.regions[region].name,
            owner: "platform-network", address: plan.firewallPublicAddress(region),
            attachedTo: firewallID(region) + "/azureFirewallIpConfigurations/ipconfig1")
    }

    mutating func firewall(_ region: Int) {
        let id = firewallID(region)
        header(
            name: plan.firewallName(region), id: id, type: "Microsoft.Network/azureFirewalls", location: plan.regions[region].name,
            tags: ["role": "hub", "env": "prod", "owner": "platform-network"])
        out.array("zones") { out in
            out.string("1"); out.string("2"); out.string("3")
        }
        openProperties()
        out.object("sku") { out in
            out.field("name", "AZFW_VNet")
            out.field("tier", "Premium")
        }
        out.field("threatIntelMode", "Deny")
        out.object("additionalProperties") { _ in }
        out.openArray("ipConfigurations")
        childHeader(
            name: "ipconfig1", id: id + "/azureFirewallIpConfigurations/ipconfig1", type: "Microsoft.Network/azureFirewalls/azureFirewallIpConfigurations")
        openProperties()
        out.field("privateIPAddress", address: plan.firewallAddress(region))
        out.field("privateIPAllocationMethod", "Dynamic")
        out.reference("subnet", plan.hubID(region) + "/subnets/AzureFirewallSubnet")
        out.reference("publicIPAddress", firewallPublicIPID(region))
        close()
        out.closeArray()
        out.emptyArray("networkRuleCollections")
        out.emptyArray("applicationRuleCollections")
        out.emptyArray("natRuleCollections")
        out.reference("firewallPolicy", policyID(region))
        close()
    }

    mutating func policy(name: String, id: String, region: Int, base: String?, children: [String], groups: [String], firewalls: [String]) {
        header(
            name: name, id: id, type: "Microsoft.Network/firewallPolicies", location: plan.regions[region].name,
            tags: ["role": "hub", "env": "prod", "owner": "platform-security"])
        openProperties()
        out.object("sku") { $0.field("tier", "Premium") }
        if let base { out.reference("basePolicy", base) }
        out.field("threatIntelMode", "Deny")
        out.object("intrusionDetection") { $0.field("mode", "Alert") }
        out.object("snat") { $0.array("privateRanges") { $0.string("IANAPrivateRanges") } }
        out.openArray("childPolicies")
        for child in children { out.referenceItem(child) }
        out.closeArray()
        out.openArray("ruleCollectionGroups")
        for group in groups { out.referenceItem(group) }
        out.closeArray()
        out.openArray("firewalls")
        for firewall in firewalls { out.referenceItem(firewall) }
        out.closeArray()
        close()
    }

    mutating func basePolicy() {
        policy(
            name: EstatePlan.basePolicyName, id: plan.basePolicyID(), region: 0, base: nil,
            children: plan.regions.indices.map { policyID($0) },
            groups: [groupID(policy: plan.basePolicyID(), "rcg-platform-guardrails")], firewalls: [])
    }

    mutating func regionalPolicy(_ region: Int) {
        policy(
            name: plan.policyName(region), id: policyID(region), region: region, base: plan.basePolicyID(), children: [],
            groups: regionalGroups(region), firewalls: [firewallID(region)])
    }

    /// The platform's inherited guardrail: no SSH or RDP between private ranges through any hub.
    mutating func guardrailGroup() {
        let deny = FirewallRuleDraft(
            kind: .network, name: "ssh-rdp-between-private-ranges", description: "Platform baseline, inherited by every hub",
            sources: ["10.0.0.0/8"], destinations: ["10.0.0.0/8"], ports: ["22", "3389"])
        ruleCollectionGroup(
            id: groupID(policy: plan.basePolicyID(), "rcg-platform-guardrails"), priority: 65000,
            collections: [FirewallCollectionDraft(name: "deny-remote-admin-east-west", priority: 65000, action: "Deny", rules: [deny])])
    }

    /// DNAT from the firewall's public IP to the region's first frontend (SSH) and first
    /// inference host (HTTPS), when the region has them.
    mutating func dnatGroup(_ region: Int) {
        let code = plan.regions[region].code
        var rules: [FirewallRuleDraft] = []
        let frontDoor = EstatePlan.dotted(plan.firewallPublicAddress(region))
        if plan.options.interfacesPerSubnet > 0 {
            for (role, port, translated) in [(SpokeRole.retailFrontend, "50022", "22"), (.inference, "8443", "443")] {
                guard let spoke = plan.spokes.first(where: { $0.region == region && $0.role == role }) else { continue }
                rules.append(
                    FirewallRuleDraft(
                        kind: .dnat, name: "\(translated == "22" ? "ssh" : "https")-\(plan.interfaceName(spoke, subnet: 0, nic: 0))",
                        description: "Published through the hub firewall", sources: ["*"], destinations: [frontDoor],
                        ports: [port], translatedAddress: plan.interfaceAddress(spoke, subnet: 0, nic: 0), translatedPort: translated))
            }
        }
        ruleCollectionGroup(
            id: regionalGroups(region)[0], priority: 100,
            collections: rules.isEmpty ? [] : [FirewallCollectionDraft(name: "dnat-\(code)-published", priority: 100, action: "Allow", rules: rules)])
    }

    /// Spoke-to-spoke traffic through the hub: frontends never reach training; a few
    /// services are allowed between roles.
    mutating func eastWestGroup(_ region: Int) {
        let frontends = plan.ipGroupID(.retailFrontend), inference = plan.ipGroupID(.inference)
        let training = plan.ipGroupID(.llmTraining), shared = plan.ipGroupID(.shared)
        let deny = FirewallRuleDraft(
            kind: .network, name: "frontends-to-training", description: "Retail must never reach training",
            protocols: ["Any"], sourceGroups: [frontends], destinationGroups: [training], ports: ["*"])
        let allows = [
            FirewallRuleDraft(
                kind: .network, name: "frontends-to-inference-https", description: "Storefront calls the inference API",
                sourceGroups: [frontends], destinationGroups: [inference], ports: ["443", "8443"]),
            FirewallRuleDraft(
                kind: .network, name: "inference-to-training-registry", description: "Serving pulls models from the training registry",
                sourceGroups: [inference], destinationGroups: [training], ports: ["5000", "8443"]),
            FirewallRuleDraft(
                kind: .network, name: "estate-to-shared-dns", description: "Name resolution",
                protocols: ["UDP", "TCP"], sources: ["10.0.0.0/8"], destinationGroups: [shared], ports: ["53"]),
            FirewallRuleDraft(
                kind: .network, name: "shared-monitoring", description: "Metrics scraping",
                sourceGroups: [shared], destinations: ["10.0.0.0/8"], ports: ["9100-9200"]),
        ]
        ruleCollectionGroup(
            id: regionalGroups(region)[1], priority: 200,
            collections: [
                FirewallCollectionDraft(name: "deny-frontends-to-training", priority: 100, action: "Deny", rules: [deny]),
                FirewallCollectionDraft(name: "allow-spoke-services", priority: 200, action: "Allow", rules: allows),
            ])
    }

    /// Training egress: regional storage by service tag, package mirrors by FQDN.
    mutating func egressGroup(_ region: Int) {
        let training = plan.ipGroupID(.llmTraining)
        let storageTag = "Storage." + tagRegions[region]
        ruleCollectionGroup(
            id: regionalGroups(region)[2], priority: 300,
            collections: [
                FirewallCollectionDraft(
                    name: "allow-training-storage", priority: 100, action: "Allow",
                    rules: [
                        FirewallRuleDraft(
                            kind: .network, name: "training-to-regional-storage", description: "Datasets and checkpoints",
                            sourceGroups: [training], destinations: [storageTag], ports: ["443"])
                    ]),
                FirewallCollectionDraft(
                    name: "allow-package-mirrors", priority: 200, action: "Allow",
                    rules: [
                        FirewallRuleDraft(
                            kind: .application, name: "python-and-cuda", description: "Package mirrors",
                            sourceGroups: [training], fqdns: ["pypi.org", "files.pythonhosted.org", "download.pytorch.org"])
                    ]),
            ])
    }

    /// `westeurope` -> `WestEurope`, the casing service tags use.
    static func regionName(_ name: String) -> String {
        let words = [
            "west", "east", "north", "south", "central", "europe", "us", "asia", "germany", "uk", "japan", "australia",
            "canada", "france", "sweden", "korea", "brazil", "switzerland",
        ]
        var rest = Substring(name), result = ""
        while !rest.isEmpty {
            guard let word = words.filter({ rest.hasPrefix($0) }).max(by: { $0.count < $1.count }) else {
                result += rest
                break
            }
            result += word.prefix(1).uppercased() + word.dropFirst()
            rest = rest.dropFirst(word.count)
        }
        return result
    }

    mutating func ruleCollectionGroup(id: String, priority: Int, collections: [FirewallCollectionDraft]) {
        header(
            name: String(id.split(separator: "/").last!), id: id, type: "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
            location: nil, tags: [:])
        openProperties()
        out.field("priority", priority)
        out.openArray("ruleCollections")
        for collection in collections {
            out.openObject()
            out.field("ruleCollectionType", collection.isNat ? "FirewallPolicyNatRuleCollection" : "FirewallPolicyFilterRuleCollection")
            out.field("name", collection.name)
            out.field("priority", collection.priority)
            out.object("action") { [action = collection.isNat ? "DNAT" : collection.action] in $0.field("type", action) }
            out.openArray("rules")
            for rule in collection.rules { firewallRule(rule) }
            out.closeArray()
            out.closeObject()
        }
        out.closeArray()
        close()
    }

    mutating func firewallRule(_ rule: FirewallRuleDraft) {
        func strings(_ name: StaticString, _ values: [String], into out: inout JSONBuffer) {
            out.openArray(name)
            for value in values { out.string(value) }
            out.closeArray()
        }
        out.openObject()
        switch rule.kind {
        case .network: out.field("ruleType", "NetworkRule")
        case .dnat: out.field("ruleType", "NatRule")
        case .application: out.field("ruleType", "ApplicationRule")
        }
        out.field("name", rule.name)
        out.field("description", rule.description)
        if rule.kind != .application {
            out.openArray("ipProtocols")
            for p in rule.protocols { out.string(p) }
            out.closeArray()
        }
        strings("sourceAddresses", rule.sources, into: &out)
        strings("sourceIpGroups", rule.sourceGroups, into: &out)
        switch rule.kind {
        case .network:
            strings("destinationAddresses", rule.destinations, into: &out)
            strings("destinationIpGroups", rule.destinationGroups, into: &out)
            out.emptyArray("destinationFqdns")
            strings("destinationPorts", rule.ports, into: &out)
        case .dnat:
            strings("destinationAddresses", rule.destinations, into: &out)
            strings("destinationPorts", rule.ports, into: &out)
            out.field("translatedAddress", address: rule.translatedAddress)
            out.field("translatedPort", rule.translatedPort)
        case .application:
            out.openArray("protocols")
            out.openObject()
            out.field("protocolType", "Https")
            out.field("port", 443)
            out.closeObject()
            out.closeArray()
            strings("targetFqdns", rule.fqdns, into: &out)
            out.emptyArray("targetUrls")
            out.emptyArray("fqdnTags")
            out.emptyArray("webCategories")
            out.emptyArray("destinationAddresses")
            out.field("terminateTLS", false)
        }
        out.closeObject()
    }

    mutating func ipGroup(_ role: SpokeRole) {
        header(
            name: "ipg-\(role.rawValue)", id: plan.ipGroupID(role), type: "Microsoft.Network/ipGroups", location: plan.regions[0].name,
            tags: ["role": "hub", "env": "prod", "owner": "platform-network"])
        openProperties()
        out.openArray("ipAddresses")
        for index in plan.spokesByRole[role] ?? [] { out.ipv4(plan.spokes[index].base, length: plan.spokes[index].prefixLength) }
        out.closeArray()
        out.emptyArray("firewalls")
        out.openArray("firewallPolicies")
        for region in plan.regions.indices { out.referenceItem(policyID(region)) }
        out.closeArray()
        close()
    }
}

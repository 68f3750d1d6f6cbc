/// The spoke-to-spoke rules of a global mesh's regional policies: hundreds of network
/// rules over wide ranges (all of 10.0.0.0/8, a region, a /14 to /16) and narrow ones (a
/// spoke, a subnet, a host), most of them allowing, as a policy grows when every team's
/// request is a new rule.
extension EstateWriter {
    mutating func spokeMeshGroup(_ region: Int) {
        let code = plan.regions[region].code
        var collections: [FirewallCollectionDraft] = []
        var made = 0
        while made < plan.meshRulesPerPolicy {
            let number = collections.count
            let deny = number % 4 == 3
            let count = min(EstatePlan.meshRulesPerCollection, plan.meshRulesPerPolicy - made)
            let rules = (0..<count).map { meshRule(number: made + $0, region: code, deny: deny) }
            collections.append(
                FirewallCollectionDraft(
                    name: "\(deny ? "deny" : "allow")-spokes-\(code)-\(plan.padded(number))",
                    priority: 100 + 10 * number, action: deny ? "Deny" : "Allow", rules: rules))
            made += count
        }
        ruleCollectionGroup(id: regionalGroups(region)[3], priority: 250, collections: collections)
    }

    mutating func meshRule(number: Int, region code: String, deny: Bool) -> FirewallRuleDraft {
        var rule = FirewallRuleDraft(
            kind: .network, name: "\(deny ? "deny" : "allow")-\(code)-\(plan.padded(number))",
            description: deny ? "Closed after a review" : "Requested by a workload team")
        rule.protocols = random.percent(70) ? ["TCP"] : random.pick([["UDP"], ["TCP", "UDP"], ["Any"]])
        for _ in 0..<(1 + random.below(3)) { meshSide(addresses: &rule.sources, groups: &rule.sourceGroups) }
        for _ in 0..<(1 + random.below(3)) { meshSide(addresses: &rule.destinations, groups: &rule.destinationGroups) }
        switch random.below(10) {
        case 0: rule.ports = ["*"]
        case 1, 2:
            let (low, high) = random.pick(SecurityRuleDraft.portRanges)
            rule.ports = ["\(low)-\(high)"]
        default: rule.ports = servicePorts(1 + random.below(3)).map(\.label)
        }
        return rule
    }

    /// One source or destination: a wide range, a narrow one, or a role's IP Group.
    mutating func meshSide(addresses: inout [String], groups: inout [String]) {
        let spoke = plan.spokes[random.below(plan.spokes.count)]
        switch random.below(100) {
        case 0..<8:
            addresses.append("10.0.0.0/8")
        case 8..<20:
            let block = plan.regionBlock(random.below(plan.regions.count)) ?? (0x0A00_0000, 8)
            addresses.append(EstatePlan.dotted(block.0, length: block.1))
        case 20..<30:
            let length = 14 + random.below(3)
            addresses.append(EstatePlan.dotted(spoke.base & ~(UInt32.max >> length), length: length))
        case 30..<40:
            let role = random.pick(SpokeRole.allCases)
            if !groups.contains(plan.ipGroupID(role)) { groups.append(plan.ipGroupID(role)) }
        case 40..<60:
            addresses.append(EstatePlan.dotted(spoke.base, length: spoke.prefixLength))
        case 60..<80:
            let subnet = random.below(plan.layout.subnetsPerNetwork)
            addresses.append(EstatePlan.dotted(plan.subnetBase(spoke, subnet), length: plan.layout.subnetLength))
        default:
            let subnet = random.below(plan.layout.subnetsPerNetwork)
            let nic = random.below(max(1, plan.interfaceCount(spoke, subnet: subnet)))
            addresses.append(EstatePlan.dotted(plan.interfaceAddress(spoke, subnet: subnet, nic: nic), length: 32))
        }
    }
}

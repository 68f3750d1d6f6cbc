/// The layout of an estate, decided before any JSON is written: regions, spokes with their
/// roles and address blocks, and where the deliberate holes go.
///
/// Roles are the only random part of the plan, drawn in spoke order from the seeded
/// generator, so the writer can name any spoke's peer or prefix without writing it first.
struct EstatePlan {
    struct Spoke {
        let index: Int
        let region: Int
        let role: SpokeRole
        /// Position among the spokes of the same role (0 for the first frontend, ...).
        let ordinal: Int
        /// First address of the spoke's block in 10.0.0.0/8.
        let base: UInt32
        let prefixLength: Int
    }

    let options: EstateOptions
    let regions: [Region]
    let spokes: [Spoke]
    /// The spoke indices of each role, in order (for IP Groups and rule targets).
    let spokesByRole: [SpokeRole: [Int]]
    /// Training spokes that hold a storage account and its private endpoint: the first
    /// training spoke of each region, in spoke order.
    let storageSpokes: [Int]

    /// Planted hole 1: this frontend and this training spoke are peered directly, which
    /// bypasses the hub firewall.
    let plantedFrontend = 0
    let plantedTraining = 1
    /// Planted hole 2: this subnet of the planted training spoke has no route table, so
    /// its 0.0.0.0/0 goes straight to the Internet.
    var unroutedSubnet: Int { options.subnetsPerSpoke - 1 }
    /// The training subnet tier that holds private endpoints ("data" when there are two or more).
    var endpointSubnet: Int { min(1, options.subnetsPerSpoke - 1) }

    /// /24s per spoke: the subnet count rounded up to a power of two, so every spoke is one CIDR.
    static func spokeBlockSize(_ subnets: Int) -> Int {
        var size = 1
        while size < subnets { size *= 2 }
        return size
    }

    init(options: EstateOptions, random: inout SplitMix64) {
        self.options = options
        regions = Array(Region.all.prefix(options.regions))
        let block = Self.spokeBlockSize(options.subnetsPerSpoke)
        var length = 24
        while (1 << (24 - length)) < block { length -= 1 }
        var spokes: [Spoke] = []
        var byRole: [SpokeRole: [Int]] = [:]
        for index in 0..<options.spokes {
            let role: SpokeRole
            switch index {
            case plantedFrontend: role = .retailFrontend
            case plantedTraining: role = .llmTraining
            default:
                var roll = random.below(100)
                var chosen = SpokeRole.shared
                for candidate in SpokeRole.allCases {
                    if roll < candidate.share { chosen = candidate; break }
                    roll -= candidate.share
                }
                role = chosen
            }
            spokes.append(Spoke(index: index, region: index % options.regions, role: role, ordinal: byRole[role, default: []].count,
                                base: 0x0A00_0000 + UInt32(index * block * 256), prefixLength: length))
            byRole[role, default: []].append(index)
        }
        self.spokes = spokes
        spokesByRole = byRole
        var seenRegions = Set<Int>()
        storageSpokes = (byRole[.llmTraining] ?? []).filter { seenRegions.insert(spokes[$0].region).inserted }
    }

    /// Frontend spokes whose web subnet admits SSH and RDP from the Internet: every 25th,
    /// starting with the first.
    func exposesManagement(_ spoke: Spoke) -> Bool { spoke.role == .retailFrontend && spoke.ordinal % 25 == 0 }

    /// Whether a subnet sends 0.0.0.0/0 to its hub's firewall. Frontend web subnets do not
    /// (their NICs answer on public IPs, which a default route to an appliance would break),
    /// nor does the planted unrouted training subnet.
    func isRouted(_ spoke: Spoke, subnet: Int) -> Bool {
        if spoke.role == .retailFrontend && subnet == 0 { return false }
        if spoke.index == plantedTraining && subnet == unroutedSubnet { return false }
        return true
    }

    /// Whether a subnet's NICs have public IPs: the web subnet of every frontend spoke.
    func hasPublicIPs(_ spoke: Spoke, subnet: Int) -> Bool { spoke.role == .retailFrontend && subnet == 0 }

    /// Counts follow from the plan alone; the writer checks it wrote exactly these.
    var summary: EstateSummary {
        let s = options.spokes, n = options.subnetsPerSpoke, k = options.interfacesPerSubnet, r = options.regions
        let frontends = spokesByRole[.retailFrontend]?.count ?? 0
        var summary = EstateSummary()
        summary.virtualNetworks = r + s
        summary.subnets = r * (options.gatewaySubnets ? 2 : 1) + s * n
        summary.peerings = 2 * s + r * (r - 1) + 2
        summary.securityGroups = s * n
        summary.securityRules = s * n * options.rulesPerSecurityGroup
        summary.privateEndpoints = storageSpokes.count
        summary.storageAccounts = storageSpokes.count
        summary.interfaces = s * n * k + storageSpokes.count
        summary.publicIPs = r + frontends * k
        summary.routeTables = s
        summary.firewalls = r
        summary.firewallPolicies = r + 1
        summary.ruleCollectionGroups = 1 + 3 * r
        summary.ipGroups = SpokeRole.allCases.count
        summary.resources = summary.virtualNetworks + summary.securityGroups + summary.interfaces + summary.publicIPs
            + summary.routeTables + summary.firewalls + summary.firewallPolicies + summary.ruleCollectionGroups
            + summary.ipGroups + summary.privateEndpoints + summary.storageAccounts
        for (role, list) in spokesByRole { summary.spokesByRole[role.rawValue] = list.count }
        return summary
    }

    // MARK: Addresses

    func subnetBase(_ spoke: Spoke, _ subnet: Int) -> UInt32 { spoke.base + UInt32(subnet * 256) }
    func interfaceAddress(_ spoke: Spoke, subnet: Int, nic: Int) -> UInt32 { subnetBase(spoke, subnet) + 4 + UInt32(nic) }
    func endpointAddress(_ spoke: Spoke) -> UInt32 { interfaceAddress(spoke, subnet: endpointSubnet, nic: options.interfacesPerSubnet) }
    func hubBase(_ region: Int) -> UInt32 { 0xAC10_0000 + UInt32(region * 256) }  // 172.16.R.0/24
    func firewallAddress(_ region: Int) -> UInt32 { hubBase(region) + 4 }
    func firewallPublicAddress(_ region: Int) -> UInt32 { 0x1428_0000 + UInt32(region * 256) + 10 }  // 20.40.R.10
    /// The n-th NIC public IP: 20.64.0.0/10, skipping .0-.3 and .254-.255 of each /24.
    func publicAddress(_ n: Int) -> UInt32 { 0x1440_0000 + UInt32((n / 250) * 256 + n % 250 + 4) }

    // MARK: Names

    func spokeName(_ spoke: Spoke) -> String {
        "vnet-\(spoke.role.short)-\(regions[spoke.region].code)-\(padded(spoke.index))"
    }
    func subnetName(_ spoke: Spoke, _ subnet: Int) -> String {
        let tiers = spoke.role.tiers
        return "snet-" + tiers[subnet % tiers.count] + (subnet >= tiers.count ? "-\(subnet / tiers.count + 1)" : "")
    }
    func resourceGroup(_ spoke: Spoke) -> String { "\(spoke.role.resourceGroupStem)-\(regions[spoke.region].name)" }
    func hubName(_ region: Int) -> String { "vnet-hub-\(regions[region].code)" }
    func padded(_ n: Int) -> String {
        let text = String(n)
        return text.count >= 4 ? text : String(repeating: "0", count: 4 - text.count) + text
    }

    static let connectivity = "11111111-1111-1111-1111-111111111111"
    func hubGroup(_ region: Int) -> String { "rg-connectivity-\(regions[region].name)" }

    func networkID(subscription: String, group: String, type: String, name: String) -> String {
        "/subscriptions/\(subscription)/resourceGroups/\(group)/providers/Microsoft.Network/\(type)/\(name)"
    }
    func spokeResource(_ spoke: Spoke, _ type: String, _ name: String) -> String {
        networkID(subscription: spoke.role.subscription, group: resourceGroup(spoke), type: type, name: name)
    }
    func hubResource(_ region: Int, _ type: String, _ name: String) -> String {
        networkID(subscription: Self.connectivity, group: hubGroup(region), type: type, name: name)
    }
    func spokeID(_ spoke: Spoke) -> String { spokeResource(spoke, "virtualNetworks", spokeName(spoke)) }
    func hubID(_ region: Int) -> String { hubResource(region, "virtualNetworks", hubName(region)) }
    func subnetID(_ spoke: Spoke, _ subnet: Int) -> String { spokeID(spoke) + "/subnets/" + subnetName(spoke, subnet) }
    func securityGroupName(_ spoke: Spoke, _ subnet: Int) -> String {
        "nsg-" + spokeName(spoke).dropFirst(5) + "-" + subnetName(spoke, subnet).dropFirst(5)
    }
    func securityGroupID(_ spoke: Spoke, _ subnet: Int) -> String {
        spokeResource(spoke, "networkSecurityGroups", securityGroupName(spoke, subnet))
    }
    func routeTableName(_ spoke: Spoke) -> String { "rt-" + spokeName(spoke).dropFirst(5) }
    func routeTableID(_ spoke: Spoke) -> String { spokeResource(spoke, "routeTables", routeTableName(spoke)) }
    func interfaceName(_ spoke: Spoke, subnet: Int, nic: Int) -> String {
        "nic-" + spokeName(spoke).dropFirst(5) + "-" + subnetName(spoke, subnet).dropFirst(5) + "-" + (nic < 9 ? "0" : "") + String(nic + 1)
    }
    func interfaceID(_ spoke: Spoke, subnet: Int, nic: Int) -> String {
        spokeResource(spoke, "networkInterfaces", interfaceName(spoke, subnet: subnet, nic: nic))
    }
    func firewallName(_ region: Int) -> String { "afw-hub-\(regions[region].code)" }
    func policyName(_ region: Int) -> String { "afwp-hub-\(regions[region].code)" }
    static let basePolicyName = "afwp-platform-base"
    func basePolicyID() -> String { hubResource(0, "firewallPolicies", Self.basePolicyName) }
    func ipGroupID(_ role: SpokeRole) -> String { hubResource(0, "ipGroups", "ipg-\(role.rawValue)") }
}

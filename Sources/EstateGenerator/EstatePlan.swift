/// The layout of an estate, decided before any JSON is written: regions, workload VNets
/// with their roles and address blocks, and where the deliberate holes and gaps go.
///
/// Roles are the only random part of the plan, drawn in network order from the seeded
/// generator, so the writer can name any network's peer or prefix without writing it first.
struct EstatePlan {
    /// A workload VNet: a spoke of a hub, a member of a mesh, or one VNet of a flat estate.
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
    let layout: EstateLayout
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
    var unroutedSubnet: Int { layout.subnetsPerNetwork - 1 }
    /// The training subnet tier that holds private endpoints ("data" when there are two or more).
    var endpointSubnet: Int { min(1, layout.subnetsPerNetwork - 1) }
    var shape: EstateShape { options.shape }

    init(options: EstateOptions, random: inout SplitMix64) {
        self.options = options
        let layout = EstateLayout(options)
        self.layout = layout
        regions = Array(Region.all.prefix(options.regions))
        let length = EstateLayout.prefixLength(ofBlock: layout.networkBlock)
        var spokes: [Spoke] = []
        var byRole: [SpokeRole: [Int]] = [:]
        for index in 0..<layout.networks {
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
            let region = index % options.regions
            // A region's spokes share one block when its hub routes to another region's
            // spokes (global mesh); elsewhere blocks follow the spoke order.
            let block = layout.regionBlock.map { region * $0 + index / options.regions * layout.networkBlock } ?? index * layout.networkBlock
            spokes.append(
                Spoke(
                    index: index, region: region, role: role, ordinal: byRole[role, default: []].count,
                    base: 0x0A00_0000 + UInt32(block * 256), prefixLength: length))
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
    /// nor does the planted unrouted training subnet, nor any subnet of an estate without hubs.
    func isRouted(_ spoke: Spoke, subnet: Int) -> Bool {
        if !shape.hasHubs { return false }
        if spoke.role == .retailFrontend && subnet == 0 { return false }
        if spoke.index == plantedTraining && subnet == unroutedSubnet { return false }
        return true
    }

    /// Whether a subnet's NICs have public IPs: the web subnet of every frontend spoke (in a
    /// flat estate, every tenth NIC of it).
    func hasPublicIPs(_ spoke: Spoke, subnet: Int) -> Bool { spoke.role == .retailFrontend && subnet == 0 }

    func hasPublicIP(_ spoke: Spoke, subnet: Int, nic: Int) -> Bool {
        hasPublicIPs(spoke, subnet: subnet) && (shape != .flat || nic % 10 == 0)
    }

    /// NICs on a subnet: the option's count, except in a flat estate, where the NICs are
    /// spread over the subnets as evenly as they divide.
    func interfaceCount(_ spoke: Spoke, subnet: Int) -> Int {
        guard shape == .flat else { return options.interfacesPerSubnet }
        let subnets = layout.networks * layout.subnetsPerNetwork
        let position = spoke.index * layout.subnetsPerNetwork + subnet
        return layout.interfaces / subnets + (position < layout.interfaces % subnets ? 1 : 0)
    }

    /// The networks a mesh or flat VNet is peered with: all the others, in order. Spokes of a
    /// hub are peered with their hub (and the planted pair with each other) instead.
    func meshPeers(_ spoke: Spoke) -> [Spoke] {
        shape.hasHubs ? [] : spokes.filter { $0.index != spoke.index }
    }

    // MARK: Application security groups

    /// ASGs in a spoke: one per tier, which is one per subnet, or in a flat estate (whose
    /// subnets are not tiers) one per role tier.
    func groupCount(_ spoke: Spoke) -> Int {
        guard shape.hasInterfaceGroups else { return 0 }
        return shape == .flat ? spoke.role.tiers.count : layout.subnetsPerNetwork
    }

    /// The tier an ASG is named after.
    func groupTier(_ spoke: Spoke, _ position: Int) -> String {
        shape == .flat ? spoke.role.tiers[position] : String(subnetName(spoke, position).dropFirst(5))
    }

    /// The ASGs (positions below ``groupCount(_:)``) a NIC belongs to: its own tier's first,
    /// then another tier's, so that rules between tiers match.
    func interfaceGroups(_ spoke: Spoke, subnet: Int, nic: Int) -> [Int] {
        let count = groupCount(spoke)
        guard count > 0 else { return [] }
        let own = shape == .flat ? nic % count : subnet % count
        guard count > 1 else { return [own] }
        let step = shape == .flat ? nic / count : nic
        return [own, (own + 1 + step % (count - 1)) % count]
    }

    // MARK: Gaps in a partial export

    /// Whether a subnet's NSG is referenced but left out (one subnet in seven, never the
    /// first frontend's web subnet, whose rules the benchmark's what-if edits).
    func omitsSecurityGroup(_ spoke: Spoke, subnet: Int) -> Bool {
        shape == .partialExport && (spoke.index * layout.subnetsPerNetwork + subnet) % 7 == 6
    }

    /// Whether a spoke's route table is referenced but left out (every third spoke).
    func omitsRouteTable(_ spoke: Spoke) -> Bool { shape == .partialExport && spoke.index % 3 == 2 }

    /// Whether every NIC names an NSG of its own: written in a flat estate, left out of a
    /// partial export.
    var hasInterfaceSecurityGroups: Bool { shape == .flat || shape == .partialExport }

    /// Rules of a NIC's own NSG: half a subnet NSG's.
    var rulesPerInterfaceSecurityGroup: Int { options.rulesPerSecurityGroup / 2 }

    // MARK: Firewall policies of a global mesh

    /// Network rules between spokes in each regional policy of a global mesh.
    var meshRulesPerPolicy: Int { shape == .globalMesh ? 10 * options.rulesPerSecurityGroup : 0 }
    static let meshRulesPerCollection = 25

    // MARK: Addresses

    func subnetBase(_ spoke: Spoke, _ subnet: Int) -> UInt32 { spoke.base + UInt32(subnet << (32 - layout.subnetLength)) }
    func interfaceAddress(_ spoke: Spoke, subnet: Int, nic: Int) -> UInt32 { subnetBase(spoke, subnet) + 4 + UInt32(nic) }
    func endpointAddress(_ spoke: Spoke) -> UInt32 {
        interfaceAddress(spoke, subnet: endpointSubnet, nic: interfaceCount(spoke, subnet: endpointSubnet))
    }
    func hubBase(_ region: Int) -> UInt32 { 0xAC10_0000 + UInt32(region * 256) }  // 172.16.R.0/24
    func firewallAddress(_ region: Int) -> UInt32 { hubBase(region) + 4 }
    func firewallPublicAddress(_ region: Int) -> UInt32 { 0x1428_0000 + UInt32(region * 256) + 10 }  // 20.40.R.10
    /// The n-th NIC public IP: 20.64.0.0/10, skipping .0-.3 and .254-.255 of each /24.
    func publicAddress(_ n: Int) -> UInt32 { 0x1440_0000 + UInt32((n / 250) * 256 + n % 250 + 4) }
    /// Which NIC public IP a NIC has: frontend web NICs are numbered in spoke order, so
    /// addresses never collide.
    func publicOrdinal(_ spoke: Spoke, nic: Int) -> Int {
        guard shape == .flat else { return spoke.ordinal * options.interfacesPerSubnet + nic }
        let mostPerSubnet = (layout.interfaces + layout.networks * layout.subnetsPerNetwork - 1) / (layout.networks * layout.subnetsPerNetwork)
        return spoke.ordinal * ((mostPerSubnet + 9) / 10) + nic / 10
    }
    /// The CIDR of a region's spokes in a global mesh.
    func regionBlock(_ region: Int) -> (UInt32, Int)? {
        layout.regionBlock.map { (0x0A00_0000 + UInt32(region * $0 * 256), EstateLayout.prefixLength(ofBlock: $0)) }
    }

    /// `a.b.c.d` or `a.b.c.d/n`, for values that go into arrays of strings.
    static func dotted(_ address: UInt32, length: Int? = nil) -> String {
        "\(address >> 24).\((address >> 16) & 0xFF).\((address >> 8) & 0xFF).\(address & 0xFF)" + (length.map { "/\($0)" } ?? "")
    }
}

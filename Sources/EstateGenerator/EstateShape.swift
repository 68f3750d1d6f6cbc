/// The kind of estate to write. One engine has to be fast on every shape a customer may
/// export, not only on the hub-and-spoke layout, so each shape stresses another part of it.
///
/// `spokes` (N) sets the scale of every shape, so that 10, 100 and 1,000 mean a small,
/// a medium and a large estate of each: at N = 1,000 each holds about 20,000 NICs.
public enum EstateShape: String, Sendable, Hashable, CaseIterable {
    /// N spokes around one hub per region, each hub with an Azure Firewall. Its bytes are
    /// pinned by tests: published benchmark figures name this input by its options alone.
    case hubSpoke = "hub-spoke"
    /// Hub-and-spoke, but every NSG rule names its own source prefixes (no two NSGs share
    /// one), ASGs and regional service tags, and NICs belong to ASGs.
    case denseNSG = "dense-nsg"
    /// `dense-nsg` as an incomplete export: the ASGs, a NIC-level NSG named by every NIC,
    /// every third spoke's route table and one subnet NSG in seven are referenced but absent.
    case partialExport = "partial-export"
    /// Hub-and-spoke over five regions (by default) whose hubs are peered in a full global
    /// mesh and route to each other's spokes through their firewalls, whose policies each
    /// hold ten network rules per NSG rule (300 by default) over wide and narrow ranges,
    /// most of them allowing spoke to spoke.
    case globalMesh = "global-mesh"
    /// A few VNets (one per region, at least two) peered with each other, with large /22
    /// subnets of up to 1,000 NICs; N × subnets × NICs per subnet NICs in all (20,000 at
    /// N = 1,000), each with its own NSG and two ASGs.
    case flat
    /// N / 5 VNets (at least two) peered in a full mesh, without hubs or firewalls; each has
    /// five times the subnets of a spoke, so the NIC and NSG counts are hub-and-spoke's.
    case mesh

    /// Whether spokes hang off one hub VNet and firewall per region.
    var hasHubs: Bool {
        switch self {
        case .hubSpoke, .denseNSG, .partialExport, .globalMesh: true
        case .flat, .mesh: false
        }
    }

    /// Regions when the options name none: a global mesh is the five regions.
    var defaultRegions: Int { self == .globalMesh ? 5 : 4 }

    /// Whether NSG rules are drawn with distinct prefixes, ASGs and regional service tags.
    var hasDenseRules: Bool { self == .denseNSG || self == .partialExport }

    /// Whether NICs belong to application security groups.
    var hasInterfaceGroups: Bool { hasDenseRules || self == .flat }
}

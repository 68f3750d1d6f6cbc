/// The shape, size and seed of a synthetic estate.
///
/// Every count scales the output linearly (but a mesh's peerings), so benchmarks can sweep
/// one dimension (usually `spokes`) and keep the others at the largest benchmark's values,
/// which are the defaults.
public struct EstateOptions: Sendable, Hashable {
    /// Seeds every random choice; the same options give the same bytes.
    public var seed: UInt64
    /// What kind of estate; ``EstateShape`` says what `spokes` means for each.
    public var shape: EstateShape
    /// Regions (at most ``Region/all``'s count): each with a hub VNet and an Azure Firewall
    /// in the shapes that have hubs, one VNet each in a flat estate.
    public var regions: Int
    /// The scale: spoke VNets in the shapes with hubs, spread round-robin over the regions;
    /// the equivalent size in the others (``EstateShape``).
    public var spokes: Int
    /// Subnets per spoke, each with its own NSG.
    public var subnetsPerSpoke: Int
    /// Custom rules per subnet NSG (Azure's default rules are left out, as most exports do).
    public var rulesPerSecurityGroup: Int
    /// NICs per spoke subnet.
    public var interfacesPerSubnet: Int
    /// Whether each hub has a GatewaySubnet (reserved, no gateway deployed).
    public var gatewaySubnets: Bool

    /// - Parameter regions: nil for the shape's own default (five for a global mesh, else four).
    public init(
        seed: UInt64 = 1, shape: EstateShape = .hubSpoke, regions: Int? = nil, spokes: Int = 1000, subnetsPerSpoke: Int = 10,
        rulesPerSecurityGroup: Int = 30, interfacesPerSubnet: Int = 2, gatewaySubnets: Bool = true
    ) {
        self.seed = seed
        self.shape = shape
        self.regions = regions ?? shape.defaultRegions
        self.spokes = spokes
        self.subnetsPerSpoke = subnetsPerSpoke
        self.rulesPerSecurityGroup = rulesPerSecurityGroup
        self.interfacesPerSubnet = interfacesPerSubnet
        self.gatewaySubnets = gatewaySubnets
    }

    /// Why a set of options cannot be generated; Azure's own limits and the address plan
    /// (networks share 10.0.0.0/8, one /24 per spoke subnet) set the bounds.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Checks the options against Azure's limits and the address plan.
    ///
    /// - Throws: ``Invalid`` naming the first option out of range.
    public func validate() throws(Invalid) {
        func require(_ ok: Bool, _ message: String) throws(Invalid) { if !ok { throw Invalid(description: message) } }
        try require((1...Region.all.count).contains(regions), "regions must be between 1 and \(Region.all.count)")
        try require(spokes >= 2, "spokes must be at least 2 (one retail frontend and one training spoke are planted)")
        try require((1...256).contains(subnetsPerSpoke), "subnets per spoke must be between 1 and 256")
        try require((0...399).contains(rulesPerSecurityGroup), "rules per NSG must be between 0 and 399 (priorities 100-4090 in steps of 10)")
        try require((0...240).contains(interfacesPerSubnet), "NICs per subnet must be between 0 and 240 (one /24 per subnet)")
        let layout = EstateLayout(self)
        switch shape {
        case .flat:
            try require(
                layout.subnetsPerNetwork <= EstateLayout.flatSubnetsPerNetwork,
                "\(layout.interfaces) NICs do not fit in \(layout.networks) VNets of \(EstateLayout.flatSubnetsPerNetwork) subnets of \(EstateLayout.flatInterfacesPerSubnet) NICs"
            )
        case .globalMesh:
            try require(
                layout.span <= 65536,
                "\(spokes) spokes of \(subnetsPerSpoke) subnets do not fit in 10.0.0.0/8 in \(regions) regional blocks (one /24 per subnet)")
        case .mesh:
            try require(layout.span <= 65536, "\(layout.networks) VNets of \(layout.subnetsPerNetwork) subnets do not fit in 10.0.0.0/8 (one /24 per subnet)")
        case .hubSpoke, .denseNSG, .partialExport:
            try require(layout.span <= 65536, "\(spokes) spokes of \(subnetsPerSpoke) subnets do not fit in 10.0.0.0/8 (one /24 per subnet)")
        }
    }
}

/// How many workload VNets an estate has, how large they are and how much of 10.0.0.0/8
/// they take: this follows from the options alone, so options can be checked before any
/// random draw.
struct EstateLayout {
    /// A flat estate's subnets are /22s of at most this many NICs (Azure keeps 5 of 1,024).
    static let flatInterfacesPerSubnet = 1000
    /// /22s in a flat VNet's /16.
    static let flatSubnetsPerNetwork = 64

    /// Workload VNets: spokes, mesh members or flat VNets.
    let networks: Int
    let subnetsPerNetwork: Int
    /// Prefix length of every workload subnet.
    let subnetLength: Int
    /// /24s per network, a power of two, so every network is one CIDR.
    let networkBlock: Int
    /// /24s per region when a region's spokes share one CIDR (a global mesh routes to
    /// another region's spokes with one route), else nil.
    let regionBlock: Int?
    /// NICs on workload subnets, private endpoints aside.
    let interfaces: Int
    /// /24s from 10.0.0.0 up that the networks cover.
    let span: Int

    init(_ options: EstateOptions) {
        let spokeInterfaces = options.spokes * options.subnetsPerSpoke * options.interfacesPerSubnet
        switch options.shape {
        case .hubSpoke, .denseNSG, .partialExport:
            networks = options.spokes
            subnetsPerNetwork = options.subnetsPerSpoke
            subnetLength = 24
            networkBlock = Self.powerOfTwo(atLeast: subnetsPerNetwork)
            regionBlock = nil
            interfaces = spokeInterfaces
            span = networks * networkBlock
        case .globalMesh:
            networks = options.spokes
            subnetsPerNetwork = options.subnetsPerSpoke
            subnetLength = 24
            networkBlock = Self.powerOfTwo(atLeast: subnetsPerNetwork)
            let perRegion = Self.powerOfTwo(atLeast: (networks + options.regions - 1) / options.regions * networkBlock)
            regionBlock = perRegion
            interfaces = spokeInterfaces
            span = options.regions * perRegion
        case .mesh:
            networks = max(2, options.spokes / 5)
            subnetsPerNetwork = 5 * options.subnetsPerSpoke
            subnetLength = 24
            networkBlock = Self.powerOfTwo(atLeast: subnetsPerNetwork)
            regionBlock = nil
            interfaces = networks * subnetsPerNetwork * options.interfacesPerSubnet
            span = networks * networkBlock
        case .flat:
            networks = max(2, options.regions)
            let perNetwork = Self.flatInterfacesPerSubnet * networks
            subnetsPerNetwork = max(1, (spokeInterfaces + perNetwork - 1) / perNetwork)
            subnetLength = 22
            networkBlock = 256
            regionBlock = nil
            interfaces = spokeInterfaces
            span = networks * networkBlock
        }
    }

    /// The /24 count rounded up to a power of two.
    static func powerOfTwo(atLeast count: Int) -> Int {
        var size = 1
        while size < count { size *= 2 }
        return size
    }

    /// The prefix length of a block of `count` /24s (a power of two).
    static func prefixLength(ofBlock count: Int) -> Int {
        var length = 24
        while (1 << (24 - length)) < count { length -= 1 }
        return length
    }
}

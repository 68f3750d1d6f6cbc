import ParallelSupport

/// The whole estate, vendor-neutral and immutable, with the indices the solver needs.
///
/// Built once by an importer; every analysis is a pure function of a `Topology`.
public struct Topology: Sendable {
    public let networks: [ResourceID: VirtualNetwork]
    public let subnets: [ResourceID: Subnet]
    public let interfaces: [ResourceID: NetworkInterface]
    public let securityGroups: [ResourceID: NetworkSecurityGroup]
    public let peerings: [ResourceID: VirtualNetworkPeering]
    public let publicIPs: [ResourceID: PublicIPAddress]
    public let applicationSecurityGroups: [ResourceID: ApplicationSecurityGroup]
    public let routeTables: [ResourceID: RouteTable]
    public let firewalls: [ResourceID: Firewall]
    public let firewallPolicies: [ResourceID: FirewallPolicy]
    public let privateEndpoints: [ResourceID: PrivateEndpoint]
    public let storageAccounts: [ResourceID: StorageAccount]
    public let ipGroups: [ResourceID: IPGroup]
    public let loadBalancers: [ResourceID: LoadBalancer]
    public let applicationGateways: [ResourceID: ApplicationGateway]
    public let serviceResources: [ResourceID: ServiceResource]
    public let gateways: [ResourceID: VirtualNetworkGateway]
    public let localGateways: [ResourceID: LocalNetworkGateway]
    public let connections: [ResourceID: GatewayConnection]
    public let natGateways: [ResourceID: NATGateway]
    public let privateLinkServices: [ResourceID: PrivateLinkService]
    /// The security admin rules network managers enforce on each VNet, keyed by the VNet's
    /// ID, in evaluation order and already narrowed to what is deployed to the VNet's region
    /// (AVNM-3, AVNM-10); the import says what it assumed.
    public let securityAdminRules: [ResourceID: NetworkSecurityGroup]
    /// Container groups, Container Apps and sites, for the images they run (catalog
    /// LAT-ACR-004); set by the importer after the network model is built.
    public var containerWorkloads: [ResourceID: ContainerWorkload] = [:]
    /// The subscriptions of every resource in the input, lowercased: the estate as the
    /// export shows it (catalog LAT-PL-004). Set by the importer.
    public var subscriptions: Set<String> = []
    /// Virtual WAN hubs, their tables and connections (VWAN-1); set by the importer.
    public var virtualWAN = VirtualWANModel()

    /// Subnets of each VNet, sorted by ID.
    public let subnetsByNetwork: [ResourceID: [ResourceID]]
    /// Peerings whose local side is each VNet, sorted by ID.
    public let peeringsByNetwork: [ResourceID: [ResourceID]]
    /// Every NIC IP configuration with a private address, keyed by that address.
    public let endpointsByAddress: [IPAddress: InterfaceEndpoint]
    /// IP configurations in each subnet, sorted by address.
    public let endpointsBySubnet: [ResourceID: [InterfaceEndpoint]]
    /// Public IPs attached to NIC IP configurations, keyed by the public address.
    public let publicEndpointsByAddress: [IPAddress: InterfaceEndpoint]

    public init(
        networks: [VirtualNetwork] = [], subnets: [Subnet] = [], interfaces: [NetworkInterface] = [],
        securityGroups: [NetworkSecurityGroup] = [], peerings: [VirtualNetworkPeering] = [],
        publicIPs: [PublicIPAddress] = [], applicationSecurityGroups: [ApplicationSecurityGroup] = [],
        routeTables: [RouteTable] = [], firewalls: [Firewall] = [], firewallPolicies: [FirewallPolicy] = [],
        privateEndpoints: [PrivateEndpoint] = [], storageAccounts: [StorageAccount] = [], ipGroups: [IPGroup] = [],
        loadBalancers: [LoadBalancer] = [], applicationGateways: [ApplicationGateway] = [],
        serviceResources: [ServiceResource] = [], gateways: [VirtualNetworkGateway] = [],
        localGateways: [LocalNetworkGateway] = [], connections: [GatewayConnection] = [],
        natGateways: [NATGateway] = [], privateLinkServices: [PrivateLinkService] = [],
        securityAdminRules: [ResourceID: NetworkSecurityGroup] = [:]
    ) {
        // The first of two items with one ID wins. Inserted one by one into a table sized
        // up front: building a list of (ID, item) pairs first copied every item once more.
        @Sendable func index<T>(_ items: [T], _ id: (T) -> ResourceID) -> [ResourceID: T] {
            var table: [ResourceID: T] = [:]
            table.reserveCapacity(items.count)
            for item in items {
                let key = id(item)
                if table[key] == nil { table[key] = item }
            }
            return table
        }
        // The three largest tables (a whole estate has tens of thousands of each) are built
        // side by side, one per core.
        let subnetTable = Slots<[ResourceID: Subnet]>(count: 1), interfaceTable = Slots<[ResourceID: NetworkInterface]>(count: 1)
        let groupTable = Slots<[ResourceID: NetworkSecurityGroup]>(count: 1)
        Parallel.perform(iterations: 3) { i in
            switch i {
            case 0: subnetTable.store(index(subnets) { $0.id }, at: 0)
            case 1: interfaceTable.store(index(interfaces) { $0.id }, at: 0)
            default: groupTable.store(index(securityGroups) { $0.id }, at: 0)
            }
        }
        let subnetIndex = subnetTable.take(at: 0) ?? [:]
        let peeringIndex = index(peerings) { $0.id }
        let publicIndex = index(publicIPs) { $0.id }
        self.networks = index(networks) { $0.id }
        self.subnets = subnetIndex
        self.interfaces = interfaceTable.take(at: 0) ?? [:]
        self.securityGroups = groupTable.take(at: 0) ?? [:]
        self.peerings = peeringIndex
        self.publicIPs = publicIndex
        self.applicationSecurityGroups = index(applicationSecurityGroups) { $0.id }
        self.routeTables = index(routeTables) { $0.id }
        self.firewalls = index(firewalls) { $0.id }
        self.firewallPolicies = index(firewallPolicies) { $0.id }
        self.privateEndpoints = index(privateEndpoints) { $0.id }
        self.storageAccounts = index(storageAccounts) { $0.id }
        self.ipGroups = index(ipGroups) { $0.id }
        self.loadBalancers = index(loadBalancers) { $0.id }
        self.applicationGateways = index(applicationGateways) { $0.id }
        self.serviceResources = index(serviceResources) { $0.id }
        self.gateways = index(gateways) { $0.id }
        self.localGateways = index(localGateways) { $0.id }
        self.connections = index(connections) { $0.id }
        self.natGateways = index(natGateways) { $0.id }
        self.privateLinkServices = index(privateLinkServices) { $0.id }
        self.securityAdminRules = securityAdminRules

        subnetsByNetwork = Dictionary(grouping: subnetIndex.values.map(\.id)) { subnetIndex[$0]!.network }
            .mapValues { $0.sorted() }
        peeringsByNetwork = Dictionary(grouping: peeringIndex.values.map(\.id)) { peeringIndex[$0]!.localNetwork }
            .mapValues { $0.sorted() }

        let publicByConfig = Dictionary(
            publicIndex.values.compactMap { ip in ip.attachedTo.map { ($0, ip) } },
            uniquingKeysWith: { a, b in a.id < b.id ? a : b })
        var byAddress: [IPAddress: InterfaceEndpoint] = [:]
        var bySubnet: [ResourceID: [InterfaceEndpoint]] = [:]
        var byPublic: [IPAddress: InterfaceEndpoint] = [:]
        for nic in interfaces.sorted(by: { $0.id < $1.id }) {
            for config in nic.ipConfigurations {
                guard let address = config.privateAddress, let subnet = config.subnet, subnetIndex[subnet] != nil else { continue }
                var publicIP = config.publicIP.flatMap { publicIndex[$0] }
                if publicIP == nil, let reverse = publicByConfig[config.id] { publicIP = reverse }
                let endpoint = InterfaceEndpoint(
                    interface: nic.id, configuration: config, address: address,
                    subnet: subnet, publicIP: publicIP)
                if byAddress[address] == nil { byAddress[address] = endpoint }
                bySubnet[subnet, default: []].append(endpoint)
                if let pip = publicIP?.address, byPublic[pip] == nil { byPublic[pip] = endpoint }
            }
        }
        endpointsByAddress = byAddress
        endpointsBySubnet = bySubnet.mapValues { $0.sorted { $0.address < $1.address } }
        publicEndpointsByAddress = byPublic
    }

    /// The VNet whose address space holds `address`, if any.
    ///
    /// - Complexity: O(number of VNets).
    public func network(containing address: IPAddress) -> VirtualNetwork? {
        networks.values.sorted { $0.id < $1.id }.first { $0.addresses.contains(address) }
    }

    /// The subnet holding `address`, if any.
    public func subnet(containing address: IPAddress) -> Subnet? {
        if let endpoint = endpointsByAddress[address] { return subnets[endpoint.subnet] }
        guard let network = network(containing: address) else { return nil }
        return (subnetsByNetwork[network.id] ?? []).compactMap { subnets[$0] }.first { $0.addresses.contains(address) }
    }

    /// The gateway a `VirtualNetworkGateway` user route of `subnet` would use: the VNet's own
    /// (a VPN one first), else the hub's it reaches with `useRemoteGateways` (RT-8, PEER-8).
    public func userRouteGateway(for subnet: Subnet) -> VirtualNetworkGateway? {
        func best(_ network: ResourceID) -> VirtualNetworkGateway? {
            gateways.values.filter { $0.network == network }.sorted { ($0.acceptsUserRoutes ? 0 : 1, $0.id) < ($1.acceptsUserRoutes ? 0 : 1, $1.id) }.first
        }
        if let own = best(subnet.network) { return own }
        for id in peeringsByNetwork[subnet.network] ?? [] {
            guard let peering = peerings[id], peering.useRemoteGateways, let remote = peering.remoteNetwork, let hub = best(remote) else { continue }
            return hub
        }
        return nil
    }

    /// The ID of every resource, for duplicate and reference checks.
    public var resourceCount: Int {
        networks.count + subnets.count + interfaces.count + securityGroups.count + peerings.count + publicIPs.count
            + applicationSecurityGroups.count + routeTables.count + firewalls.count + firewallPolicies.count
            + privateEndpoints.count + storageAccounts.count + ipGroups.count + loadBalancers.count
            + applicationGateways.count + serviceResources.count + gateways.count + localGateways.count + connections.count
            + natGateways.count + privateLinkServices.count
    }
}

/// A NIC IP configuration seen as a host on the network: the unit the solver reasons about.
public struct InterfaceEndpoint: Hashable, Sendable {
    public let interface: ResourceID
    public let configuration: IPConfiguration
    public let address: IPAddress
    public let subnet: ResourceID
    public let publicIP: PublicIPAddress?

    public init(interface: ResourceID, configuration: IPConfiguration, address: IPAddress, subnet: ResourceID, publicIP: PublicIPAddress?) {
        self.interface = interface
        self.configuration = configuration
        self.address = address
        self.subnet = subnet
        self.publicIP = publicIP
    }
}

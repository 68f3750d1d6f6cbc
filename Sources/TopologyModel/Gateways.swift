/// A virtual network gateway (VPN or ExpressRoute) in a VNet's GatewaySubnet.
public struct VirtualNetworkGateway: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let location: String
    /// `gatewayType`, lowercased: `vpn` or `expressroute`.
    public let gatewayType: String
    public let subnet: ResourceID?
    /// The public IPs of its IP configurations (VPN gateways have one or two).
    public let publicIPs: [ResourceID]
    public let origin: SourceLocation?

    public init(
        id: ResourceID, name: String, location: String, gatewayType: String, subnet: ResourceID?, publicIPs: [ResourceID] = [],
        origin: SourceLocation?
    ) {
        self.id = id
        self.name = name
        self.location = location
        self.gatewayType = gatewayType
        self.subnet = subnet
        self.publicIPs = publicIPs.sorted()
        self.origin = origin
    }

    /// Whether user-defined routes may name it as next hop: VPN gateways only (RT-8).
    public var acceptsUserRoutes: Bool { gatewayType == "vpn" }

    /// The VNet holding the gateway (the parent of its GatewaySubnet).
    public var network: ResourceID? { subnet?.parent }
}

/// An on-premises site as Azure knows it: its address prefixes (RT-3 gateway routes).
public struct LocalNetworkGateway: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let prefixes: [IPPrefix]
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, prefixes: [IPPrefix], origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.prefixes = prefixes.sorted()
        self.origin = origin
    }
}

/// A connection between a virtual network gateway and an on-premises site.
public struct GatewayConnection: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let gateway: ResourceID?
    public let localGateway: ResourceID?
    /// nil when the export does not say (taken as connected).
    public let status: GatewayConnectionStatus?
    public let origin: SourceLocation?

    public init(id: ResourceID, name: String, gateway: ResourceID?, localGateway: ResourceID?, status: GatewayConnectionStatus?, origin: SourceLocation?) {
        self.id = id
        self.name = name
        self.gateway = gateway
        self.localGateway = localGateway
        self.status = status
        self.origin = origin
    }
}

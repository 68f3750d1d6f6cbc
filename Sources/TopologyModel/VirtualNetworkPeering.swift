/// One side of a VNet peering. Each direction is its own resource, a child of the local
/// VNet; traffic flows only when both sides exist and are `Connected` (PEER-1).
public struct VirtualNetworkPeering: Hashable, Sendable {
    public let id: ResourceID
    public let name: String
    public let localNetwork: ResourceID
    public let remoteNetwork: ResourceID?
    /// `peeringState`, lowercased (`connected`, `initiated`, `disconnected`).
    public let state: String
    public let allowVirtualNetworkAccess: Bool
    public let allowForwardedTraffic: Bool
    public let allowGatewayTransit: Bool
    public let useRemoteGateways: Bool
    /// What is actually peered (`remoteAddressSpace`); empty when the export omits it. For a
    /// connected group's link, exactly what it routes (empty: nothing).
    public let remoteAddressSpace: [IPPrefix]
    public let origin: SourceLocation?
    /// Set when no peering resource exists: the pair of VNets is in a connected group of this
    /// Virtual Network Manager connectivity configuration, whose members talk as if peered
    /// (AVNM-14).
    public let connectivityConfiguration: ResourceID?

    public init(
        id: ResourceID, name: String, localNetwork: ResourceID, remoteNetwork: ResourceID?, state: String,
        allowVirtualNetworkAccess: Bool, allowForwardedTraffic: Bool, allowGatewayTransit: Bool,
        useRemoteGateways: Bool, remoteAddressSpace: [IPPrefix], origin: SourceLocation?, connectivityConfiguration: ResourceID? = nil
    ) {
        self.id = id
        self.name = name
        self.localNetwork = localNetwork
        self.remoteNetwork = remoteNetwork
        self.state = state
        self.allowVirtualNetworkAccess = allowVirtualNetworkAccess
        self.allowForwardedTraffic = allowForwardedTraffic
        self.allowGatewayTransit = allowGatewayTransit
        self.useRemoteGateways = useRemoteGateways
        self.remoteAddressSpace = remoteAddressSpace.sorted()
        self.origin = origin
        self.connectivityConfiguration = connectivityConfiguration
    }

    public var isConnected: Bool { state == "connected" }
}

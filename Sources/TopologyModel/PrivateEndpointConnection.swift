/// One entry of a resource's own `privateEndpointConnections`: the target side of a private
/// endpoint's connection. It names the endpoint by ID even when the endpoint sits in a
/// subscription the export does not hold (catalog LAT-PL-004).
public struct PrivateEndpointConnection: Hashable, Sendable {
    public let name: String
    /// The connection's own resource ID, which `az network private-endpoint-connection`
    /// takes; nil when the export does not give it.
    public let id: ResourceID?
    /// `privateEndpoint.id`; nil when absent.
    public let endpoint: ResourceID?
    /// `privateLinkServiceConnectionState.status` (PE-2).
    public let state: PrivateEndpoint.ConnectionState

    public init(name: String, id: ResourceID?, endpoint: ResourceID?, state: PrivateEndpoint.ConnectionState) {
        self.name = name
        self.id = id
        self.endpoint = endpoint
        self.state = state
    }
}

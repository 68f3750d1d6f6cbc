/// A service endpoint on a subnet: traffic from the subnet to the service's public endpoint
/// takes a `VirtualNetworkServiceEndpoint` route and keeps its private source address (SE-1).
public enum ServiceEndpoint: Hashable, Sendable {
    /// `Microsoft.Storage` or `Microsoft.Storage.Global`.
    case storage
    /// Any other service, as written.
    case other(String)

    /// Reads the ARM service name, case-insensitively.
    public init(azure service: String) {
        let folded = service.lowercased()
        self = folded == "microsoft.storage" || folded == "microsoft.storage.global" ? .storage : .other(service)
    }
}

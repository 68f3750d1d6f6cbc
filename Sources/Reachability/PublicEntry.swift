import TopologyModel

/// A way in from the Internet that translates the destination address: a NIC's own
/// public IP, or a public load balancer's frontend. The reply must leave by the Internet
/// route to be translated back (RT-16).
struct PublicEntry: Hashable, Sendable {
    typealias Kind = TraceEvent.Entry
    let kind: Kind
    let resource: ResourceID
    let name: String
    /// A Standard SKU is closed to inbound traffic until an NSG allows it (NSG-40).
    let standard: Bool

    init(publicIP pip: PublicIPAddress) {
        kind = .publicIP
        resource = pip.id
        name = pip.name
        standard = pip.sku == .standard
    }

    init(loadBalancer lb: LoadBalancer) {
        kind = .loadBalancer
        resource = lb.id
        name = lb.name
        standard = lb.sku == .standard
    }
}

import TopologyModel

/// What the NSG stages on one side of a hop let through, as a function of the address on
/// the other side: for a source, its outbound NIC and subnet NSGs by destination address;
/// for a target, its inbound ones by source address.
///
/// The stages are evaluated once per piece of IPv4 space that no rule of theirs cuts, not
/// once per peer, so asking about a pair is a binary search. A map holds for peers of one
/// membership class (see ``ExposureFamily``); IPv6 peers are not mapped.
struct ExposureMap: Sendable {
    /// Lower bound of each piece, ascending; the first is 0.
    let bounds: [UInt32]
    let services: [LeanServices]

    /// The services for a peer at `address`; nil when the map cannot tell (IPv6).
    func lookup(_ address: IPAddress) -> LeanServices? {
        guard case .v4(let value) = address else { return nil }
        var low = 0, high = bounds.count
        while low < high {
            let mid = (low + high) / 2
            if bounds[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return services[low - 1]
    }

    /// Everything allowed everywhere: the side has no NSG (NSG-4).
    static let open = ExposureMap(bounds: [0], services: [.everything])
}

import TopologyModel

/// The classes of addresses one firewall's rules cannot tell apart: two sources the same
/// rules name, or two destinations the same rules name (by address or through the FQDNs
/// the input resolves) with the same SNAT exemption, get the same decision (FW-2, FW-6,
/// FW-7, FW-15). A decision depends only on the rules that name both sides, so it is taken
/// from those (``decide(_:)``), as ``EstateIndex/firewallServices(_:source:destination:)``
/// takes it from the addresses.
final class FirewallClasses: Sendable {
    let firewall: Firewall
    let index: EstateIndex
    /// The address space of the firewall's VNet.
    let space: AddressSet
    /// The source address traffic leaves with after SNAT (FW-15).
    let snatAddress: IPAddress
    /// Network rules, then application rules, each kind in collection order (FW-2).
    private let rules: [(kind: FirewallRuleCollection.Kind, rule: FirewallRule)]
    /// The collections in the order ``EstateIndex/firewallServices(_:source:destination:)``
    /// reads them, each with the end of its rules in `rules`.
    private let collections: [(collection: FirewallRuleCollection, end: Int)]

    /// One bit per rule, in `rules` order, and one more: the destination's SNAT exemption
    /// (FW-15), which every source's bits carry as set.
    struct Bits: Hashable, Sendable {
        fileprivate var words: [UInt64]

        fileprivate init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }

        fileprivate subscript(_ i: Int) -> Bool {
            get { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
            set {
                if newValue { words[i >> 6] |= 1 << UInt64(i & 63) } else { words[i >> 6] &= ~(1 << UInt64(i & 63)) }
            }
        }

        /// The rules both sides are named by.
        func meeting(_ other: Bits) -> Bits {
            var both = self
            for w in both.words.indices { both.words[w] &= other.words[w] }
            return both
        }
    }

    init(_ firewall: Firewall, index: EstateIndex) {
        self.firewall = firewall
        self.index = index
        snatAddress = firewall.privateAddresses.first ?? index.hubFirewallAddress(firewall.id) ?? .v4(0)
        space = firewall.subnets.first.flatMap { index.topology.subnets[$0] }.flatMap { index.topology.networks[$0.network]?.addresses } ?? .empty
        var rules: [(kind: FirewallRuleCollection.Kind, rule: FirewallRule)] = []
        var collections: [(collection: FirewallRuleCollection, end: Int)] = []
        for kind in [FirewallRuleCollection.Kind.network, .application] {
            for collection in firewall.collections(kind) {
                rules += collection.rules.map { (kind, $0) }
                collections.append((collection, rules.count))
            }
        }
        self.rules = rules
        self.collections = collections
    }

    func sourceBits(_ source: IPAddress) -> Bits {
        var bits = Bits(count: rules.count + 1)
        for (i, entry) in rules.enumerated() where entry.rule.sources.contains(source) { bits[i] = true }
        bits[rules.count] = true
        return bits
    }

    func destinationBits(_ destination: IPAddress) -> Bits {
        let names = index.names(of: destination)
        var bits = Bits(count: rules.count + 1)
        for (i, entry) in rules.enumerated() {
            switch entry.kind {
            case .network:
                bits[i] = entry.rule.destinations.contains(destination) || (firewall.dnsProxy && index.fqdnNames(entry.rule.fqdns, destination))
            default:
                bits[i] = entry.rule.fqdns.contains { p in p == "*" || names.contains { EstateIndex.fqdn(p, matches: $0) } }
            }
        }
        bits[rules.count] = firewall.snatPrivateRanges.contains(destination)
        return bits
    }

    /// The decision for a source and destination the rules in `both` name, and whose SNAT
    /// exemption is its last bit: collection by collection in priority order, each taking
    /// what the ones before left (FW-2, FW-3); application rules see TCP on their ports only
    /// and always SNAT (FW-7, FW-15).
    func decide(_ both: Bits) -> [(services: LeanServices, snat: Bool)] {
        var start = 0
        let matching = collections.map { entry in
            defer { start = entry.end }
            // Positions, not copies: a rule is a large value.
            return (collection: entry.collection, rules: (start..<entry.end).filter { both[$0] })
        }
        return FirewallOrder.decide(matching, offered: { rules[$0].rule.offered(as: $1) }, noSNAT: both[rules.count]).parts.map {
            (LeanServices($0.services), $0.snat)
        }
    }
}

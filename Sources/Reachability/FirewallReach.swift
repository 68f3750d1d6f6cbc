import TopologyModel

/// A cheap, conservative test run before a hop is evaluated in full: when the first next
/// hop toward the target is an Azure Firewall, the firewall can only pass destinations that
/// one of its allow rules (for this source) names. Hub-and-spoke estates send every
/// spoke-to-spoke flow to a firewall that allows a few of them, so most pairs end here.
struct FirewallReach {
    let index: EstateIndex
    private var cache: [String: AddressSet] = [:]

    init(index: EstateIndex) { self.index = index }

    /// False only when the hop surely carries nothing; true means "evaluate it".
    mutating func mayPass(from source: AttackNode, to target: AttackNode) -> Bool {
        guard source.kind == .hosts, let src = source.representative, let dst = target.representative, let subnet = src.subnet,
              let route = index.routes(of: subnet).lookup(dst.address),
              case .virtualAppliance(let hop?) = route.nextHop, let firewall = index.firewall(at: hop) else { return true }
        let key = firewall.id.key + "|" + src.address.description
        if let reach = cache[key] { return reach.contains(dst.address) }
        let reach = destinations(firewall, source: src.address)
        cache[key] = reach
        return reach.contains(dst.address)
    }

    /// Every destination an allow rule of `firewall` could match for `source`: network rule
    /// addresses (and, with DNS proxy, the addresses named by FQDN rules), the named
    /// addresses for application rules, everything for `*` and `Any`.
    func destinations(_ firewall: Firewall, source: IPAddress) -> AddressSet {
        var reach = AddressSet.empty
        let named = AddressSet(prefixes: index.dnsNames.keys.map { IPPrefix(address: $0, length: $0.isV4 ? 32 : 128) })
        for collection in firewall.ruleCollections where collection.action == .allow {
            for rule in collection.rules where rule.sources.contains(source) {
                switch collection.kind {
                case .network:
                    if rule.destinations.any { return .all }
                    reach = reach.union(rule.destinations.addresses)
                    if firewall.dnsProxy && !rule.fqdns.isEmpty { reach = reach.union(named) }
                case .application:
                    if rule.fqdns.contains("*") { return .all }
                    if !rule.fqdns.isEmpty { reach = reach.union(named) }
                case .dnat:
                    continue
                }
            }
        }
        return reach
    }
}

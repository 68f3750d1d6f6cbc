import TopologyModel

/// A firewall rule that decided (or helped decide) traffic.
public struct FirewallContribution: Sendable, Hashable {
    public let firewall: ResourceID
    public let firewallName: String
    public let collection: String
    public let group: String?
    public let rule: String
    public let kind: FirewallRuleCollection.Kind
    public let action: FirewallRuleCollection.Action
    public let services: ServiceSet
    /// For application rules: the FQDN that names the destination.
    public let fqdn: String?
}

/// What a firewall does with traffic from one address to another: allowed services split
/// by whether they leave SNATed (FW-15), with the rules that allowed them.
public struct FirewallOutcome: Sendable {
    public struct Part: Sendable {
        public let services: ServiceSet
        /// The source the next hop sees: the client, or a firewall private address.
        public let snat: Bool
        public let contributions: [FirewallContribution]
    }
    public let parts: [Part]
    /// Services matched first by a Deny collection (reported on denied flows).
    public let denied: [FirewallContribution]
}

extension EstateIndex {
    /// FQDNs the input resolves: private endpoints' DNS configs (PE-9).
    func names(of address: IPAddress) -> [String] { dnsNames[address] ?? [] }

    static func fqdn(_ pattern: String, matches name: String) -> Bool {
        let p = pattern.lowercased(), n = name.lowercased()
        if p == "*" { return true }
        if p.hasPrefix("*.") { return n.hasSuffix(String(p.dropFirst(1))) }
        return p == n
    }

    /// Network rules, then application rules, then default deny (FW-2, FW-6, FW-7), over
    /// every protocol and destination port at once, for traffic from `source` to
    /// `destination` (after any DNAT). Application rules match only when one of their
    /// target FQDNs names the destination in the input's DNS data, since the firewall
    /// resolves the Host/SNI name itself (FW-7).
    ///
    /// - Complexity: O(P · R) for P protocols and R rules.
    public func firewallServices(_ firewall: Firewall, source: IPAddress, destination: IPAddress) -> FirewallOutcome {
        let noSNAT = firewall.snatPrivateRanges.contains(destination)
        let names = names(of: destination)
        // The rules that match both addresses, collection by collection, with the FQDN an
        // application rule matched by.
        var matching: [(collection: FirewallRuleCollection, rules: [(rule: FirewallRule, fqdn: String?)])] = []
        for collection in firewall.collections(.network) {
            // FW-12: a network rule's FQDNs match only through the firewall's DNS proxy.
            matching.append(
                (
                    collection,
                    collection.rules.filter {
                        $0.sources.contains(source) && ($0.destinations.contains(destination) || (firewall.dnsProxy && fqdnNames($0.fqdns, destination)))
                    }.map { ($0, nil) }
                ))
        }
        for collection in firewall.collections(.application) {
            matching.append(
                (
                    collection,
                    collection.rules.compactMap { rule in
                        guard rule.sources.contains(source),
                            let name = rule.fqdns.first(where: { p in p == "*" || names.contains { Self.fqdn(p, matches: $0) } })
                        else { return nil }
                        return (rule, name == "*" ? "*" : names.first { Self.fqdn(name, matches: $0) } ?? name)
                    }
                ))
        }
        let decision = FirewallOrder.decide(matching, offered: { $0.rule.offered(as: $1) }, noSNAT: noSNAT)
        func contributions(_ collection: FirewallRuleCollection, _ taken: [((rule: FirewallRule, fqdn: String?), ServiceSet)]) -> [FirewallContribution] {
            taken.map {
                FirewallContribution(
                    firewall: firewall.id, firewallName: firewall.name, collection: collection.name, group: collection.group, rule: $0.0.rule.name,
                    kind: collection.kind, action: collection.action, services: $0.1, fqdn: $0.0.fqdn)
            }
        }
        return FirewallOutcome(
            parts: decision.parts.map { .init(services: $0.services, snat: $0.snat, contributions: contributions($0.collection, $0.taken)) },
            denied: decision.denied.flatMap { contributions($0.collection, $0.taken) })
    }

    func fqdnNames(_ patterns: [String], _ destination: IPAddress) -> Bool {
        guard !patterns.isEmpty else { return false }
        let names = names(of: destination)
        return patterns.contains { p in names.contains { Self.fqdn(p, matches: $0) } }
    }

    /// The firewall whose private address is `address`, if any.
    public func firewall(at address: IPAddress) -> Firewall? { firewallsByAddress[address].flatMap { topology.firewalls[$0] } }
}

extension FirewallRule {
    /// The protocols and destination ports the rule names (ports only for TCP and UDP).
    var services: ServiceSet {
        var s = ServiceSet()
        for proto in protocols.members { s.insert(proto, proto.hasPorts ? ports : .full) }
        return s
    }

    /// What the rule can take in a collection of `kind`: an application rule sees TCP on its
    /// ports only (FW-7).
    func offered(as kind: FirewallRuleCollection.Kind) -> ServiceSet {
        guard kind == .application else { return services }
        var s = ServiceSet()
        s.insert(.tcp, ports)
        return s
    }
}

/// The one definition of a firewall's rule order (FW-2, FW-4, FW-5, FW-7, FW-15): collection
/// by collection, network collections before application ones, each in priority order, the
/// rules of a collection that match both sides take what the collections before left; an
/// Allow collection's take leaves SNATed unless the destination is exempt (application rules
/// always SNAT), a Deny collection's is dropped, and what no collection takes is denied.
/// `flow` and the full walk give it the rules that match two addresses, the lean evaluation
/// the rules that name two classes of them.
enum FirewallOrder {
    struct Part<Rule> {
        let collection: FirewallRuleCollection
        let services: ServiceSet
        let snat: Bool
        /// Each rule with what it took.
        let taken: [(Rule, ServiceSet)]
    }

    static func decide<Rule>(
        _ matching: [(collection: FirewallRuleCollection, rules: [Rule])], offered: (Rule, FirewallRuleCollection.Kind) -> ServiceSet, noSNAT: Bool
    ) -> (parts: [Part<Rule>], denied: [Part<Rule>]) {
        var remaining = ServiceSet.everything
        var parts: [Part<Rule>] = [], denied: [Part<Rule>] = []
        for (collection, rules) in matching {
            var matched = ServiceSet()
            var taken: [(Rule, ServiceSet)] = []
            for rule in rules {
                let fresh = offered(rule, collection.kind).intersection(remaining)
                if !fresh.isEmpty {
                    taken.append((rule, fresh))
                    matched = matched.union(fresh)
                }
            }
            guard !matched.isEmpty else { continue }
            remaining = remaining.subtracting(matched)
            let part = Part(collection: collection, services: matched, snat: collection.kind == .network ? !noSNAT : true, taken: taken)
            if collection.action == .allow { parts.append(part) } else { denied.append(part) }
        }
        return (parts, denied)
    }
}

extension ServiceSet {
    /// Every protocol on every port.
    public static var everything: ServiceSet {
        var s = ServiceSet()
        for p in IPProtocol.allCases { s.insert(p, .full) }
        return s
    }

    public func subtracting(_ other: ServiceSet) -> ServiceSet {
        var result = ServiceSet()
        for (proto, set) in ports { result.insert(proto, other.ports[proto].map { set.subtracting($0) } ?? set) }
        return result
    }

    public func contains(_ proto: IPProtocol, _ port: UInt16) -> Bool {
        ports[proto]?.contains(proto.hasPorts ? port : 0) ?? false
    }
}

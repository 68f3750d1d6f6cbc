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
        var remaining = ServiceSet.everything
        var parts: [FirewallOutcome.Part] = []
        var denied: [FirewallContribution] = []
        let noSNAT = firewall.snatPrivateRanges.contains(destination)
        for collection in firewall.collections(.network) {
            var matched = ServiceSet()
            var perRule: [(FirewallRule, ServiceSet)] = []
            // FW-12: a network rule's FQDNs match only through the firewall's DNS proxy.
            for rule in collection.rules
            where rule.sources.contains(source)
                && (rule.destinations.contains(destination) || (firewall.dnsProxy && fqdnNames(rule.fqdns, destination)))
            {
                let fresh = rule.services.intersection(remaining)
                if !fresh.isEmpty { perRule.append((rule, fresh)); matched = matched.union(fresh) }
            }
            guard !matched.isEmpty else { continue }
            remaining = remaining.subtracting(matched)
            let contributions = perRule.map {
                FirewallContribution(
                    firewall: firewall.id, firewallName: firewall.name, collection: collection.name,
                    group: collection.group, rule: $0.0.name, kind: .network, action: collection.action,
                    services: $0.1, fqdn: nil)
            }
            if collection.action == .allow {
                parts.append(.init(services: matched, snat: !noSNAT, contributions: contributions))
            } else {
                denied += contributions
            }
        }
        // Application rules see only HTTP(S)/MSSQL over TCP that no network rule matched.
        let names = names(of: destination)
        for collection in firewall.collections(.application) {
            var matched = ServiceSet()
            var perRule: [(FirewallRule, ServiceSet, String)] = []
            for rule in collection.rules where rule.sources.contains(source) {
                guard let name = rule.fqdns.first(where: { p in p == "*" || names.contains { Self.fqdn(p, matches: $0) } }) else { continue }
                var s = ServiceSet()
                s.insert(.tcp, rule.ports)
                let fresh = s.intersection(remaining)
                if !fresh.isEmpty {
                    perRule.append((rule, fresh, name == "*" ? "*" : names.first { Self.fqdn(name, matches: $0) } ?? name)); matched = matched.union(fresh)
                }
            }
            guard !matched.isEmpty else { continue }
            remaining = remaining.subtracting(matched)
            let contributions = perRule.map {
                FirewallContribution(
                    firewall: firewall.id, firewallName: firewall.name, collection: collection.name,
                    group: collection.group, rule: $0.0.name, kind: .application, action: collection.action,
                    services: $0.1, fqdn: $0.2)
            }
            if collection.action == .allow {
                // FW-15: application rules always SNAT.
                parts.append(.init(services: matched, snat: true, contributions: contributions))
            } else {
                denied += contributions
            }
        }
        return FirewallOutcome(parts: parts, denied: denied)
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

import TopologyModel

extension ImportContext {
    /// One warning per service tag the model could not resolve to prefixes: without data
    /// (`--service-tags`), every tag but the three defined by context keeps the documented
    /// approximation (NSG-33: on an Allow it matches Internet addresses, on a Deny nothing);
    /// with data, a tag it does not hold is treated the same way (TAG-14). A firewall
    /// destination naming such a tag lets traffic out to the Internet and matches nothing
    /// inside the estate.
    func serviceTagWarnings(_ topology: Topology) -> [Diagnostic] {
        var uses: [String: (name: String, count: Int, first: SourceLocation?, where: String)] = [:]
        func note(_ name: String, _ origin: SourceLocation?, _ place: String) {
            let key = name.lowercased()
            if var known = uses[key] {
                known.count += 1
                if let origin, known.first.map({ ($0.file, $0.pointer) > (origin.file, origin.pointer) }) ?? true {
                    known.first = origin
                    known.where = place
                }
                uses[key] = known
            } else {
                uses[key] = (name, 1, origin, place)
            }
        }
        for group in topology.securityGroups.values {
            for rule in group.rules {
                for side in [rule.source, rule.destination] {
                    for case .other(let name) in side.tags { note(name, rule.origin ?? group.origin, "NSG \(group.name) rule \(rule.name)") }
                }
            }
        }
        for (_, rules) in topology.securityAdminRules.sorted(by: { $0.key < $1.key }) {
            for rule in rules.rules {
                for side in [rule.source, rule.destination] {
                    for case .other(let name) in side.tags { note(name, rule.origin ?? rules.origin, "security admin rule \(rule.name)") }
                }
            }
        }
        for firewall in topology.firewalls.values {
            for collection in firewall.ruleCollections {
                for rule in collection.rules {
                    for name in rule.destinations.tags { note(name, firewall.origin, "firewall \(firewall.name) rule \(rule.name)") }
                }
            }
        }
        return uses.values.sorted { $0.name.lowercased() < $1.name.lowercased() }.map { use in
            let times = use.count == 1 ? "once" : "\(use.count) times"
            let why =
                serviceTags == nil
                ? "without service tag data (--service-tags) its prefixes are unknown"
                : "the service tag data (\(serviceTags!.sources.map(\.file).joined(separator: ", "))) does not hold it (TAG-14)"
            return Diagnostic(
                severity: .warning, kind: .assumption, file: use.first?.file, pointer: use.first?.pointer,
                message:
                    "service tag '\(use.name)' (named \(times), first by \(use.where)): \(why), so on an NSG Allow it is taken to match Internet addresses, on a Deny nothing (NSG-33), and as a firewall destination any way out to the Internet but no address in the estate"
            )
        }
    }
}

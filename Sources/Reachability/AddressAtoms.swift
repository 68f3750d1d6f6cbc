import TopologyModel

/// The classes of addresses that a collection of address sets cannot tell apart.
///
/// When a node stands for many addresses (the Internet, an on-premises network), a hop's
/// services must be the union over every one of them. Rules, routes and tags decide by set
/// membership, so two addresses that every set on the way contains, or every set leaves
/// out, get the same answer: one witness per class is the whole, not a sample. Each set
/// is cut at its own bounds; a union of the sets would lose the bound between two adjacent
/// prefixes that two different rules name.
struct AddressAtoms {
    /// One witness per class, in address order (IPv4 first), the preferred address standing
    /// for its class where it lies in `space`.
    let witnesses: [IPAddress]

    /// - Parameters:
    ///   - space: the addresses the node stands for.
    ///   - cuts: every set a decision on the way reads (rule sides in their tag context,
    ///     route prefixes...).
    ///   - preferred: the witness to use for its own class.
    /// - Complexity: O((F + B) log B + F · C) for B bounds, F fragments of `space` between
    ///   them and C cuts.
    init(space: AddressSet, cuts given: [AddressSet], preferred: IPAddress? = nil) {
        // Only the part of a set inside the space can tell two of its addresses apart, and a
        // set that covers the whole space, or none of it, tells nothing: such sets are dropped,
        // and repeated ones kept once (a firewall's rules name the same spoke ranges often).
        var seen: Set<AddressSet> = []
        var cuts: [AddressSet] = []
        for cut in given {
            let inside = cut.intersection(space)
            guard !inside.isEmpty, inside != space, seen.insert(inside).inserted else { continue }
            cuts.append(inside)
        }
        var bounds4: [UInt32] = [], bounds6: [UInt128] = []
        for cut in cuts {
            for r in cut.v4.intervals { bounds4.append(r.lowerBound); if r.upperBound < .max { bounds4.append(r.upperBound + 1) } }
            for r in cut.v6.intervals { bounds6.append(r.lowerBound); if r.upperBound < .max { bounds6.append(r.upperBound + 1) } }
        }
        bounds4.sortAndRemoveDuplicates()
        bounds6.sortAndRemoveDuplicates()
        let fragments = Self.fragments(space.v4, bounds4).map(IPAddress.v4) + Self.fragments(space.v6, bounds6).map(IPAddress.v6)
        // Fragments that every cut treats alike are one class.
        var classes: [[Bool]: Int] = [:]
        var witnesses: [IPAddress] = []
        let preferredSignature = preferred.flatMap { p in space.contains(p) ? cuts.map { $0.contains(p) } : nil }
        for start in fragments {
            let signature = cuts.map { $0.contains(start) }
            if classes[signature] != nil { continue }
            classes[signature] = witnesses.count
            witnesses.append(signature == preferredSignature ? preferred! : start)
        }
        self.witnesses = witnesses
    }

    /// The first address of each piece of `space` between consecutive bounds.
    private static func fragments<T: FixedWidthInteger & UnsignedInteger>(_ space: IntervalSet<T>, _ bounds: [T]) -> [T] {
        var starts: [T] = []
        var b = 0
        for r in space.intervals {
            starts.append(r.lowerBound)
            while b < bounds.count && bounds[b] <= r.lowerBound { b += 1 }
            while b < bounds.count && bounds[b] <= r.upperBound {
                starts.append(bounds[b])
                b += 1
            }
        }
        return starts
    }
}

extension EstateIndex {
    /// The address sets the source sides of `stages`' rules match, each in its own tag
    /// context (NSG-30, NSG-31, NSG-32); ASGs never match an address outside the estate.
    func sourceCuts(of stages: [PolicyStage]) -> [AddressSet] { ruleCuts(of: stages, side: \.source) }

    /// The address sets the destination sides of `stages`' rules match, as ``sourceCuts(of:)``.
    func destinationCuts(of stages: [PolicyStage]) -> [AddressSet] { ruleCuts(of: stages, side: \.destination) }

    private func ruleCuts(of stages: [PolicyStage], side path: KeyPath<SecurityRule, AddressMatch>) -> [AddressSet] {
        var cuts: [AddressSet] = []
        for stage in stages {
            let rules = stage.securityGroup.rules(stage.direction)
            for i in rules.indices {
                let side = rules[i][keyPath: path]
                guard !side.any else { continue }
                if !side.prefixes.isEmpty { cuts.append(side.prefixes) }
                for tag in side.tags {
                    switch tag {
                    case .virtualNetwork: cuts.append(stage.context.virtualNetwork)
                    case .internet, .other: cuts.append(stage.context.internet)
                    case .azureLoadBalancer: cuts.append(IPPrefix(address: AddressContext.platformAddress, length: 32).addressSet)
                    }
                }
            }
        }
        return cuts
    }

    /// The prefixes of a subnet's effective routes: a reply's route depends on which of
    /// them holds the client.
    func routeCuts(of subnet: ResourceID) -> [AddressSet] {
        routes(of: subnet).routes.map { $0.prefix.addressSet }
    }

    /// Public addresses of one family, one per class the given cuts can tell apart.
    func internetWitnesses(family destination: IPAddress, cuts: [AddressSet]) -> [IPAddress] {
        let space = destination.isV4 ? AddressSet(v4: internetSpace.v4) : AddressSet(v6: internetSpace.v6)
        return AddressAtoms(space: space, cuts: cuts, preferred: Self.preferredPublic).witnesses
    }

    /// The address sets an Azure Firewall's rules match on one side, for cutting the
    /// Internet into the classes its rules tell apart.
    func firewallCuts(_ firewall: Firewall, destinations: Bool) -> [AddressSet] {
        var cuts: [AddressSet] = []
        for collection in firewall.ruleCollections {
            for rule in collection.rules {
                let side = destinations ? rule.destinations : rule.sources
                if !side.any { cuts.append(side.addresses) }
            }
        }
        return cuts
    }
}

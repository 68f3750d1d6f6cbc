import TopologyModel

extension PostureNote {
    /// Every posture note of the estate, ordered by code, then by the subject's name and ID,
    /// then by what the note names: the same input gives the same list.
    ///
    /// - Parameter topology: the estate.
    /// - Returns: the notes, in that order.
    /// - Complexity: O(S log S + N + P log P + R) for S subnet prefixes, N NICs, P peerings and R
    ///   references of firewalls, gateways and load balancers, plus the overlapping pairs.
    public static func evaluate(_ topology: Topology) -> [PostureNote] {
        var notes = unattachedSecurityGroups(topology)
        notes += overlappingSubnets(topology)
        notes += oneSidedPeerings(topology)
        notes += missingReferences(topology)
        let rank = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($0.element, $0.offset) })
        return notes.sorted {
            (rank[$0.code] ?? 0, $0.subject.name.lowercased(), $0.subject.id, $0.detailKey)
                < (rank[$1.code] ?? 0, $1.subject.name.lowercased(), $1.subject.id, $1.detailKey)
        }
    }

    /// Tells apart two notes of one code about one resource (in fingerprints and ordering).
    public var detailKey: String {
        switch kind {
        case .unattachedSecurityGroup: ""
        case .overlappingSubnets(_, let receiver, _, _): receiver.id.key
        case .oneSidedPeering(let remote, _, _): remote.id.key
        case .missingReference(_, let id): id.key
        }
    }

    static func unattachedSecurityGroups(_ topology: Topology) -> [PostureNote] {
        var attached = Set<ResourceID>()
        for subnet in topology.subnets.values { if let nsg = subnet.securityGroup { attached.insert(nsg) } }
        for nic in topology.interfaces.values { if let nsg = nic.securityGroup { attached.insert(nsg) } }
        return topology.securityGroups.values.filter { !attached.contains($0.id) }.map {
            PostureNote(kind: .unattachedSecurityGroup, resourceKind: .securityGroup, subject: Subject(id: $0.id, name: $0.name, origin: $0.origin))
        }
    }

    /// CIDR blocks overlap only by one holding the other: sorted by start and length, each
    /// block overlaps exactly the blocks still open on a stack of the blocks holding it.
    static func overlappingSubnets(_ topology: Topology) -> [PostureNote] {
        var notes: [PostureNote] = []
        for (networkID, ids) in topology.subnetsByNetwork {
            let subnets = ids.compactMap { topology.subnets[$0] }
            let blocks = subnets.flatMap { subnet in subnet.prefixes.map { (prefix: $0, subnet: subnet.id) } }.sorted {
                ($0.prefix, $0.subnet) < ($1.prefix, $1.subnet)
            }
            var open: [(prefix: IPPrefix, subnet: ResourceID)] = []
            var overlaps: [SubnetPair: [IPPrefix]] = [:]
            for block in blocks {
                while let last = open.last, !last.prefix.contains(block.prefix) { open.removeLast() }
                for holder in open where holder.subnet != block.subnet {
                    overlaps[SubnetPair(holder.subnet, block.subnet), default: []].append(block.prefix)
                }
                open.append(block)
            }
            guard !overlaps.isEmpty, let network = topology.networks[networkID] else { continue }
            let networkSubject = Subject(id: network.id, name: network.name, origin: network.origin)
            for (pair, prefixes) in overlaps {
                guard let receiver = topology.subnets[pair.first], let subject = topology.subnets[pair.second] else { continue }
                let overlap = AddressSet(prefixes: prefixes)
                notes.append(
                    PostureNote(
                        kind: .overlappingSubnets(
                            network: networkSubject, receiver: Subject(id: receiver.id, name: receiver.name, origin: receiver.origin),
                            overlap: Array(Set(prefixes)).sorted(), covered: subject.addresses.subtracting(overlap).isEmpty),
                        resourceKind: .subnet, subject: Subject(id: subject.id, name: subject.name, origin: subject.origin)))
            }
        }
        return notes
    }

    /// Two subnets, the first by ID first.
    struct SubnetPair: Hashable {
        let first: ResourceID, second: ResourceID
        init(_ a: ResourceID, _ b: ResourceID) { (first, second) = a < b ? (a, b) : (b, a) }
    }

    /// The peerings back are found through one map of (local, remote) pairs, not by scanning
    /// the remote VNet's peerings for each peering (a hub may have a thousand).
    static func oneSidedPeerings(_ topology: Topology) -> [PostureNote] {
        var byPair: [EstateIndex.NetworkPair: [VirtualNetworkPeering]] = [:]
        for peering in topology.peerings.values.sorted(by: { $0.id < $1.id }) {
            guard let remote = peering.remoteNetwork else { continue }
            byPair[EstateIndex.NetworkPair(local: peering.localNetwork, remote: remote), default: []].append(peering)
        }
        var notes: [PostureNote] = []
        for peering in topology.peerings.values where peering.isConnected {
            guard let remoteID = peering.remoteNetwork, let remote = topology.networks[remoteID] else { continue }
            let back = byPair[EstateIndex.NetworkPair(local: remoteID, remote: peering.localNetwork)] ?? []
            guard !back.contains(where: \.isConnected) else { continue }
            let reverse = back.first
            notes.append(
                PostureNote(
                    kind: .oneSidedPeering(
                        remote: Subject(id: remote.id, name: remote.name, origin: remote.origin),
                        reverse: reverse.map { Subject(id: $0.id, name: $0.name, origin: $0.origin) }, reverseState: reverse?.state),
                    resourceKind: .peering, subject: Subject(id: peering.id, name: peering.name, origin: peering.origin)))
        }
        return notes
    }

    static func missingReferences(_ topology: Topology) -> [PostureNote] {
        var notes: [PostureNote] = []
        func check(_ kind: ResourceKind, _ subject: Subject, subnets: [ResourceID?], publicIPs: [ResourceID?]) {
            // A hub firewall's subnet is its virtual hub (VWAN-1).
            for id in Set(subnets.compactMap { $0 }) where topology.subnets[id] == nil && topology.virtualWAN.hubs[id] == nil {
                notes.append(PostureNote(kind: .missingReference(.subnet, id), resourceKind: kind, subject: subject))
            }
            for id in Set(publicIPs.compactMap { $0 }) where topology.publicIPs[id] == nil {
                notes.append(PostureNote(kind: .missingReference(.publicIP, id), resourceKind: kind, subject: subject))
            }
        }
        for f in topology.firewalls.values {
            check(.firewall, Subject(id: f.id, name: f.name, origin: f.origin), subnets: f.subnets, publicIPs: f.publicIPs)
        }
        for g in topology.gateways.values {
            check(.virtualNetworkGateway, Subject(id: g.id, name: g.name, origin: g.origin), subnets: [g.subnet], publicIPs: g.publicIPs)
        }
        for g in topology.applicationGateways.values {
            check(.applicationGateway, Subject(id: g.id, name: g.name, origin: g.origin), subnets: [g.subnet], publicIPs: g.routes.map(\.publicIP))
        }
        for g in topology.natGateways.values {
            check(.natGateway, Subject(id: g.id, name: g.name, origin: g.origin), subnets: [], publicIPs: g.publicIPs)
        }
        for lb in topology.loadBalancers.values {
            check(
                .loadBalancer, Subject(id: lb.id, name: lb.name, origin: lb.origin), subnets: lb.frontends.map(\.subnet),
                publicIPs: lb.frontends.map(\.publicIP))
        }
        return notes
    }
}

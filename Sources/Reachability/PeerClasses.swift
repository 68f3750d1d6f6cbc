import Dispatch
import ParallelSupport
import TopologyModel

/// Nodes as NSG rules that name application security groups see them: two nodes in the same
/// VNet with the same groups are met by the same ASG conditions (NSG-25, NSG-26), so the
/// exposure maps that differ by peer differ by class, not by node. A node in no group, or
/// outside every VNet, is in no class and meets no condition.
struct PeerClasses {
    /// By node index: the node's class, -1 for none.
    let classOf: [Int32]
    /// By class: an identity with the class's VNet and groups (its address is not read).
    let identities: [EndpointIdentity]
    /// The classes whose members belong to each group.
    private let classesByGroup: [ResourceID: [Int32]]

    var count: Int { identities.count }

    private struct Key: Hashable {
        let network: ResourceID
        let groups: [ResourceID]
    }

    init(nodes: [AttackNode], index: EstateIndex) {
        var numbers: [Key: Int32] = [:]
        var identities: [EndpointIdentity] = []
        var byGroup: [ResourceID: [Int32]] = [:]
        classOf = nodes.map { node in
            guard let placement = node.representative else { return -1 }
            let identity = index.identity(of: placement)
            guard let network = identity.network, !identity.applicationSecurityGroups.isEmpty else { return -1 }
            let key = Key(network: network, groups: Array(Set(identity.applicationSecurityGroups)).sorted())
            if let known = numbers[key] { return known }
            let number = Int32(identities.count)
            numbers[key] = number
            identities.append(EndpointIdentity(address: identity.address, applicationSecurityGroups: key.groups, network: network))
            for group in key.groups { byGroup[group, default: []].append(number) }
            return number
        }
        self.identities = identities
        classesByGroup = byGroup
    }

    /// For each node of `owners` whose family names groups on the peer's side, the maps of the
    /// classes (with a member among `peers`) that some of its ASG conditions meet, each with
    /// the classes it serves. Found on every core; listed in `owners` order.
    ///
    /// - Complexity: per owner, one map per class that shares a group with it, each
    ///   O(pieces · rules).
    func variants(of families: Slots<ExposureFamily>, for owners: [Int], peers: [Int]) -> [(node: Int, maps: [(peerClasses: [Int32], map: ExposureMap)])] {
        var hasPeer = Array(repeating: false, count: count)
        for p in peers where classOf[p] >= 0 { hasPeer[Int(classOf[p])] = true }
        let relevant = hasPeer
        let found = Slots<[(peerClasses: [Int32], map: ExposureMap)]>(count: owners.count)
        DispatchQueue.concurrentPerform(iterations: owners.count) { i in
            guard let family = families.value(at: owners[i]), !family.groups.isEmpty else { return }
            var candidates = Set<Int32>()
            for group in family.groups { candidates.formUnion(classesByGroup[group] ?? []) }
            var maps: [(peerClasses: [Int32], map: ExposureMap)] = []
            var byConditions: [[UInt64]: Int] = [:]
            for c in candidates.sorted() where relevant[Int(c)] {
                guard let met = family.conditionsMet(by: identities[Int(c)]) else { continue }
                if let known = byConditions[met] {
                    maps[known].peerClasses.append(c)
                } else {
                    byConditions[met] = maps.count
                    maps.append(([c], family.map(adding: met)))
                }
            }
            if !maps.isEmpty { found.store(maps, at: i) }
        }
        return owners.indices.compactMap { i in found.value(at: i).map { (owners[i], $0) } }
    }
}

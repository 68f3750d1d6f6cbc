import TopologyModel

/// A chosen change that cannot be written as rules.
struct PlanFailure: Error {
    let message: String
}

extension IsolationPlanner {
    /// Writes a chosen change: the deny rules with their priorities (just below the first
    /// rule that allows a hop it cuts, never on a priority the NSG already uses), or the
    /// asset's public access.
    ///
    /// - Parameters:
    ///   - used: priorities taken so far, per NSG and direction (inbound as is, outbound negated).
    ///   - created: NSGs this plan creates; the first change on such a subnet creates it.
    func change(_ gadget: IsolationGadget, used: inout [ResourceID: Set<Int>], created: inout Set<ResourceID>) throws(PlanFailure) -> IsolationChange {
        switch gadget.key {
        case .publicAccess(let asset):
            let kind: IsolationChange.AssetKind =
                switch topology.serviceResources[asset]?.kind {
                case nil: .storage
                case .keyVault?: .keyVault
                case .containerRegistry?: .registry
                case .machineLearningWorkspace?: .machineLearningWorkspace
                case .onlineEndpoint?: .onlineEndpoint
                case .aiServices?: .aiServices
                }
            return IsolationChange(action: .disablePublicAccess(asset: asset, kind: kind), cuts: gadget.cuts, policies: gadget.policies)
        case .privateSubnet(let subnet):
            return IsolationChange(action: .privateSubnet(subnet), cuts: gadget.cuts, policies: gadget.policies)
        case .peering(let id):
            guard let peering = topology.peerings[id] else { throw PlanFailure(message: "peering \(id) is not in the estate") }
            return IsolationChange(action: .removePeering(peering, reverse: reverse(of: peering)), cuts: gadget.cuts, policies: gadget.policies)
        case .inbound(let subnet, let from, let to), .outbound(let subnet, let from, let to):
            let direction: TrafficDirection = if case .outbound = gadget.key { .outbound } else { .inbound }
            guard let s = topology.subnets[subnet] else { throw PlanFailure(message: "subnet \(subnet) is not in the estate") }
            let location = topology.networks[s.network]?.location ?? ""
            let nsg = s.securityGroup ?? Self.createdSecurityGroup(for: s)
            let creates = s.securityGroup == nil && !created.contains(nsg)
            if s.securityGroup == nil { created.insert(nsg) }
            var taken = used[nsg] ?? []
            if let group = topology.securityGroups[nsg] {
                taken.formUnion(group.rules(direction).map { direction == .inbound ? $0.priority : -$0.priority })
            }
            var rules: [DenyRule] = []
            let denied = gadget.deny.asDenied
            let parts: [(name: String, ports: [String])] =
                denied.isEverything
                ? [("*", ["*"])]
                : denied.entries.map { entry in
                    (Self.protocolName(entry.proto), entry.proto.hasPorts && !entry.ports.isFull ? entry.ports.portRangeStrings : ["*"])
                }
            var priority = gadget.bound - 1
            for part in parts {
                while priority >= 100 && taken.contains(direction == .inbound ? priority : -priority) { priority -= 1 }
                guard priority >= 100 else {
                    throw PlanFailure(
                        message:
                            "no free priority below \(gadget.bound) in \(nsg.name) (\(direction.rawValue)) for a deny rule from \(from.prefixes(topology).joined(separator: ",")) to \(to.prefixes(topology).joined(separator: ","))"
                    )
                }
                taken.insert(direction == .inbound ? priority : -priority)
                rules.append(
                    DenyRule(
                        name: "lateral-isolate-\(direction == .inbound ? "in" : "out")-\(priority)", priority: priority, protocolName: part.name,
                        sourcePrefixes: from.prefixes(topology), destinationPrefixes: to.prefixes(topology), destinationPorts: part.ports))
                priority -= 1
            }
            used[nsg] = taken
            return IsolationChange(
                action: .denyRules(subnet: subnet, securityGroup: nsg, createsSecurityGroup: creates, location: location, direction: direction, rules: rules),
                cuts: gadget.cuts, policies: gadget.policies)
        }
    }

    /// The NSG a plan creates for a subnet that has none, in the subnet's resource group.
    static func createdSecurityGroup(for subnet: Subnet) -> ResourceID {
        let vnet = subnet.network.name
        let prefix = subnet.id.subscription.map { "/subscriptions/\($0)/resourceGroups/\(subnet.id.resourceGroup ?? "")" } ?? ""
        return ResourceID("\(prefix)/providers/Microsoft.Network/networkSecurityGroups/nsg-\(vnet)-\(subnet.name)-isolate")
    }

    static func protocolName(_ p: IPProtocol) -> String {
        switch p {
        case .tcp: "Tcp"
        case .udp: "Udp"
        case .icmp: "Icmp"
        case .esp: "Esp"
        case .ah: "Ah"
        case .other: "*"
        }
    }
}

import Reachability
import TopologyModel

/// The words for posture notes, written once so summary.md, paths.json, `exposure` and SARIF
/// say the same thing.
public enum PostureText {
    /// One sentence naming the resource and saying what follows from the note.
    public static func sentence(_ note: PostureNote) -> String {
        let subject = "\(noun(note.resourceKind)) \(note.subject.name)"
        switch note.kind {
        case .unattachedSecurityGroup:
            return "\(subject) is attached to no subnet and no NIC: its rules guard nothing until it is attached"
        case .overlappingSubnets(let network, let receiver, let overlap, let covered):
            let ranges = overlap.map(\.description).joined(separator: ", ")
            return
                "\(subject) overlaps subnet \(receiver.name) of VNet \(network.name) on \(ranges). Azure refuses a subnet whose range overlaps another subnet of its VNet (NetcfgSubnetRangesOverlap), so whichever of the two is deployed second is not created; subnets have no routes of their own (one VNet route covers both, RT-1), so prefix length does not choose between them. The analysis places each host by its NIC's subnet and every other address of the overlap in \(receiver.name), the first by ID: \(note.subject.name) receives no traffic for \(covered ? "any of its range" : ranges) except to its own NICs"
        case .oneSidedPeering(let remote, let reverse, let state):
            let local = note.subject.id.parent?.name ?? "?"
            let why =
                reverse.map { "its reverse, \($0.name), is \(state.map(displayState) ?? "not Connected")" }
                ?? "VNet \(remote.name) holds no peering back to \(local)"
            return
                "\(subject) from VNet \(local) to \(remote.name) is Connected, but \(why): traffic crosses a peering only when both sides exist and are Connected (PEER-1), so none crosses here; the input holds one side of a change, or the sides were exported at different times"
        case .missingReference(.subnet, let id):
            return "\(subject) is in subnet \(subnetName(id)), which is not in the input: traffic through it there is not analysed"
        case .missingReference(.publicIP, let id):
            return "\(subject) uses public IP \(id.name), which is not in the input: its address is unknown, so Internet flows to it cannot be traced"
        }
    }

    /// `NSG`, `subnet`, `load balancer`.
    public static func noun(_ kind: PostureNote.ResourceKind) -> String {
        switch kind {
        case .securityGroup: "NSG"
        case .subnet: "subnet"
        case .peering: "peering"
        case .firewall: "firewall"
        case .virtualNetworkGateway: "virtual network gateway"
        case .applicationGateway: "application gateway"
        case .natGateway: "NAT gateway"
        case .loadBalancer: "load balancer"
        }
    }

    /// `vnet-hub/AzureFirewallSubnet` for a subnet ID.
    static func subnetName(_ id: ResourceID) -> String { id.parent.map { "\($0.name)/\(id.name)" } ?? id.name }

    /// `connected` -> `Connected`, as the portal and exports write it.
    static func displayState(_ state: String) -> String { state.prefix(1).uppercased() + state.dropFirst() }

    /// `file line 12 (/resources/3)`, or nil when the input did not say where.
    public static func place(_ origin: SourceLocation?, lines: LineLookup) -> String? {
        guard let origin else { return nil }
        let line = lines(origin.file, origin.pointer).map { " line \($0)" } ?? ""
        return origin.file + line + (origin.pointer.isEmpty ? "" : " (\(origin.pointer))")
    }
}

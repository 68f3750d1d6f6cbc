import Testing
import TopologyModel

@testable import Reachability

/// A peering carries traffic only when the remote VNet holds a connected peering back
/// (PEER-1). The index finds the peering back through one map of VNet pairs; these tests
/// pin what it must find on a hub with many spokes, the shape that made a scan quadratic.
@Suite("Peering liveness (PEER-1)")
struct PeeringLivenessTests {
    static func id(_ text: String) -> ResourceID { ResourceID("/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/" + text) }

    static func network(_ name: String, _ prefix: String) -> VirtualNetwork {
        VirtualNetwork(id: id(name), name: name, location: "westeurope", tags: [:], addressSpace: [IPPrefix(prefix)!], origin: nil)
    }

    static func peering(_ local: String, _ remote: String, _ name: String? = nil, state: String = "connected") -> VirtualNetworkPeering {
        let name = name ?? "to-\(remote)"
        return VirtualNetworkPeering(
            id: ResourceID(id(local).text + "/virtualNetworkPeerings/" + name), name: name, localNetwork: id(local),
            remoteNetwork: id(remote), state: state, allowVirtualNetworkAccess: true, allowForwardedTraffic: false,
            allowGatewayTransit: false, useRemoteGateways: false, remoteAddressSpace: [], origin: nil)
    }

    @Test("Each spoke's peering is paired with the hub's peering back, and only when both sides are connected")
    func hubWithManySpokes() {
        var networks = [Self.network("hub", "10.0.0.0/16")]
        var peerings: [VirtualNetworkPeering] = []
        for i in 1...40 {
            let spoke = "spoke\(i)"
            networks.append(Self.network(spoke, "10.\(i).0.0/16"))
            // Every fifth spoke is only initiated on the hub side; every seventh has no
            // peering back at all.
            peerings.append(Self.peering("hub", spoke, state: i % 5 == 0 ? "initiated" : "connected"))
            if i % 7 != 0 { peerings.append(Self.peering(spoke, "hub")) }
        }
        let index = EstateIndex(topology: Topology(networks: networks, peerings: peerings))
        for i in 1...40 {
            let hubSide = Self.peering("hub", "spoke\(i)").id, spokeSide = Self.peering("spoke\(i)", "hub").id
            let live = i % 5 != 0 && i % 7 != 0
            #expect(index.livePeerings[hubSide] == (live ? spokeSide : nil), "hub -> spoke\(i)")
            #expect(index.livePeerings[spokeSide] == (live ? hubSide : nil), "spoke\(i) -> hub")
        }
        #expect(index.livePeerings.count == 2 * (1...40).filter { $0 % 5 != 0 && $0 % 7 != 0 }.count)
    }

    @Test("With two connected peerings back, the first by ID is the one used; a disconnected one never is")
    func firstPeeringBackByID() {
        let networks = [Self.network("a", "10.1.0.0/16"), Self.network("b", "10.2.0.0/16")]
        let peerings = [
            Self.peering("a", "b"), Self.peering("b", "a", "z-second"), Self.peering("b", "a", "m-first"),
            Self.peering("b", "a", "a-down", state: "disconnected"),
        ]
        let index = EstateIndex(topology: Topology(networks: networks, peerings: peerings))
        #expect(index.livePeerings[Self.peering("a", "b").id] == Self.peering("b", "a", "m-first").id)
        #expect(index.livePeerings[Self.peering("b", "a", "z-second").id] == Self.peering("a", "b").id)
        #expect(index.livePeerings[Self.peering("b", "a", "a-down").id] == nil)
    }

    @Test("A peering to a VNet missing from the input is not live, even with a peering back")
    func remoteMissing() {
        let peerings = [Self.peering("a", "b"), Self.peering("b", "a")]
        let index = EstateIndex(topology: Topology(networks: [Self.network("a", "10.1.0.0/16")], peerings: peerings))
        #expect(index.livePeerings[Self.peering("a", "b").id] == nil)
    }

    @Test("Literal boundaries are sorted and distinct")
    func sortedUnique() {
        func unique(_ values: [Int]) -> [Int] { var v = values; v.sortAndRemoveDuplicates(); return v }
        #expect(unique([5, 1, 5, 3, 1, 9, 9, 9]) == [1, 3, 5, 9])
        #expect(unique([]) == [])
        #expect(unique([7]) == [7])
    }
}

import AzureImport
import Reachability
import TestSupport
import Testing
import TopologyModel

/// Posture notes read from the model alone (issue 17), on the hand-made estate of
/// Tests/Fixtures/Posture: each kind of note, its near misses, and the order.
@Suite("Posture notes")
struct PostureNoteTests {
    static let estate = Fixtures.fixture("Posture/posture-estate.json")

    static func notes(_ path: String = estate) throws -> [PostureNote] {
        PostureNote.evaluate(try AzureImporter.load(paths: [path]).topology)
    }

    /// `code subject` for each note, in order.
    static func summary(_ notes: [PostureNote]) -> [String] { notes.map { "\($0.code) \($0.subject.name)" } }

    @Test("Every kind of note, once per finding, ordered by code then resource name")
    func all() throws {
        #expect(
            Self.summary(try Self.notes()) == [
                "unattached-nsg nsg-orphan", "overlapping-subnets snet-app-half", "one-sided-peering hub-to-other",
                "one-sided-peering hub-to-spoke", "missing-subnet fw-hub", "missing-subnet vgw-hub", "missing-public-ip fw-hub",
                "missing-public-ip lb-web", "missing-public-ip nat-hub",
            ])
    }

    @Test("NSG-1: an NSG on a subnet or a NIC is attached; only the one on nothing is noted, with its place in the export")
    func unattached() throws {
        let note = try #require(try Self.notes().first { $0.code == "unattached-nsg" })
        #expect(note.resourceKind == .securityGroup)
        #expect(note.subject.id.text.hasSuffix("/networkSecurityGroups/nsg-orphan"))
        #expect(note.subject.origin?.file == Self.estate)
        #expect(note.subject.origin?.pointer == "/11")
    }

    @Test("Overlapping subnets: the one wholly inside the other, the overlap, and the subnet the analysis places the overlap in")
    func overlapping() throws {
        let note = try #require(try Self.notes().first { $0.code == "overlapping-subnets" })
        guard case .overlappingSubnets(let network, let receiver, let overlap, let covered) = note.kind else {
            Issue.record("wrong kind")
            return
        }
        #expect(network.name == "vnet-hub" && receiver.name == "snet-app")
        #expect(overlap == [IPPrefix("10.0.1.0/25")!])
        #expect(covered)
        // The analysis places a vacant address of the overlap in the receiver.
        let topology = try AzureImporter.load(paths: [Self.estate]).topology
        #expect(topology.subnet(containing: IPAddress("10.0.1.100")!)?.name == "snet-app")
    }

    @Test("Overlap in part: neither subnet is covered, the overlap is the smaller block")
    func partialOverlap() {
        let vnet = ResourceID("/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v")
        func subnet(_ name: String, _ prefixes: [String]) -> Subnet {
            Subnet(
                id: ResourceID(vnet.text + "/subnets/" + name), name: name, network: vnet, prefixes: prefixes.map { IPPrefix($0)! },
                securityGroup: nil, routeTable: nil, origin: nil)
        }
        let topology = Topology(
            networks: [VirtualNetwork(id: vnet, name: "v", location: "x", tags: [:], addressSpace: [IPPrefix("10.0.0.0/16")!], origin: nil)],
            subnets: [subnet("a", ["10.0.0.0/23"]), subnet("b", ["10.0.1.0/24", "10.0.2.0/24"]), subnet("c", ["10.0.3.0/24"])])
        let notes = PostureNote.evaluate(topology)
        #expect(Self.summary(notes) == ["overlapping-subnets b"])
        guard case .overlappingSubnets(_, let receiver, let overlap, let covered)? = notes.first?.kind else {
            Issue.record("no overlap")
            return
        }
        #expect(receiver.name == "a" && overlap == [IPPrefix("10.0.1.0/24")!] && !covered)
    }

    @Test("PEER-1: a Connected peering with no peering back, or with an Initiated one, is one-sided; a Connected pair is not")
    func oneSided() throws {
        let notes = try Self.notes().filter { $0.code == "one-sided-peering" }
        guard case .oneSidedPeering(let remote, let reverse, let state) = notes[0].kind,
            case .oneSidedPeering(let spoke, let none, nil) = notes[1].kind
        else {
            Issue.record("wrong kinds")
            return
        }
        #expect(remote.name == "vnet-other" && reverse?.name == "other-to-hub" && state == "initiated")
        #expect(spoke.name == "vnet-spoke" && none == nil)
    }

    @Test("Firewalls, gateways and load balancers name each subnet and public IP the input lacks, and no other")
    func missing() throws {
        var found: [String] = []
        for note in try Self.notes() {
            if case .missingReference(let what, let id) = note.kind {
                found.append("\(note.resourceKind.rawValue) \(note.subject.name) \(what.rawValue) \(id.name)")
            }
        }
        #expect(
            found == [
                "firewall fw-hub subnet AzureFirewallSubnet", "virtualNetworkGateway vgw-hub subnet GatewaySubnet", "firewall fw-hub publicIP pip-fw",
                "loadBalancer lb-web publicIP pip-lb", "natGateway nat-hub publicIP pip-nat",
            ])
        // The gateway's public IP is read (and present), so it gives no note.
        let topology = try AzureImporter.load(paths: [Self.estate]).topology
        #expect(topology.gateways.values.first?.publicIPs.map(\.name) == ["pip-vgw"])
    }

    @Test("A Terraform plan's unattached NSG keeps its file and address as the place")
    func terraformPlace() throws {
        let plan = Fixtures.fixture("Exposure/nsg-rules.tfplan.json")
        let notes = try Self.notes(plan)
        #expect(Self.summary(notes) == ["unattached-nsg nsg-tf-shadow"])
        #expect(notes.first?.subject.origin?.file == plan)
        #expect(notes.first?.subject.origin?.pointer.hasSuffix("azurerm_network_security_group.shadow") == true)
    }

    @Test("An empty estate has no notes; the same estate gives the same notes twice")
    func edges() throws {
        #expect(PostureNote.evaluate(Topology()).isEmpty)
        #expect(try Self.notes() == Self.notes())
    }
}

import Foundation
import Lateral
import TestSupport
import Testing

/// `hub-two-spokes.json`: vnet-hub (snet-jump, Internet SSH; snet-shared) and vnet-spoke-app
/// (snet-app tcp/443, snet-db tcp/1433) in westeurope, vnet-spoke-ml (snet-gpu, snet-data,
/// tagged role=ml-target) in germanywestcentral, both spokes peered with the hub. The paths
/// run internet -> snet-jump -> snet-gpu and snet-data.
@Suite("Diagram detail: VNet and region level")
struct DiagramDetailTests {
    static let hub = "vnet-hub/snet-jump"
    static let shared = "vnet-hub/snet-shared"
    static let gpu = "vnet-spoke-ml/snet-gpu"
    static let data = "vnet-spoke-ml/snet-data"

    struct Edge: Hashable, CustomStringConvertible {
        let from: String, to: String, label: String, role: Diagram.EdgeRole
        init(_ from: String, _ to: String, _ label: String, _ role: Diagram.EdgeRole) {
            (self.from, self.to, self.label, self.role) = (from, to, label, role)
        }
        var description: String { "\(from) -> \(to) [\(label), \(role)]" }
    }

    static func diagram(_ detail: DiagramDetail, withPaths: Bool = true) throws -> Diagram {
        let estate = try Estate.load(paths: [TestInputs.cliFixture("hub-two-spokes.json")])
        let graph = estate.index.graph()
        let paths = withPaths ? graph.paths(PathQuery(from: [.internet], to: [.tag(key: "role", value: "ml-target")]), topology: estate.topology) : nil
        return DiagramBuilder.diagram(estate: estate, graph: graph, paths: paths, title: "t", detail: detail)
    }

    /// The box ID of a VNet, as the builder names it.
    static func vnet(_ name: String) -> String { "vnet-box:" + MiniID.network(name).lowercased() }

    /// The attack-path hops, drawn the same at every level.
    static let pathEdges: Set<Edge> = [
        Edge("internet", hub, "tcp/22", .attackPath), Edge(hub, gpu, "any", .attackPath), Edge(hub, data, "any", .attackPath),
    ]

    static func edges(_ diagram: Diagram) -> Set<Edge> { Set(diagram.edges.map { Edge($0.from, $0.to, $0.label, $0.role) }) }

    @Test(
        "auto picks the finest level within its limits",
        arguments: [
            (0, 0, DiagramDetail.subnet), (150, 40, .subnet), (151, 40, .vnet), (5_000, 2_000, .vnet), (5_000, 2_001, .region),
        ] as [(Int, Int, DiagramDetail)])
    func autoLevel(_ nodes: Int, _ networks: Int, _ expected: DiagramDetail) {
        #expect(DiagramDetail.auto.resolved(nodes: nodes, networks: networks) == expected)
        for fixed in [DiagramDetail.subnet, .vnet, .region] { #expect(fixed.resolved(nodes: nodes, networks: networks) == fixed) }
    }

    @Test("a small estate stays at subnet detail under auto")
    func smallEstateAuto() throws {
        #expect(try Self.diagram(.auto) == Self.diagram(.subnet))
    }

    @Test("VNet level: one box per VNet, path nodes and targets kept, hops between boxes aggregated")
    func vnetLevel() throws {
        let detailed = try Self.diagram(.subnet)
        let diagram = try Self.diagram(.vnet)
        let (hubBox, appBox, mlBox) = (Self.vnet("vnet-hub"), Self.vnet("vnet-spoke-app"), Self.vnet("vnet-spoke-ml"))
        #expect(Set(diagram.nodes.map(\.id)) == ["internet", Self.hub, Self.gpu, Self.data, hubBox, appBox, mlBox])
        // Path nodes are drawn exactly as at subnet detail, in their VNet's cluster.
        for id in ["internet", Self.hub, Self.gpu, Self.data] {
            #expect(diagram.nodes.first { $0.id == id } == detailed.nodes.first { $0.id == id })
        }
        let boxes = Dictionary(uniqueKeysWithValues: diagram.nodes.filter { $0.role == .network }.map { ($0.id, $0) })
        #expect(boxes[appBox]?.label == "vnet-spoke-app  westeurope  10.1.0.0/16 | 2 subnets, 3 hosts")
        #expect(boxes[appBox]?.cluster == "region:westeurope")
        #expect(boxes[hubBox]?.label == "vnet-hub  westeurope  10.0.0.0/16 | 2 subnets, 2 hosts")
        #expect(boxes[hubBox]?.cluster == "vnet:" + MiniID.network("vnet-hub").lowercased())
        #expect(boxes[mlBox]?.label == "vnet-spoke-ml  germanywestcentral  10.2.0.0/16 | 2 subnets, 1 host")
        #expect(
            Set(diagram.clusters.map(\.label)) == ["germanywestcentral", "westeurope", "vnet-hub  10.0.0.0/16", "vnet-spoke-ml  10.2.0.0/16  [role=ml-target]"])
        #expect(
            Self.edges(diagram)
                == Self.pathEdges.union([
                    Edge(Self.hub, appBox, "2 hops: tcp/443,1433", .reachability),
                    Edge(hubBox, appBox, "2 hops: tcp/443,1433", .reachability),
                    Edge(hubBox, Self.gpu, "1 hop: any", .reachability),
                    Edge(appBox, Self.hub, "2 hops: any", .reachability),
                    Edge(appBox, hubBox, "2 hops: any", .reachability),
                    Edge(Self.gpu, Self.hub, "any", .reachability),
                    Edge(Self.gpu, hubBox, "1 hop: any", .reachability),
                    Edge(hubBox, appBox, "peering", .peering),
                    Edge(hubBox, mlBox, "peering", .peering),
                ]))
        // Path edges are the subnet-level ones, unchanged.
        #expect(diagram.edges.filter { $0.role == .attackPath } == detailed.edges.filter { $0.role == .attackPath })
    }

    @Test("region level: one box per region, kept VNets still clustered inside their region")
    func regionLevel() throws {
        let diagram = try Self.diagram(.region)
        let (weu, gwc) = ("region-box:westeurope", "region-box:germanywestcentral")
        #expect(Set(diagram.nodes.map(\.id)) == ["internet", Self.hub, Self.gpu, Self.data, weu, gwc])
        let boxes = Dictionary(uniqueKeysWithValues: diagram.nodes.filter { $0.role == .region }.map { ($0.id, $0) })
        #expect(boxes[weu]?.label == "westeurope | 2 VNets, 4 subnets, 5 hosts")
        #expect(boxes[weu]?.cluster == "region:westeurope")
        #expect(boxes[gwc]?.label == "germanywestcentral | 1 VNet, 2 subnets, 1 host")
        #expect(
            Set(diagram.clusters.map(\.label)) == ["germanywestcentral", "westeurope", "vnet-hub  10.0.0.0/16", "vnet-spoke-ml  10.2.0.0/16  [role=ml-target]"])
        #expect(
            Self.edges(diagram)
                == Self.pathEdges.union([
                    Edge(Self.hub, weu, "2 hops: tcp/443,1433", .reachability),
                    Edge(weu, Self.gpu, "1 hop: any", .reachability),
                    Edge(weu, Self.hub, "2 hops: any", .reachability),
                    Edge(Self.gpu, Self.hub, "any", .reachability),
                    Edge(Self.gpu, weu, "1 hop: any", .reachability),
                    Edge(weu, gwc, "peering", .peering),
                ]))
    }

    @Test("without paths every VNet node folds into its box, and regions hold no clusters but themselves")
    func noPaths() throws {
        let vnets = try Self.diagram(.vnet, withPaths: false)
        #expect(vnets.nodes.map(\.role) == [.internet, .network, .network, .network])
        #expect(vnets.clusters.allSatisfy { $0.role == .region })
        let regions = try Self.diagram(.region, withPaths: false)
        #expect(regions.nodes.map(\.id) == ["internet", "region-box:germanywestcentral", "region-box:westeurope"])
        #expect(regions.clusters.isEmpty)
        #expect(Self.edges(regions).contains(Edge("region-box:westeurope", "region-box:germanywestcentral", "peering", .peering)))
    }

    @Test("long service summaries are cut at a space")
    func shortenedSummary() {
        #expect(DiagramBuilder.shortened("tcp/22") == "tcp/22")
        let long = "tcp/22,80,443,1433,3389,5985-5986,8080 udp/53,123,500,4500 icmp"
        let cut = DiagramBuilder.shortened(long)
        #expect(cut == "tcp/22,80,443,1433,3389,5985-5986,8080 …")
        #expect(cut.count <= DiagramBuilder.summaryLimit + 2)
    }
}

/// ARM IDs of the `hub-two-spokes.json` fixture.
enum MiniID {
    static func network(_ name: String) -> String {
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-collapse/providers/Microsoft.Network/virtualNetworks/" + name
    }
}

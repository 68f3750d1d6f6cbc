import GraphvizRender
import Reachability
import TopologyModel

extension DiagramBuilder {
    /// Longest service summary on an aggregated edge before it is cut.
    package static let summaryLimit = 40
    /// Past this many aggregated hop edges between boxes, a collapsed diagram drops them and
    /// keeps attack paths and peerings: dot lays thousands of labelled edges out in minutes,
    /// and nobody reads them.
    package static let maxOtherEdges = 300

    /// Redraws a subnet-level diagram with one box per VNet or per region.
    ///
    /// The nodes in `keep` stay as they are, in their VNet's cluster, and so do the
    /// Internet, on-premises and assets; every other node folds into its VNet's (or
    /// region's) box. Attack-path edges are kept as drawn; the other hops between two boxes
    /// become one edge labelled with their count and the union of their services, and
    /// peerings join the boxes of their VNets. Edges are emitted in the order their first
    /// member had, so the result is as deterministic as the detailed diagram.
    ///
    /// - Parameters:
    ///   - detailed: the diagram at subnet detail, as `diagram(...)` builds it.
    ///   - detail: `.vnet` or `.region`.
    ///   - keep: graph node IDs drawn at subnet detail (path nodes and targets).
    /// - Complexity: O(nodes + edges + subnets).
    ///   - hops: which hops off the attack paths to group between boxes (by node index);
    ///     the detailed diagram does not carry them.
    ///   - pathHops: the attack-path hops, `from << 32 | to` by node index.
    static func collapse(
        _ detailed: Diagram, to detail: DiagramDetail, topology: Topology, graph: ReachabilityGraph,
        keep: Set<String>, hops: (Int, Int) -> Bool, pathHops: Set<Int64>
    ) -> Diagram {
        let byRegion = detail == .region
        func region(_ network: VirtualNetwork) -> String { network.location }
        func boxID(_ network: VirtualNetwork) -> String { byRegion ? "region-box:" + region(network) : "vnet-box:" + network.id.key }
        /// The VNet a node folds into, if it has one the topology knows.
        func network(_ id: String) -> VirtualNetwork? {
            guard let node = graph.node(id), ![.internet, .onPremises, .asset].contains(node.kind) else { return nil }
            return node.network.flatMap { topology.networks[$0] }
        }
        /// The node an edge end is drawn at; peerings always join boxes.
        func drawnAt(_ id: String, peering: Bool) -> String {
            guard let network = network(id), peering || !keep.contains(id) else { return id }
            return boxID(network)
        }

        let networks = Set(graph.nodes.compactMap(\.network)).sorted().compactMap { topology.networks[$0] }
        let keptNetworks = Set(detailed.nodes.compactMap { node in keep.contains(node.id) ? network(node.id)?.id : nil })
        let keptRegions = Set(networks.filter { keptNetworks.contains($0.id) }.map(region))

        var diagram = Diagram(title: detailed.title, showLegend: detailed.showLegend)
        diagram.clusters = detailed.clusters.filter { cluster in
            switch cluster.role {
            case .region: !byRegion || keptRegions.contains(String(cluster.id.dropFirst("region:".count)))
            case .network, .target: networks.contains { "vnet:" + $0.id.key == cluster.id && keptNetworks.contains($0.id) }
            }
        }
        diagram.nodes = detailed.nodes.filter { network($0.id) == nil || keep.contains($0.id) }
        diagram.nodes +=
            byRegion
            ? regionBoxes(networks, topology: topology, kept: keptRegions)
            : networkBoxes(networks, topology: topology, kept: keptNetworks)

        var groups: [GroupKey: [Diagram.Edge]] = [:]
        var order: [GroupKey] = []
        for edge in detailed.edges {
            let peering = edge.role == .peering || edge.role == .brokenPeering
            let key = GroupKey(
                from: drawnAt(edge.from, peering: peering), to: drawnAt(edge.to, peering: peering), role: edge.role,
                original: edge.role == .attackPath ? edge : nil)
            guard key.from != key.to else { continue }
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(edge)
        }
        // The other hops, grouped between the boxes they are drawn at, by node index.
        var drawnNumber: [String: Int] = [:]
        var drawnIDs: [String] = []
        let drawn = graph.nodes.map { node -> Int in
            let id = drawnAt(node.id, peering: false)
            if let n = drawnNumber[id] { return n }
            drawnNumber[id] = drawnIDs.count
            drawnIDs.append(id)
            return drawnIDs.count - 1
        }
        var hopGroup: [Int64: Int] = [:]
        var hopGroups: [(from: Int, to: Int, count: Int, services: ServiceSet, single: (Int, Int))] = []
        // A run of hops is taken a segment at a time: neighbouring targets drawn in one box,
        // of one VNet and kind, are alike for the grouping and the filter, so a flat network's
        // hundreds of millions of hops cost a few steps per run.
        let segmentEnd = Self.segmentEnds(graph, drawn: drawn)
        let pathTargets = targetsBySource(pathHops)
        func forEachSegment(_ body: (_ f: Int, _ targets: Range<Int>, _ count: Int, _ services: ServiceSet) -> Void) {
            graph.forEachHopRun { f, run, services in
                var i = run.lowerBound
                while i < run.upperBound {
                    let stop = min(segmentEnd[i], run.upperBound)
                    defer { i = stop }
                    guard drawn[f] != drawn[i], hops(f, i) else { continue }
                    let onPaths = pathTargets[f]?.count { $0 >= i && $0 < stop && $0 != f } ?? 0
                    let count = stop - i - (i <= f && f < stop ? 1 : 0) - onPaths
                    if count > 0 { body(f, i..<stop, count, services) }
                }
            }
        }
        forEachSegment { f, targets, count, _ in
            let key = Int64(drawn[f]) << 32 | Int64(drawn[targets.lowerBound])
            if let g = hopGroup[key] {
                hopGroups[g].count += count
            } else {
                let first = targets.first { $0 != f && !pathHops.contains(Int64(f) << 32 | Int64($0)) }!
                hopGroup[key] = hopGroups.count
                hopGroups.append((drawn[f], drawn[first], count, ServiceSet(), (f, first)))
            }
        }
        let others = order.filter { $0.role == .reachability || $0.role == .unchanged }.count + hopGroups.count
        let dropOthers = others > maxOtherEdges
        if dropOthers {
            diagram.title += " (\(others) other hop groups between boxes not drawn)"
        } else if !hopGroups.isEmpty {
            forEachSegment { f, targets, _, services in
                guard let g = hopGroup[Int64(drawn[f]) << 32 | Int64(drawn[targets.lowerBound])] else { return }
                hopGroups[g].services = hopGroups[g].services.union(services)
            }
        }
        var groupsDrawn = dropOthers
        func drawHopGroups() {
            guard !groupsDrawn else { return }
            groupsDrawn = true
            for group in hopGroups {
                let from = drawnIDs[group.from], to = drawnIDs[group.to]
                let single = group.count == 1 && graph.nodes[group.single.0].id == from && graph.nodes[group.single.1].id == to
                diagram.edges.append(
                    .init(
                        from: from, to: to, label: single ? group.services.summary : counted(group.count, "hop") + ": " + shortened(group.services.summary),
                        role: .reachability))
            }
        }
        for key in order {
            // Hop groups go after the attack paths, before the peerings.
            if key.role == .peering || key.role == .brokenPeering { drawHopGroups() }
            if dropOthers && (key.role == .reachability || key.role == .unchanged) { continue }
            let members = groups[key]!
            if members.count == 1, members[0].from == key.from, members[0].to == key.to {
                diagram.edges.append(members[0])
                continue
            }
            let label: String
            switch key.role {
            case .attackPath, .reachability, .opened, .closed, .unchanged:
                let services = members.reduce(ServiceSet()) { $0.union(graph.hop(from: $1.from, to: $1.to)?.services ?? ServiceSet()) }
                label = counted(members.count, "hop") + ": " + shortened(services.summary)
            case .peering: label = members.count == 1 ? members[0].label : counted(members.count, "peering")
            case .brokenPeering: label = members.count == 1 ? members[0].label : counted(members.count, "peering") + " without traffic"
            }
            diagram.edges.append(.init(from: key.from, to: key.to, label: label, role: key.role))
        }
        drawHopGroups()
        return diagram
    }

    /// Edges that collapse into one: same drawn ends and role. Attack-path edges never
    /// merge (each carries itself as `original`).
    private struct GroupKey: Hashable {
        let from: String
        let to: String
        let role: Diagram.EdgeRole
        let original: Diagram.Edge?
    }

    /// One box per VNet: name, region, address space, subnet and host counts. A VNet
    /// with nodes kept at subnet detail keeps its cluster and its box sits inside it.
    private static func networkBoxes(_ networks: [VirtualNetwork], topology: Topology, kept: Set<ResourceID>) -> [Diagram.Node] {
        networks.map { network in
            let size = Size(network, topology: topology)
            let space = network.addressSpace.map(\.description).joined(separator: ", ")
            let label =
                "\(network.name)  \(network.location.isEmpty ? "(no region)" : network.location)  \(space) | "
                + counted(size.subnets, "subnet") + ", " + counted(size.hosts, "host")
            return .init(
                id: "vnet-box:" + network.id.key, label: label,
                cluster: kept.contains(network.id) ? "vnet:" + network.id.key : "region:" + network.location, role: .network, highlighted: false)
        }
    }

    /// One box per region: VNet, subnet and host counts. A region holding nodes kept at
    /// subnet detail keeps its cluster, with the box and those nodes' VNets inside.
    private static func regionBoxes(_ networks: [VirtualNetwork], topology: Topology, kept: Set<String>) -> [Diagram.Node] {
        Dictionary(grouping: networks, by: \.location).sorted { $0.key < $1.key }.map { region, members in
            let sizes = members.map { Size($0, topology: topology) }
            let label =
                "\(region.isEmpty ? "(no region)" : region) | " + counted(members.count, "VNet") + ", "
                + counted(sizes.map(\.subnets).reduce(0, +), "subnet") + ", " + counted(sizes.map(\.hosts).reduce(0, +), "host")
            return .init(
                id: "region-box:" + region, label: label, cluster: kept.contains(region) ? "region:" + region : nil,
                role: .region, highlighted: false)
        }
    }

    /// Subnets and hosts (NICs) of one VNet.
    private struct Size {
        let subnets: Int
        let hosts: Int
        init(_ network: VirtualNetwork, topology: Topology) {
            let subnets = topology.subnetsByNetwork[network.id] ?? []
            self.subnets = subnets.count
            hosts = Set(subnets.flatMap { topology.endpointsBySubnet[$0] ?? [] }.map(\.interface)).count
        }
    }

    /// `1 hop`, `3 hops`.
    static func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    /// A service summary cut at a space to at most ``summaryLimit`` characters, with `…`.
    package static func shortened(_ summary: String) -> String {
        guard summary.count > summaryLimit else { return summary }
        let head = summary.prefix(summaryLimit)
        let cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
        return cut + " …"
    }

    /// By node index: where the segment of neighbouring nodes it begins ends, a segment being
    /// nodes drawn in one box, in one VNet and of one kind (all that grouping and the hop
    /// filter read of a target).
    static func segmentEnds(_ graph: ReachabilityGraph, drawn: [Int]) -> [Int] {
        let count = graph.nodes.count
        var ends = Array(repeating: count, count: count)
        var i = count - 1
        while i > 0 {
            let a = graph.nodes[i - 1], b = graph.nodes[i]
            ends[i - 1] = drawn[i - 1] == drawn[i] && a.network == b.network && a.kind == b.kind ? ends[i] : i
            i -= 1
        }
        return ends
    }
}

import Reachability
import TopologyModel

extension ReportSchema {
    /// One entry selector and one target selector: reachable or not, the best paths by
    /// risk score.
    public struct PairRank: Encodable, Sendable {
        public let from: String
        public let to: String
        public let reachable: Bool
        /// Distinct candidate paths before the limit.
        public let candidates: Int
        public let paths: [RankedPath]
    }

    public struct RankedPath: Encodable, Sendable {
        public let rank: Int
        public let score: Int
        public let factors: [String]
        public let nodes: [String]
        public let hops: [Hop]
    }

    /// `lateral blast-radius`.
    public struct Blast: Encodable, Sendable {
        public let schemaVersion = ReportSchema.schemaVersion
        public let from: [String]
        public let sources: [String]
        public let reachable: Int
        public let regions: [Region]
        public let warnings: [String]

        public struct Region: Encodable, Sendable {
            public let region: String
            public let vnets: [VNet]
        }

        public struct VNet: Encodable, Sendable {
            public let vnet: String
            public let nodes: [Reached]
        }

        public struct Reached: Encodable, Sendable {
            public let node: String
            public let kind: String
            public let hops: Int
            public let services: [Service]
            /// `tcp/22,3389 udp/*` or `any`.
            public let summary: String
            public let via: [String]
        }
    }
}

extension ReportBuilder {
    public static func ranking(_ rankings: [PairRanking]) -> [ReportSchema.PairRank] {
        rankings.map { r in
            ReportSchema.PairRank(
                from: r.from.description, to: r.to.description, reachable: r.reachable, candidates: r.candidates,
                paths: r.paths.enumerated().map { i, entry in
                    ReportSchema.RankedPath(
                        rank: i + 1, score: entry.score.total, factors: entry.score.factors,
                        nodes: entry.path.nodes, hops: entry.path.hops.map(hop))
                })
        }
    }

    public static func blastRadius(_ blast: BlastRadius, graph: ReachabilityGraph) -> ReportSchema.Blast {
        var regions: [ReportSchema.Blast.Region] = []
        var byRegion: [String: [String: [ReportSchema.Blast.Reached]]] = [:]
        for e in blast.entries {
            let node = graph.node(e.node)
            let region = node?.region ?? (node?.kind == .asset ? "(no region)" : "(outside Azure)")
            let vnet = node?.networkName ?? "(no VNet)"
            byRegion[region, default: [:]][vnet, default: []].append(
                ReportSchema.Blast.Reached(
                    node: e.node, kind: node?.kind.rawValue ?? "", hops: e.hops, services: services(e.services), summary: e.services.summary, via: e.via))
        }
        for (region, vnets) in byRegion.sorted(by: { $0.key < $1.key }) {
            regions.append(.init(region: region, vnets: vnets.sorted { $0.key < $1.key }.map { .init(vnet: $0.key, nodes: $0.value) }))
        }
        return ReportSchema.Blast(
            from: blast.from.map(\.description), sources: blast.sources, reachable: blast.entries.count, regions: regions,
            warnings: blast.emptySelectors.map { "selector \($0) selects nothing" })
    }
}

extension TextFormatter {
    public static func ranking(_ rankings: [PairRanking]) -> String {
        var lines = ["Ranked by risk score (docs/solver.md):"]
        for r in rankings {
            lines.append(
                "  \(r.from) -> \(r.to): "
                    + (r.reachable
                        ? "reachable, \(r.candidates) path\(r.candidates == 1 ? "" : "s")" + (r.paths.count < r.candidates ? ", best \(r.paths.count)" : "")
                        : "not reachable"))
            for (i, entry) in r.paths.enumerated() {
                lines.append(
                    "    \(i + 1). score \(entry.score.total) (\(entry.score.factors.joined(separator: ", "))): " + entry.path.nodes.joined(separator: " -> "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func blastRadius(_ report: ReportSchema.Blast) -> String {
        var lines = [
            "Blast radius of \(report.from.joined(separator: ", ")) (\(report.sources.count) node\(report.sources.count == 1 ? "" : "s") held): \(report.reachable) node\(report.reachable == 1 ? "" : "s") reachable"
        ]
        for w in report.warnings { lines.append("warning: \(w)") }
        for region in report.regions {
            lines.append("")
            lines.append(region.region)
            for vnet in region.vnets {
                lines.append("  \(vnet.vnet)")
                for n in vnet.nodes {
                    lines.append(
                        "    \(n.node): \(n.hops) hop\(n.hops == 1 ? "" : "s"), \(n.summary.isEmpty ? "-" : n.summary) (from \(n.via.joined(separator: ", ")))")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

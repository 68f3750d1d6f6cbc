import AuditReport
import Dispatch
import GraphvizRender
import ParallelSupport
import Reachability
import TopologyModel

#if canImport(Glibc)
    import Glibc
#endif

/// The main job: attack paths from entry points to targets, with every report file.
public struct Analysis: Sendable {
    public let estate: Estate
    public let graph: ReachabilityGraph
    public let paths: PathResult
    /// The ways out: from the targets to the Internet (exfiltration).
    public let exfiltration: PathResult
    public let inputs: [String]
    /// Policy verdicts, when a policy file was given.
    public let policyCheck: PolicyCheck?

    /// Paths kept per entry/target selector pair in the ranking (nil: all).
    public let limit: Int?
    /// Per entry selector and target selector, the paths by risk score, best first.
    public let ranking: [PairRanking]
    /// Findings read from the model alone, needing no path.
    public let postureNotes: [PostureNote]

    /// - Parameter base: the analysis of an estate this one changes (a what-if): where the
    ///   two differ in NSG rules only, the graph is built from the base's
    ///   (``EstateIndex/graph(reusing:of:)``).
    public init(
        estate: Estate, inputs: [String], from: [Selector], to: [Selector], maxHops: Int = 8, policies: PolicyFile? = nil,
        limit: Int? = nil, base: Analysis? = nil
    ) {
        self.estate = estate
        self.limit = limit
        self.inputs = inputs
        Self.returnFreedMemory()
        let graph = base.map { estate.index.graph(reusing: $0.graph, of: $0.estate.index) } ?? estate.index.graph()
        self.graph = graph
        policyCheck = policies.map { PolicyCheck(estate: estate, policies: $0, inputs: estate.imported.files, maxHops: maxHops, graph: graph) }
        // The attack paths and the ways out are separate searches of the same graph: one on
        // each core.
        let queries = [
            PathQuery(from: from, to: to, maxHops: maxHops, maxPaths: Self.maxPaths),
            PathQuery(from: to, to: [.internet], maxHops: maxHops, maxPaths: Self.maxPaths),
        ]
        let found = Slots<PathResult>(count: 2)
        let topology = estate.topology
        DispatchQueue.concurrentPerform(iterations: 2) { found.store(graph.paths(queries[$0], topology: topology), at: $0) }
        paths = found.take(at: 0)!
        exfiltration = found.take(at: 1)!
        ranking = paths.ranked(graph: graph, topology: estate.topology, limit: limit)
        paths.explainHops()
        exfiltration.explainHops()
        postureNotes = PostureNote.evaluate(estate.topology)
    }

    /// Hands memory freed so far back to the system: the parsed input and the import's
    /// scratch before the graph is built, a diagram's layout before the reports are written.
    /// glibc keeps freed memory in per-thread arenas, and the graph's workers allocate in
    /// their own: without this, the graph's arrays came on top of a gigabyte of freed but held
    /// input, and the peak of a 1,000-spoke analysis crossed 2 GiB in some runs
    /// (docs/performance.md).
    static func returnFreedMemory() {
        #if canImport(Glibc)
            // malloc_trim is in glibc but not in the Glibc module's headers: looked up by name.
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
            let trim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
            _ = trim(0)
        #endif
    }

    public var report: ReportSchema.Paths {
        var report = ReportBuilder.paths(paths, graph: graph, warnings: estate.warnings, exfiltration: exfiltration)
        report.ranking = ReportBuilder.ranking(ranking)
        report.serviceTags = estate.index.options.serviceTags.map(ReportSchema.ServiceTagData.init)
        if !postureNotes.isEmpty { report.postureNotes = ReportBuilder.postureNotes(postureNotes, lines: estate.lineLookup) }
        return report
    }

    public var json: String { JSONOutput.encode(report) }
    /// ``json`` as the bytes of `paths.json`.
    public var jsonBytes: [UInt8] { JSONOutput.encodeBytes(report) }

    /// The bytes of `summary.md` and `paths.json`. The summary is written on one core while
    /// the path report's values are gathered on the other (at 1,000 spokes each takes about
    /// 0.15 s); the path report is then encoded on both.
    /// The path report stays in the pieces it was encoded in (see ``OutputBytes``).
    public var reportFiles: (summary: OutputBytes, paths: OutputBytes) {
        let summary = Slots<[UInt8]>(count: 1), values = Slots<ReportSchema.Paths>(count: 1)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 { summary.store(Array(markdown.utf8), at: 0) } else { values.store(report, at: 0) }
        }
        return (OutputBytes(summary.take(at: 0) ?? []), values.take(at: 0).map { JSONOutput.encodePieces($0) } ?? OutputBytes([]))
    }

    public var markdown: String {
        var input = MarkdownSummary.Input(
            inputs: inputs, topology: estate.topology, diagnostics: estate.imported.diagnostics,
            ignoredTypes: estate.imported.ignoredTypes, graph: graph, paths: paths, options: estate.index.options, exfiltration: exfiltration)
        input.ranking = ranking
        input.posture = (postureNotes, estate.lineLookup)
        input.policies = policyCheck.map { ($0.policies.file, $0.verdicts, estate.lineLookup) }
        return MarkdownSummary.render(input)
    }

    /// - Parameter detail: what one box stands for (see ``DiagramDetail``).
    public func diagram(detail: DiagramDetail = .auto) -> Diagram {
        DiagramBuilder.page(
            estate: estate, graph: graph, all: paths, drawn: drawnPaths,
            title:
                "Lateral attack paths: \(paths.query.from.map(\.description).joined(separator: ", ")) -> \(paths.query.to.map(\.description).joined(separator: ", "))",
            detail: detail)
    }

    /// The paths the diagram highlights (``PathResult/drawable(graph:topology:ranking:)``).
    var drawnPaths: PathResult { paths.drawable(graph: graph, topology: estate.topology, ranking: ranking) }

    /// More paths than this, and diagrams draw only the riskiest.
    public static let maxDrawnPaths = 50

    /// The report files, by name: `summary.md`, `paths.json`, `attack-paths.svg`, with a
    /// report context `report.html`, and with a policy file `policies.json` and
    /// `policies.sarif`.
    ///
    /// - Parameters:
    ///   - detail: what one box of the diagram stands for.
    ///   - layout: the Graphviz engine (`sfdp`, or `auto`, for very large estates).
    ///   - report: what the auditor report's cover records; nil writes no `report.html`.
    /// - Throws: ``RenderError`` if Graphviz cannot draw a diagram.
    public func files(
        detail: DiagramDetail = .auto, layout: LayoutEngine = .dot, report: ReportContext? = nil
    ) throws(RenderError) -> [(
        name: String, bytes: OutputBytes
    )] {
        let drawing = diagram(detail: detail)
        let svg = try GraphvizRenderer.render(dot: DOTEncoder.encode(drawing), format: .svg, layout: layout.resolved(for: drawing).rawValue)
        // The layout's memory is freed by now; hand it back before the reports are written.
        Self.returnFreedMemory()
        let reports = reportFiles
        var files: [(name: String, bytes: OutputBytes)] = [
            ("summary.md", reports.summary), ("paths.json", reports.paths), ("attack-paths.svg", OutputBytes(svg)),
        ]
        if let report { files.append(("report.html", OutputBytes(try htmlReport(context: report, overview: (drawing, svg))))) }
        if let check = policyCheck {
            files += [
                ("policies.json", OutputBytes(Array(check.json.utf8))), ("policies.sarif", OutputBytes(Array(check.sarif(toolVersion: Self.toolVersion).utf8))),
            ]
        }
        return files
    }

    /// The most paths a report lists (the shortest first); the ranking draws on these.
    /// Whole estates have millions of entry/target node pairs.
    public static let maxPaths = 2000

    /// The version reports name as their producer.
    public static let toolVersion = "0.1.0"
}

extension PathResult {
    /// The paths a diagram highlights: all of them while they are few; past
    /// ``Analysis/maxDrawnPaths``, the riskiest ten per entry/target selector pair, so a whole
    /// estate's diagram can collapse to VNets and regions around a readable set of paths.
    public func drawable(graph: ReachabilityGraph, topology: Topology, ranking: [PairRanking]? = nil) -> PathResult {
        guard paths.count > Analysis.maxDrawnPaths else { return self }
        let ranking = ranking ?? ranked(graph: graph, topology: topology, limit: 10)
        var seen = Set<[String]>()
        let kept = ranking.flatMap { $0.paths.prefix(10).map(\.path) }.filter { seen.insert($0.nodes).inserted }
        return PathResult(query: query, sources: sources, targets: targets, paths: kept, emptySelectors: emptySelectors, truncated: true)
    }
}

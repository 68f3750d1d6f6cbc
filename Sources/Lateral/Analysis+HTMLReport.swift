import AuditReport
import GraphvizRender
import Reachability
import TopologyModel

extension Analysis {
    /// Paths past this many are listed with their hop tables but drawn only in the overview:
    /// each small diagram is a Graphviz layout.
    public static let maxPathDiagrams = 100

    /// The catalog findings the estate proves (``AuditFinding/evaluate(index:graph:paths:exfiltration:)``).
    public var findings: [AuditFinding] {
        AuditFinding.evaluate(index: estate.index, graph: graph, paths: paths, exfiltration: exfiltration)
    }

    /// The bytes of `report.html`.
    ///
    /// - Parameters:
    ///   - context: the command line, time and commit the cover records.
    ///   - whatIf: a change to report on: its file, its operations, and the analysis of the
    ///     estate it leaves (built with this one as its base).
    ///   - overview: the diagram of attack-paths.svg and its SVG, already drawn, or nil to
    ///     draw it. Past ``DiagramBuilder/overviewLimit`` boxes the report draws its own
    ///     overview instead (``DiagramBuilder/overview(estate:graph:all:drawn:title:)``).
    /// - Throws: ``RenderError`` if Graphviz cannot draw a diagram.
    public func htmlReport(
        context: ReportContext, overview: (diagram: Diagram, svg: [UInt8])? = nil, detail: DiagramDetail = .auto, layout: LayoutEngine = .dot,
        whatIf: (file: String, changes: [String], changed: Analysis)? = nil
    ) throws(RenderError) -> [UInt8] {
        let drawing = overview?.diagram ?? diagram(detail: detail)
        let drawnOverview: [UInt8]
        if drawing.nodes.count > DiagramBuilder.overviewLimit {
            let drawn = drawnPaths
            let title =
                "Attack paths: all \(paths.paths.count), through the VNets of the \(drawn.paths.count) riskiest; other VNets folded by region"
            let compact = DiagramBuilder.overview(estate: estate, graph: graph, all: paths, drawn: drawn, title: title)
            drawnOverview = try GraphvizRenderer.render(dot: DOTEncoder.encode(compact), format: .svg, layout: LayoutEngine.dot.rawValue)
        } else if let svg = overview?.svg {
            drawnOverview = svg
        } else {
            drawnOverview = try GraphvizRenderer.render(dot: DOTEncoder.encode(drawing), format: .svg, layout: layout.resolved(for: drawing).rawValue)
        }
        var input = HTMLReport.Input(
            inputs: InputDigest.files(estate.imported.files + (estate.index.options.serviceTags?.sources.map(\.file) ?? [])),
            provenance: .init(toolVersion: Self.toolVersion, commit: context.commit, timestamp: context.timestamp, commandLine: context.commandLine),
            topology: estate.topology, graph: graph, paths: paths, exfiltration: exfiltration, ranking: ranking, findings: findings,
            options: estate.index.options)
        input.lines = estate.lineLookup
        input.postureNotes = postureNotes
        input.diagnostics = estate.imported.diagnostics
        input.policies = policyCheck.map { ($0.policies.file, $0.verdicts) }
        input.overview = drawnOverview
        input.pathDiagrams = try pathDiagrams(paths.paths)
        input.wayOutDiagrams = try pathDiagrams(exfiltration.paths)
        input.isolationPlan = context.isolationPlan
        input.whatIf = whatIf.map { change in
            (
                change.file, change.changes,
                ReachabilityDiff(base: graph, basePaths: paths, changed: change.changed.graph, changedPaths: change.changed.paths)
            )
        }
        return Array(HTMLReport.render(input).utf8)
    }

    /// One small diagram per path, for the first ``maxPathDiagrams``.
    func pathDiagrams(_ list: [AttackPath]) throws(RenderError) -> [[UInt8]?] {
        let sources = Set(paths.sources), targets = Set(paths.targets)
        var drawn: [[UInt8]?] = []
        for (i, path) in list.enumerated() {
            guard i < Self.maxPathDiagrams else {
                drawn.append(nil)
                continue
            }
            let drawing = DiagramBuilder.pathDiagram(estate: estate, graph: graph, path: path, sources: sources, targets: targets)
            drawn.append(try GraphvizRenderer.render(dot: DOTEncoder.encode(drawing), format: .svg, layout: LayoutEngine.dot.rawValue))
        }
        return drawn
    }
}

import ArgumentParser
import Foundation
import Lateral

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the estate and its attack paths (.svg, .png, .pdf or .dot, by extension).",
        discussion: "Rendered in process by libgraphviz. Without --from/--to, draws every allowed hop across VNets.")

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Semantics") var semantics: SemanticsOptions
    @Option(help: "Entry point selector (repeatable); highlights paths with --to.") var from: [String] = []
    @Option(help: "Target selector (repeatable).") var to: [String] = []
    @Option(name: .shortAndLong, help: "Output file: .svg, .png, .pdf or .dot.") var output: String
    @OptionGroup(title: "Diagram") var drawing: DiagramOptions
    @Flag(help: "Also draw hops inside one VNet that lie on no attack path.") var allHops = false

    func validate() throws {
        guard RenderFormat(path: output) != nil else {
            throw ValidationError("--output '\(output)' must end in .svg, .png, .pdf or .dot")
        }
        guard from.isEmpty == to.isEmpty else { throw ValidationError("give --from and --to together") }
    }

    func run() throws {
        try OutputPaths.refuseInputs([output], inputs: input.inputs)
        let sources = try parseSelectors(from)
        let targets = try parseSelectors(to)
        let estate = try input.load(semantics)
        let graph = estate.index.graph()
        var result: PathResult?
        if !sources.isEmpty {
            result = graph.paths(PathQuery(from: sources, to: targets), topology: estate.topology)
            for selector in result!.emptySelectors { warn("selector \(selector) selects nothing") }
        }
        let title =
            result.map { r in "Lateral: \(r.query.from.map(\.description).joined(separator: ", ")) -> \(r.query.to.map(\.description).joined(separator: ", "))"
            }
            ?? "Lateral: reachability"
        let diagram = DiagramBuilder.page(
            estate: estate, graph: graph, all: result, drawn: result?.drawable(graph: graph, topology: estate.topology),
            title: title, showAllHops: allHops, detail: drawing.level)
        let dot = DOTEncoder.encode(diagram)
        let bytes: [UInt8]
        do {
            bytes = try GraphvizRenderer.render(dot: dot, format: RenderFormat(path: output)!, layout: drawing.engine.resolved(for: diagram).rawValue)
        } catch {
            throw CLIError(message: "error: \(error.message)", code: 3)
        }
        guard FileManager.default.createFile(atPath: output, contents: Data(bytes)) else {
            throw CLIError(message: "error: cannot write \(output)", code: 3)
        }
    }
}

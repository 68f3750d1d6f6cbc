import ArgumentParser
import Foundation
import Lateral

/// The hidden child: runs the stages on one file and prints a ``StageLine`` after each.
/// The parent starts a fresh process per size so that peak memory is that size's alone.
struct Stages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages", abstract: "Run the stages on one file (used by the sweep).", shouldDisplay: false)

    @OptionGroup var child: ChildOptions
    @Flag(help: "Do not draw the diagram.") var skipSVG = false

    func run() throws {
        let file = child.file
        try StageRecorder.record(child) { recorder in
            let documents = try AzureImporter.parse(paths: [file]).documents
            recorder.finish("parse")
            // As `Estate.load` does: the parsed file is freed in the background.
            let imported = try AzureImporter.build(documents)
            BackgroundRelease.release(consume documents)
            let estate = Estate(imported: imported)
            recorder.finish("model")
            let analysis = Analysis(
                estate: estate, inputs: [file], from: [.internet, .tag(key: "role", value: "retail-frontend")], to: [.tag(key: "role", value: "llm-training")])
            recorder.finish("solve", paths: analysis.paths.paths.count)
            let reports = analysis.reportFiles
            let reportBytes = reports.summary.count + reports.paths.count
            recorder.finish("report")
            guard !skipSVG else { return }
            let svg = try GraphvizRenderer.render(dot: DOTEncoder.encode(analysis.diagram()), format: .svg)
            recorder.finish("svg")
            recorder.note("  reports: \(reportBytes) bytes, SVG \(svg.count) bytes")
        }
    }
}

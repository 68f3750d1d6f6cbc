import ArgumentParser
import Foundation
import Lateral

/// The hidden child: runs the stages on one file and prints a ``StageLine`` after each.
/// The parent starts a fresh process per size so that peak memory is that size's alone.
struct Stages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages", abstract: "Run the stages on one file (used by the sweep).", shouldDisplay: false)

    @Argument(help: "A generated estate.") var file: String
    @Option(help: "Where to write the stage lines.") var output: String

    func run() throws {
        // As the command-line tool does before any work.
        Allocator.tuneForLargeEstates()
        FileManager.default.createFile(atPath: output, contents: nil)
        guard let sink = FileHandle(forWritingAtPath: output) else { throw ValidationError("cannot write \(output)") }
        let clock = ContinuousClock()
        var start = clock.now
        func finish(_ name: String, paths: Int? = nil) {
            let elapsed = start.duration(to: clock.now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            sink.write(Data((StageLine(name: name, seconds: seconds, peakKiB: PeakMemory.kibibytes() ?? 0, paths: paths).text + "\n").utf8))
            FileHandle.standardError.write(Data("  \(name): \(String(format: "%.2f", seconds)) s\n".utf8))
            start = clock.now
        }
        do {
            let documents = try AzureImporter.parse(paths: [file]).documents
            finish("parse")
            // As `Estate.load` does: the parsed file is freed in the background.
            let imported = try AzureImporter.build(documents)
            BackgroundRelease.release(consume documents)
            let estate = Estate(imported: imported)
            finish("model")
            let analysis = Analysis(estate: estate, inputs: [file], from: [.internet, .tag(key: "role", value: "retail-frontend")], to: [.tag(key: "role", value: "llm-training")])
            finish("solve", paths: analysis.paths.paths.count)
            let reports = analysis.reportFiles
            let reportBytes = reports.summary.count + reports.paths.count
            finish("report")
            let svg = try GraphvizRenderer.render(dot: DOTEncoder.encode(analysis.diagram()), format: .svg)
            finish("svg")
            FileHandle.standardError.write(Data("  reports: \(reportBytes) bytes, SVG \(svg.count) bytes\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

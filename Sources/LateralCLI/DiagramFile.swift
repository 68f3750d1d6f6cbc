import Foundation
import Lateral

/// Renders a diagram to a file whose extension names the format; failures exit 3.
func writeDiagram(_ diagram: Diagram, to path: String, layout: String = "dot") throws {
    guard let format = RenderFormat(path: path) else { throw CLIError(message: "error: '\(path)' must end in .svg, .png, .pdf or .dot") }
    let bytes: [UInt8]
    do { bytes = try GraphvizRenderer.render(dot: DOTEncoder.encode(diagram), format: format, layout: layout) } catch {
        throw CLIError(message: "error: \(error.message)", code: 3)
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        throw CLIError(message: "error: cannot write \(path)", code: 3)
    }
}

/// Loads inputs with an optional change file, printing import warnings unless quiet.
func loadEstates(
    _ paths: [String], semantics: SemanticsOptions, change: String?, keepDocuments: Bool = false,
    input: InputOptions, quiet: Bool, progress: Progress? = nil
) throws -> (base: Estate, changed: Estate?, change: ChangeFile?) {
    guard !paths.isEmpty else { throw CLIError(message: "error: give at least one input file or directory") }
    var changeFile: ChangeFile?
    if let change {
        do { changeFile = try ChangeFile.load(file: change) } catch { throw CLIError(message: error.description) }
    }
    do {
        let progress = progress ?? Progress(quiet: true)
        let (base, changed) = try progress.stage("reading and modelling \(paths.count) input\(paths.count == 1 ? "" : "s")") {
            try Estate.load(
                paths: paths, options: semantics.options, change: changeFile, keepDocuments: keepDocuments,
                maxInputSize: input.maxInputSize.bytes, templates: input.templates)
        }
        let t = base.topology
        progress.note(
            "\(base.imported.files.count) files, \(t.networks.count) VNets, \(t.subnets.count) subnets, \(t.interfaces.count) NICs, \(t.securityGroups.count) NSGs"
        )
        if !quiet { TerminalLimit.printWarnings(base.warnings) }
        return (base, changed, changeFile)
    } catch {
        throw CLIError(message: "\(error)")
    }
}

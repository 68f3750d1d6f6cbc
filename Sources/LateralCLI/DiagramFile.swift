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
    _ paths: [String], semantics: SemanticsOptions, change: String?, planned: PlannedInput? = nil, keepDocuments: Bool = false,
    input: InputOptions, quiet: Bool, progress: Progress? = nil
) throws -> (base: Estate, changed: Estate?, change: (file: String, summaries: [String])?) {
    guard !paths.isEmpty else { throw CLIError(message: "error: give at least one input file or directory") }
    // A change, plan or template that cannot be read ends the run before the inputs are
    // modelled: their errors are named with its, so that one run names every problem.
    func refusal(_ message: String) -> CLIError {
        do { _ = try AzureImporter.load(paths: paths, maxInputSize: input.maxInputSize.bytes, templates: input.templates) } catch {
            return CLIError(message: message + "\n" + error.description)
        }
        return CLIError(message: message)
    }
    var changeFile: ChangeFile?
    if let change {
        do { changeFile = try ChangeFile.load(file: change) } catch { throw refusal(error.description) }
    }
    var plannedChange: PlannedChange?
    if let planned {
        do { plannedChange = try PlannedChange.load(file: planned.file, templates: input.templates, maxInputSize: input.maxInputSize.bytes) } catch {
            throw refusal(error.description)
        }
        if let plannedChange, plannedChange.kind != planned.kind {
            throw CLIError(
                message:
                    "error: \(planned.file) is \(plannedChange.kind == .terraform ? "a Terraform plan: give it with --plan" : "a deployment template: give it with --template")"
            )
        }
        if !quiet { TerminalLimit.printWarnings(plannedChange?.diagnostics.filter { $0.severity == .warning }.map(\.rendered) ?? []) }
    }
    let options = try semantics.options
    do {
        let progress = progress ?? Progress(quiet: true)
        let (base, changed) = try progress.stage("reading and modelling \(paths.count) input\(paths.count == 1 ? "" : "s")") {
            if let plannedChange {
                return try Estate.load(
                    paths: paths, options: options, planned: plannedChange, keepDocuments: keepDocuments,
                    maxInputSize: input.maxInputSize.bytes, templates: input.templates)
            }
            return try Estate.load(
                paths: paths, options: options, change: changeFile, keepDocuments: keepDocuments,
                maxInputSize: input.maxInputSize.bytes, templates: input.templates)
        }
        let t = base.topology
        progress.note(
            "\(base.imported.files.count) files, \(t.networks.count) VNets, \(t.subnets.count) subnets, \(t.interfaces.count) NICs, \(t.securityGroups.count) NSGs"
        )
        if !quiet { TerminalLimit.printWarnings(base.warnings) }
        let summary = changeFile.map { (file: $0.file, summaries: $0.summaries) } ?? plannedChange.map { (file: $0.file, summaries: $0.summaries) }
        return (base, changed, summary)
    } catch {
        throw CLIError(message: "\(error)")
    }
}

/// A template or plan given to whatif or check (`--template`, `--plan`), with the kind of
/// file the option asks for.
struct PlannedInput {
    let file: String
    let kind: SourceDocument.Kind

    /// The one of `--plan` and `--template` given, if any.
    static func from(plan: String?, template: String?) -> PlannedInput? {
        if let plan { return PlannedInput(file: plan, kind: .terraform) }
        return template.map { PlannedInput(file: $0, kind: .template) }
    }
}

import ArgumentParser
import Foundation
import Lateral

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The auditor's report: one HTML file that reads offline and prints to PDF.",
        discussion: """
            Writes OUTPUT/report.html: the inputs with their SHA-256, the verdict and the riskiest paths, every attack path and way out with its diagram and hop table (rules, routes, peerings and firewall rules by name, resource ID, file, line and JSON pointer), the catalog findings the configuration proves, data residency, with --policy the policy verdicts, and with --change the paths the change would open and close. No script, no font or image from a network. The time comes from --timestamp or SOURCE_DATE_EPOCH and the build commit from LATERAL_COMMIT; without them the report says they were not recorded, so the same input gives the same file. Defaults: --from internet --from tag:role=retail-frontend --to tag:role=llm-training. Sections: docs/report.md.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Semantics") var semantics: SemanticsOptions
    @Option(help: "Entry point selector (repeatable).") var from: [String] = []
    @Option(help: "Target selector (repeatable).") var to: [String] = []
    @Option(help: "Directory to write report.html into.") var output: String
    @Option(help: "A policy file (YAML): its verdicts join the report.") var policy: String?
    @Option(help: "A change file (YAML, docs/whatif.md): the paths it would open and close join the report.") var change: String?
    @Option(parsing: .unconditional, help: "Longest path considered, in hops (at least 1).") var maxHops: Int = 8
    @Flag(
        help:
            "List the emergency isolation plan in the report: computed and verified as `lateral isolate` does, for --policy's deny and require policies or the defaults."
    ) var isolate = false
    @OptionGroup(title: "Overview diagram") var drawing: DiagramOptions
    @OptionGroup(title: "Auditor report") var reportOptions: ReportOptions
    @Flag(help: "No warnings or progress on standard error.") var quiet = false

    func validate() throws {
        guard maxHops >= 1 else { throw ValidationError("--max-hops must be at least 1") }
    }

    func run() throws {
        let (sources, targets) = try DefaultSelectors.parse(from: from, to: to)
        try OutputPaths.refuseInputs([output, output + "/report.html"], inputs: input.inputs + [policy, change].compactMap { $0 })
        var context = try reportOptions.context()
        var policies: PolicyFile?
        if let policy {
            do { policies = try PolicyFile.load(file: policy) } catch { throw CLIError(message: error.description) }
        }
        let progress = Progress(quiet: quiet)
        // The documents are kept so every hop and finding can name its line.
        let loaded = try loadEstates(input.inputs, semantics: semantics, change: change, keepDocuments: true, input: input, quiet: quiet, progress: progress)
        let analysis = progress.stage("attack graph, paths and ranking") {
            Analysis(estate: loaded.base, inputs: input.inputs, from: sources, to: targets, maxHops: maxHops, policies: policies)
        }
        if isolate {
            context.isolationPlan = try progress.stage("isolation plan") {
                try Isolate.reportSteps(analysis: analysis, paths: input.inputs, policies: policies, input: input, semantics: semantics, maxHops: maxHops)
            }
        }
        var whatIf: (file: String, changes: [String], changed: Analysis)?
        if let change, let changed = loaded.changed, let summaries = loaded.change?.summaries {
            whatIf = progress.stage("the estate after the change") {
                (change, summaries, Analysis(estate: changed, inputs: input.inputs, from: sources, to: targets, maxHops: maxHops, base: analysis))
            }
        }
        let bytes: [UInt8]
        do {
            bytes = try progress.stage("report and diagrams") {
                try analysis.htmlReport(context: context, detail: drawing.level, layout: drawing.engine, whatIf: whatIf)
            }
        } catch {
            throw CLIError(message: "error: \((error as? RenderError)?.message ?? "\(error)")", code: 3)
        }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw CLIError(message: "error: cannot create the report directory \(output): \(OutputPaths.describe(error))", code: 3)
        }
        try OutputPaths.writeAtomically([(output + "/report.html", { try Data(bytes).write(to: $0) })])
        if !quiet { StandardStreams.error("Report written to \(output)/report.html\n") }
    }
}

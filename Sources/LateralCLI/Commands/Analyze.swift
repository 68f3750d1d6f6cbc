import ArgumentParser
import Foundation
import Lateral

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The main job: attack paths from the Internet and retail frontends to LLM training, with reports.",
        discussion: """
            With no input, analyses Topologies/retail-llm, checks Topologies/retail-llm/policy.yaml and writes Reports/retail-llm/ (summary.md, paths.json, attack-paths.svg, report.html with the verified isolation plan, policies.json, policies.sarif). With inputs, writes the reports to --output when given; --policy adds the policy verdicts. Defaults: --from internet --from tag:role=retail-frontend --to tag:role=llm-training. Exit code 0 whatever the verdicts (use `lateral check` as a gate).
            """)

    static let defaultTopology = "Topologies/retail-llm"
    static let defaultReports = "Reports/retail-llm"
    static let defaultPolicy = "Topologies/retail-llm/policy.yaml"

    @OptionGroup var input: InputOptions
    @OptionGroup(title: "Semantics") var semantics: SemanticsOptions
    @Option(help: "Entry point selector (repeatable).") var from: [String] = []
    @Option(help: "Target selector (repeatable).") var to: [String] = []
    @Option(help: "text or json (json prints the whole result on standard output).") var format: OutputFormat = .text
    @Option(help: "Directory for summary.md, paths.json, attack-paths.svg and report.html (the auditor's report).") var output: String?
    @Option(help: "A policy file (YAML): its verdicts join the reports.") var policy: String?
    @Option(parsing: .unconditional, help: "Longest path considered, in hops (at least 1).") var maxHops: Int = 8
    @Flag(
        help:
            "List the emergency isolation plan in report.html: computed and verified as `lateral isolate` does, for --policy's deny and require policies or the defaults (on by itself for the bundled estate)."
    ) var isolate = false
    @Option(help: "Keep the K riskiest paths per entry/target selector pair (ranked by risk score; default: all).") var limit: Int?
    @OptionGroup(title: "Diagram (attack-paths.svg)") var drawing: DiagramOptions
    @OptionGroup(title: "Auditor report (report.html)") var reportOptions: ReportOptions
    @Flag(help: "No summary or warnings on standard error/output, except with --format json.") var quiet = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        guard maxHops >= 1 else { throw ValidationError("--max-hops must be at least 1") }
    }

    func run() throws {
        let (sources, targets) = try DefaultSelectors.parse(from: from, to: to)
        var inputs = input.inputs
        var outputDirectory = output
        var policyPath = policy
        var withPlan = isolate
        if inputs.isEmpty {
            withPlan = true
            guard FileManager.default.fileExists(atPath: Self.defaultTopology) else {
                throw CLIError(message: "error: no input given and \(Self.defaultTopology) not found; run from the repository root or name input files")
            }
            inputs = [Self.defaultTopology]
            outputDirectory = outputDirectory ?? Self.defaultReports
            if policyPath == nil, FileManager.default.fileExists(atPath: Self.defaultPolicy) { policyPath = Self.defaultPolicy }
        }
        if let outputDirectory {
            let names = ["summary.md", "paths.json", "attack-paths.svg", "report.html", "policies.json", "policies.sarif"]
            try OutputPaths.refuseInputs([outputDirectory] + names.map { outputDirectory + "/" + $0 }, inputs: inputs + (policyPath.map { [$0] } ?? []))
        }
        var policies: PolicyFile?
        if let policyPath {
            do { policies = try PolicyFile.load(file: policyPath) } catch { throw CLIError(message: error.description) }
        }
        var context = try reportOptions.context()
        let progress = Progress(quiet: quiet)
        let estate = try loadEstates(
            inputs, semantics: semantics, change: nil, keepDocuments: policies != nil, input: input, quiet: quiet || format == .json,
            progress: progress
        ).base
        let analysis = progress.stage("attack graph, paths and ranking") {
            Analysis(estate: estate, inputs: inputs, from: sources, to: targets, maxHops: maxHops, policies: policies, limit: limit)
        }
        progress.note("\(analysis.graph.nodes.count) nodes, \(analysis.graph.hopCount) hops, \(analysis.paths.paths.count) paths")
        if withPlan && outputDirectory != nil {
            context.isolationPlan = try progress.stage("isolation plan") {
                try Isolate.reportSteps(analysis: analysis, paths: inputs, policies: policies, input: input, semantics: semantics, maxHops: maxHops)
            }
        }
        var written: [(name: String, bytes: OutputBytes)] = []
        if let outputDirectory {
            let files: [(name: String, bytes: OutputBytes)]
            do {
                files = try progress.stage("reports and diagram") { try analysis.files(detail: drawing.level, layout: drawing.engine, report: context) }
            } catch {
                throw CLIError(message: "error: \((error as? RenderError)?.message ?? "\(error)")", code: 3)
            }
            written = files
            do {
                try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            } catch {
                throw CLIError(message: "error: cannot create the report directory \(outputDirectory): \(OutputPaths.describe(error))", code: 3)
            }
            try OutputPaths.writeAtomically(files.map { file in (outputDirectory + "/" + file.name, { try file.bytes.write(to: $0) }) })
        }
        switch format {
        case .json:
            // The report file holds the same JSON: encode it once.
            try emit(written.first { $0.name == "paths.json" }.map { String(decoding: $0.bytes.joined, as: UTF8.self) } ?? analysis.json)
        case .text:
            guard !quiet else { return }
            if limit == nil { try emit(TextFormatter.paths(analysis.paths, graph: analysis.graph) + "\n") }
            try emit(TextFormatter.ranking(analysis.ranking))
            if let check = analysis.policyCheck { try emit("\n" + check.text) }
            if let outputDirectory {
                try emit(
                    "\nReports written to \(outputDirectory)/ (summary.md, paths.json, attack-paths.svg, report.html\(analysis.policyCheck == nil ? "" : ", policies.json, policies.sarif"))\n"
                )
            }
        }
    }
}

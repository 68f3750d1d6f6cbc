import ArgumentParser
import EstateGenerator
import Foundation

/// The benchmark: for each shape and size, generate, time orjson, run the stages in a fresh
/// child, and with `--whatif` time a what-if and a flow in children of their own.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Generate estates of the given shapes and sizes and time every stage (the default command).",
        discussion: """
            Each size is what `lateral generate --spokes` takes (docs/cli.md says what it means per shape); the other parameters are the largest benchmark's: 10 subnets per spoke, 30 rules per NSG, 2 NICs per subnet, the shape's regions. Each child runs in a process of its own (peak memory is its own); a child that outlives --timeout or --memory-limit is killed and reported as not finished. Prints one Markdown section per shape on standard output, progress on standard error.
            """)

    @Option(help: "Shapes to sweep, comma-separated, or all: \(EstateShape.allCases.map(\.rawValue).joined(separator: ", ")).") var shapes = "all"
    @Option(help: "Sizes to sweep (--spokes), comma-separated.") var sizes = "10,100,1000"
    @Option(help: "Seconds each child may take before it is killed.") var timeout: Double = 300
    @Option(help: "GiB of resident memory a child may hold before it is killed.") var memoryLimit: Double = 8
    @Option(help: "Seed of the generated estates.") var seed: UInt64 = 1
    @Option(help: "Directory for the generated files (default: the system temporary directory).") var scratch: String?
    @Flag(help: "Keep the generated files.") var keep = false
    @Flag(inversion: .prefixedNo, help: "Time the attack-path diagram (SVG) after the report; it is not part of the total.") var svg = true
    @Flag(help: "Also time `lateral whatif` (remove one NSG rule) and `lateral flow` (one TCP flow) per shape and size.") var whatif = false

    var sizeList: [Int] { sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
    var shapeList: [EstateShape] {
        shapes == "all" ? EstateShape.allCases : shapes.split(separator: ",").compactMap { EstateShape(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        guard !sizeList.isEmpty, sizeList.count == sizes.split(separator: ",").count else { throw ValidationError("--sizes takes numbers like 10,100,1000") }
        guard !shapeList.isEmpty, shapes == "all" || shapeList.count == shapes.split(separator: ",").count else {
            throw ValidationError("--shapes takes all or some of \(EstateShape.allCases.map(\.rawValue).joined(separator: ","))")
        }
        for shape in shapeList {
            for size in sizeList {
                do { try EstateOptions(seed: seed, shape: shape, spokes: size).validate() } catch {
                    throw ValidationError("\(shape.rawValue) at size \(size): \(error)")
                }
            }
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard memoryLimit > 0 else { throw ValidationError("--memory-limit must be positive") }
    }

    func run() throws {
        let directory = scratch ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("lateral-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if !keep && scratch == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let orjsonProblem = OrjsonBaseline.unavailable()
        if let orjsonProblem { progress("warning: \(orjsonProblem); the time target cannot be checked") }

        var reports: [ShapeReport] = []
        for shape in shapeList {
            var rows: [BenchmarkRow] = []
            for size in sizeList {
                rows.append(try measure(shape, size: size, in: directory, orjson: orjsonProblem == nil))
            }
            let report = ShapeReport(shape: shape.rawValue, rows: rows, whatif: whatif)
            progress(report.markdown)
            reports.append(report)
        }
        print(reports.map(\.markdown).joined(separator: "\n"))
    }

    func measure(_ shape: EstateShape, size: Int, in directory: String, orjson: Bool) throws -> BenchmarkRow {
        let file = (directory as NSString).appendingPathComponent("estate-\(shape.rawValue)-\(size)-seed-\(seed).json")
        progress("\(shape.rawValue) at \(size): generating \(file)")
        let clock = ContinuousClock()
        let start = clock.now
        let summary = try generate(EstateOptions(seed: seed, shape: shape, spokes: size), to: file)
        let elapsed = start.duration(to: clock.now)
        var row = BenchmarkRow(
            shape: shape.rawValue, size: size, resources: summary.resources, bytes: summary.bytes,
            generateSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        if orjson {
            row.orjson = OrjsonBaseline.seconds(file: file)
            progress("  orjson (best of 3): \(row.orjson.map { String(format: "%.2f s", $0) } ?? "failed")")
        }
        let limit = Int(memoryLimit * 1024 * 1024)
        let stages = try ChildRun.run(["stages", file] + (svg ? [] : ["--skip-svg"]), linesFile: file + ".stages", timeout: timeout, memoryLimitKiB: limit)
        row.lines = stages.lines
        row.childSeconds = stages.outcome.seconds
        row.observedPeakKiB = stages.outcome.observedPeakKiB
        if !svg { row.svgNote = "not drawn" }
        if let failure = stages.failure, let stalled = (BenchmarkRow.stages + ["svg"]).first(where: { row.line($0) == nil }) {
            if row.finished { row.svgNote = failure } else { row.unfinished = failure + " in \(stalled)" }
        }
        if !row.finished && row.unfinished == nil { row.unfinished = "stopped without a report" }
        progress("  " + row.markdown)
        if whatif, let landmarks = summary.landmarks {
            let change = file + ".change.yaml"
            try changeFile(landmarks).write(toFile: change, atomically: true, encoding: .utf8)
            row.whatif = try ChildRun.run(["whatif-stages", file, "--change", change], linesFile: file + ".whatif", timeout: timeout, memoryLimitKiB: limit)
            try? FileManager.default.removeItem(atPath: change)
            if let source = landmarks.flowSource, let destination = landmarks.flowDestination {
                row.flow = try ChildRun.run(
                    ["flow-stages", file, "--src", source, "--dst", destination, "--port", String(landmarks.flowPort)],
                    linesFile: file + ".flow", timeout: timeout, memoryLimitKiB: limit)
            }
            progress("  " + row.probeMarkdown)
        }
        if !keep { try? FileManager.default.removeItem(atPath: file) }
        return row
    }

    /// Removes the first frontend web subnet's HTTPS rule (docs/whatif.md).
    func changeFile(_ landmarks: EstateLandmarks) -> String {
        """
        version: 1
        description: Remove one NSG rule (lateral-bench).
        changes:
          - op: remove-nsg-rule
            target: nsg:\(landmarks.securityGroup)/rule:\(landmarks.securityRule)

        """
    }

    func generate(_ options: EstateOptions, to file: String) throws -> EstateSummary {
        guard FileManager.default.createFile(atPath: file, contents: nil), let handle = FileHandle(forWritingAtPath: file) else {
            throw ValidationError("cannot write \(file)")
        }
        defer { try? handle.close() }
        let summary = try EstateGenerator.generate(options) { try handle.write(contentsOf: Data($0)) }
        // On disk before anything is timed: the kernel writing 157 MB back during the runs
        // slowed whichever of them it overlapped.
        try handle.synchronize()
        return summary
    }

    func progress(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

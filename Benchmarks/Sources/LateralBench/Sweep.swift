import ArgumentParser
import EstateGenerator
import Foundation

/// The benchmark: for each size, generate, time orjson, run the stages in a fresh child.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Generate estates of the given sizes and time every stage (the default command).",
        discussion: """
            Each size is a number of spokes; the other parameters are the largest benchmark's: 4 regions, 10 subnets per spoke, 30 rules per NSG, 2 NICs per subnet. The stages run in a child process per size (peak memory is per size); a child that outlives --timeout is killed and reported as not finished. Prints a Markdown table on standard output, progress on standard error.
            """)

    @Option(help: "Sizes to sweep, in spokes, comma-separated.") var sizes = "10,100,1000"
    @Option(help: "Seconds each size's stages may take before the child is killed.") var timeout: Double = 300
    @Option(help: "Seed of the generated estates.") var seed: UInt64 = 1
    @Option(help: "Directory for the generated files (default: the system temporary directory).") var scratch: String?
    @Flag(help: "Keep the generated files.") var keep = false

    var sizeList: [Int] { sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func validate() throws {
        guard !sizeList.isEmpty, sizeList.count == sizes.split(separator: ",").count else { throw ValidationError("--sizes takes numbers like 10,100,1000") }
        for size in sizeList {
            do { try EstateOptions(seed: seed, spokes: size).validate() } catch { throw ValidationError("size \(size): \(error)") }
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() throws {
        let directory = scratch ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("lateral-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if !keep && scratch == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let orjsonProblem = OrjsonBaseline.unavailable()
        if let orjsonProblem { progress("warning: \(orjsonProblem); the time target cannot be checked") }

        var rows: [BenchmarkRow] = []
        for size in sizeList {
            let file = (directory as NSString).appendingPathComponent("estate-\(size)-spokes-seed-\(seed).json")
            progress("\(size) spokes: generating \(file)")
            let summary = try generate(EstateOptions(seed: seed, spokes: size), to: file)
            var row = BenchmarkRow(spokes: size, resources: summary.resources, bytes: summary.bytes)
            if orjsonProblem == nil {
                row.orjson = OrjsonBaseline.seconds(file: file)
                progress("  orjson (best of 3): \(row.orjson.map { String(format: "%.2f s", $0) } ?? "failed")")
            }
            let linesFile = file + ".stages"
            let outcome = try ChildProcess.run(ChildProcess.currentExecutable, ["stages", file, "--output", linesFile], timeout: timeout)
            let text = (try? String(contentsOfFile: linesFile, encoding: .utf8)) ?? ""
            row.lines = text.split(separator: "\n").compactMap(StageLine.init)
            let stalled = (BenchmarkRow.stages + ["svg"]).first { row.line($0) == nil }
            let failure = outcome.timedOut ? "did not finish in \(Int(timeout)) s"
                : outcome.signalled ? "crashed (signal \(outcome.status))"
                : outcome.status != 0 ? "failed (status \(outcome.status))" : nil
            if let failure, let stalled {
                if row.finished { row.svgNote = failure } else { row.unfinished = failure + " in \(stalled)" }
            }
            if !row.finished && row.unfinished == nil { row.unfinished = "stopped without a report" }
            progress("  " + row.markdown)
            rows.append(row)
            if !keep { try? FileManager.default.removeItem(atPath: file) }
            try? FileManager.default.removeItem(atPath: linesFile)
        }
        print(BenchmarkRow.header)
        print(BenchmarkRow.rule)
        for row in rows { print(row.markdown) }
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

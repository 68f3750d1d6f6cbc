import Foundation

/// One shape and size of the sweep: what was generated, the orjson yardstick, each stage
/// that finished in the child, and (with `--whatif`) the what-if and flow children.
struct BenchmarkRow {
    static let stages = ["parse", "model", "solve", "report"]
    /// Issue 16's targets at the largest size.
    static let timeFactor = 2.0
    static let memoryLimitKiB = 2 * 1024 * 1024

    var shape: String
    var size: Int
    var resources: Int
    var bytes: Int
    var generateSeconds: Double
    var orjson: Double?
    var lines: [StageLine] = []
    /// Set when the child was killed at a limit or failed before the report.
    var unfinished: String?
    /// Why there is no SVG time, when the four stages finished but the drawing did not.
    var svgNote: String?
    /// The stage child's wall time, a lower bound of the total when it did not finish.
    var childSeconds = 0.0
    /// The largest resident set the parent saw, for a child killed between stage lines.
    var observedPeakKiB = 0
    var whatif: ChildRun?
    var flow: ChildRun?

    func line(_ name: String) -> StageLine? { lines.first { $0.name == name } }
    var finished: Bool { Self.stages.allSatisfy { line($0) != nil } }
    var total: Double? { finished ? Self.stages.compactMap { line($0)?.seconds }.reduce(0, +) : nil }
    /// The peak after the report stage (the SVG, drawn after it, is not part of the targets);
    /// for an unfinished child, the most it was seen to hold.
    var peakKiB: Int? {
        if let report = line("report") { return report.peakKiB }
        let last = lines.last { $0.name != "svg" }?.peakKiB ?? 0
        let seen = max(last, observedPeakKiB)
        return seen > 0 ? seen : nil
    }
    var ratio: Double? { total.flatMap { t in orjson.map { t / $0 } } }
    /// What the import alone took (the flow target's yardstick).
    var importSeconds: Double? { line("parse").flatMap { p in line("model").map { p.seconds + $0.seconds } } }
    /// What the analysis took after the import (the what-if target's yardstick).
    var afterImportSeconds: Double? { line("solve").flatMap { s in line("report").map { s.seconds + $0.seconds } } }

    var verdict: String {
        let memory = peakKiB.map { $0 < Self.memoryLimitKiB } ?? false
        if let unfinished { return unfinished + (memory ? "" : "; peak so far over 2 GiB") }
        guard let ratio else { return "no orjson baseline; memory " + (memory ? "met" : "missed") }
        switch (ratio <= Self.timeFactor, memory) {
        case (true, true): return "both met"
        case (false, true): return "time missed"
        case (true, false): return "memory missed"
        case (false, false): return "both missed"
        }
    }

    static let header =
        "| size | resources | MB | gen s | orjson s | parse s | model s | solve s | report s | total s | total/orjson | peak MiB | svg s | paths | targets (≤ 2x orjson, < 2 GiB) |"
    static let rule = "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"

    var markdown: String {
        let cells =
            [
                String(size), String(resources), String(format: "%.1f", Double(bytes) / 1_000_000), Self.seconds(generateSeconds), Self.seconds(orjson),
            ] + Self.stages.map { Self.seconds(line($0)?.seconds) } + [
                Self.seconds(total), ratio.map { String(format: "%.2f", $0) } ?? "-",
                peakKiB.map { (finished ? "" : "≥ ") + String($0 / 1024) } ?? "-", line("svg").map { Self.seconds($0.seconds) } ?? svgNote ?? "-",
                line("solve")?.paths.map(String.init) ?? "-", verdict,
            ]
        return "| " + cells.joined(separator: " | ") + " |"
    }

    static let probeHeader =
        "| size | what-if load s | compare s | text s | what-if total s | after import / analysis after import | what-if peak MiB | / analyze peak | flow load s | verdict s | flow total s | flow / import | flow peak MiB | notes |"
    static let probeRule = "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"

    /// The what-if and flow figures against the targets' yardsticks from the same row.
    var probeMarkdown: String {
        func total(_ run: ChildRun?, _ names: [String]) -> Double? {
            guard let run, run.failure == nil else { return nil }
            let times = names.compactMap { run.line($0)?.seconds }
            return times.count == names.count ? times.reduce(0, +) : nil
        }
        func peak(_ run: ChildRun?) -> String {
            guard let run, run.peakKiB > 0 else { return "-" }
            return (run.failure == nil ? "" : "≥ ") + String(run.peakKiB / 1024)
        }
        func ratio(_ value: Double?, _ yardstick: Double?) -> String {
            guard let value, let yardstick, yardstick > 0 else { return "-" }
            return String(format: "%.2f", value / yardstick)
        }
        let whatifTotal = total(whatif, ["load", "compare", "text"])
        let afterImport = total(whatif, ["compare", "text"])
        let flowTotal = total(flow, ["load", "verdict"])
        let notes = [
            whatif?.failure.map { "what-if " + $0 + Self.stalled(whatif!, ["load", "compare", "text"]) },
            flow?.failure.map { "flow " + $0 + Self.stalled(flow!, ["load", "verdict"]) },
        ].compactMap { $0 }
        let peakRatio: String = {
            guard let run = whatif, run.failure == nil, let analyze = peakKiB, analyze > 0 else { return "-" }
            return String(format: "%.2f", Double(run.peakKiB) / Double(analyze))
        }()
        let cells = [
            String(size), Self.seconds(whatif?.line("load")?.seconds), Self.seconds(whatif?.line("compare")?.seconds),
            Self.seconds(whatif?.line("text")?.seconds), Self.seconds(whatifTotal), ratio(afterImport, afterImportSeconds), peak(whatif), peakRatio,
            Self.seconds(flow?.line("load")?.seconds), Self.seconds(flow?.line("verdict")?.seconds), Self.seconds(flowTotal),
            ratio(flowTotal, importSeconds), peak(flow), notes.isEmpty ? "" : notes.joined(separator: "; "),
        ]
        return "| " + cells.joined(separator: " | ") + " |"
    }

    static func seconds(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }

    /// " in STAGE": the first stage a child did not finish.
    static func stalled(_ run: ChildRun, _ names: [String]) -> String {
        names.first { run.line($0) == nil }.map { " in " + $0 } ?? ""
    }
}

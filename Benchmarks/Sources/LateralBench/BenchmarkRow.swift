import Foundation

/// One size of the sweep: what was generated, the orjson yardstick, and each stage that
/// finished in the child.
struct BenchmarkRow {
    static let stages = ["parse", "model", "solve", "report"]
    /// Issue 4's targets at the largest size.
    static let timeFactor = 2.0
    static let memoryLimitKiB = 2 * 1024 * 1024

    var spokes: Int
    var resources: Int
    var bytes: Int
    var orjson: Double?
    var lines: [StageLine] = []
    /// Set when the child was killed at the time limit or failed before the report.
    var unfinished: String?
    /// Why there is no SVG time, when the four stages finished but the drawing did not.
    var svgNote: String?

    func line(_ name: String) -> StageLine? { lines.first { $0.name == name } }
    var finished: Bool { Self.stages.allSatisfy { line($0) != nil } }
    var total: Double? { finished ? Self.stages.compactMap { line($0)?.seconds }.reduce(0, +) : nil }
    /// The peak after the report stage (the SVG, drawn after it, is not part of the targets).
    var peakKiB: Int? { (line("report") ?? lines.last { $0.name != "svg" })?.peakKiB }
    var ratio: Double? { total.flatMap { t in orjson.map { t / $0 } } }

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

    static let header = "| spokes | resources | MB | orjson s | parse s | model s | solve s | report s | total s | total/orjson | peak MiB | svg s | paths | targets (≤ 2x orjson, < 2 GiB) |"
    static let rule = "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"

    var markdown: String {
        func seconds(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }
        let cells = [
            String(spokes), String(resources), String(format: "%.1f", Double(bytes) / 1_000_000), seconds(orjson),
        ] + Self.stages.map { seconds(line($0)?.seconds) } + [
            seconds(total), ratio.map { String(format: "%.2f", $0) } ?? "-",
            peakKiB.map { (finished ? "" : "≥ ") + String($0 / 1024) } ?? "-", line("svg").map { seconds($0.seconds) } ?? svgNote ?? "-",
            line("solve")?.paths.map(String.init) ?? "-", verdict,
        ]
        return "| " + cells.joined(separator: " | ") + " |"
    }
}

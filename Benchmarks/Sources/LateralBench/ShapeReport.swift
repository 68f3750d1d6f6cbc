import Foundation

/// One shape's part of the sweep's output: its table, how its time grows with the size, and
/// with `--whatif` the what-if and flow table.
struct ShapeReport {
    let shape: String
    let rows: [BenchmarkRow]
    let whatif: Bool

    var markdown: String {
        var text = "### \(shape)\n\n\(BenchmarkRow.header)\n\(BenchmarkRow.rule)\n"
        for row in rows { text += row.markdown + "\n" }
        let growth = growthLines
        if !growth.isEmpty {
            text +=
                "\nGrowth of the total time between sizes, as an exponent (t ∝ size^k); the input's bytes for comparison:\n\n" + growth.joined(separator: "\n")
                + "\n"
        }
        if whatif {
            text += "\n\(BenchmarkRow.probeHeader)\n\(BenchmarkRow.probeRule)\n"
            for row in rows { text += row.probeMarkdown + "\n" }
        }
        return text
    }

    /// k = log(t_b / t_a) / log(b / a) for each pair of consecutive sizes; when the larger
    /// did not finish, its child's wall time gives a lower bound.
    var growthLines: [String] {
        let sorted = rows.sorted { $0.size < $1.size }
        return zip(sorted, sorted.dropFirst()).map { small, large in
            let scale = log(Double(large.size) / Double(small.size))
            let bytes = String(format: "%.2f", log(Double(large.bytes) / Double(small.bytes)) / scale)
            let label = "- \(small.size) to \(large.size): "
            guard let base = small.total, base > 0 else { return label + "not measured (\(small.size) did not finish); bytes \(bytes)" }
            if let total = large.total { return label + String(format: "k = %.2f", log(total / base) / scale) + " (bytes \(bytes))" }
            return label + String(format: "k ≥ %.2f", log(large.childSeconds / base) / scale) + " (\(large.size) did not finish; bytes \(bytes))"
        }
    }
}

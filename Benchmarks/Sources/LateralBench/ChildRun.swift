import Foundation

/// One child process of the sweep (stages, what-if or flow): the stage lines it wrote, and
/// why it stopped early when it did.
struct ChildRun {
    var lines: [StageLine]
    var outcome: ChildProcess.Outcome
    /// "did not finish in 300 s", "over 8 GiB", "crashed (signal 11)", "failed (status 2)";
    /// nil when the child exited cleanly.
    var failure: String?

    /// Runs this executable with `arguments` plus `--output LINES`, within the limits.
    static func run(_ arguments: [String], linesFile: String, timeout: Double, memoryLimitKiB: Int) throws -> ChildRun {
        let outcome = try ChildProcess.run(
            ChildProcess.currentExecutable, arguments + ["--output", linesFile], timeout: timeout,
            memoryLimitKiB: memoryLimitKiB)
        let text = (try? String(contentsOfFile: linesFile, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: linesFile)
        let failure =
            outcome.timedOut
            ? "did not finish in \(Int(timeout)) s"
            : outcome.overMemory
                ? "killed over " + String(format: "%.3g", Double(memoryLimitKiB) / 1_048_576) + " GiB"
                : outcome.signalled
                    ? "crashed (signal \(outcome.status))"
                    : outcome.status != 0 ? "failed (status \(outcome.status))" : nil
        return ChildRun(lines: text.split(separator: "\n").compactMap(StageLine.init), outcome: outcome, failure: failure)
    }

    func line(_ name: String) -> StageLine? { lines.first { $0.name == name } }

    /// The peak the child reported last, or the largest the parent saw while polling, if larger.
    var peakKiB: Int { max(lines.last?.peakKiB ?? 0, outcome.observedPeakKiB) }
}

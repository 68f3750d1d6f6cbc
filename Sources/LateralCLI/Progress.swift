import Foundation

/// Stages and counts on standard error for long runs; silent with --quiet and when
/// standard error is not a terminal, so pipelines and CI logs stay clean.
struct Progress {
    let enabled: Bool

    init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// Runs a stage, printing its name before and its wall time after.
    func stage<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        StandardStreams.error("lateral: \(name)...")
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        StandardStreams.error(String(format: " %.2f s\n", seconds))
        return result
    }

    func note(_ text: String) {
        guard enabled else { return }
        StandardStreams.error("lateral:   \(text)\n")
    }
}

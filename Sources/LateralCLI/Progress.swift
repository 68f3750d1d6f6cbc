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
        FileHandle.standardError.write(Data("lateral: \(name)...".utf8))
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        FileHandle.standardError.write(Data(String(format: " %.2f s\n", seconds).utf8))
        return result
    }

    func note(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("lateral:   \(text)\n".utf8))
    }
}

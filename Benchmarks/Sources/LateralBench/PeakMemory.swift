import Foundation

/// The process's peak resident set so far (`VmHWM` in /proc/self/status), in KiB; nil
/// where /proc is not available. Each stage reports it, so the figure is per size because
/// every size runs in a fresh process.
enum PeakMemory {
    static func kibibytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }
}

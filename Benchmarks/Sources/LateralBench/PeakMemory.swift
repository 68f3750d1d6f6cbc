import Foundation

/// Resident memory from /proc (`VmHWM`, the peak, and `VmRSS`, the current set), in KiB;
/// nil where /proc is not available. Each stage reports the peak, so the figure is per
/// size because every size runs in a fresh process.
enum PeakMemory {
    static func kibibytes() -> Int? { field("VmHWM:", in: "/proc/self/status") }

    /// Another process's resident set now, to stop a child that outgrows the machine.
    static func residentKiB(process: Int32) -> Int? { field("VmRSS:", in: "/proc/\(process)/status") }

    static func field(_ name: String, in path: String) -> Int? {
        guard let status = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }
}

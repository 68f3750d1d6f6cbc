import Foundation

/// Runs a program and waits for it, killing it (SIGKILL: Graphviz layout cannot be
/// interrupted any other way) when it outlives its time limit or grows past its memory
/// limit (the machine is shared, and an estate that takes 15 GB would take the others down).
enum ChildProcess {
    struct Outcome {
        var status: Int32
        /// Killed by a signal (a crash, or our SIGKILL at the time limit).
        var signalled: Bool
        var timedOut: Bool
        /// Killed because its resident set passed the memory limit.
        var overMemory = false
        /// The largest resident set seen while polling (every 20 ms), in KiB.
        var observedPeakKiB = 0
        var seconds: Double
    }

    static func run(
        _ executable: String, _ arguments: [String], timeout: Double? = nil, memoryLimitKiB: Int? = nil,
        quiet: Bool = false
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // A crashing child should say so in one line, not a page of registers.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        if quiet {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        var timedOut = false, overMemory = false, observedPeak = 0
        if timeout != nil || memoryLimitKiB != nil {
            let deadline = timeout.map { start.advanced(by: .milliseconds(Int($0 * 1000))) }
            while process.isRunning {
                let resident = PeakMemory.residentKiB(process: process.processIdentifier) ?? 0
                observedPeak = max(observedPeak, resident)
                if let deadline, clock.now >= deadline {
                    timedOut = true
                } else if let memoryLimitKiB, resident > memoryLimitKiB {
                    overMemory = true
                }
                if timedOut || overMemory {
                    kill(process.processIdentifier, SIGKILL)
                    break
                }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        process.waitUntilExit()
        let elapsed = start.duration(to: clock.now)
        return Outcome(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal, timedOut: timedOut,
            overMemory: overMemory, observedPeakKiB: observedPeak, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The running executable, to start the child stage runner.
    static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// `python3` on PATH, if any.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

import Foundation

/// What one run of the `lateral` binary produced.
public struct CLIResult: Sendable {
    public let stdout: String
    public let stderr: String
    public let stdoutData: Data
    public let exitCode: Int32
}

/// Where a run's standard output goes.
public enum CLIOutputDestination: Sendable {
    /// A temporary file, read back into ``CLIResult/stdout``.
    case captured
    /// A file opened for writing, such as `/dev/full`; ``CLIResult/stdout`` stays empty.
    case file(String)
    /// A pipe whose reading end is closed before the child starts, as after `| head -1`
    /// once `head` has exited.
    case closedPipe
}

/// Why the `lateral` binary could not be run.
public struct CLIRunnerError: Error, CustomStringConvertible {
    public let description: String
}

/// Runs the built `lateral` executable as a subprocess, for end-to-end tests.
///
/// The binary is `$LATERAL_BIN` when set, else `lateral` next to the running test
/// executable (SwiftPM puts both in `<scratch>/debug/`), or in one of its parent directories
/// (the macOS `.xctest` bundle).
public enum CLIRunner {
    /// The `lateral` binary.
    ///
    /// - Throws: ``CLIRunnerError`` naming the places searched when there is none.
    public static func binary() throws -> URL {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["LATERAL_BIN"], !override.isEmpty {
            guard fileManager.isExecutableFile(atPath: override) else {
                throw CLIRunnerError(description: "LATERAL_BIN=\(override) is not an executable file")
            }
            return URL(fileURLWithPath: override)
        }
        var starts: [URL] = []
        if let exe = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first {
            starts.append(URL(fileURLWithPath: first).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        starts.append(URL(fileURLWithPath: Bundle.main.executablePath ?? "/").deletingLastPathComponent())
        var searched: [String] = []
        for start in starts {
            var directory = start.standardizedFileURL
            for _ in 0..<5 {
                let candidate = directory.appendingPathComponent("lateral")
                searched.append(candidate.path)
                if fileManager.isExecutableFile(atPath: candidate.path) { return candidate }
                guard directory.path != "/" else { break }
                directory.deleteLastPathComponent()
            }
        }
        throw CLIRunnerError(
            description: "the lateral binary was not found (build it with `swift build`, or set LATERAL_BIN); searched: "
                + searched.joined(separator: ", "))
    }

    /// Runs `lateral ARGS` and waits for it.
    ///
    /// Standard output and error go to temporary files, so a large output cannot fill a pipe
    /// and block the child.
    ///
    /// - Parameters:
    ///   - arguments: the arguments after the program name.
    ///   - cwd: the working directory; the current one when nil.
    ///   - standardOutput: where standard output goes; captured by default.
    /// - Returns: both streams and the exit code.
    /// - Throws: ``CLIRunnerError`` when the binary is missing or cannot start.
    public static func run(_ arguments: [String], cwd: URL? = nil, standardOutput: CLIOutputDestination = .captured) throws -> CLIResult {
        let executable = try binary()
        let scratch = try TemporaryDirectory(prefix: "lateral-cli-io")
        defer { scratch.remove() }
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let cwd { process.currentDirectoryURL = cwd }
        process.standardInput = FileHandle.nullDevice
        switch standardOutput {
        case .captured:
            process.standardOutput = outHandle
        case .file(let path):
            guard let handle = FileHandle(forWritingAtPath: path) else { throw CLIRunnerError(description: "cannot open \(path) for writing") }
            process.standardOutput = handle
        case .closedPipe:
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { throw CLIRunnerError(description: "cannot create a pipe") }
            close(ends[0])
            process.standardOutput = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        }
        process.standardError = errHandle
        do { try process.run() } catch {
            throw CLIRunnerError(description: "cannot start \(executable.path): \(error)")
        }
        process.waitUntilExit()
        try? outHandle.close()
        try? errHandle.close()
        let outData = FileManager.default.contents(atPath: outURL.path) ?? Data()
        let errData = FileManager.default.contents(atPath: errURL.path) ?? Data()
        return CLIResult(
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
            stdoutData: outData, exitCode: process.terminationStatus)
    }
}

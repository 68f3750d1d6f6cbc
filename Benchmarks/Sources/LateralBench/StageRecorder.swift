import ArgumentParser
import Foundation
import Lateral

/// Times a child's stages one after the other and writes a ``StageLine`` after each, to a
/// file the parent reads even when it has to kill the child.
struct StageRecorder {
    let sink: FileHandle
    let clock = ContinuousClock()
    var start: ContinuousClock.Instant

    /// Turns glibc's fast bins off (as `lateral` does) and starts the first stage's clock.
    init(output: String) throws {
        Allocator.tuneForLargeEstates()
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        guard let sink = FileHandle(forWritingAtPath: output) else { throw StageRecorderError(path: output) }
        self.sink = sink
        start = clock.now
    }

    /// Ends the running stage and starts the next one's clock.
    mutating func finish(_ name: String, paths: Int? = nil) {
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        sink.write(Data((StageLine(name: name, seconds: seconds, peakKiB: PeakMemory.kibibytes() ?? 0, paths: paths).text + "\n").utf8))
        note("  \(name): \(String(format: "%.2f", seconds)) s")
        start = clock.now
    }

    /// Runs a child's stages; an error is reported on standard error and ends the child
    /// with status 2, after the lines of the stages that finished.
    static func record(_ child: ChildOptions, _ body: (inout StageRecorder) throws -> Void) throws {
        var recorder = try StageRecorder(output: child.output)
        do {
            try body(&recorder)
        } catch {
            recorder.note("error: \(error)")
            throw ExitCode(2)
        }
    }

    func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

struct StageRecorderError: Error, CustomStringConvertible {
    let path: String
    var description: String { "cannot write \(path)" }
}

/// What every child is given: the estate, and where its stage lines go.
struct ChildOptions: ParsableArguments {
    @Argument(help: "A generated estate.") var file: String
    @Option(help: "Where to write the stage lines.") var output: String
}

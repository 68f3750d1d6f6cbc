import ArgumentParser
import Foundation
import Lateral

@main
struct LateralCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lateral",
        abstract: "Find the network routes an attacker can take through an Azure estate, offline.",
        discussion: """
            Inputs are Azure resource JSON files or directories (REST API bodies, az ... list/show output, Resource Graph results). Exit codes: 0 the analysis ran (whatever the verdict), 1 a policy is violated (check) or a path opened (whatif/diff --fail-on-open), 2 bad input or usage, 3 an output could not be written or rendered.
            """,
        version: Analysis.toolVersion,
        subcommands: [
            Analyze.self, Flow.self, Paths.self, Routes.self, Render.self, Whatif.self, Diff.self, Check.self, BlastRadiusCommand.self,
            Generate.self, Exposure.self, Report.self, Isolate.self,
        ],
        defaultSubcommand: nil
    )

    /// Parses, runs, and maps failures onto the documented exit codes: usage and input
    /// errors exit 2 (argument-parser's own default is 64).
    static func main() {
        StandardStreams.prepare()
        Allocator.tuneForLargeEstates()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            StandardStreams.error(TerminalLimit.errors(error.message) + "\n")
            Foundation.exit(error.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success || code == .failure { exit(withError: error) }
            StandardStreams.error(fullMessage(for: error) + "\n")
            Foundation.exit(2)
        }
    }
}

/// An error the CLI reports itself, with its exit code.
struct CLIError: Error {
    let message: String
    var code: Int32 = 2
}

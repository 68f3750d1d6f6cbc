import Foundation
import TestSupport
import Testing

/// A command that prints its answer on standard output, and the status it ends with when the
/// answer is read.
struct PrintingCommand: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let status: Int32
    var testDescription: String { arguments[0] }
}

/// Standard output that cannot be written: a full device exits 3 with one line, a reader that
/// went away is no error (and never a trap).
@Suite("standard output that cannot be written")
struct StandardOutputTests {
    static let small = WhatifEstates.small
    static let commands: [PrintingCommand] = [
        PrintingCommand(arguments: ["paths", small, "--from", "internet", "--to", "vnet:vnet-front"], status: 0),
        PrintingCommand(arguments: ["flow", TestInputs.semantics("intra-subnet"), "--src", "10.0.1.4", "--dst", "10.0.1.5", "--port", "22"], status: 0),
        PrintingCommand(arguments: ["routes", small, "--subnet", "subnet:vnet-front/snet-web"], status: 0),
        PrintingCommand(arguments: ["blast-radius", small, "--from", "subnet:vnet-front/snet-web", "--quiet"], status: 0),
        PrintingCommand(arguments: ["analyze", small, "--format", "json"], status: 0),
        PrintingCommand(arguments: ["check", WhatifEstates.retail, "--policy", WhatifEstates.retailPolicy], status: 1),
        PrintingCommand(arguments: ["whatif", WhatifEstates.retail, "--change", WhatifEstates.telemetry, "--quiet"], status: 0),
        PrintingCommand(arguments: ["diff", small, "--after", WhatifEstates.smallSSHClosed, "--from", "internet", "--to", "vnet:vnet-front"], status: 0),
        PrintingCommand(arguments: ["generate", "--regions", "1", "--spokes", "2", "--subnets-per-spoke", "1", "--rules-per-nsg", "1"], status: 0),
    ]

    @Test("prints something when standard output can be written", arguments: commands)
    func prints(_ command: PrintingCommand) throws {
        let result = try CLIRunner.run(command.arguments)
        #expect(result.exitCode == command.status, "\(result.stderr)")
        #expect(!result.stdoutData.isEmpty)
    }

    @Test("standard output on a full device: exit 3 and one line on standard error", arguments: commands)
    func fullDevice(_ command: PrintingCommand) throws {
        let result = try CLIRunner.run(command.arguments, standardOutput: .file("/dev/full"))
        #expect(result.exitCode == 3, "\(result.stderr)")
        #expect(Self.withoutWarnings(result.stderr) == "error: cannot write standard output: No space left on device\n")
    }

    @Test("a reader that went away: no trap, no message, the command's own status", arguments: commands)
    func closedPipe(_ command: PrintingCommand) throws {
        let result = try CLIRunner.run(command.arguments, standardOutput: .closedPipe)
        #expect(result.exitCode == command.status, "\(result.stderr)")
        #expect(Self.withoutWarnings(result.stderr).isEmpty)
    }

    /// Standard error without the estate's warnings (the retail estate's service tags are
    /// approximated without tag data, NSG-33), which are written before any output is.
    static func withoutWarnings(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("warning: ") }.joined(separator: "\n")
    }
}

import ArgumentParser
import Foundation
import Lateral

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum ProtocolOption: String, ExpressibleByArgument, CaseIterable {
    case tcp, udp, icmp, any
}

/// Input files shared by every subcommand.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Azure resource JSON files or directories.", valueName: "input"))
    var inputs: [String] = []

    /// Loads the estate, printing warnings to standard error.
    func load(quiet: Bool = false) throws -> Estate {
        guard !inputs.isEmpty else { throw CLIError(message: "error: give at least one input file or directory") }
        return try Self.load(inputs, quiet: quiet)
    }

    static func load(_ paths: [String], quiet: Bool) throws -> Estate {
        do {
            let estate = try Estate.load(paths: paths)
            if !quiet { for warning in estate.warnings { FileHandle.standardError.write(Data(("warning: " + warning.replacingOccurrences(of: ": warning: ", with: ": ") + "\n").utf8)) } }
            return estate
        } catch {
            throw CLIError(message: error.description)
        }
    }
}

func parseSelectors(_ texts: [String]) throws -> [Selector] {
    try texts.map { text in
        do { return try Selector(parsing: text) } catch { throw CLIError(message: "error: \(error)") }
    }
}

func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

func warn(_ text: String) {
    FileHandle.standardError.write(Data(("warning: " + text + "\n").utf8))
}

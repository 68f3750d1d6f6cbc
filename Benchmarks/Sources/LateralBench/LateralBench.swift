import ArgumentParser

/// `lateral-bench`: sweeps generated estates of growing size and times each stage of the
/// analysis against a plain JSON parse of the same file (orjson), as issue 4 asks.
@main
struct LateralBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lateral-bench",
        abstract: "Time parse, model, solve and report on generated estates, against orjson parsing the same file.",
        subcommands: [Sweep.self, Stages.self],
        defaultSubcommand: Sweep.self
    )
}

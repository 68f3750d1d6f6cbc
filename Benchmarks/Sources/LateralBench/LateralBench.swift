import ArgumentParser

/// `lateral-bench`: sweeps generated estates of several shapes and growing size and times
/// each stage of the analysis against a plain JSON parse of the same file (orjson), as
/// issues 4 and 16 ask.
@main
struct LateralBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lateral-bench",
        abstract: "Time parse, model, solve and report on generated estates of several shapes, against orjson parsing the same file.",
        subcommands: [Sweep.self, Stages.self, WhatifStages.self, FlowStages.self],
        defaultSubcommand: Sweep.self
    )
}

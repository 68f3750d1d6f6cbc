import ArgumentParser
import Foundation
import Lateral

/// The hidden child for `lateral whatif`: what the command does, with the same library
/// calls (load both estates, compare their analyses, write the text report), timed in parts.
struct WhatifStages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif-stages", abstract: "Time a what-if on one file (used by the sweep).", shouldDisplay: false)

    @OptionGroup var child: ChildOptions
    @Option(help: "The change file.") var change: String

    func run() throws {
        let file = child.file
        try StageRecorder.record(child) { recorder in
            let changes = try ChangeFile.load(file: change)
            let (base, changed) = try Estate.load(paths: [file], change: changes)
            recorder.finish("load")
            let comparison = Comparison(kind: .whatif, base: base, changed: changed!, changes: changes.summaries, inputs: [file], from: [], to: [])
            recorder.finish("compare", paths: comparison.diff.opened.count + comparison.diff.closed.count)
            let text = comparison.text
            recorder.finish("text")
            recorder.note("  what-if: \(comparison.diff.opened.count) paths opened, \(comparison.diff.closed.count) closed, \(text.utf8.count) bytes of text")
        }
    }
}

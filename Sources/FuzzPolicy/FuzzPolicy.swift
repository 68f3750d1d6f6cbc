import Foundation
import FuzzSupport
import Intent
import Reachability
import TopologyModel

/// libFuzzer's entry: one policy file, read as `lateral check --policy` reads it (its
/// selectors and services parsed). A bad file must end in diagnostics inside it; the run must
/// not trap, hang or grow without bound.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = FuzzReplay.text(data, size) else { return 0 }
    let lines = FuzzReplay.yamlLineCount(text)
    do throws(IntentError) {
        let file = try PolicyFile.parse(text, file: "policy.yaml")
        for policy in file.policies {
            FuzzReplay.require(policy.line >= 1 && policy.line <= lines, "policy '\(policy.id)' at line \(policy.line) of a \(lines)-line file")
        }
    } catch {
        FuzzReplay.require(!error.diagnostics.isEmpty, "a policy file error without a diagnostic")
        for diagnostic in error.diagnostics {
            _ = diagnostic.rendered
            if let line = diagnostic.line {
                FuzzReplay.require(line >= 1 && line <= lines, "line \(line) of a \(lines)-line policy file: \(diagnostic.rendered)")
            }
        }
    }
    return 0
}

/// The program of an ordinary build, which replays files (`FuzzReplay`). Under libFuzzer, which
/// brings its own `main`, this file is a library and this constant is never read.
let replay: Void = FuzzReplay.run(fuzzPolicy)

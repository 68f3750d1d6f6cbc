import AzureImport
import Foundation
import FuzzSupport
import TopologyModel

/// libFuzzer's entry: one input file of an import, parsed and converted as `lateral` reads an
/// export. Bad input must end in diagnostics; the run must not trap, hang or grow without
/// bound, and every diagnostic must point inside the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    let diagnostics: [Diagnostic]
    do throws(Diagnostic) {
        let document = try SourceDocument(bytes: Array(input), file: "fuzz.json")
        do throws(ImportError) {
            diagnostics = try AzureImporter.build([document]).diagnostics
        } catch {
            FuzzReplay.require(!error.diagnostics.isEmpty, "an import error without a diagnostic")
            diagnostics = error.diagnostics
        }
    } catch {
        diagnostics = [error]
    }
    // UTF-16 input is transcoded first; its lines are the same, so the bound holds for it too.
    let lines = FuzzReplay.lineCount(input)
    for diagnostic in diagnostics {
        _ = diagnostic.rendered
        if let line = diagnostic.line {
            FuzzReplay.require(line >= 1 && line <= lines, "line \(line) of a \(lines)-line input: \(diagnostic.rendered)")
        }
    }
    return 0
}

/// The program of an ordinary build, which replays files (`FuzzReplay`). Under libFuzzer, which
/// brings its own `main`, this file is a library and this constant is never read.
let replay: Void = FuzzReplay.run(fuzzJSON)

import AzureImport
import Foundation
import FuzzSupport
import Intent
import TopologyModel

/// The estate change files are applied to: the small what-if fixture, parsed once.
let estate: (documents: [SourceDocument], catalog: ResourceCatalog) = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Tests/Fixtures/Intent/small-estate/topology.json")
        .standardizedFileURL.path
    do {
        let documents = try AzureImporter.parse(paths: [path]).documents
        return (documents, AzureImporter.catalog(documents))
    } catch {
        fatalError("cannot read the estate the change files apply to: \(error)")
    }
}()

/// libFuzzer's entry: one change file, read, compiled against the small estate and applied
/// as `lateral whatif` does. A bad change must end in diagnostics that point inside the change
/// file or the estate; the run must not trap, hang or grow without bound.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChange(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = FuzzReplay.text(data, size) else { return 0 }
    let lines = FuzzReplay.yamlLineCount(text)
    var diagnostics: [Diagnostic] = []
    do throws(IntentError) {
        let change = try ChangeFile.parse(text, file: "change.yaml")
        _ = change.summaries
        let edits = try change.edits(against: estate.catalog)
        do throws(ImportError) {
            diagnostics = try AzureImporter.build(estate.documents, edits: edits).diagnostics
        } catch {
            diagnostics = error.diagnostics
        }
    } catch {
        FuzzReplay.require(!error.diagnostics.isEmpty, "a change file error without a diagnostic")
        diagnostics = error.diagnostics
    }
    for diagnostic in diagnostics where diagnostic.file == "change.yaml" {
        _ = diagnostic.rendered
        if let line = diagnostic.line {
            FuzzReplay.require(line >= 1 && line <= lines, "line \(line) of a \(lines)-line change file: \(diagnostic.rendered)")
        }
    }
    return 0
}

/// The program of an ordinary build, which replays files (`FuzzReplay`). Under libFuzzer, which
/// brings its own `main`, this file is a library and this constant is never read.
let replay: Void = FuzzReplay.run(fuzzChange)

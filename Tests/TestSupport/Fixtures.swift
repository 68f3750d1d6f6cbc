import Foundation

/// Locates files of the package (fixtures, topologies, the copied corpus) from tests; nothing
/// outside the package is read.
public enum Fixtures {
    /// The package root: the directory holding Package.swift.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    public static func path(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }

    /// `Tests/Fixtures/<relative>`.
    public static func fixture(_ relative: String) -> String { path("Tests/Fixtures/" + relative) }

    /// The official OASIS SARIF 2.1.0 schema, copied unchanged into `Tests/Fixtures/Schemas`
    /// (its origin and licence in the `PROVENANCE.md` beside it).
    public static var sarifSchema: String { fixture("Schemas/sarif-schema-2.1.0.json") }

    /// `Tests/Fixtures/Corpus/<relative>`: Azure files written by others (origin and licence of
    /// each in `Tests/Fixtures/Corpus/PROVENANCE.md`).
    public static func corpus(_ relative: String) -> String { fixture("Corpus/" + relative) }

    /// Sub-directories of a fixture directory, sorted.
    public static func directories(in relative: String) -> [String] {
        let base = fixture(relative)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: base + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
    }

    /// Files in a directory matching a predicate, sorted.
    public static func files(in directory: String, where predicate: (String) -> Bool) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter(predicate).sorted().map { directory + "/" + $0 }
    }

    public static func read(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }
}

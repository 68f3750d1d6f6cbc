@_exported import AuditReport
@_exported import AzureImport
@_exported import GraphvizRender
@_exported import Reachability
@_exported import TopologyModel

/// A loaded estate: the model, what the import noticed, and the solver's index.
public struct Estate: Sendable {
    public let imported: ImportResult
    public let index: EstateIndex
    public var topology: Topology { imported.topology }

    public init(imported: ImportResult, options: AnalysisOptions = AnalysisOptions()) {
        self.imported = imported
        self.index = EstateIndex(topology: imported.topology, options: options)
    }

    /// Reads Azure JSON files or directories.
    ///
    /// - Throws: ``ImportError`` naming every malformed file and place.
    public static func load(paths: [String], options: AnalysisOptions = AnalysisOptions()) throws(ImportError) -> Estate {
        Estate(imported: try AzureImporter.load(paths: paths), options: options)
    }

    /// Warnings for reports: import diagnostics (warnings only) and ignored types.
    public var warnings: [String] {
        imported.diagnostics.filter { $0.severity == .warning }.map(\.rendered)
            + imported.ignoredTypes.sorted { $0.key.lowercased() < $1.key.lowercased() }.map { "ignored \($0.value) resource\($0.value == 1 ? "" : "s") of unsupported type \($0.key)" }
    }
}

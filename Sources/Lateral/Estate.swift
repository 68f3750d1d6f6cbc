@_exported import AuditReport
@_exported import AzureImport
@_exported import GraphvizRender
@_exported import Intent
@_exported import ParallelSupport
@_exported import Reachability
@_exported import TopologyModel

/// A loaded estate: the model, what the import noticed, and the solver's index.
public struct Estate: Sendable {
    public let imported: ImportResult
    public let index: EstateIndex
    /// The parsed input files, kept only when reports must point at lines in them (SARIF).
    public let documents: [SourceDocument]
    public var topology: Topology { imported.topology }

    public init(imported: ImportResult, options: AnalysisOptions = AnalysisOptions(), documents: [SourceDocument] = []) {
        self.imported = imported
        self.index = EstateIndex(topology: imported.topology, options: options)
        self.documents = documents
    }

    /// Reads Azure JSON files or directories.
    ///
    /// - Parameters:
    ///   - maxInputSize: the largest input file read, in bytes.
    ///   - templates: the deployment context and parameters of ARM templates among the inputs.
    /// - Throws: ``ImportError`` naming every malformed file and place.
    public static func load(
        paths: [String], options: AnalysisOptions = AnalysisOptions(),
        maxInputSize: Int = AzureImporter.defaultMaxInputSize, templates: TemplateOptions = TemplateOptions()
    ) throws(ImportError) -> Estate {
        Estate(
            imported: try AzureImporter.load(paths: paths, maxInputSize: maxInputSize, templates: templates, serviceTags: options.serviceTags),
            options: options)
    }

    /// Reads inputs and, when a change file is given, also builds the estate as the change
    /// would leave it (what-if). The inputs are parsed once.
    ///
    /// - Parameters:
    ///   - keepDocuments: keep the parsed files so reports can name lines.
    ///   - maxInputSize: the largest input file read, in bytes.
    ///   - templates: the deployment context and parameters of ARM templates among the inputs.
    /// - Throws: ``LoadError`` for malformed inputs or a change that does not apply.
    public static func load(
        paths: [String], options: AnalysisOptions = AnalysisOptions(), change: ChangeFile?,
        keepDocuments: Bool = false, maxInputSize: Int = AzureImporter.defaultMaxInputSize, templates: TemplateOptions = TemplateOptions()
    ) throws(LoadError)
        -> (base: Estate, changed: Estate?)
    {
        var edits: ((ResourceCatalog) throws(LoadError) -> [ResourceEdit])?
        if let change {
            edits = { catalog throws(LoadError) in
                do throws(IntentError) { return try change.edits(against: catalog) } catch { throw .intent(error) }
            }
        }
        return try load(paths: paths, options: options, keepDocuments: keepDocuments, maxInputSize: maxInputSize, templates: templates, edits: edits)
    }

    /// Reads inputs (today's export) and builds the estate as a deployment template or a
    /// Terraform plan would leave it: its resources put over the export by ID, a plan's
    /// destroyed resources removed.
    ///
    /// - Throws: ``LoadError`` for malformed inputs or edits that do not apply.
    public static func load(
        paths: [String], options: AnalysisOptions = AnalysisOptions(), planned: PlannedChange,
        keepDocuments: Bool = false, maxInputSize: Int = AzureImporter.defaultMaxInputSize, templates: TemplateOptions = TemplateOptions()
    ) throws(LoadError) -> (base: Estate, changed: Estate?) {
        try load(
            paths: paths, options: options, keepDocuments: keepDocuments, maxInputSize: maxInputSize, templates: templates,
            edits: { catalog throws(LoadError) in planned.edits(against: catalog) }, also: [planned.document])
    }

    private static func load(
        paths: [String], options: AnalysisOptions, keepDocuments: Bool, maxInputSize: Int, templates: TemplateOptions,
        edits makeEdits: ((ResourceCatalog) throws(LoadError) -> [ResourceEdit])?, also: [SourceDocument] = []
    ) throws(LoadError) -> (base: Estate, changed: Estate?) {
        let documents: [SourceDocument], skipped: [Diagnostic]
        do { (documents, skipped) = try AzureImporter.parse(paths: paths, maxInputSize: maxInputSize, templates: templates) } catch {
            throw .input(error)
        }
        let base: ImportResult
        do { base = try AzureImporter.build(documents, warnings: skipped, serviceTags: options.serviceTags) } catch { throw .input(error) }
        let kept = keepDocuments ? documents : []
        guard let makeEdits else {
            // The parsed files are freed while the index is built (unless kept).
            BackgroundRelease.release(consume documents)
            return (Estate(imported: base, options: options, documents: kept), nil)
        }
        let edits = try makeEdits(AzureImporter.catalog(documents))
        let changed: ImportResult
        do { changed = try AzureImporter.build(documents, edits: edits, warnings: skipped, serviceTags: options.serviceTags) } catch {
            throw .input(error)
        }
        BackgroundRelease.release(consume documents)
        // The changed estate's reports also point into the template or plan.
        return (
            Estate(imported: base, options: options, documents: kept),
            Estate(imported: changed, options: options, documents: keepDocuments ? kept + also : [])
        )
    }

    /// A line lookup over the kept documents, for reports.
    public var lineLookup: LineLookup {
        let byFile = Dictionary(documents.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        return { file, pointer in byFile[file]?.line(at: pointer) }
    }

    /// Warnings for reports: import diagnostics (warnings only) and ignored types.
    public var warnings: [String] {
        imported.diagnostics.filter { $0.severity == .warning }.map(\.rendered)
            + imported.ignoredTypes.sorted { $0.key.lowercased() < $1.key.lowercased() }.map {
                "ignored \($0.value) resource\($0.value == 1 ? "" : "s") of unsupported type \($0.key)"
            }
    }
}

/// Loading failed: the inputs are malformed, or a change file does not apply to them.
public enum LoadError: Error, Sendable, CustomStringConvertible {
    case input(ImportError)
    case intent(IntentError)

    public var description: String {
        switch self {
        case .input(let e): e.description
        case .intent(let e): e.description
        }
    }
}

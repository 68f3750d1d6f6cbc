import Foundation
import ParallelSupport
import TopologyModel

#if canImport(Glibc)
    import Glibc
#endif

/// What an import produced: the model, what was assumed or ignored along the way, and
/// counts for the report.
public struct ImportResult: Sendable {
    public let topology: Topology
    /// Warnings and notes, sorted; errors never appear here (they throw).
    public let diagnostics: [Diagnostic]
    /// Resource types the model does not cover, with how many of each were skipped.
    public let ignoredTypes: [String: Int]
    /// The files read, in the order read.
    public let files: [String]
}

/// The import failed: every error found, each naming its file and place.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.rendered).joined(separator: "\n") }
}

/// Reads Azure resource JSON (REST GET bodies, `az ... list/show` output, Resource Graph
/// results, `Get-AzResource` exports) into a ``Topology``. The only place Azure's JSON is
/// understood.
public enum AzureImporter {
    /// The largest input file read unless the caller says otherwise: 1 GiB, about seven times
    /// the 1,000-spoke benchmark estate (157 MB). Parsing and modelling take about eight bytes
    /// of memory per input byte, so a file at the limit needs some 8 GiB.
    public static let defaultMaxInputSize = 1 << 30

    /// Imports files and directories (directories are searched recursively for `*.json`,
    /// in sorted order; what is not a regular file there is skipped with a warning).
    ///
    /// - Parameter maxInputSize: the largest file, in bytes, that is read; a larger one, or a
    ///   pipe that goes on longer, is an error.
    /// - Throws: ``ImportError`` listing every error when any input is malformed or invalid.
    /// - Parameter templates: the deployment context and parameter values for the ARM
    ///   templates among the inputs.
    /// - Parameter serviceTags: published service tag data; tags it holds become their
    ///   prefixes, the others keep the documented approximation with a warning.
    public static func load(
        paths: [String], maxInputSize: Int = defaultMaxInputSize, templates: TemplateOptions = TemplateOptions(),
        serviceTags: ServiceTagCatalog? = nil
    ) throws(ImportError) -> ImportResult {
        let (documents, warnings) = try parse(paths: paths, maxInputSize: maxInputSize, templates: templates)
        let result = try build(documents, warnings: warnings, serviceTags: serviceTags)
        BackgroundRelease.release(consume documents)
        return result
    }

    /// Reads and parses files and directories without converting them, so callers can time
    /// the stages apart or edit the documents first (what-if changes).
    ///
    /// - Parameter maxInputSize: as for ``load(paths:maxInputSize:)``.
    /// - Returns: the documents, and warnings about what was skipped (pass them to
    ///   ``build(_:edits:warnings:)``).
    /// - Throws: ``ImportError`` naming every missing, unreadable, oversized or malformed file,
    ///   every template or plan that cannot be evaluated and, since one run should name every
    ///   problem, what converting the other files would find wrong.
    public static func parse(
        paths: [String], maxInputSize: Int = defaultMaxInputSize, templates: TemplateOptions = TemplateOptions()
    ) throws(ImportError)
        -> (documents: [SourceDocument], warnings: [Diagnostic])
    {
        let (documents, errors, warnings) = read(paths: paths, maxInputSize: maxInputSize, templates: templates)
        guard errors.isEmpty else {
            var all = errors
            do { _ = try build(documents) } catch { all += error.diagnostics }
            throw ImportError(diagnostics: all.sorted())
        }
        return (documents, warnings)
    }

    /// Converts parsed documents into a model, in the order given, after applying `edits`
    /// (what-if changes) to their resources.
    ///
    /// - Parameter warnings: warnings from reading the files, reported with the import's own.
    /// - Throws: ``ImportError`` listing every invalid resource.
    /// - Parameter serviceTags: as for ``load(paths:maxInputSize:templates:serviceTags:)``.
    public static func build(
        _ documents: [SourceDocument], edits: [ResourceEdit] = [], warnings: [Diagnostic] = [], serviceTags: ServiceTagCatalog? = nil
    ) throws(ImportError) -> ImportResult {
        var context = ImportContext(serviceTags: serviceTags)
        for document in documents { context.read(document) }
        context.apply(edits)
        context.diagnostics.append(contentsOf: warnings)
        let result = try context.finish(files: documents.map(\.file))
        // The raw resources and indices are done with: freed while the caller goes on.
        BackgroundRelease.release(consume context)
        return result
    }

    /// Imports one in-memory document (tests, embedding programs).
    public static func load(json: String, file: String = "<memory>", templates: TemplateOptions = TemplateOptions()) throws(ImportError) -> ImportResult {
        let document: SourceDocument
        do throws(Diagnostic) {
            document = try SourceDocument(bytes: Array(json.utf8), file: file)
        } catch {
            throw ImportError(diagnostics: [error])
        }
        let expanded = expandTemplates([document], options: templates, maxInputSize: defaultMaxInputSize)
        if !expanded.errors.isEmpty { throw ImportError(diagnostics: expanded.errors.sorted()) }
        return try build(expanded.documents, warnings: expanded.warnings)
    }
}

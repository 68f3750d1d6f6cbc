import Foundation
import TopologyModel

extension AzureImporter {
    /// Gives each template among `documents` the resources it deploys, and each parameter
    /// file none of its own, since it is used with its template (the one
    /// ``TemplatePairing/template(for:link:among:)`` finds). Parameter values are taken from
    /// those files, then from `options.parameterFiles` in order, then from
    /// `options.parameterValues`, later ones winning.
    ///
    /// - Returns: the documents to convert; errors (expressions that cannot be evaluated,
    ///   unreadable parameter files); warnings about parameter files used with nothing.
    static func expandTemplates(
        _ documents: [SourceDocument], options: TemplateOptions, maxInputSize: Int
    )
        -> (documents: [SourceDocument], errors: [Diagnostic], warnings: [Diagnostic])
    {
        var errors: [Diagnostic] = [], warnings: [Diagnostic] = []
        let templates = documents.filter { $0.kind == .template }
        var given: [(file: String, parameters: JSONObject)] = []
        for file in options.parameterFiles {
            switch parameterFile(file, maxInputSize: maxInputSize) {
            case .success(let parameters): given.append((file, parameters))
            case .failure(let error): errors.append(error)
            }
        }
        if templates.isEmpty, !options.parameterFiles.isEmpty || !options.parameterValues.isEmpty {
            warnings.append(
                Diagnostic(severity: .warning, kind: .invalidInput, message: "--parameters is given, but no input is a deployment template; ignored"))
        }
        var paired: [String: [(file: String, parameters: JSONObject)]] = [:]
        let givenFiles = Set(options.parameterFiles.map(TemplatePairing.standard))
        for document in documents where document.kind == .parameters {
            let parameters = document.root["parameters"]?.objectValue ?? JSONObject(keys: [], values: [])
            let link = document.root["metadata"]?["template"]?.stringValue
            if let template = TemplatePairing.template(for: document.file, link: link, among: templates.map(\.file)) {
                paired[template, default: []].append((document.file, parameters))
            } else if !givenFiles.contains(TemplatePairing.standard(document.file)) {
                warnings.append(
                    Diagnostic(
                        severity: .warning, kind: .invalidInput, file: document.file,
                        message:
                            "a parameter file with no template beside it (\(templates.isEmpty ? "no input is a template" : "no template named after it")); not used: give it with --parameters"
                    ))
            }
        }
        var out: [SourceDocument] = [], templateErrors: [String: [Diagnostic]] = [:]
        for document in documents {
            switch document.kind {
            case .parameters:
                // Kept, as a file read, with nothing of its own to convert.
                var used = document
                used.expanded = ExpandedTemplate(resources: [], lines: [:], diagnostics: [])
                out.append(used)
            case .resources: out.append(document)
            case .terraform:
                var planned = document
                if let problem = TerraformFormat.problem(with: document.root, file: document.file) {
                    errors.append(problem)
                    planned.expanded = ExpandedTemplate(resources: [], lines: [:], diagnostics: [])
                } else {
                    planned.expanded = expandTerraform(document, subscription: options.subscription)
                }
                out.append(planned)
            case .template:
                // Several parameter files beside one template are alternatives (one per
                // environment): each is a deployment of its own, into a resource group of its
                // own unless one is given. Layered, they would make a mix no environment has.
                let beside = paired[document.file] ?? []
                let runs = beside.count > 1 ? beside.map { [$0] } : [beside]
                var parts: [ExpandedTemplate] = [], own: [Diagnostic] = []
                for run in runs {
                    var supplied: [String: SuppliedParameter] = [:]
                    for (file, parameters) in run + given {
                        for (name, entry) in zip(parameters.keys, parameters.values) {
                            supplied[name.lowercased()] = Self.supplied(entry, name: name, file: file)
                        }
                    }
                    for (name, value) in options.parameterValues { supplied[name.lowercased()] = .text(value) }
                    var runOptions = options, notes: [Diagnostic] = []
                    if runs.count > 1, let file = run.first?.file {
                        if options.resourceGroup == nil {
                            runOptions.resourceGroup = TemplateOptions.defaultResourceGroup + "-" + TemplatePairing.environment(of: file)
                        }
                        notes.append(
                            Diagnostic(
                                severity: .note, kind: .assumption, file: document.file,
                                message:
                                    "deployed once per parameter file beside it (\(beside.count) of them): with \(file) into resource group \(runOptions.resourceGroup ?? "")"
                                    + (options.resourceGroup == nil ? " (give --resource-group to choose it)" : "")))
                    }
                    let part = expand(document, supplied: supplied, options: runOptions, maxInputSize: maxInputSize, errors: &own)
                    parts.append(ExpandedTemplate(resources: part.resources, lines: part.lines, diagnostics: notes + part.diagnostics))
                }
                var expanded = document
                expanded.expanded = ExpandedTemplate(
                    resources: parts.flatMap(\.resources), lines: parts.reduce(into: [:]) { $0.merge($1.lines) { a, _ in a } },
                    diagnostics: parts.flatMap(\.diagnostics))
                templateErrors[document.file] = own
                out.append(expanded)
            }
        }
        // A template that another one links to is deployed through it, with the parameters
        // the parent passes; evaluated alone as well, it would fail for want of them, or deploy
        // its resources a second time.
        var linkedBy: [String: String] = [:]
        for document in out where document.kind == .template {
            for file in (document.expanded?.lines ?? [:]).keys where file != document.file { linkedBy[TemplatePairing.standard(file)] = document.file }
        }
        for i in out.indices where out[i].kind == .template {
            guard let parent = linkedBy[TemplatePairing.standard(out[i].file)] else {
                errors += templateErrors[out[i].file] ?? []
                continue
            }
            let note = Diagnostic(
                severity: .note, kind: .assumption, file: out[i].file,
                message: "a linked template of \(parent): analysed as that template deploys it, not on its own")
            out[i].expanded = ExpandedTemplate(resources: [], lines: [:], diagnostics: [note])
        }
        return (out, errors, warnings)
    }

    private static func expand(
        _ document: SourceDocument, supplied: [String: SuppliedParameter], options: TemplateOptions, maxInputSize: Int, errors: inout [Diagnostic]
    ) -> ExpandedTemplate {
        let expander = TemplateExpander()
        expander.readLinked = { path in
            guard let bytes = try? contents(of: path, limit: maxInputSize), let root = try? JSONParser.parse(bytes, lenient: true) else { return nil }
            return (root, LineIndex(bytes: bytes))
        }
        let (context, defaulted) = TemplateExpander.context(for: document.root, file: document.file, options: options)
        var notes: [Diagnostic] = []
        if !defaulted.isEmpty {
            notes.append(
                Diagnostic(
                    severity: .note, kind: .assumption, file: document.file,
                    message:
                        "template evaluated for \(defaulted.joined(separator: ", ")) (defaults; give --subscription, --resource-group and --location to match an export)"
                ))
        }
        expander.expand(root: document.root, file: document.file, lines: document.lines, context: context, supplied: supplied)
        errors += expander.errors
        return ExpandedTemplate(resources: expander.resources, lines: expander.lines, diagnostics: notes + expander.diagnostics.diagnostics)
    }

    /// A parameter file's entry: `{"value": ...}` taken literally, `{"reference": ...}` (a
    /// key vault secret) symbolic.
    private static func supplied(_ entry: JSONValue, name: String, file: String) -> SuppliedParameter {
        if let value = entry["value"] { return .value(value, source: file) }
        if entry["reference"] != nil { return .value(SymbolicValue.make("key vault secret for parameter '\(name)'"), source: file) }
        return .value(entry, source: file)
    }

    /// The `parameters` object of a file given with `--parameters`.
    private static func parameterFile(_ file: String, maxInputSize: Int) -> Result<JSONObject, Diagnostic> {
        let bytes: [UInt8]
        do throws(InputReadError) {
            bytes = try contents(of: file, limit: maxInputSize)
        } catch {
            return .failure(Diagnostic(severity: .error, kind: .invalidInput, file: file, message: "cannot read the parameter file: \(error.message)"))
        }
        let document: SourceDocument
        do throws(Diagnostic) {
            document = try SourceDocument(bytes: bytes, file: file)
        } catch {
            return .failure(error)
        }
        guard case .object(let root) = document.root else {
            return .failure(Diagnostic(severity: .error, kind: .invalidInput, file: file, pointer: "", message: "a parameter file must be a JSON object"))
        }
        if case .object(let parameters)? = root["parameters"] { return .success(parameters) }
        if document.kind == .parameters { return .success(JSONObject(keys: [], values: [])) }
        // `az deployment ... --parameters @FILE` also takes the parameters object alone.
        if !root.keys.isEmpty, root.values.allSatisfy({ $0["value"] != nil || $0["reference"] != nil }) { return .success(root) }
        return .failure(
            Diagnostic(
                severity: .error, kind: .invalidInput, file: file, pointer: "",
                message:
                    "not a parameter file: expected an object with \"parameters\", or the parameters alone ({\"name\": {\"value\": ...}}), as az deployment ... --parameters takes them"
            ))
    }
}

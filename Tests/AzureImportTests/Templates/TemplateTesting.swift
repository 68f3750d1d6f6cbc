import TopologyModel

@testable import AzureImport

/// Evaluates expressions and small templates held in test source.
enum TemplateTesting {
    /// A scope built from `template` (JSON text), deployed with the default context.
    static func scope(_ template: String = "{}", supplied: [String: SuppliedParameter] = [:]) throws -> TemplateScope {
        let bytes = Array(template.utf8)
        guard case .object(let object) = try JSONParser.parse(bytes, lenient: true) else { throw TemplateError("not an object") }
        let expander = TemplateExpander()
        let (context, _) = TemplateExpander.context(for: .object(object), file: "test.json", options: TemplateOptions())
        return try expander.makeScope(object, file: "test.json", lines: LineIndex(bytes: bytes), context: context, supplied: supplied, pointer: "")
    }

    /// The value of one expression string (`"[...]"` or a literal) in `template`'s scope.
    static func evaluate(_ text: String, in template: String = "{}") throws -> JSONValue {
        var evaluator = Evaluator(scope: try scope(template))
        return try evaluator.tree(.string(text), pointer: "/x", offset: -1) ?? .null
    }

    /// The message of the error an expression raises.
    static func failure(_ text: String, in template: String = "{}") -> String? {
        do {
            _ = try evaluate(text, in: template)
            return nil
        } catch let error as TemplateError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    /// The resources a template (JSON text) deploys, with the import's diagnostics.
    static func expand(_ template: String, options: TemplateOptions = TemplateOptions()) throws(ImportError) -> ImportResult {
        try AzureImporter.load(json: template, file: "template.json", templates: options)
    }
}

extension JSONValue {
    /// Compact JSON text, to compare whole values in one expectation.
    var json: String { CompactJSON.text(self) }
}

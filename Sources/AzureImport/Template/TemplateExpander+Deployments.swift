import Foundation
import TopologyModel

/// Nested deployments (`Microsoft.Resources/deployments`): an inline template or a linked
/// one found beside the file, evaluated in the parent's names (`outer`, the default) or its
/// own (`inner`), deploying to the subscription and resource group the deployment names.
extension TemplateExpander {
    func deployment(_ object: JSONObject, name: String, evaluator: inout Evaluator, idContext: DeploymentContext, pointer: String) throws(TemplateError) {
        let scope = evaluator.scope
        guard case .object(let properties)? = object["properties"] else {
            throw evaluator.place(TemplateError("a deployment needs \"properties\""), pointer: pointer, offset: object.offset)
        }
        depth += 1
        defer { depth -= 1 }
        guard depth <= 16 else { throw evaluator.place(TemplateError("deployments nest deeper than 16 levels"), pointer: pointer, offset: object.offset) }
        let propertiesPointer = pointer + "/properties"
        // Where the nested resources go.
        var target = idContext
        target.deploymentName = name
        if let subscription = object["subscriptionId"] {
            target.subscription = Evaluator.text(try evaluator.tree(subscription, pointer: pointer + "/subscriptionId", offset: object.offset) ?? .null)
            if object["resourceGroup"] == nil { target.level = .subscription }
        }
        if let group = object["resourceGroup"] {
            target.resourceGroup = Evaluator.text(try evaluator.tree(group, pointer: pointer + "/resourceGroup", offset: object.offset) ?? .null)
            target.level = .resourceGroup
        }
        if let location = object["location"], target.level != .resourceGroup {
            target.location = Evaluator.text(try evaluator.tree(location, pointer: pointer + "/location", offset: object.offset) ?? .null)
        }
        var inner = false
        if let options = properties["expressionEvaluationOptions"], let mode = options["scope"] {
            let text = Evaluator.text(
                try evaluator.tree(mode, pointer: propertiesPointer + "/expressionEvaluationOptions/scope", offset: object.offset) ?? .null)
            inner = text.lowercased() == "inner"
        }
        // The template: inline, or linked by a path beside this file.
        var template: JSONObject, templateFile = scope.file, templateLines = scope.lines, templatePointer = propertiesPointer + "/template"
        if case .object(let inline)? = properties["template"] {
            template = inline
        } else if let link = properties["templateLink"] {
            let reference = link["relativePath"] ?? link["uri"] ?? link["id"] ?? .null
            let text = Evaluator.text(try evaluator.tree(reference, pointer: propertiesPointer + "/templateLink", offset: object.offset) ?? .null)
            guard let (root, lines, file) = linked(text, from: scope.file), case .object(let linkedTemplate) = root else {
                evaluator.assume(
                    "the linked template '\(text)' of deployment '\(name)' is not among the files beside \(scope.file); its resources are not analysed (give the template next to this one, or pass it as an input)"
                )
                return
            }
            template = linkedTemplate
            templateFile = file
            templateLines = lines
            templatePointer = ""
            inner = true
        } else {
            throw evaluator.place(
                TemplateError("deployment '\(name)' has neither \"template\" nor \"templateLink\""), pointer: propertiesPointer, offset: object.offset)
        }
        if !inner {
            // The parent's names, the deployment's place for IDs.
            outerDepth += 1
            defer { outerDepth -= 1 }
            expand(template, scope: scope, idContext: target, pointer: templatePointer)
            return
        }
        if outerDepth > 0, templateFile == scope.file, case .object(let unescaped) = Self.unescapedOnce(.object(template)) {
            // Inline inside an outer-scope template, the parent reads this text first, turning
            // `[[x]` into `[x]`: authors escape what the inner deployment is to evaluate.
            template = unescaped
        }
        var supplied: [String: SuppliedParameter] = [:]
        if case .object(let parameters)? = properties["parameters"] {
            for (key, entry) in zip(parameters.keys, parameters.values) {
                let entryPointer = propertiesPointer + "/parameters/" + JSONNode.escape(key)
                if let value = entry["value"] {
                    let evaluated = try evaluator.tree(value, pointer: entryPointer + "/value", offset: entry.objectValue?.offset ?? object.offset) ?? .null
                    supplied[key.lowercased()] = .value(evaluated, source: "deployment '\(name)'")
                } else if entry["reference"] != nil {
                    supplied[key.lowercased()] = .value(SymbolicValue.make("key vault secret for parameter '\(key)'"), source: "deployment '\(name)'")
                }
            }
        }
        if properties["parametersLink"] != nil {
            evaluator.assume(
                "deployment '\(name)' takes its parameters from a parametersLink, which is not read offline; its parameters fall back to their defaults")
        }
        var context = target
        context.deploymentName = name
        let innerScope = try makeScope(template, file: templateFile, lines: templateLines, context: context, supplied: supplied, pointer: templatePointer)
        let saved = outerDepth
        outerDepth = 0
        defer { outerDepth = saved }
        expand(template, scope: innerScope, idContext: context, pointer: templatePointer)
    }

    /// Every string that starts with the `[[` escape with one `[` fewer.
    static func unescapedOnce(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text) where text.hasPrefix("[["): return .string(String(text.dropFirst()))
        case .array(let items): return .array(items.map(unescapedOnce))
        case .object(let object): return .object(JSONObject(keys: object.keys, values: object.values.map(unescapedOnce), offset: object.offset))
        default: return value
        }
    }

    /// A linked template given by a path relative to the file that links it (a URL's last
    /// segments are tried beside the file as well, as `uri(deployment()...)` links are).
    private func linked(_ reference: String, from file: String) -> (JSONValue, LineIndex, String)? {
        guard !reference.isEmpty, !SymbolicValue.isSymbolic(.string(reference)) else { return nil }
        let directory = (file as NSString).deletingLastPathComponent
        var candidates: [String] = []
        if reference.contains("://") {
            var path = String(reference[reference.range(of: "://")!.upperBound...])
            if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
            let parts = path.split(separator: "/").dropFirst()
            for k in 1...max(1, parts.count) where k <= parts.count { candidates.append(parts.suffix(k).joined(separator: "/")) }
        } else {
            candidates.append(reference)
        }
        for candidate in candidates {
            let path = candidate.hasPrefix("/") ? candidate : (directory as NSString).appendingPathComponent(candidate)
            if let (root, lines) = readLinked(path) {
                self.lines[path] = lines
                return (root, lines, path)
            }
        }
        return nil
    }
}

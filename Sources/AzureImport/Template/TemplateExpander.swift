import Foundation
import TopologyModel

/// Turns a deployment template into the resources it deploys: parameters and variables
/// resolved, copy loops expanded, conditions applied, child resources given their full
/// type and name, nested deployments followed in their own scope.
///
/// Failures are collected per resource, so one run names every expression that cannot be
/// evaluated; assumptions go to the shared ``DiagnosticSink``.
final class TemplateExpander {
    private(set) var resources: [TemplateResource] = []
    /// Where each resource ID (lowercased) sits in `resources`.
    private var slots: [String: Int] = [:]
    /// Resource IDs (lowercased) by lowercased name and by symbolic name, for `reference()`.
    private var names: [String: [String]] = [:]
    private(set) var errors: [Diagnostic] = []
    /// Line indices of every file read (the template and the linked templates it names).
    var lines: [String: LineIndex] = [:]
    let diagnostics = DiagnosticSink()
    /// Reads a linked template; nil when the file cannot be had (a warning says why).
    var readLinked: (String) -> (JSONValue, LineIndex)? = { _ in nil }
    var depth = 0
    /// How many outer-scope nested templates the walk is inside, within the nearest scope of
    /// its own: Azure evaluates such a template's text once in the parent, escapes included.
    var outerDepth = 0

    /// The context a template is deployed in, from the options and the template's schema;
    /// a note says which values are defaults.
    static func context(for root: JSONValue, file: String, options: TemplateOptions) -> (DeploymentContext, defaulted: [String]) {
        let schema = root["$schema"]?.stringValue ?? ""
        var defaulted: [String] = []
        if options.subscription == nil { defaulted.append("subscription \(TemplateOptions.defaultSubscription)") }
        if options.resourceGroup == nil { defaulted.append("resource group \(TemplateOptions.defaultResourceGroup)") }
        if options.location == nil { defaulted.append("location \(TemplateOptions.defaultLocation)") }
        var name = (file as NSString).lastPathComponent
        if name.lowercased().hasSuffix(".json") { name = String(name.dropLast(5)) }
        let context = DeploymentContext(
            level: DeploymentContext.level(ofSchema: schema), subscription: options.subscription ?? TemplateOptions.defaultSubscription,
            resourceGroup: options.resourceGroup ?? TemplateOptions.defaultResourceGroup, location: options.location ?? TemplateOptions.defaultLocation,
            deploymentName: name)
        return (context, defaulted)
    }

    /// Expands a top-level template.
    func expand(root: JSONValue, file: String, lines fileLines: LineIndex, context: DeploymentContext, supplied: [String: SuppliedParameter]) {
        lines[file] = fileLines
        guard case .object(let template) = root else {
            errors.append(Diagnostic(severity: .error, kind: .invalidInput, file: file, pointer: "", message: "a template must be a JSON object"))
            return
        }
        do throws(TemplateError) {
            let scope = try makeScope(template, file: file, lines: fileLines, context: context, supplied: supplied, pointer: "")
            expand(template, scope: scope, idContext: context, pointer: "")
            if !scope.defaulted.isEmpty {
                // Defaults can hide structure (an empty subnet list): say which were used.
                diagnostics.add(
                    Diagnostic(
                        severity: .note, kind: .assumption, file: file, pointer: "/parameters",
                        message: "parameters taken from their defaults: \(scope.defaulted.joined(separator: ", ")) (give --parameters to set them)"))
            }
        } catch {
            errors.append(error.diagnostic ?? Diagnostic(severity: .error, kind: .invalidInput, file: file, pointer: "", message: error.message))
        }
    }

    // MARK: Scopes

    /// A scope for a template's own names: its parameters (supplied values, or defaults),
    /// variables and user-defined functions.
    func makeScope(
        _ template: JSONObject, file: String, lines: LineIndex, context: DeploymentContext, supplied: [String: SuppliedParameter], pointer: String
    ) throws(TemplateError) -> TemplateScope {
        let scope = TemplateScope(file: file, lines: lines, context: context, diagnostics: diagnostics)
        scope.declaredResource = { [weak self] target in self?.declared(target) }
        if case .object(let parameters)? = template["parameters"] {
            for (name, declaration) in zip(parameters.keys, parameters.values) {
                let type = declaration["type"]?.stringValue?.lowercased() ?? "string"
                var value: JSONValue?
                switch supplied[name.lowercased()] {
                case .value(let v, _)?: value = v
                case .text(let text)?: value = try Self.read(text, as: type, parameter: name)
                case nil: value = nil
                }
                scope.parameters[name.lowercased()] = TemplateScope.Parameter(
                    name: name, type: type, supplied: value, declaration: declaration, pointer: pointer + "/parameters/" + JSONNode.escape(name))
            }
        }
        for (name, source) in supplied where scope.parameters[name] == nil {
            let from: String
            if case .value(_, let file) = source { from = file } else { from = "--parameters" }
            diagnostics.add(
                Diagnostic(
                    severity: .warning, kind: .invalidInput, file: file, pointer: pointer + "/parameters",
                    message: "\(from) gives parameter '\(name)', which the template does not declare (Azure refuses such a deployment); ignored"))
        }
        if case .object(let variables)? = template["variables"] {
            for (name, value) in zip(variables.keys, variables.values) {
                let here = pointer + "/variables/" + JSONNode.escape(name)
                if name.lowercased() == "copy", case .array(let loops) = value {
                    for (i, loop) in loops.enumerated() {
                        guard let loopName = loop["name"]?.stringValue else { continue }
                        scope.variables[loopName.lowercased()] = .loop(loop, pointer: here + "/\(i)")
                    }
                } else {
                    scope.variables[name.lowercased()] = .value(value, pointer: here)
                }
            }
        }
        if case .array(let groups)? = template["functions"] {
            for (g, group) in groups.enumerated() {
                guard let namespace = group["namespace"]?.stringValue, case .object(let members)? = group["members"] else { continue }
                for (name, member) in zip(members.keys, members.values) {
                    let names = (member["parameters"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
                    scope.functions[(namespace + "." + name).lowercased()] = UserFunction(
                        name: namespace + "." + name, parameterNames: names, output: member["output"]?["value"] ?? .null,
                        pointer: pointer + "/functions/\(g)/members/" + JSONNode.escape(name))
                }
            }
        }
        return scope
    }

    /// Command-line text as a value of the parameter's declared type.
    static func read(_ text: String, as type: String, parameter: String) throws(TemplateError) -> JSONValue {
        switch type {
        case "int":
            guard let n = Int(text) else { throw TemplateError("--parameters \(parameter)=\(text): the parameter is an int") }
            return .number(Double(n))
        case "bool":
            guard ["true", "false"].contains(text.lowercased()) else { throw TemplateError("--parameters \(parameter)=\(text): the parameter is a bool") }
            return .bool(text.lowercased() == "true")
        case "array", "object", "secureobject":
            do throws(TemplateError) {
                return try Evaluator.parseJSON(text, "--parameters \(parameter)")
            } catch {
                throw TemplateError("--parameters \(parameter)=…: the parameter is \(type == "array" ? "an array" : "an object"), and the value is not JSON")
            }
        default:
            return .string(text)
        }
    }

    // MARK: Resources

    /// The resources of one template body, evaluated in `scope`, with IDs under `idContext`.
    func expand(_ template: JSONObject, scope: TemplateScope, idContext: DeploymentContext, pointer: String) {
        switch template["resources"] {
        case .array(let declarations)?:
            for (i, declaration) in declarations.enumerated() {
                declare(declaration, scope: scope, idContext: idContext, pointer: pointer + "/resources/\(i)", parent: nil, loops: [])
            }
        case .object(let declarations)?:
            for (name, declaration) in zip(declarations.keys, declarations.values) {
                declare(
                    declaration, scope: scope, idContext: idContext, pointer: pointer + "/resources/" + JSONNode.escape(name), parent: nil, loops: [])
            }
        default:
            break
        }
    }

    /// One declaration: each copy of a resource loop, or the resource once.
    func declare(
        _ declaration: JSONValue, scope: TemplateScope, idContext: DeploymentContext, pointer: String, parent: (type: String, name: String)?,
        loops: [(name: String, index: Int)]
    ) {
        var evaluator = Evaluator(scope: scope)
        evaluator.loops = loops
        evaluator.resourceLoop = loops.last
        evaluator.pointer = pointer
        do throws(TemplateError) {
            guard case .object(let object) = declaration else { throw TemplateError("a resource must be an object, found \(declaration.kindName)") }
            evaluator.offset = object.offset
            if case .object(let copy)? = object["copy"] {
                let copyPointer = pointer + "/copy"
                guard let name = copy["name"]?.stringValue else {
                    throw evaluator.place(TemplateError("a resource copy loop needs a \"name\""), pointer: copyPointer, offset: object.offset)
                }
                let count = try evaluator.loopCount(.object(copy), pointer: copyPointer, offset: object.offset)
                for i in 0..<count {
                    var inner = evaluator
                    inner.loops.append((name, i))
                    inner.resourceLoop = (name, i)
                    try instance(object, evaluator: &inner, idContext: idContext, pointer: pointer, parent: parent)
                }
            } else {
                try instance(object, evaluator: &evaluator, idContext: idContext, pointer: pointer, parent: parent)
            }
        } catch {
            errors.append(
                error.diagnostic
                    ?? Diagnostic(
                        severity: .error, kind: .invalidInput, file: scope.file, line: scope.line(of: evaluator.offset), pointer: pointer,
                        message: error.message))
        }
    }

    /// Members that say how to deploy a resource rather than what it is.
    static let deploymentMembers: Set<String> = ["copy", "condition", "dependson", "resources", "existing", "comments", "scope", "apiversion"]

    private func instance(
        _ object: JSONObject, evaluator: inout Evaluator, idContext: DeploymentContext, pointer: String, parent: (type: String, name: String)?
    ) throws(TemplateError) {
        let scope = evaluator.scope
        if let condition = object["condition"] {
            let value = try evaluator.tree(condition, pointer: pointer + "/condition", offset: object.offset) ?? .null
            switch value {
            case .bool(false): return
            case .bool(true): break
            case _ where SymbolicValue.isSymbolic(value):
                evaluator.assume("the condition is known only at deploy time (\(Evaluator.text(value))); the resource is analysed as deployed")
            default:
                throw evaluator.place(
                    TemplateError("a condition must be a boolean, found \(value.kindName)"), pointer: pointer + "/condition", offset: object.offset)
            }
        }
        guard let declaredType = object["type"]?.stringValue else {
            throw evaluator.place(TemplateError("the resource has no \"type\""), pointer: pointer, offset: object.offset)
        }
        guard let nameValue = object["name"] else {
            throw evaluator.place(TemplateError("the resource has no \"name\""), pointer: pointer, offset: object.offset)
        }
        let evaluatedName = Evaluator.text(try evaluator.tree(nameValue, pointer: pointer + "/name", offset: object.offset) ?? .null)
        var type = declaredType
        var name = evaluatedName
        if let parent, !declaredType.contains("/") {
            type = parent.type + "/" + declaredType
            name = parent.name + "/" + evaluatedName
        } else if let parent, !evaluatedName.contains("/") {
            name = parent.name + "/" + evaluatedName
        }
        evaluator.resourceType = type
        if case .bool(true)? = object["existing"] {
            evaluator.assume(
                "'\(name)' is declared as existing: the template refers to it but does not deploy it; give it in an export to analyse it", severity: .note)
            return
        }
        if type.lowercased() == "microsoft.resources/deployments" {
            try deployment(object, name: name, evaluator: &evaluator, idContext: idContext, pointer: pointer)
            return
        }
        let id: String
        if let scopeValue = object["scope"] {
            let base = Evaluator.text(try evaluator.tree(scopeValue, pointer: pointer + "/scope", offset: object.offset) ?? .null)
            id = try Self.id(scope: base.hasSuffix("/") ? String(base.dropLast()) : base, type: type, name: name)
        } else {
            id = try Self.id(scope: idContext.scopeID, type: type, name: name)
        }
        var keys = ["id", "name", "type"], values: [JSONValue] = [.string(id), .string(name), .string(type)]
        for (key, member) in zip(object.keys, object.values) {
            let lower = key.lowercased()
            if Self.deploymentMembers.contains(lower) || lower == "id" || lower == "name" || lower == "type" { continue }
            guard let value = try evaluator.tree(member, pointer: pointer + "/" + JSONNode.escape(key), offset: member.objectValue?.offset ?? object.offset)
            else {
                continue
            }
            // `"properties": ""` deploys as no properties at all.
            if lower == "properties", case .string(let text) = value, text.isEmpty { continue }
            keys.append(key)
            values.append(value)
        }
        let resource = TemplateResource(value: .object(JSONObject(keys: keys, values: values, offset: object.offset)), pointer: pointer, file: scope.file)
        if let slot = slots[id.lowercased()] {
            // A template may deploy a resource twice (a nested deployment, then an update):
            // each PUT replaces the last, so the declaration met later stands.
            let earlier = resources[slot]
            evaluator.assume(
                "\(id) is declared twice, here and at \(earlier.file):\(earlier.value.objectValue.flatMap { scope.line(of: $0.offset) }.map(String.init) ?? "?") (\(earlier.pointer)); this later declaration is analysed, as it is deployed after the other",
                severity: .note)
            resources[slot] = resource
        } else {
            slots[id.lowercased()] = resources.count
            resources.append(resource)
            var aliases = [name.lowercased()]
            if pointer.hasPrefix("/resources/"), !pointer.dropFirst(11).contains("/"), Int(pointer.dropFirst(11)) == nil {
                aliases.append(String(pointer.dropFirst(11)).lowercased())  // a languageVersion 2.0 symbolic name
            }
            for alias in Set(aliases) where !(names[alias]?.contains(id.lowercased()) ?? false) { names[alias, default: []].append(id.lowercased()) }
        }
        if case .array(let children)? = object["resources"] {
            for (i, child) in children.enumerated() {
                declare(child, scope: scope, idContext: idContext, pointer: pointer + "/resources/\(i)", parent: (type, name), loops: evaluator.loops)
            }
        }
    }

    /// A resource expanded so far, by ID, or by a name (or symbolic name) only one has.
    func declared(_ target: String) -> JSONValue? {
        let key = target.lowercased()
        if let slot = slots[key] { return resources[slot].value }
        guard let ids = names[key], ids.count == 1, let slot = slots[ids[0]] else { return nil }
        return resources[slot].value
    }

    /// The ID of a resource of `type` named `name` (one name segment per type segment after
    /// the namespace) under `scope`.
    static func id(scope: String, type: String, name: String) throws(TemplateError) -> String {
        let types = type.split(separator: "/")
        let names = name.split(separator: "/", omittingEmptySubsequences: false)
        guard types.count >= 2, names.count == types.count - 1 else {
            throw TemplateError(
                "the name '\(name)' has \(names.count) segment\(names.count == 1 ? "" : "s"), but a resource of type \(type) needs \(max(1, types.count - 1)) (one per level: parent/child)"
            )
        }
        return Evaluator.resourceID(scope: scope, type: type, names: names.map(String.init))
    }
}

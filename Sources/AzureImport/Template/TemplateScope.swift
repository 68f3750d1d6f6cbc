import TopologyModel

/// The names one template (or one inner-scope nested template, or one user-defined
/// function call) can see: its parameters, its variables, its functions, where it is
/// deployed, and the file it is written in.
///
/// A class: variables and parameter defaults are evaluated on first use and remembered,
/// and a name met again while it is being evaluated is a cycle.
final class TemplateScope {
    /// A declared parameter and where its value comes from.
    struct Parameter {
        let name: String
        let type: String
        /// A supplied value, taken literally (parameter files are never evaluated).
        var supplied: JSONValue?
        /// The declaration, for its `defaultValue` (evaluated here, on first use).
        let declaration: JSONValue?
        let pointer: String
    }

    /// A variable's declaration: a plain value, or one `copy` entry that builds an array.
    enum Variable {
        case value(JSONValue, pointer: String)
        case loop(JSONValue, pointer: String)
    }

    let file: String
    let lines: LineIndex
    var context: DeploymentContext
    var parameters: [String: Parameter] = [:]
    var variables: [String: Variable] = [:]
    var functions: [String: UserFunction] = [:]
    /// A resource this template declared, by ID, symbolic name (languageVersion 2.0) or name,
    /// as expanded so far: what `reference()` of it can know before deployment.
    var declaredResource: ((String) -> JSONValue?)?
    /// User-defined functions see no variables and only their own parameters.
    var isFunctionBody = false
    let diagnostics: DiagnosticSink

    /// The parameters that took their default value, in the order first used.
    private(set) var defaulted: [String] = []
    private var values: [String: JSONValue] = [:]
    private var evaluating: Set<String> = []

    init(file: String, lines: LineIndex, context: DeploymentContext, diagnostics: DiagnosticSink) {
        self.file = file
        self.lines = lines
        self.context = context
        self.diagnostics = diagnostics
    }

    /// The line of a byte offset in this scope's file (nil for values built in memory).
    func line(of offset: Int) -> Int? { offset >= 0 && !lines.bytes.isEmpty ? lines.lineAndColumn(of: offset).line : nil }

    /// A parameter's value: supplied, else its default evaluated here.
    func parameter(_ name: String) throws(TemplateError) -> JSONValue {
        let key = name.lowercased()
        guard let parameter = parameters[key] else {
            let known = parameters.values.map(\.name).sorted().joined(separator: ", ")
            throw TemplateError("parameters('\(name)'): the template declares no such parameter" + (known.isEmpty ? "" : " (it declares \(known))"))
        }
        if let supplied = parameter.supplied { return supplied }
        if let value = values["p:" + key] { return value }
        guard let declared = parameter.declaration?["defaultValue"] else {
            throw TemplateError(
                "parameter '\(parameter.name)' has no value and no default: give it with --parameters \(parameter.name)=VALUE or a parameter file")
        }
        guard evaluating.insert("p:" + key).inserted else { throw TemplateError("parameter '\(parameter.name)' refers to itself through its default value") }
        defer { evaluating.remove("p:" + key) }
        var evaluator = Evaluator(scope: self)
        let value =
            try evaluator.tree(declared, pointer: parameter.pointer + "/defaultValue", offset: parameter.declaration?.objectValue?.offset ?? -1) ?? .null
        values["p:" + key] = value
        defaulted.append(parameter.name)
        return value
    }

    /// A variable's value, evaluated on first use.
    func variable(_ name: String) throws(TemplateError) -> JSONValue {
        let key = name.lowercased()
        if isFunctionBody { throw TemplateError("variables('\(name)'): a user-defined function cannot read the template's variables") }
        if let value = values["v:" + key] { return value }
        guard let variable = variables[key] else {
            throw TemplateError("variables('\(name)'): the template declares no such variable")
        }
        guard evaluating.insert("v:" + key).inserted else { throw TemplateError("variable '\(name)' refers to itself") }
        defer { evaluating.remove("v:" + key) }
        var evaluator = Evaluator(scope: self)
        let value: JSONValue
        switch variable {
        case .value(let declared, let pointer):
            value = try evaluator.tree(declared, pointer: pointer, offset: declared.objectValue?.offset ?? -1) ?? .null
        case .loop(let entry, let pointer):
            value = try evaluator.copyLoop(entry, pointer: pointer, offset: entry.objectValue?.offset ?? -1)
        }
        values["v:" + key] = value
        return value
    }
}

import Foundation

/// Calls: the dispatch to each family of functions, the argument checks they share, and the
/// logical, comparison and numeric functions.
extension Evaluator {
    /// Functions whose result is still meaningful text when an argument is known only at
    /// deploy time: they pass the symbolic text through instead of becoming unknown whole.
    static let passSymbols: Set<String> = [
        "concat", "format", "string", "tolower", "toupper", "createarray", "createobject", "array", "coalesce", "union", "trim",
    ]

    mutating func call(_ name: String, _ arguments: [TemplateExpression]) throws(TemplateError) -> JSONValue {
        let key = name.lowercased()
        switch key {
        case "if":
            try count(arguments.count, 3...3, name)
            let condition = try evaluate(arguments[0])
            if SymbolicValue.isSymbolic(condition) { return SymbolicValue.make(TemplateExpression.call(name: name, arguments: arguments).text) }
            guard case .bool(let b) = condition else { throw TemplateError("if(): the condition must be a boolean, found \(condition.kindName)") }
            return try evaluate(arguments[b ? 1 : 2])
        case "filter", "map", "reduce", "sort", "toobject", "groupby", "mapvalues":
            return try lambdaCall(key, name, arguments)
        case "lambda":
            throw TemplateError("lambda() can only be an argument of filter, map, reduce, sort, toObject, groupBy or mapValues")
        default:
            break
        }
        var values: [JSONValue] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments { values.append(try evaluate(argument)) }
        if key.contains(".") { return try userFunction(name, values) }
        if !Self.passSymbols.contains(key), values.contains(where: SymbolicValue.isSymbolic) {
            return SymbolicValue.make(TemplateExpression.call(name: name, arguments: arguments).text)
        }
        if let value = try logical(key, name, values) { return value }
        if let value = try stringFunction(key, name, values) { return value }
        if let value = try collection(key, name, values) { return value }
        if let value = try deploymentFunction(key, name, values) { return value }
        if let value = try resourceFunction(key, name, values, arguments) { return value }
        if let value = try cidr(key, name, values) { return value }
        throw TemplateError("unknown template function '\(name)'")
    }

    // MARK: Arguments

    func count(_ n: Int, _ allowed: ClosedRange<Int>, _ name: String) throws(TemplateError) {
        guard allowed.contains(n) else {
            let wanted =
                allowed.lowerBound == allowed.upperBound
                ? "\(allowed.lowerBound)" : allowed.upperBound == Int.max ? "at least \(allowed.lowerBound)" : "\(allowed.lowerBound) to \(allowed.upperBound)"
            throw TemplateError("\(name)() takes \(wanted) argument\(allowed.upperBound == 1 ? "" : "s"), given \(n)")
        }
    }

    func string(_ values: [JSONValue], _ i: Int, _ name: String) throws(TemplateError) -> String {
        guard case .string(let s) = values[i] else { throw TemplateError("\(name)(): argument \(i + 1) must be a string, found \(values[i].kindName)") }
        return s
    }

    func integer(_ values: [JSONValue], _ i: Int, _ name: String) throws(TemplateError) -> Int {
        guard let n = Self.integer(values[i]) else { throw TemplateError("\(name)(): argument \(i + 1) must be an integer, found \(values[i].kindName)") }
        return n
    }

    func boolean(_ values: [JSONValue], _ i: Int, _ name: String) throws(TemplateError) -> Bool {
        guard case .bool(let b) = values[i] else { throw TemplateError("\(name)(): argument \(i + 1) must be a boolean, found \(values[i].kindName)") }
        return b
    }

    func array(_ values: [JSONValue], _ i: Int, _ name: String) throws(TemplateError) -> [JSONValue] {
        guard case .array(let a) = values[i] else { throw TemplateError("\(name)(): argument \(i + 1) must be an array, found \(values[i].kindName)") }
        return a
    }

    func object(_ values: [JSONValue], _ i: Int, _ name: String) throws(TemplateError) -> JSONObject {
        guard case .object(let o) = values[i] else { throw TemplateError("\(name)(): argument \(i + 1) must be an object, found \(values[i].kindName)") }
        return o
    }

    static func number(_ n: Int) -> JSONValue { .number(Double(n)) }

    // MARK: Logical, comparison, numeric

    mutating func logical(_ key: String, _ name: String, _ values: [JSONValue]) throws(TemplateError) -> JSONValue? {
        switch key {
        case "and", "or":
            try count(values.count, 2...Int.max, name)
            var result = key == "and"
            for i in values.indices {
                let b = try boolean(values, i, name)
                result = key == "and" ? result && b : result || b
            }
            return .bool(result)
        case "not":
            try count(values.count, 1...1, name)
            return .bool(!(try boolean(values, 0, name)))
        case "true", "false":
            try count(values.count, 0...0, name)
            return .bool(key == "true")
        case "null":
            try count(values.count, 0...0, name)
            return .null
        case "bool":
            try count(values.count, 1...1, name)
            switch values[0] {
            case .bool: return values[0]
            case .string(let s) where ["true", "false"].contains(s.lowercased()): return .bool(s.lowercased() == "true")
            case .number(let n): return .bool(n != 0)
            default: throw TemplateError("bool(): cannot convert \(values[0].kindName) '\(Self.text(values[0]))' to a boolean")
            }
        case "equals":
            try count(values.count, 2...2, name)
            return .bool(values[0].sameContent(as: values[1]))
        case "greater", "greaterorequals", "less", "lessorequals":
            try count(values.count, 2...2, name)
            let order: Int
            switch (values[0], values[1]) {
            case (.number(let a), .number(let b)): order = a < b ? -1 : a > b ? 1 : 0
            case (.string(let a), .string(let b)): order = Self.compareText(a, b)
            default: throw TemplateError("\(name)(): compares two integers or two strings, given \(values[0].kindName) and \(values[1].kindName)")
            }
            switch key {
            case "greater": return .bool(order > 0)
            case "greaterorequals": return .bool(order >= 0)
            case "less": return .bool(order < 0)
            default: return .bool(order <= 0)
            }
        case "coalesce":
            try count(values.count, 1...Int.max, name)
            return values.first(where: { !$0.isNull }) ?? .null
        case "add", "sub", "mul", "div", "mod":
            try count(values.count, 2...2, name)
            let a = try integer(values, 0, name), b = try integer(values, 1, name)
            switch key {
            case "add": return Self.number(a &+ b)
            case "sub": return Self.number(a &- b)
            case "mul": return Self.number(a &* b)
            default:
                guard b != 0 else { throw TemplateError("\(name)(): division by zero") }
                return Self.number(key == "div" ? a / b : a % b)
            }
        case "int":
            try count(values.count, 1...1, name)
            switch values[0] {
            case .number(let n): return Self.number(Int(n.rounded(.towardZero)))
            case .string(let s):
                guard let n = Int(s.trimmingCharacters(in: .whitespaces)) else { throw TemplateError("int(): '\(s)' is not an integer") }
                return Self.number(n)
            default: throw TemplateError("int(): cannot convert \(values[0].kindName) to an integer")
            }
        case "float":
            try count(values.count, 1...1, name)
            if case .number = values[0] { return values[0] }
            if case .string(let s) = values[0], let d = Double(s) { return .number(d) }
            throw TemplateError("float(): cannot convert \(values[0].kindName) to a number")
        default:
            return nil
        }
    }

    /// The order the documentation shows for `greater('A', 'a')` (true): letters compare
    /// ignoring case first, and at the first letter that differs only in case the capital
    /// one is greater.
    static func compareText(_ a: String, _ b: String) -> Int {
        let la = a.lowercased(), lb = b.lowercased()
        if la != lb { return la < lb ? -1 : 1 }
        for (x, y) in zip(a, b) where x != y { return x.isUppercase ? 1 : -1 }
        return 0
    }

    /// `namespace.name(args)`: the function's `output.value` in a scope of its own.
    mutating func userFunction(_ name: String, _ values: [JSONValue]) throws(TemplateError) -> JSONValue {
        guard let function = scope.functions[name.lowercased()] else { throw TemplateError("unknown template function '\(name)'") }
        guard values.count == function.parameterNames.count else {
            throw TemplateError(
                "\(name)() takes \(function.parameterNames.count) argument\(function.parameterNames.count == 1 ? "" : "s"), given \(values.count)")
        }
        let body = TemplateScope(file: scope.file, lines: scope.lines, context: scope.context, diagnostics: scope.diagnostics)
        body.isFunctionBody = true
        body.functions = scope.functions
        for (parameter, value) in zip(function.parameterNames, values) {
            body.parameters[parameter.lowercased()] = TemplateScope.Parameter(
                name: parameter, type: "", supplied: value, declaration: nil, pointer: function.pointer)
        }
        var evaluator = Evaluator(scope: body)
        return try evaluator.tree(function.output, pointer: function.pointer + "/output/value", offset: offset) ?? .null
    }
}

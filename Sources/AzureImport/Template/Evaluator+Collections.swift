/// Array and object functions, and the lambda functions (`filter`, `map`, `reduce`...).
extension Evaluator {
    mutating func collection(_ key: String, _ name: String, _ values: [JSONValue]) throws(TemplateError) -> JSONValue? {
        switch key {
        case "array":
            try count(values.count, 1...1, name)
            if case .array = values[0] { return values[0] }
            return .array([values[0]])
        case "createarray":
            return .array(values)
        case "createobject":
            guard values.count % 2 == 0 else { throw TemplateError("createObject(): takes names and values in pairs, given \(values.count) arguments") }
            var keys: [String] = [], members: [JSONValue] = []
            for i in stride(from: 0, to: values.count, by: 2) {
                keys.append(try string(values, i, name))
                members.append(values[i + 1])
            }
            return .object(JSONObject(keys: keys, values: members))
        case "range":
            try count(values.count, 2...2, name)
            let start = try integer(values, 0, name), n = try integer(values, 1, name)
            guard n >= 0, n <= 10_000 else { throw TemplateError("range(): the count must be between 0 and 10000, given \(n)") }
            return .array((0..<n).map { Self.number(start + $0) })
        case "union", "intersection":
            try count(values.count, 2...Int.max, name)
            if case .array = values[0] {
                var lists: [[JSONValue]] = []
                for i in values.indices { lists.append(try array(values, i, name)) }
                var out: [JSONValue] = []
                if key == "union" {
                    for item in lists.joined() where !out.contains(where: { $0.sameContent(as: item) }) { out.append(item) }
                } else {
                    for item in lists[0]
                    where lists.dropFirst().allSatisfy({ $0.contains(where: { $0.sameContent(as: item) }) })
                        && !out.contains(where: { $0.sameContent(as: item) })
                    {
                        out.append(item)
                    }
                }
                return .array(out)
            }
            var objects: [JSONObject] = []
            for i in values.indices { objects.append(try object(values, i, name)) }
            var merged = objects[0]
            if key == "union" {
                for other in objects.dropFirst() { merged = Self.merge(merged, other) }
            } else {
                var keys: [String] = [], members: [JSONValue] = []
                for (k, v) in zip(merged.keys, merged.values) where objects.dropFirst().allSatisfy({ $0[k]?.sameContent(as: v) == true }) {
                    keys.append(k)
                    members.append(v)
                }
                merged = JSONObject(keys: keys, values: members)
            }
            return .object(merged)
        case "shallowmerge":
            try count(values.count, 1...1, name)
            var merged = JSONObject(keys: [], values: [])
            for (i, _) in try array(values, 0, name).enumerated() {
                let o = try object(try array(values, 0, name), i, name)
                for (k, v) in zip(o.keys, o.values) { merged = Self.setting(merged, k, v) }
            }
            return .object(merged)
        case "flatten":
            try count(values.count, 1...1, name)
            var out: [JSONValue] = []
            for item in try array(values, 0, name) {
                guard case .array(let inner) = item else { throw TemplateError("flatten(): every item must be an array, found \(item.kindName)") }
                out += inner
            }
            return .array(out)
        case "max", "min":
            try count(values.count, 1...Int.max, name)
            let items = values.count == 1 ? (values[0].arrayValue ?? values) : values
            guard !items.isEmpty else { throw TemplateError("\(name)(): needs at least one integer") }
            var numbers: [Int] = []
            for i in items.indices { numbers.append(try integer(items, i, name)) }
            return Self.number(key == "max" ? numbers.max()! : numbers.min()!)
        case "items":
            try count(values.count, 1...1, name)
            let o = try object(values, 0, name)
            let sorted = zip(o.keys, o.values).sorted { $0.0.lowercased() < $1.0.lowercased() }
            return .array(sorted.map { .object(JSONObject(keys: ["key", "value"], values: [.string($0.0), $0.1])) })
        case "objectkeys":
            try count(values.count, 1...1, name)
            return .array(try object(values, 0, name).keys.map { .string($0) })
        case "tryget":
            try count(values.count, 2...Int.max, name)
            var current = values[0]
            for key in values.dropFirst() {
                switch (current, key) {
                case (.object(let o), .string(let k)): current = o[k] ?? .null
                case (.array(let a), _): current = Self.integer(key).flatMap { a.indices.contains($0) ? a[$0] : nil } ?? .null
                default: return .null
                }
            }
            return current
        default:
            return nil
        }
    }

    /// `union` of two objects: members of the second win, objects in both are merged.
    static func merge(_ a: JSONObject, _ b: JSONObject) -> JSONObject {
        var out = a
        for (k, v) in zip(b.keys, b.values) {
            if case .object(let inner) = v, case .object(let existing)? = out[k] {
                out = setting(out, k, .object(merge(existing, inner)))
            } else {
                out = setting(out, k, v)
            }
        }
        return out
    }

    static func setting(_ object: JSONObject, _ key: String, _ value: JSONValue) -> JSONObject {
        var out = object
        if let i = out.index(of: key) {
            out.values[i] = value
        } else {
            out.keys.append(key)
            out.values.append(value)
        }
        return out
    }

    // MARK: Lambdas

    /// `filter`, `map`, `reduce`, `sort`, `toObject`, `groupBy`, `mapValues`: the lambda
    /// runs with its variables bound, read back by `lambdaVariables('x')`.
    mutating func lambdaCall(_ key: String, _ name: String, _ arguments: [TemplateExpression]) throws(TemplateError) -> JSONValue {
        try count(arguments.count, 2...4, name)
        let input = try evaluate(arguments[0])
        let items: [JSONValue]
        if key == "mapvalues" {
            guard case .object(let o) = input else { throw TemplateError("mapValues(): argument 1 must be an object, found \(input.kindName)") }
            items = o.values
        } else {
            guard case .array(let a) = input else { throw TemplateError("\(name)(): argument 1 must be an array, found \(input.kindName)") }
            items = a
        }
        func lambda(_ expression: TemplateExpression) throws(TemplateError) -> (names: [String], body: TemplateExpression) {
            guard case .call(let n, let parts) = expression, n.lowercased() == "lambda", parts.count >= 2 else {
                throw TemplateError("\(name)(): expects a lambda(...) argument")
            }
            var names: [String] = []
            for part in parts.dropLast() {
                guard case .string(let s) = part else { throw TemplateError("lambda(): variable names must be string literals") }
                names.append(s)
            }
            return (names, parts.last!)
        }
        func run(_ l: (names: [String], body: TemplateExpression), _ bound: [JSONValue]) throws(TemplateError) -> JSONValue {
            let saved = lambdaValues.count
            defer { lambdaValues.removeLast(lambdaValues.count - saved) }
            for (n, v) in zip(l.names, bound) { lambdaValues.append((n, v)) }
            return try evaluate(l.body)
        }
        switch key {
        case "filter", "map":
            let l = try lambda(arguments[1])
            var out: [JSONValue] = []
            for (i, item) in items.enumerated() {
                let result = try run(l, [item, Self.number(i)])
                if key == "map" {
                    out.append(result)
                } else if case .bool(true) = result {
                    out.append(item)
                }
            }
            return .array(out)
        case "reduce":
            try count(arguments.count, 3...3, name)
            var accumulator = try evaluate(arguments[1])
            let l = try lambda(arguments[2])
            for (i, item) in items.enumerated() { accumulator = try run(l, [accumulator, item, Self.number(i)]) }
            return accumulator
        case "sort":
            let l = try lambda(arguments[1])
            var sorted = items
            // Insertion sort: the lambda can throw, which the standard sort cannot carry.
            for i in sorted.indices.dropFirst() {
                var j = i
                while j > 0, case .bool(true) = try run(l, [sorted[j], sorted[j - 1]]) {
                    sorted.swapAt(j, j - 1)
                    j -= 1
                }
            }
            return .array(sorted)
        case "toobject":
            let keyLambda = try lambda(arguments[1])
            let valueLambda = arguments.count > 2 ? try lambda(arguments[2]) : nil
            var out = JSONObject(keys: [], values: [])
            for item in items {
                let k = Self.text(try run(keyLambda, [item]))
                out = Self.setting(out, k, try valueLambda.map { l throws(TemplateError) in try run(l, [item]) } ?? item)
            }
            return .object(out)
        case "groupby":
            let l = try lambda(arguments[1])
            var out = JSONObject(keys: [], values: [])
            for item in items {
                let k = Self.text(try run(l, [item]))
                out = Self.setting(out, k, .array((out[k]?.arrayValue ?? []) + [item]))
            }
            return .object(out)
        default:
            let l = try lambda(arguments[1])
            guard case .object(let o) = input else { return .null }
            var mapped: [JSONValue] = []
            for item in o.values { mapped.append(try run(l, [item])) }
            return .object(JSONObject(keys: o.keys, values: mapped))
        }
    }
}

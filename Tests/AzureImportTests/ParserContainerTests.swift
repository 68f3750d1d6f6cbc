import Testing

@testable import AzureImport

/// The parser keeps the members and items of open containers on one stack and moves them
/// into each container as it closes. Random trees, deep and wide enough to make that stack
/// grow many times over, must parse back to exactly what was written, member order included.
@Suite("Parser containers")
struct ParserContainerTests {
    /// A generated value and its JSON text.
    indirect enum Tree: Equatable {
        case number(Int)
        case string(String)
        case array([Tree])
        case object([(String, Tree)])

        static func == (a: Tree, b: Tree) -> Bool {
            switch (a, b) {
            case (.number(let x), .number(let y)): return x == y
            case (.string(let x), .string(let y)): return x == y
            case (.array(let x), .array(let y)): return x == y
            case (.object(let x), .object(let y)): return x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
            default: return false
            }
        }

        var json: String {
            switch self {
            case .number(let n): return String(n)
            case .string(let s): return "\"\(s)\""
            case .array(let items): return "[" + items.map(\.json).joined(separator: ",") + "]"
            case .object(let members): return "{" + members.map { "\"\($0.0)\": \($0.1.json)" }.joined(separator: ", ") + "}"
            }
        }

        init(_ value: JSONValue) {
            switch value {
            case .number(let n): self = .number(Int(n))
            case .string(let s): self = .string(s)
            case .array(let items): self = .array(items.map(Tree.init))
            case .object(let o): self = .object(Array(zip(o.keys, o.values.map(Tree.init))))
            default: self = .string("unexpected \(value.kindName)")
            }
        }
    }

    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }

        mutating func tree(depth: Int) -> Tree {
            let kind = depth > 5 ? next(2) : next(4)
            switch kind {
            case 0: return .number(next(1_000_000))
            case 1: return .string("value-\(next(50))" + String(repeating: "v", count: next(30)))
            case 2: return .array((0..<next(depth == 0 ? 300 : 6)).map { _ in tree(depth: depth + 1) })
            default:
                // Names repeat across objects (shared strings) but not within one: the parser
                // refuses a repeated member name.
                return .object((0..<next(depth == 0 ? 300 : 6)).map { i in ("member\(next(60))-\(i)", tree(depth: depth + 1)) })
            }
        }
    }

    @Test("random nested trees parse back exactly", arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomTrees(_ seed: UInt64) throws {
        var generator = Generator(state: seed)
        let tree = Tree.array((0..<20).map { _ in generator.tree(depth: 0) })
        let parsed = try JSONParser.parse(Array(tree.json.utf8))
        #expect(Tree(parsed) == tree)
    }

    @Test("a document that breaks deep inside nested containers fails at its place")
    func failsDeepInside() throws {
        let inner = (0..<300).map { "\"k\($0)\": [\($0), {\"a\": \($0)}]" }.joined(separator: ",")
        let json = "[{\"x\": [{" + inner + "}, {\"y\": [1, 2, {\"z\": tru}]}]}]"
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(json.utf8)) }
        do {
            _ = try JSONParser.parse(Array(json.utf8))
        } catch {
            #expect(error.offset == json.utf8.count - "tru}]}]}]".utf8.count && error.message == "invalid literal")
        }
        // The same text, mended, parses: nothing from the failed parse leaks into the next.
        let mended = try JSONParser.parse(Array(json.replacingOccurrences(of: "tru}", with: "true}").utf8))
        #expect(mended[""] == nil && mended.arrayValue?.count == 1)
    }
}

import EstateGenerator
import Foundation
import Testing

@testable import AuditReport

/// The report writer must give exactly Foundation's bytes (`[.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes]`): reports written before and after it are diffed by users.
@Suite("PrettyJSONEncoder")
struct PrettyJSONEncoderTests {
    static func foundation<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func mine<T: Encodable>(_ value: T, depth: Int = 0) throws -> String {
        String(decoding: try PrettyJSONEncoder(depth: depth).encode(value), as: UTF8.self)
    }

    struct Empty: Encodable {}

    /// Members in no particular order, of every kind the writer spells itself or hands on.
    struct Everything: Encodable {
        let zebra = 1
        let apple = "a/b \"quoted\" back\\slash \u{7F} é 😀 \u{2028}"
        let controls = String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) })
        let emptyArray: [Int] = []
        let emptyObject: [String: Int] = [:]
        let empties = [Empty(), Empty()]
        let nestedArrays: [[Int]] = [[], [1], [], [2, 3]]
        let keys: [String: Int] = [
            "a": 1, "B": 2, "_x": 3, "a10": 4, "a9": 5, "é": 6, "Z": 7, "aa": 8, "A": 9, "b-c": 10,
            "b.c": 11, "1": 12, "10": 13, "9": 14, "ab": 15, "Ab": 16, "aB": 17, "": 18, "ä": 19, "z\"q": 20,
        ]
        let integers: [Int] = [0, 9, 10, -1, -10, 4096, Int.max, Int.min]
        let small: [Int8] = [-128, 127]
        let unsigned: [UInt64] = [0, UInt64.max]
        let unsigned32: UInt32 = 4_000_000_000
        let huge: [UInt128] = [UInt128(UInt64.max) * 4, 0]
        let wide: Int128 = -5
        let doubles: [Double] = [1.0, 0.1, 1e20, 1.5e-7, 123456789.125, -0.0]
        let float: Float = 0.25
        let flags = [true, false]
        let missing: Int? = nil
        let present: Int? = 5
        let optionals: [String?] = ["x", nil]
        let date = Date(timeIntervalSinceReferenceDate: 12.5)
        let data = Data([0, 1, 2, 250])
        let url = URL(string: "https://example.com/a/b?c=d")!
        let decimal = Decimal(string: "12.34")!
        let kind = Kind.tcp
        let custom = Custom()

        enum Kind: String, Encodable { case tcp }
    }

    /// Hand-written encoding through nested containers, a super-encoder, explicit nulls and
    /// a key written twice.
    struct Custom: Encodable {
        enum Keys: String, CodingKey { case zeta, alpha, list, inner, parent, twice, nothing }
        enum Inner: String, CodingKey { case y, x }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(3, forKey: .zeta)
            var inner = c.nestedContainer(keyedBy: Inner.self, forKey: .inner)
            try inner.encode("why", forKey: .y)
            try inner.encode(["ex"], forKey: .x)
            var list = c.nestedUnkeyedContainer(forKey: .list)
            try list.encode(1)
            var deeper = list.nestedContainer(keyedBy: Inner.self)
            try deeper.encode(true, forKey: .x)
            var deepest = list.nestedUnkeyedContainer()
            try deepest.encodeNil()
            try list.encode("after")
            try Empty().encode(to: c.superEncoder(forKey: .parent))
            try c.encodeNil(forKey: .nothing)
            try c.encode("first", forKey: .twice)
            try c.encode(1, forKey: .alpha)
            try c.encode("second", forKey: .twice)
        }
    }

    @Test("every kind of value gives Foundation's bytes")
    func everything() throws {
        #expect(try Self.mine(Everything()) == Self.foundation(Everything()))
        #expect(try Self.mine(Custom()) == Self.foundation(Custom()))
    }

    @Test("top-level scalars, empty containers and a value with no members")
    func topLevel() throws {
        #expect(try Self.mine("top/level") == Self.foundation("top/level"))
        #expect(try Self.mine(42) == Self.foundation(42))
        #expect(try Self.mine(UInt128.max) == Self.foundation(UInt128.max))
        #expect(try Self.mine(Int128.min) == Self.foundation(Int128.min))
        #expect(try Self.mine(true) == Self.foundation(true))
        #expect(try Self.mine([Int]()) == Self.foundation([Int]()))
        #expect(try Self.mine([String: Int]()) == Self.foundation([String: Int]()))
        #expect(try Self.mine(Empty()) == Self.foundation(Empty()))
        #expect(try Self.mine(Optional<Int>.none) == Self.foundation(Optional<Int>.none))
    }

    struct Sometimes: Encodable {
        let b: Int?
        let a: String?
        let c: Int
    }

    @Test("objects of one type with different members present are each sorted")
    func varyingMembers() throws {
        let values = [
            Sometimes(b: 1, a: "x", c: 3), Sometimes(b: nil, a: "y", c: 4), Sometimes(b: 2, a: nil, c: 5), Sometimes(b: nil, a: nil, c: 6),
            Sometimes(b: 7, a: "z", c: 8),
        ]
        #expect(try Self.mine(values) == Self.foundation(values))
    }

    @Test("a value at depth 2 is Foundation's text with every line after the first indented by four")
    func depth() throws {
        let whole = try Self.foundation(Everything())
        let shifted = whole.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : "    " + $0.element }.joined(separator: "\n")
        #expect(try Self.mine(Everything(), depth: 2) == shifted)
    }

    @Test("values JSON cannot hold throw, naming where they sit")
    func invalid() throws {
        struct Holder: Encodable { let ok = 1; let bad = [1.0, Double.infinity] }
        #expect(throws: EncodingError.self) { try PrettyJSONEncoder().encode(Holder()) }
        do {
            _ = try PrettyJSONEncoder().encode(Holder())
        } catch let EncodingError.invalidValue(_, context) {
            #expect(context.codingPath.map(\.stringValue).first == "bad")
        }
    }

    /// A random JSON tree: dictionaries with random keys, arrays, strings with escapes.
    indirect enum Tree: Encodable {
        case object([String: Tree]), array([Tree]), string(String), int(Int), bool(Bool), null

        func encode(to encoder: any Encoder) throws {
            var single = encoder.singleValueContainer()
            switch self {
            case .object(let o): try single.encode(o)
            case .array(let a): try single.encode(a)
            case .string(let s): try single.encode(s)
            case .int(let i): try single.encode(i)
            case .bool(let b): try single.encode(b)
            case .null: try single.encodeNil()
            }
        }

        static func random(depth: Int, using rng: inout some RandomNumberGenerator) -> Tree {
            let alphabet = Array("aAbB_-./09é\"\\\n\t\u{1} ~z")
            func text() -> String { String((0..<Int.random(in: 0...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }) }
            switch Int.random(in: depth > 3 ? 2...5 : 0...5, using: &rng) {
            case 0:
                return .object(
                    Dictionary(
                        (0..<Int.random(in: 0...5, using: &rng)).map { _ in (text(), random(depth: depth + 1, using: &rng)) }, uniquingKeysWith: { a, _ in a }))
            case 1: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in random(depth: depth + 1, using: &rng) })
            case 2: return .string(text())
            case 3: return .int(Int.random(in: -100_000...100_000, using: &rng))
            case 4: return .bool(Bool.random(using: &rng))
            default: return .null
            }
        }
    }

    @Test("random trees give Foundation's bytes")
    func randomTrees() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let tree = Tree.random(depth: 0, using: &rng)
            #expect(try Self.mine(tree) == Self.foundation(tree))
        }
    }
}

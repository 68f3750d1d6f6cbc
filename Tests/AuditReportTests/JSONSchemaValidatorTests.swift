import Foundation
import TestSupport
import Testing

/// One keyword, shown accepting and rejecting. A rejection names the instance pointer and the
/// schema pointer the validator must report, so a wrong location fails as surely as a wrong
/// verdict.
struct KeywordCase: Sendable, CustomTestStringConvertible {
    struct Rejection: Sendable {
        let instance: String
        let instancePointer: String
        let schemaPointer: String
    }

    let name: String
    let schema: String
    let accepts: [String]
    let rejects: [Rejection]

    var testDescription: String { name }

    init(_ name: String, _ schema: String, accepts: [String], rejects: [(String, String, String)]) {
        self.name = name
        self.schema = schema
        self.accepts = accepts
        self.rejects = rejects.map { Rejection(instance: $0.0, instancePointer: $0.1, schemaPointer: $0.2) }
    }
}

private func compile(_ schema: String, alsoIgnoring: Set<String> = []) throws -> JSONSchemaValidator {
    try JSONSchemaValidator(schema: JSONSchemaValidator.parse(Data(schema.utf8)), alsoIgnoring: alsoIgnoring)
}

/// The schema error `schema` compiles to, or nil if it compiles.
private func schemaError(_ schema: String, alsoIgnoring: Set<String> = []) throws -> JSONSchemaValidator.SchemaError? {
    let document = try JSONSchemaValidator.parse(Data(schema.utf8))
    do {
        _ = try JSONSchemaValidator(schema: document, alsoIgnoring: alsoIgnoring)
        return nil
    } catch {
        return error
    }
}

@Suite("JSONSchemaValidator")
struct JSONSchemaValidatorTests {
    static let keywordCases: [KeywordCase] = [
        KeywordCase("type", #"{"type": "string"}"#, accepts: [#""a""#], rejects: [("1", "", "/type"), ("null", "", "/type")]),
        KeywordCase("type list", #"{"type": ["string", "null"]}"#, accepts: [#""a""#, "null"], rejects: [("true", "", "/type"), ("{}", "", "/type")]),
        KeywordCase("integer", #"{"type": "integer"}"#, accepts: ["3", "-7", "3.0", "1e3"], rejects: [("3.5", "", "/type"), (#""3""#, "", "/type")]),
        KeywordCase("number", #"{"type": "number"}"#, accepts: ["3", "3.5", "-1e-3"], rejects: [(#""3""#, "", "/type")]),
        KeywordCase(
            "$ref to a definition", ##"{"definitions": {"pos": {"type": "integer", "minimum": 1}}, "properties": {"line": {"$ref": "#/definitions/pos"}}}"##,
            accepts: [#"{"line": 2}"#, "{}"],
            rejects: [(#"{"line": 0}"#, "/line", "/definitions/pos/minimum"), (#"{"line": "2"}"#, "/line", "/definitions/pos/type")]),
        KeywordCase(
            "$ref to the root", ##"{"type": "object", "required": ["name"], "properties": {"child": {"$ref": "#"}}}"##,
            accepts: [#"{"name": 1, "child": {"name": 2, "child": {"name": 3}}}"#],
            rejects: [(#"{"name": 1, "child": {"name": 2, "child": {}}}"#, "/child/child", "/required"), (#"{"name": 1, "child": 5}"#, "/child", "/type")]),
        KeywordCase(
            "$ref with escaped pointer tokens", ##"{"definitions": {"a/b~c": {"type": "string"}}, "$ref": "#/definitions/a~1b~0c"}"##,
            accepts: [#""x""#], rejects: [("1", "", "/definitions/a~1b~0c/type")]),
        KeywordCase(
            "properties", #"{"properties": {"a": {"type": "string"}, "b/c": {"type": "null"}}}"#,
            accepts: [#"{"a": "x"}"#, #"{"z": 1}"#, "5"],
            rejects: [(#"{"a": 1}"#, "/a", "/properties/a/type"), (#"{"b/c": 1}"#, "/b~1c", "/properties/b~1c/type")]),
        KeywordCase(
            "required", #"{"required": ["a", "b"]}"#, accepts: [#"{"a": 1, "b": null}"#, "[]"],
            rejects: [(#"{"a": 1}"#, "", "/required"), (#"{"A": 1, "b": 2}"#, "", "/required")]),
        KeywordCase(
            "additionalProperties false", #"{"properties": {"a": {}}, "patternProperties": {"^x-": {}}, "additionalProperties": false}"#,
            accepts: [#"{"a": 1, "x-y": 2}"#, "{}"],
            rejects: [(#"{"a": 1, "b": 2}"#, "/b", "/additionalProperties"), (#"{"y-x": 1}"#, "/y-x", "/additionalProperties")]),
        KeywordCase(
            "additionalProperties schema", #"{"properties": {"s": {}}, "additionalProperties": {"type": "integer"}}"#,
            accepts: [#"{"a": 1, "s": "x"}"#], rejects: [(#"{"a": "x"}"#, "/a", "/additionalProperties/type")]),
        KeywordCase(
            "patternProperties", #"{"patternProperties": {"^n": {"type": "number"}}}"#,
            accepts: [#"{"n1": 1, "s": "x"}"#], rejects: [(#"{"n1": "x"}"#, "/n1", "/patternProperties/^n/type")]),
        KeywordCase(
            "items", #"{"items": {"type": "string"}}"#, accepts: [#"["a", "b"]"#, "[]", #""not an array""#],
            rejects: [(#"["a", 1]"#, "/1", "/items/type")]),
        KeywordCase(
            "uniqueItems", #"{"uniqueItems": true}"#, accepts: [#"[1, "1", {"a": 1}, {"a": 2}, [1, 2], [2, 1]]"#],
            rejects: [(#"[{"a": 1, "b": [2]}, {"b": [2], "a": 1}]"#, "/1", "/uniqueItems"), ("[0, 1, 1.0]", "/2", "/uniqueItems")]),
        KeywordCase("uniqueItems false", #"{"uniqueItems": false}"#, accepts: ["[1, 1]"], rejects: []),
        KeywordCase(
            "minItems and maxItems", #"{"minItems": 1, "maxItems": 2}"#, accepts: ["[1]", "[1, 2]"],
            rejects: [("[]", "", "/minItems"), ("[1, 2, 3]", "", "/maxItems")]),
        KeywordCase(
            "minimum and maximum", #"{"minimum": 1, "maximum": 10}"#, accepts: ["1", "10", "5.5", #""x""#],
            rejects: [("0.99", "", "/minimum"), ("11", "", "/maximum")]),
        KeywordCase(
            "draft-04 exclusive bounds", #"{"minimum": 1, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true}"#,
            accepts: ["1.5", "9"], rejects: [("1", "", "/minimum"), ("10", "", "/maximum")]),
        KeywordCase("draft-04 exclusive bounds switched off", #"{"minimum": 1, "exclusiveMinimum": false}"#, accepts: ["1"], rejects: [("0", "", "/minimum")]),
        KeywordCase(
            "draft-07 exclusive bounds", #"{"exclusiveMinimum": 0, "exclusiveMaximum": 1}"#, accepts: ["0.5"],
            rejects: [("0", "", "/exclusiveMinimum"), ("1", "", "/exclusiveMaximum")]),
        KeywordCase(
            "pattern is unanchored", #"{"pattern": "[0-9]+(\\.[0-9]+){3}"}"#, accepts: [#""v1.2.3.4-beta""#, "7"],
            rejects: [(#""1.2.3""#, "", "/pattern")]),
        KeywordCase(
            "pattern anchored", #"{"pattern": "^[a-z]{2}(-[A-Z]{2})?$"}"#, accepts: [#""en""#, #""en-US""#],
            rejects: [(#""xen""#, "", "/pattern"), (#""en-US ""#, "", "/pattern")]),
        KeywordCase(
            "enum", #"{"enum": ["none", "note", 1, null, [1]]}"#, accepts: [#""note""#, "1.0", "null", "[1]"],
            rejects: [(#""fatal""#, "", "/enum"), (#""Note""#, "", "/enum"), ("[[1]]", "", "/enum")]),
        KeywordCase(
            "const", #"{"const": {"a": [1, 2]}}"#, accepts: [#"{"a": [1, 2]}"#],
            rejects: [(#"{"a": [2, 1]}"#, "", "/const"), (#"{"a": [1, 2], "b": 0}"#, "", "/const")]),
        KeywordCase(
            "anyOf", #"{"anyOf": [{"required": ["text"]}, {"required": ["id"]}]}"#, accepts: [#"{"id": 1}"#, #"{"text": 1, "id": 2}"#],
            rejects: [("{}", "", "/anyOf")]),
        KeywordCase(
            "oneOf", #"{"oneOf": [{"type": "integer"}, {"minimum": 2}]}"#, accepts: ["1", "2.5"],
            rejects: [("3", "", "/oneOf"), ("1.5", "", "/oneOf")]),
        KeywordCase(
            "allOf", #"{"allOf": [{"type": "string"}, {"maxLength": 2}]}"#, accepts: [#""ab""#],
            rejects: [(#""abc""#, "", "/allOf/1/maxLength"), ("1", "", "/allOf/0/type")]),
        KeywordCase("not", #"{"not": {"type": "null"}}"#, accepts: ["1", "{}"], rejects: [("null", "", "/not")]),
        KeywordCase(
            "format uri", #"{"format": "uri"}"#, accepts: [#""https://example.com/a%20b?q=1#f""#, #""file:///src/main.swift""#, #""urn:x""#, "3"],
            rejects: [(#""src/main.swift""#, "", "/format"), (#""https://example.com/a b""#, "", "/format"), (#""1http://x""#, "", "/format")]),
        KeywordCase(
            "format uri-reference", #"{"format": "uri-reference"}"#, accepts: [#""src/main.swift""#, ##""#frag""##, #""""#, #""https://x/y""#],
            rejects: [(#""a b""#, "", "/format"), (#""100%""#, "", "/format"), (#""caf\u00e9""#, "", "/format")]),
        KeywordCase(
            "format date-time", #"{"format": "date-time"}"#, accepts: [#""2024-05-01T12:00:00Z""#, #""2024-05-01t23:59:60.125+02:00""#],
            rejects: [(#""2024-05-01 12:00:00Z""#, "", "/format"), (#""2024-13-01T00:00:00Z""#, "", "/format"), (#""2024-05-01T12:00:00""#, "", "/format")]),
        KeywordCase(
            "minLength and maxLength", #"{"minLength": 2, "maxLength": 3}"#, accepts: [#""ab""#, #""abc""#, #""\u00e9\u00e9""#, "[]"],
            rejects: [(#""a""#, "", "/minLength"), (#""abcd""#, "", "/maxLength")]),
        KeywordCase(
            "boolean schemas", #"{"properties": {"no": false, "yes": true}}"#, accepts: [#"{"yes": [1]}"#],
            rejects: [(#"{"no": 1}"#, "/no", "/properties/no")]),
    ]

    @Test("each keyword accepts what it should and rejects the rest at the right pointers", arguments: keywordCases)
    func keyword(_ testCase: KeywordCase) throws {
        let validator = try compile(testCase.schema)
        for instance in testCase.accepts {
            let found = try validator.validate(json: Data(instance.utf8))
            #expect(found.isEmpty, "\(instance) should pass: \(found)")
        }
        for rejection in testCase.rejects {
            let found = try validator.validate(json: Data(rejection.instance.utf8))
            #expect(found.map(\.instancePointer) == [rejection.instancePointer], "\(rejection.instance): \(found)")
            #expect(found.map(\.schemaPointer) == [rejection.schemaPointer], "\(rejection.instance): \(found)")
        }
    }

    @Test("annotation keywords are ignored")
    func annotations() throws {
        let validator = try compile(
            #"""
            {"$schema": "http://json-schema.org/draft-07/schema#", "$id": "x", "id": "y", "title": "t", "description": "d",
             "default": 1, "examples": [1], "$comment": "c", "readOnly": true, "writeOnly": false, "deprecated": true,
             "definitions": {"unused": {"type": "null"}}}
            """#)
        #expect(try validator.validate(json: Data(#"{"anything": [1, "2"]}"#.utf8)).isEmpty)
    }

    @Test(
        "unsupported keywords make the schema fail to compile, even in branches an instance may never reach",
        arguments: JSONSchemaValidator.unsupportedKeywords)
    func unsupported(_ keyword: String) throws {
        let error = try schemaError(#"{"anyOf": [true, {"properties": {"x": {"\#(keyword)": {}}}}]}"#)
        #expect(error?.schemaPointer == "/anyOf/1/properties/x/\(keyword)")
        #expect(error?.message.contains("not supported") == true)
    }

    @Test(
        "malformed or unusable schemas are refused with a pointer",
        arguments: [
            (#"{"requird": ["a"]}"#, "/requird"),
            (#"{"definitions": {"a": {"maxProperties": 1}}}"#, "/definitions/a/maxProperties"),
            (#"{"items": [{"type": "string"}]}"#, "/items"),
            (#"{"format": "email"}"#, "/format"),
            (#"{"type": "int"}"#, "/type"),
            (#"{"minItems": -1}"#, "/minItems"),
            (#"{"pattern": "("}"#, "/pattern"),
            (#"{"exclusiveMinimum": true}"#, "/exclusiveMinimum"),
            (##"{"properties": {"a": {"$ref": "#/definitions/missing"}}}"##, "/properties/a/$ref"),
            (#"{"$ref": "other.json#/definitions/a"}"#, "/$ref"),
            (##"{"definitions": {"a": {}}, "properties": {"b": {"$ref": "#/definitions/a", "type": "string"}}}"##, "/properties/b"),
            (#"{"properties": {"a": 1}}"#, "/properties/a"),
        ])
    func refused(_ schema: String, _ pointer: String) throws {
        let error = try schemaError(schema)
        #expect(error?.schemaPointer == pointer, "\(String(describing: error))")
    }

    @Test("extra annotation keywords can be named")
    func alsoIgnoring() throws {
        let schema = #"{"type": "string", "markdownDescription": "*why*"}"#
        #expect(try schemaError(schema)?.schemaPointer == "/markdownDescription")
        #expect(try schemaError(schema, alsoIgnoring: ["markdownDescription"]) == nil)
    }

    @Test("violations come in a deterministic order with messages")
    func order() throws {
        let validator = try compile(
            #"""
            {"type": "object", "required": ["z", "a"], "additionalProperties": false,
             "properties": {"list": {"type": "array", "items": {"type": "integer"}, "maxItems": 1}}}
            """#)
        let instance = Data(#"{"list": [1, "x", 2.5], "extra": true}"#.utf8)
        let expected = [
            JSONSchemaValidator.Violation(instancePointer: "", schemaPointer: "/required", message: "missing required property 'z'"),
            JSONSchemaValidator.Violation(instancePointer: "", schemaPointer: "/required", message: "missing required property 'a'"),
            JSONSchemaValidator.Violation(instancePointer: "/extra", schemaPointer: "/additionalProperties", message: "property 'extra' is not allowed"),
            JSONSchemaValidator.Violation(instancePointer: "/list/1", schemaPointer: "/properties/list/items/type", message: #"expected integer, found "x""#),
            JSONSchemaValidator.Violation(instancePointer: "/list/2", schemaPointer: "/properties/list/items/type", message: "expected integer, found 2.5"),
            JSONSchemaValidator.Violation(instancePointer: "/list", schemaPointer: "/properties/list/maxItems", message: "expected at most 1 items, found 3"),
        ]
        #expect(try validator.validate(json: instance) == expected)
        #expect(try validator.validate(json: instance) == validator.validate(json: instance))
        #expect(expected[3].description == #"/list/1: expected integer, found "x" [schema #/properties/list/items/type]"#)
    }

    @Test("a schema that recurses without consuming the instance reports instead of crashing")
    func runawayRecursion() throws {
        let found = try compile(##"{"allOf": [{"$ref": "#"}]}"##).validate(json: Data("1".utf8))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("recursion") == true)
    }
}

/// SARIF logs checked against the official OASIS schema in `Tests/Fixtures/Schemas/`.
@Suite("JSONSchemaValidator: SARIF 2.1.0")
struct SARIFSchemaTests {
    static let minimalLog = #"""
        {
          "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
          "version": "2.1.0",
          "runs": [
            {
              "tool": {
                "driver": {
                  "name": "lateral",
                  "rules": [{"id": "LAT001", "shortDescription": {"text": "Internet can reach a VM"}}]
                }
              },
              "results": [
                {
                  "ruleId": "LAT001",
                  "level": "error",
                  "message": {"text": "vm-web is reachable from the internet on port 22"},
                  "locations": [
                    {
                      "physicalLocation": {
                        "artifactLocation": {"uri": "Topologies/hub-spoke/estate.json"},
                        "region": {"startLine": 12}
                      },
                      "logicalLocations": [{"name": "vm-web", "kind": "resource"}]
                    }
                  ]
                }
              ]
            }
          ]
        }
        """#

    /// The minimal log with one piece of text replaced; fails the test if the text is absent,
    /// so a typo cannot turn a negative test into a copy of the valid log.
    static func mutated(_ original: String, _ replacement: String) throws -> Data {
        try #require(minimalLog.contains(original), "\(original) is not in the minimal log")
        return Data(minimalLog.replacingOccurrences(of: original, with: replacement).utf8)
    }

    @Test("the official schema compiles: every keyword it uses is supported")
    func schemaCompiles() throws {
        #expect(FileManager.default.fileExists(atPath: Fixtures.sarifSchema), "missing \(Fixtures.sarifSchema)")
        _ = try JSONSchemaValidator.sarif()
    }

    @Test("a minimal log with a rule, a result, a physical and a logical location is valid")
    func minimalLogIsValid() throws {
        let found = try JSONSchemaValidator.sarif().validate(json: Data(Self.minimalLog.utf8))
        #expect(found.isEmpty, "\(found)")
    }

    @Test(
        "invalid logs fail at the offending value",
        arguments: [
            (
                #""message": {"text": "vm-web is reachable from the internet on port 22"},"#, "",
                "/runs/0/results/0", "/definitions/result/required"
            ),
            (
                #""level": "error""#, #""level": "fatal""#,
                "/runs/0/results/0/level", "/definitions/result/properties/level/enum"
            ),
            (
                #""version": "2.1.0""#, #""version": "2.0.0""#,
                "/version", "/properties/version/enum"
            ),
            (
                #""startLine": 12"#, #""startLine": -3"#,
                "/runs/0/results/0/locations/0/physicalLocation/region/startLine", "/definitions/region/properties/startLine/minimum"
            ),
            (
                #""startLine": 12"#, #""startLine": 1.5"#,
                "/runs/0/results/0/locations/0/physicalLocation/region/startLine", "/definitions/region/properties/startLine/type"
            ),
            (
                #""name": "lateral","#, "",
                "/runs/0/tool/driver", "/definitions/toolComponent/required"
            ),
            (
                #""uri": "Topologies/hub-spoke/estate.json""#, #""uri": "Topologies/hub spoke/estate.json""#,
                "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri", "/definitions/artifactLocation/properties/uri/format"
            ),
            (
                #"{"text": "vm-web is reachable from the internet on port 22"}"#, #"{"markdown": "**vm-web**"}"#,
                "/runs/0/results/0/message", "/definitions/message/anyOf"
            ),
            (
                #""region": {"startLine": 12}"#, #""region": {"endLine": 12}"#,
                "/runs/0/results/0/locations/0/physicalLocation/region", "/definitions/region/anyOf"
            ),
            (
                #""kind": "resource""#, #""kind": "resource", "severity": 3"#,
                "/runs/0/results/0/locations/0/logicalLocations/0/severity", "/definitions/logicalLocation/additionalProperties"
            ),
        ])
    func invalidLog(_ original: String, _ replacement: String, _ instancePointer: String, _ schemaPointer: String) throws {
        let found = try JSONSchemaValidator.sarif().validate(json: Self.mutated(original, replacement))
        #expect(found.map(\.instancePointer) == [instancePointer], "\(found)")
        #expect(found.map(\.schemaPointer) == [schemaPointer], "\(found)")
    }

    @Test("a missing run list and a wrongly typed one are both caught")
    func runs() throws {
        let validator = try JSONSchemaValidator.sarif()
        let missing = try validator.validate(json: Data(#"{"version": "2.1.0"}"#.utf8))
        #expect(missing.map(\.schemaPointer) == ["/required"])
        let wrong = try validator.validate(json: Data(#"{"version": "2.1.0", "runs": {}}"#.utf8))
        #expect(wrong.map(\.instancePointer) == ["/runs"])
        #expect(wrong.map(\.schemaPointer) == ["/properties/runs/type"])
    }
}

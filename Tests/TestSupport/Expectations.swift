import Foundation

/// The `expectations.json` of a semantics fixture (see Tests/Fixtures/Semantics/README.md).
public struct ScenarioExpectations: Decodable, Sendable {
    public let rules: [String]
    public let description: String
    public let flows: [ExpectedFlow]

    public static func load(scenario: String) throws -> ScenarioExpectations {
        try JSONDecoder().decode(ScenarioExpectations.self, from: Fixtures.read(Fixtures.fixture("Semantics/\(scenario)/expectations.json")))
    }
}

public struct ExpectedFlow: Decodable, Sendable {
    public let name: String
    public let src: String
    public let dst: String
    public let `protocol`: String
    public let port: Int?
    public let srcPort: Int?
    public let verdict: String
    public let disposition: String
    public let rules: [String]
}

import Lateral

/// What `analyze`, `whatif` and `diff` look for when the command line names no `--from` or
/// `--to`: the retail estate this tool serves, whose frontends and LLM training subnets are
/// tagged `role`. The library has no such default: a caller names its own.
enum DefaultSelectors {
    /// The Internet and the retail web frontends.
    static let sources: [Selector] = [.internet, .tag(key: "role", value: "retail-frontend")]
    /// The LLM training subnets.
    static let targets: [Selector] = [.tag(key: "role", value: "llm-training")]

    /// Parses `--from` and `--to`, each falling back to its default when not given.
    static func parse(from: [String], to: [String]) throws -> (sources: [Selector], targets: [Selector]) {
        let sources = try parseSelectors(from), targets = try parseSelectors(to)
        return (sources.isEmpty ? Self.sources : sources, targets.isEmpty ? Self.targets : targets)
    }
}

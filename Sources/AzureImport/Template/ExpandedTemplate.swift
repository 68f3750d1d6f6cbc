import TopologyModel

/// What reading a template gave: the resources it deploys, the line indices of the files
/// they were declared in, and what was assumed on the way.
struct ExpandedTemplate: Sendable {
    let resources: [TemplateResource]
    let lines: [String: LineIndex]
    let diagnostics: [Diagnostic]
}

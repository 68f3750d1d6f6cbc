import TopologyModel

/// What reading a template (or a Terraform plan) gave: the resources it deploys, the line indices of the files
/// they were declared in, and what was assumed on the way.
struct ExpandedTemplate: Sendable {
    let resources: [TemplateResource]
    let lines: [String: LineIndex]
    let diagnostics: [Diagnostic]
    /// For a Terraform plan: what it does to resources it does not declare whole, and one
    /// line per planned action.
    var edits: [TerraformEdit] = []
    var summaries: [String] = []
}

import TopologyModel

/// What a Terraform plan or state gave: the resources it leaves in ARM's shape, the edits
/// it makes to resources it does not declare, one line per planned action, and what was
/// assumed.
struct TerraformPlanned: Sendable {
    let resources: [TemplateResource]
    let edits: [TerraformEdit]
    /// `create module.hub.azurerm_subnet.fw`, in plan order, for what-if reports.
    let summaries: [String]
    let diagnostics: [Diagnostic]
}

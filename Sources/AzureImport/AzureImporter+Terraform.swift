import TopologyModel

extension AzureImporter {
    /// The resources a Terraform plan leaves (or a state holds). An association whose
    /// subnet or NIC the plan does not declare cannot be applied to the plan alone: it is
    /// kept for a what-if over an export, and a warning says so.
    static func expandTerraform(_ document: SourceDocument, subscription: String?) -> ExpandedTemplate {
        let planned = TerraformConverter(root: document.root, file: document.file, lines: document.lines, subscription: subscription).convert()
        var diagnostics = planned.diagnostics
        for edit in planned.edits {
            guard case .patch = edit.action else { continue }
            diagnostics.append(
                Diagnostic(
                    severity: .warning, kind: .danglingReference, file: document.file, line: edit.line, pointer: edit.address, resource: edit.target,
                    message: "\(edit.address) changes \(edit.target.text), which this plan does not declare; applied only by whatif --plan over an export"))
        }
        var expanded = ExpandedTemplate(resources: planned.resources, lines: [document.file: document.lines], diagnostics: diagnostics)
        expanded.edits = planned.edits
        expanded.summaries = planned.summaries
        return expanded
    }
}

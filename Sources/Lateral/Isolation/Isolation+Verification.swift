import AuditReport
import AzureImport
import Intent
import Reachability
import TopologyModel

extension Isolation {
    /// The plan applied as `lateral whatif --change` applies a change file, to the same
    /// inputs, and the policies judged again: what `lateral isolate` writes only when it holds,
    /// and what the auditor report lists beside the plan.
    ///
    /// - Throws: ``LoadError`` when the inputs or the plan's change file cannot be read (the
    ///   change file is Lateral's own: that would be a fault).
    public func verified(
        paths: [String], options: AnalysisOptions, maxInputSize: Int = AzureImporter.defaultMaxInputSize,
        templates: TemplateOptions = TemplateOptions(), maxHops: Int = 8
    ) throws -> (change: ChangeFile, changed: Estate, comparison: Comparison, verification: IsolationVerification) {
        let change = try ChangeFile.parse(changeFile, file: "isolation-plan.yaml")
        // With a change file, the load always models the changed estate too.
        let changed = try Estate.load(paths: paths, options: options, change: change, maxInputSize: maxInputSize, templates: templates).changed!
        let comparison = Comparison(
            kind: .whatif, base: estate, changed: changed, changes: change.summaries, inputs: paths, from: selectors.from, to: selectors.to,
            maxHops: maxHops)
        return (change, changed, comparison, verify(changed: changed, comparison: comparison))
    }

    /// The plan as report.html lists it: one step per change, with what it closes, the
    /// resource it is made on and its `az` commands; then how the plan was verified.
    public func reportSteps(_ verification: IsolationVerification?) -> [HTMLReport.IsolationStep] {
        guard plan.isFeasible else {
            return (plan.conflicts.map(\.message) + plan.failures).map { HTMLReport.IsolationStep(action: "No plan: " + $0, resource: nil, command: nil) }
        }
        var commands: [[String]] = Array(repeating: [], count: plan.changes.count)
        var change = -1
        for step in steps {
            if step.comment.hasPrefix("# \(change + 2). ") { change += 1 }
            if change >= 0 { commands[change].append(step.run) }
        }
        var result = plan.changes.enumerated().map { n, change in
            HTMLReport.IsolationStep(
                action: Self.describe(change.action) + ": " + cutSummary(change), resource: Self.resource(change.action),
                command: commands[n].joined(separator: "\n"))
        }
        if let verification {
            let held = verification.after.filter(\.holds).count
            result.append(
                HTMLReport.IsolationStep(
                    action:
                        "Verified by applying the plan's change file and analysing again: \(held) of \(verification.after.count) deny and require policies hold after it (\(verification.before.filter(\.holds).count) before), \(verification.closed) attack paths closed, \(verification.opened) opened"
                        + (verification.holds ? "." : "; still failing: " + verification.failures.joined(separator: "; ")),
                    resource: nil, command: nil, isVerification: true))
        }
        return result
    }

    static func describe(_ action: IsolationChange.Action) -> String {
        switch action {
        case .denyRules(_, let nsg, let creates, _, let direction, let rules):
            "\(creates ? "Create NSG \(nsg.name) and add" : "Add to NSG \(nsg.name)") \(rules.count) \(direction == .inbound ? "inbound" : "outbound") deny rule\(rules.count == 1 ? "" : "s")"
        case .disablePublicAccess(let asset, _): "Disable public network access on \(asset.name)"
        case .removePeering(let peering, let reverse): "Remove peering \(peering.name)" + (reverse.map { " and its reverse \($0.name)" } ?? "")
        case .privateSubnet(let subnet): "Make subnet \(subnet.name) private (no default outbound access)"
        }
    }

    static func resource(_ action: IsolationChange.Action) -> ResourceID? {
        switch action {
        case .denyRules(_, let nsg, _, _, _, _): nsg
        case .disablePublicAccess(let asset, _): asset
        case .removePeering(let peering, _): peering.id
        case .privateSubnet(let subnet): subnet
        }
    }
}

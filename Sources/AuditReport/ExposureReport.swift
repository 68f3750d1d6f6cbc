import Reachability
import TopologyModel

/// The exposure of rule sets under review (`lateral exposure`) as text, JSON and SARIF: one
/// entry per NSG attachment and source, with the rules that decide and the allows that
/// higher-priority denies shadow.
public enum ExposureReport {
    /// One line per NSG (or attachment) and source, `nsg-web (unattached) from internet:
    /// tcp/22,3389`, each followed by indented lines naming the deciding and shadowed rules.
    /// Storage accounts, key vaults and registries follow, one line per resource and source,
    /// `stdata (storage account) from internet: tcp/80,443`, with the settings that decide.
    /// Posture notes follow, one line each with an indented line saying where, except
    /// unattached NSGs, which the NSG lines already name.
    public static func text(
        _ exposures: [RuleSetExposure], assets: [AssetExposure] = [], notes: [PostureNote] = [], lines lookup: LineLookup = { _, _ in nil }
    ) -> String {
        var lines: [String] = []
        for exposure in exposures {
            for (i, source) in exposure.sources.enumerated() {
                lines.append("\(heading(exposure)) from \(source.source.name): \(services(source.allowed))")
                if i == 0, exposure.attachment == .unattached {
                    lines.append("  attached to nothing: judged as guarding one host behind a Standard public IP, in private address space")
                }
                for decision in source.decisions {
                    lines.append("  allowed by \(describe(decision.rule)): \(decision.services.summary)")
                }
                for shadow in source.shadows {
                    lines.append(
                        "  shadowed: \(describe(shadow.rule)) loses \(shadow.services.summary) to " + shadow.by.map(describe).joined(separator: ", "))
                }
            }
        }
        for asset in assets {
            for reach in asset.sources {
                lines.append("\(asset.name) (\(asset.kind)) from \(reach.source.name): \(services(reach.services))")
                lines.append("  " + reach.reason)
            }
        }
        let empty = lines.isEmpty
        for note in notes where note.kind != .unattachedSecurityGroup {
            lines.append("note: " + PostureText.sentence(note))
            lines.append("  " + (PostureText.place(note.subject.origin, lines: lookup).map { "at " + $0 + ", " } ?? "") + note.subject.id.text)
        }
        return lines.joined(separator: "\n") + (empty ? "No NSGs in the input.\n" : "\n")
    }

    /// `nsg-web (unattached)`, `nsg-web on subnet vnet-a/snet-web`, `nsg-web on NIC nic-1`.
    public static func heading(_ exposure: RuleSetExposure) -> String {
        switch exposure.attachment {
        case .unattached: "\(exposure.securityGroup.name) (unattached)"
        case .subnet: "\(exposure.securityGroup.name) on subnet \(exposure.attachmentName)"
        case .networkInterface: "\(exposure.securityGroup.name) on NIC \(exposure.attachmentName)"
        }
    }

    static func services(_ set: ServiceSet) -> String { set.isEmpty ? "none" : set.summary }

    static func describe(_ rule: SecurityRule) -> String {
        "\(rule.name) (priority \(rule.priority)\(rule.isDefault ? ", default" : ""))"
    }

    // MARK: JSON

    /// The report as JSON (`kind: exposure`; docs/schemas/exposure-report.schema.json).
    public static func json(
        _ exposures: [RuleSetExposure], assets: [AssetExposure] = [], notes: [PostureNote] = [], lines: LineLookup = { _, _ in nil }
    ) -> String {
        JSONOutput.encode(
            Document(
                securityGroups: exposures.map(Entry.init), assets: assets.map(Asset.init),
                postureNotes: ReportBuilder.postureNotes(notes, lines: lines)))
    }

    struct Document: Encodable {
        var schemaVersion = ReportSchema.schemaVersion, kind = "exposure"
        let securityGroups: [Entry]
        let assets: [Asset]
        let postureNotes: [ReportSchema.PostureEntry]
    }

    /// A storage account, key vault or registry, and what its public endpoint admits.
    struct Asset: Encodable {
        let id: String, name: String, kind: String, file: String?, pointer: String?
        let sources: [Reach]

        struct Reach: Encodable {
            let source: String, summary: String, reason: String
            let services: [ReportSchema.Service]
            let admitted: [String]
        }

        init(_ asset: AssetExposure) {
            (id, name, kind, file, pointer) = (asset.id.text, asset.name, asset.kind, asset.origin?.file, asset.origin?.pointer)
            sources = asset.sources.map { reach in
                Reach(
                    source: reach.source.name, summary: ExposureReport.services(reach.services), reason: reach.reason,
                    services: ReportBuilder.services(reach.services), admitted: reach.admitted.rangeDescriptions)
            }
        }
    }

    /// One NSG at one attachment; `attachment` is `unattached`, `subnet` or
    /// `networkInterface`, with the attachment's ID and name beside it.
    struct Entry: Encodable {
        let id: String, name: String, file: String?, pointer: String?
        let attachment: String, attachmentId: String?, attachmentName: String?
        let sources: [Source]

        init(_ exposure: RuleSetExposure) {
            let group = exposure.securityGroup
            (id, name, file, pointer) = (group.id.text, group.name, group.origin?.file, group.origin?.pointer)
            switch exposure.attachment {
            case .unattached: (attachment, attachmentId, attachmentName) = ("unattached", nil, nil)
            case .subnet(let subnet): (attachment, attachmentId, attachmentName) = ("subnet", subnet.text, exposure.attachmentName)
            case .networkInterface(let nic): (attachment, attachmentId, attachmentName) = ("networkInterface", nic.text, exposure.attachmentName)
            }
            sources = exposure.sources.map(Source.init)
        }
    }

    struct Source: Encodable {
        let source: String, summary: String
        let services: [ReportSchema.Service]
        let rules: [Rule]
        let shadowed: [Rule]

        init(_ exposure: SourceExposure) {
            (source, summary) = (exposure.source.name, ExposureReport.services(exposure.allowed))
            services = ReportBuilder.services(exposure.allowed)
            rules = exposure.decisions.map { Rule(rule: $0.rule, services: $0.services, by: nil) }
            shadowed = exposure.shadows.map { Rule(rule: $0.rule, services: $0.services, by: $0.by.map(\.name)) }
        }
    }

    /// A deciding rule and the services it lets in, or a shadowed allow, the services it
    /// loses and the denies (`by`) that take them.
    struct Rule: Encodable {
        let name: String, priority: Int, isDefault: Bool, summary: String
        let file: String?, pointer: String?
        let by: [String]?

        init(rule: SecurityRule, services: ServiceSet, by: [String]?) {
            (name, priority, isDefault, summary) = (rule.name, rule.priority, rule.isDefault, services.summary)
            (file, pointer) = (rule.origin?.file, rule.origin?.pointer)
            self.by = by
        }
    }
}

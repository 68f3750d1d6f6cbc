import TopologyModel

/// A change as a deployment would make it: the resources an ARM template deploys, or what a
/// Terraform plan creates, updates and destroys, as edits over today's export, matched by
/// resource ID. A template deploys in incremental mode, so it deletes nothing; a plan's
/// `resource_changes` say which resources it destroys.
public struct PlannedChange: Sendable {
    /// The template or plan.
    public let file: String
    /// `.template` or `.terraform`.
    public let kind: SourceDocument.Kind
    /// One line per planned action (`create module.hub.azurerm_subnet.fw`, `deploy
    /// Microsoft.Network/networkSecurityGroups nsg-web`), as reports print them.
    public let summaries: [String]
    let deployed: [(resource: TemplateResource, type: String, id: ResourceID, line: Int?)]
    let lines: [String: LineIndex]
    let planEdits: [TerraformEdit]
    /// What was assumed while reading the template or plan.
    public let diagnostics: [Diagnostic]
    /// The template or plan as parsed, so reports can name its lines.
    public let document: SourceDocument

    /// Reads a template (with `options`' parameters and deployment context) or a plan.
    ///
    /// - Throws: ``ImportError`` when the file cannot be read, is neither a template nor
    ///   Terraform JSON, or cannot be evaluated.
    public static func load(
        file: String, templates: TemplateOptions = TemplateOptions(), maxInputSize: Int = AzureImporter.defaultMaxInputSize
    )
        throws(ImportError) -> PlannedChange
    {
        let (documents, errors, _) = AzureImporter.read(paths: [file], maxInputSize: maxInputSize, templates: templates)
        if !errors.isEmpty { throw ImportError(diagnostics: errors.sorted()) }
        guard let document = documents.first, let expanded = document.expanded, document.kind == .template || document.kind == .terraform else {
            throw ImportError(diagnostics: [
                Diagnostic(
                    severity: .error, kind: .invalidInput, file: file,
                    message: "not a deployment template nor `terraform show -json` output; a change file (YAML) goes with --change")
            ])
        }
        var deployed: [(TemplateResource, String, ResourceID, Int?)] = []
        var summaries = expanded.summaries
        for resource in expanded.resources {
            guard let id = resource.value["id"]?.stringValue.map(ResourceID.init), let type = resource.value["type"]?.stringValue else { continue }
            let offset = resource.value.objectValue?.offset ?? -1
            let line = offset >= 0 ? expanded.lines[resource.file].map { $0.lineAndColumn(of: offset).line } : nil
            // A template names a child `parent/child`; an export names it by its last segment.
            var resource = resource
            if var object = resource.value.objectValue, let n = object.index(of: "name"), object.values[n].stringValue?.contains("/") == true {
                object.values[n] = .string(id.name)
                resource = TemplateResource(value: .object(object), pointer: resource.pointer, file: resource.file)
            }
            deployed.append((resource, type, id, line))
            if document.kind == .template { summaries.append("deploy \(type) \(id.name)") }
        }
        // Parents before children, so a child's parent exists when it is put.
        deployed.sort { $0.2.segments.count < $1.2.segments.count }
        return PlannedChange(
            file: file, kind: document.kind, summaries: summaries, deployed: deployed, lines: expanded.lines, planEdits: expanded.edits,
            diagnostics: expanded.diagnostics, document: document)
    }

    /// The edits over an export: each resource deployed (children of kinds it does not list
    /// kept), each association applied, each destroyed resource removed. A destroyed
    /// resource or an association whose target is not in the export is skipped, as the
    /// export already lacks it.
    ///
    /// - Complexity: O(resources in the plan × depth of their IDs).
    public func edits(against catalog: ResourceCatalog) -> [ResourceEdit] {
        var edits: [ResourceEdit] = []
        var present = Set(catalog.entries.map(\.id))
        for entry in deployed {
            let body = kind == .terraform ? Self.keepingAssociations(entry.resource.value, from: catalog.entry(entry.id)) : entry.resource.value
            var edit = ResourceEdit(
                target: entry.id, action: .deploy(type: entry.type, body: body, pointer: entry.resource.pointer),
                originFile: entry.resource.file, originLine: entry.line)
            edit.lines = lines[entry.resource.file]
            edits.append(edit)
            present.insert(entry.id)
        }
        let deployedIDs = Set(deployed.map(\.id))
        for edit in planEdits where present.contains(edit.target) {
            // A resource the plan both destroys and creates under one ID is replaced, not gone.
            if case .delete = edit.action, deployedIDs.contains(edit.target) { continue }
            switch edit.action {
            case .patch(let patch):
                edits.append(ResourceEdit(target: edit.target, action: .mergePatch(patch), originFile: file, originLine: edit.line))
            case .delete:
                edits.append(ResourceEdit(target: edit.target, action: .remove, originFile: file, originLine: edit.line))
                present.remove(edit.target)
                // PEER-1: deleting one side of a peering leaves the other Disconnected.
                if let reverse = reversePeering(
                    of: edit.target, remote: catalog.entry(edit.target)?.body["properties"]?["remoteVirtualNetwork"]?["id"], in: catalog)
                {
                    edits.append(ResourceEdit(target: reverse, action: .mergePatch(Self.peeringState("Disconnected")), originFile: file, originLine: edit.line))
                }
            }
        }
        return connectingPeerings(edits, catalog: catalog)
    }

    /// PEER-1: a peering created where the other side exists connects both (Azure sets the
    /// waiting `Initiated` side `Connected`); created alone, it waits as `Initiated`.
    private func connectingPeerings(_ edits: [ResourceEdit], catalog: ResourceCatalog) -> [ResourceEdit] {
        var out: [ResourceEdit] = []
        var deployedIDs: [ResourceID: JSONValue] = [:]
        for edit in edits { if case .deploy(_, let body, _) = edit.action { deployedIDs[edit.target] = body } }
        for edit in edits {
            guard case .deploy(let type, let body, let pointer) = edit.action, type.lowercased() == Self.peeringType,
                body["properties"]?["peeringState"] == nil
            else {
                out.append(edit)
                continue
            }
            let remote = body["properties"]?["remoteVirtualNetwork"]?["id"]
            let reverse = reversePeering(of: edit.target, remote: remote, in: catalog, planned: deployedIDs)
            var connected = edit
            connected = ResourceEdit(
                target: edit.target,
                action: .deploy(type: type, body: body.mergePatched(with: Self.peeringState(reverse == nil ? "Initiated" : "Connected")), pointer: pointer),
                originFile: edit.originFile, originLine: edit.originLine)
            connected.lines = edit.lines
            out.append(connected)
            if let reverse, deployedIDs[reverse] == nil,
                catalog.entry(reverse)?.body["properties"]?["peeringState"]?.stringValue?.lowercased() == "initiated"
            {
                out.append(
                    ResourceEdit(target: reverse, action: .mergePatch(Self.peeringState("Connected")), originFile: edit.originFile, originLine: edit.originLine)
                )
            }
        }
        return out
    }

    /// The references azurerm sets on a subnet or NIC only through association resources
    /// (since azurerm 2.0): `azurerm_subnet` and `azurerm_network_interface` say nothing of
    /// them, so an update of either keeps the export's, and an association in the plan sets
    /// or removes them.
    static let associated: [String: [String]] = [
        "microsoft.network/virtualnetworks/subnets": ["networkSecurityGroup", "routeTable", "natGateway"],
        "microsoft.network/networkinterfaces": ["networkSecurityGroup"],
    ]

    /// `body` with the export's associated references it does not set itself.
    static func keepingAssociations(_ body: JSONValue, from existing: ResourceCatalog.Entry?) -> JSONValue {
        guard let existing, let members = associated[existing.type], let properties = existing.body["properties"] else { return body }
        var kept: [String] = [], values: [JSONValue] = []
        for member in members where body["properties"]?[member] == nil {
            if let value = properties[member], !value.isNull {
                kept.append(member)
                values.append(value)
            }
        }
        guard !kept.isEmpty else { return body }
        return body.mergePatched(with: .object(JSONObject(keys: ["properties"], values: [.object(JSONObject(keys: kept, values: values))])))
    }

    static let peeringType = "microsoft.network/virtualnetworks/virtualnetworkpeerings"

    static func peeringState(_ state: String) -> JSONValue {
        .object(JSONObject(keys: ["properties"], values: [.object(JSONObject(keys: ["peeringState"], values: [.string(state)]))]))
    }

    /// The peering of the remote network back to the network `peering` belongs to, in the
    /// export or among the planned resources.
    private func reversePeering(of peering: ResourceID, remote: JSONValue?, in catalog: ResourceCatalog, planned: [ResourceID: JSONValue] = [:]) -> ResourceID?
    {
        guard let remote = remote?.stringValue.map(ResourceID.init), let own = peering.parent else { return nil }
        let candidates =
            catalog.entries.filter { $0.type == Self.peeringType }.map { ($0.id, $0.body) }
            + planned.filter { $0.key.impliedType?.lowercased() == Self.peeringType }.map { ($0.key, $0.value) }
        return candidates.first { id, body in
            id.parent == remote && body["properties"]?["remoteVirtualNetwork"]?["id"]?.stringValue.map(ResourceID.init) == own
        }?.0
    }
}

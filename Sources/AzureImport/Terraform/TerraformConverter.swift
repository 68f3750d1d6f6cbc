import TopologyModel

/// Turns the azurerm resources of a Terraform plan or state into the ARM-shaped resources
/// the importer reads (importers.md §3.5): IDs synthesised from names where the plan does
/// not know them yet, unknown IDs resolved through the configuration's references, and
/// every value Terraform learns only after apply either resolved that way or made symbolic
/// with a diagnostic naming the resource's address.
final class TerraformConverter {
    let file: String
    let lines: LineIndex
    let subscription: String
    private let reader: TerraformReader
    private var sink = DiagnosticSink()
    /// Each instance's resource ID, by address.
    private var ids: [String: String] = [:]
    /// Instances by the address of their block, for references without an instance key.
    private var byBlock: [String: [TerraformInstance]] = [:]
    private var resources: [(id: String, type: String, body: JSONValue, instance: TerraformInstance)] = []
    private var edits: [TerraformEdit] = []
    private var ignored: [String: Int] = [:]
    /// NIC application security group memberships (NIC ID, group ID, the association).
    private var memberships: [(nic: String, group: String, instance: TerraformInstance)] = []
    /// Items standalone resources put in (or, destroyed, take out of) a list of another
    /// resource's properties, matched by name.
    private var listItems: [TerraformListItem] = []

    /// Resource types of no network meaning, skipped without a word.
    static let quiet: Set<String> = [
        "azurerm_resource_group", "random_string", "random_password", "random_id", "random_pet", "random_integer", "tls_private_key",
        "azurerm_client_config", "time_sleep", "null_resource", "terraform_data", "local_file",
    ]

    init(root: JSONValue, file: String, lines: LineIndex, subscription: String?) {
        self.file = file
        self.lines = lines
        reader = TerraformReader(root: root)
        // The subscription given, else the provider's, else the one the plan's known IDs name.
        let known = reader.instances.lazy.compactMap { ($0.attributes.values["id"]?.stringValue).flatMap { ResourceID($0).subscription } }.first
        self.subscription = subscription ?? reader.providerSubscription ?? known ?? TemplateOptions.defaultSubscription
        for instance in reader.instances { byBlock[instance.blockAddress, default: []].append(instance) }
        for instance in reader.instances { ids[instance.address] = synthesisedID(instance) }
    }

    func line(_ offset: Int) -> Int? { offset >= 0 && !lines.bytes.isEmpty ? lines.lineAndColumn(of: offset).line : nil }

    func note(_ instance: TerraformInstance, _ message: String, severity: Diagnostic.Severity = .warning) {
        sink.add(
            Diagnostic(
                severity: severity, kind: .assumption, file: file, line: line(instance.offset), pointer: instance.address,
                resource: ids[instance.address].map(ResourceID.init), message: message))
    }

    /// Converts every instance.
    func convert() -> TerraformPlanned {
        var summaries: [String] = []
        for instance in reader.instances {
            let action = summary(of: instance.actions)
            if action != "no-op" && action != "read" { summaries.append("\(action) \(instance.address)") }
            if instance.deletes && Self.editors.contains(instance.type) {
                // Destroying an association takes the reference off what it changed.
                edit(instance)
                continue
            }
            if instance.deletes {
                if let id = ids[instance.address], Self.armTypes[instance.type] != nil {
                    edits.append(TerraformEdit(target: ResourceID(id), action: .delete, address: instance.address, line: line(instance.offset)))
                }
                continue
            }
            guard Self.armTypes[instance.type] != nil || Self.editors.contains(instance.type) else {
                if !Self.quiet.contains(instance.type) { ignored[instance.type, default: 0] += 1 }
                continue
            }
            if Self.editors.contains(instance.type) {
                edit(instance)
            } else if let body = body(of: instance), let id = ids[instance.address], let type = Self.armTypes[instance.type] {
                resources.append((id, type, body, instance))
            }
        }
        for (type, count) in ignored.sorted(by: { $0.key < $1.key }) {
            sink.add(
                Diagnostic(
                    severity: .note, kind: .unsupported, file: file,
                    message: "TF-UNSUPPORTED-RESOURCE: \(count) \(type) resource\(count == 1 ? "" : "s") not modelled; skipped"))
        }
        let left = foldEdits()
        return TerraformPlanned(resources: merged(), edits: left, summaries: summaries, diagnostics: sink.diagnostics)
    }

    private func summary(of actions: [String]) -> String {
        switch actions {
        case ["delete", "create"], ["create", "delete"]: "replace"
        case let a: a.first ?? "no-op"
        }
    }

    // MARK: Identity

    /// The ARM type each azurerm resource becomes.
    static let armTypes: [String: String] =
        ([
            "azurerm_virtual_network": "Microsoft.Network/virtualNetworks",
            "azurerm_subnet": "Microsoft.Network/virtualNetworks/subnets",
            "azurerm_virtual_network_peering": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
            "azurerm_network_security_group": "Microsoft.Network/networkSecurityGroups",
            "azurerm_network_security_rule": "Microsoft.Network/networkSecurityGroups/securityRules",
            "azurerm_application_security_group": "Microsoft.Network/applicationSecurityGroups",
            "azurerm_route_table": "Microsoft.Network/routeTables",
            "azurerm_route": "Microsoft.Network/routeTables/routes",
            "azurerm_network_interface": "Microsoft.Network/networkInterfaces",
            "azurerm_public_ip": "Microsoft.Network/publicIPAddresses",
            "azurerm_firewall": "Microsoft.Network/azureFirewalls",
            "azurerm_firewall_policy": "Microsoft.Network/firewallPolicies",
            "azurerm_firewall_policy_rule_collection_group": "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
            "azurerm_ip_group": "Microsoft.Network/ipGroups",
            "azurerm_private_endpoint": "Microsoft.Network/privateEndpoints",
            "azurerm_storage_account": "Microsoft.Storage/storageAccounts",
        ] as [String: String]).merging(networkManagerTypes) { a, _ in a }.merging(virtualWANTypes) { a, _ in a }

    /// Types whose ID is their parent's (an attribute holding its ID) and a segment of their own.
    static let children: [String: (parent: String, segment: String)] =
        ([
            "azurerm_firewall_policy_rule_collection_group": ("firewall_policy_id", "ruleCollectionGroups")
        ] as [String: (parent: String, segment: String)]).merging(networkManagerChildren) { a, _ in a }.merging(virtualWANChildren) { a, _ in a }

    /// Resources that change another resource rather than being one.
    static let editors: Set<String> = [
        "azurerm_subnet_network_security_group_association", "azurerm_subnet_route_table_association",
        "azurerm_network_interface_security_group_association", "azurerm_subnet_nat_gateway_association",
        "azurerm_network_interface_application_security_group_association", "azurerm_storage_account_network_rules",
        "azurerm_virtual_hub_route_table_route",
    ]

    /// The association resources that set one reference: the attribute naming the resource
    /// they change, the ARM member they set, and the attribute holding its value.
    static let associations: [String: (target: String, member: String, value: String)] = [
        "azurerm_subnet_network_security_group_association": ("subnet_id", "networkSecurityGroup", "network_security_group_id"),
        "azurerm_subnet_route_table_association": ("subnet_id", "routeTable", "route_table_id"),
        "azurerm_network_interface_security_group_association": ("network_interface_id", "networkSecurityGroup", "network_security_group_id"),
        "azurerm_subnet_nat_gateway_association": ("subnet_id", "natGateway", "nat_gateway_id"),
    ]

    private func edit(_ instance: TerraformInstance) {
        if let association = Self.associations[instance.type] {
            associate(instance, target: association.target, member: association.member, with: association.value, removing: instance.deletes)
        } else if instance.type == "azurerm_network_interface_application_security_group_association" {
            if instance.deletes {
                note(instance, "removing an application security group membership is not applied; the NIC keeps it")
            } else {
                memberOfGroup(instance)
            }
        } else if instance.type == "azurerm_virtual_hub_route_table_route" {
            hubRoute(instance)
        } else if !instance.deletes {
            storageRules(instance)
        }
    }

    /// The instance's ID: as the plan knows it, else built from its name, resource group
    /// and parent's name.
    private func synthesisedID(_ instance: TerraformInstance) -> String? {
        let a = instance.attributes
        // A deployment's own ID (`.../commit|region|kind`) names no resource the import reads.
        if instance.type == "azurerm_network_manager_deployment" { return networkManagerDeploymentID(instance) }
        if let id = a.string("id"), id.hasPrefix("/") { return id }
        if let child = Self.children[instance.type] {
            guard let name = a.string("name"), let owner = id(a, child.parent, of: instance) else { return nil }
            return owner + "/\(child.segment)/\(name)"
        }
        guard let type = Self.armTypes[instance.type], let name = a.string("name") else { return nil }
        let group = a.string("resource_group_name") ?? "{resourceGroup}"
        let base = "/subscriptions/\(subscription)/resourceGroups/\(group)/providers/"
        let parts = type.split(separator: "/").map(String.init)
        switch instance.type {
        case "azurerm_subnet", "azurerm_virtual_network_peering":
            return base + "\(parts[0])/\(parts[1])/\(a.string("virtual_network_name") ?? "{virtualNetwork}")/\(parts[2])/\(name)"
        case "azurerm_network_security_rule":
            return base + "\(parts[0])/\(parts[1])/\(a.string("network_security_group_name") ?? "{networkSecurityGroup}")/\(parts[2])/\(name)"
        case "azurerm_route":
            return base + "\(parts[0])/\(parts[1])/\(a.string("route_table_name") ?? "{routeTable}")/\(parts[2])/\(name)"
        default:
            return base + type + "/" + name
        }
    }

    /// The resource ID an `*_id` attribute holds: its value, or when Terraform knows it only
    /// after apply, the ID of the resource its expression refers to; symbolic otherwise.
    func id(_ attributes: TerraformAttributes, _ key: String, of instance: TerraformInstance) -> String? {
        if let text = attributes.string(key) { return text }
        guard attributes.isUnknown(key) else { return nil }
        if let resolved = resolve(attributes.references(key), in: instance) { return resolved }
        if attributes.expressions.isNull, !instance.attributes.expressions.isNull, attributes.path.contains(".") {
            // Terraform writes no expressions for blocks a `dynamic` block makes.
            note(
                instance,
                "TF-DYNAMIC-BLOCK: \(attributes.pathTo(key)) is known only after apply, and its block has no configuration expressions (a dynamic block?) to resolve it through; what needs it is left out"
            )
        } else {
            note(
                instance,
                "TF-UNRESOLVED-REFERENCE: \(attributes.pathTo(key)) is known only after apply and its expression names no resource of this plan; what needs it is left out"
            )
        }
        return SymbolicValue.make("\(instance.address).\(attributes.pathTo(key))").stringValue
    }

    /// The IDs a list attribute holds (`virtual_network_subnet_ids`), unknown ones resolved
    /// as ``id(_:_:of:)`` does.
    func ids(_ attributes: TerraformAttributes, _ key: String, of instance: TerraformInstance) -> [String] {
        let known = attributes.strings(key)
        let unknownItems = attributes.unknown[key]?.arrayValue?.contains { if case .bool(true) = $0 { return true } else { return false } } ?? false
        guard attributes.isUnknown(key) || unknownItems else { return known }
        var resolved: [String] = []
        for reference in Self.mostSpecific(attributes.references(key)) {
            if let id = resolve([reference], in: instance), !resolved.contains(id), !known.contains(id) { resolved.append(id) }
        }
        if resolved.isEmpty {
            note(
                instance,
                "TF-UNRESOLVED-REFERENCE: \(attributes.pathTo(key)) is known only after apply and its expression names no resource of this plan; left out")
        }
        return known + resolved
    }

    /// The ID of the first managed resource or data source among `references` (relative to
    /// the instance's module) that this plan holds. A reference to an attribute gives the
    /// resource's `id`, an ID azurerm derives from it (``derivedIDs``) or a data source's
    /// attribute holding an ID; any other attribute holds no ID.
    private func resolve(_ references: [String], in instance: TerraformInstance) -> String? {
        for reference in Self.mostSpecific(references) {
            let parts = reference.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2 else { continue }
            if ["var", "local", "each", "count", "path", "terraform", "self", "module"].contains(parts[0]) { continue }
            if parts[0] == "data", parts.count >= 3 {
                let address = instance.modulePrefix + parts[0...2].joined(separator: ".")
                let attribute = parts.count > 3 ? parts[3] : "id"
                if let id = reader.dataSources[address]?[attribute]?.stringValue, attribute == "id" || id.hasPrefix("/") { return id }
                continue
            }
            let address = instance.modulePrefix + parts[0] + "." + parts[1]
            // No instance key in the reference: the block's only instance.
            let only = byBlock[address].flatMap { $0.count == 1 ? ids[$0[0].address] : nil }
            guard let id = ids[address] ?? only else { continue }
            if parts.count == 2 || parts[2] == "id" { return id }
            if let suffix = Self.derivedIDs[parts[0]]?[parts[2]] { return id + suffix }
        }
        return nil
    }

    /// The references less those Terraform lists as the containers of another (`azurerm_virtual_hub.h`
    /// beside `azurerm_virtual_hub.h.default_route_table_id`), which would stand for the wrong ID.
    static func mostSpecific(_ references: [String]) -> [String] {
        references.filter { r in !references.contains { $0.hasPrefix(r + ".") || $0.hasPrefix(r + "[") } }
    }

    /// A value Terraform learns only after apply that is not a reference (an address): a
    /// symbolic value and a note, or nil when the attribute is simply not set.
    func known(_ attributes: TerraformAttributes, _ key: String, of instance: TerraformInstance, _ what: String) -> JSONValue? {
        if let value = attributes.value(key) { return value }
        guard attributes.isUnknown(key) else { return nil }
        // A note: the importer warns where the symbolic value cannot be used.
        note(instance, "TF-UNKNOWN-VALUE: \(attributes.pathTo(key)) (\(what)) is known only after apply", severity: .note)
        return SymbolicValue.make("\(instance.address).\(attributes.pathTo(key))")
    }

    // MARK: Output

    /// The resources, standalone children kept apart from the blocks their parent echoes.
    private func merged() -> [TemplateResource] {
        let standalone = Set(
            resources.filter { ResourceID($0.id).parent.map { p in resources.contains { ResourceID($0.id) == p } } ?? false }.map { ResourceID($0.id) })
        return resources.map { entry in
            var body = entry.body
            if let object = body.objectValue, let properties = object["properties"]?.objectValue {
                // An inline block that a standalone resource of the same name also declares
                // (azurerm 3.x echoes those in the parent) is the standalone one's.
                var props = properties
                for (key, _) in ImportContext.nestedChildren[entry.type.lowercased()] ?? [] {
                    guard let i = props.index(of: key), let items = props.values[i].arrayValue else { continue }
                    props.values[i] = .array(
                        items.filter { item in !standalone.contains(ResourceID(entry.id + "/" + key + "/" + (item["name"]?.stringValue ?? ""))) })
                }
                var whole = object
                if let j = whole.index(of: "properties") { whole.values[j] = .object(props) }
                body = .object(whole)
            }
            return TemplateResource(value: body, pointer: entry.instance.address, file: file)
        }
    }

    /// Patches whose target the plan declares are applied to it; the rest are kept for a
    /// what-if over an export.
    private func foldEdits() -> [TerraformEdit] {
        var left: [TerraformEdit] = []
        for edit in edits {
            guard case .patch(let patch) = edit.action, let i = resources.firstIndex(where: { ResourceID($0.id) == edit.target }) else {
                left.append(edit)
                continue
            }
            resources[i].body = resources[i].body.mergePatched(with: patch)
        }
        for membership in memberships {
            guard let i = resources.firstIndex(where: { ResourceID($0.id) == ResourceID(membership.nic) }) else {
                note(membership.instance, "the network interface \(membership.nic) is not in this plan; its group membership is not applied")
                continue
            }
            resources[i].body = Self.addingGroup(membership.group, to: resources[i].body)
        }
        for item in listItems {
            let target = ResourceID(item.target)
            if let builtIn = item.builtIn, !resources.contains(where: { ResourceID($0.id) == target }),
                resources.contains(where: { ResourceID($0.id) == builtIn.owner })
            {
                resources.append((item.target, builtIn.type, builtIn.body, item.instance))
            }
            guard let i = resources.firstIndex(where: { ResourceID($0.id) == target }) else {
                note(item.instance, "\(item.target) is not in this plan; \(item.instance.type) '\(item.name)' is not applied to it")
                continue
            }
            resources[i].body = item.applied(to: resources[i].body)
        }
        return left
    }

    /// The instances of an azurerm type that the plan leaves.
    func planned(of type: String) -> [TerraformInstance] { reader.instances.filter { $0.type == type && !$0.deletes } }

    func resourceID(of instance: TerraformInstance) -> String? { ids[instance.address] }

    /// `azurerm_network_interface_application_security_group_association`: the group is
    /// added to every IP configuration of the NIC, which must be in the plan.
    func memberOfGroup(_ instance: TerraformInstance) {
        let a = instance.attributes
        guard let nic = id(a, "network_interface_id", of: instance), let group = id(a, "application_security_group_id", of: instance) else { return }
        memberships.append((nic, group, instance))
    }

    func add(listItem: TerraformListItem) { listItems.append(listItem) }

    func add(edit target: String?, patch: JSONValue, by instance: TerraformInstance) {
        guard let target, !SymbolicValue.isSymbolic(.string(target)) else { return }
        edits.append(TerraformEdit(target: ResourceID(target), action: .patch(patch), address: instance.address, line: line(instance.offset)))
    }

    /// A NIC body with `group` among the application security groups of each IP configuration.
    private static func addingGroup(_ group: String, to body: JSONValue) -> JSONValue {
        guard var object = body.objectValue, let p = object.index(of: "properties"), var properties = body["properties"]?.objectValue,
            let c = properties.index(of: "ipConfigurations"), let configurations = properties.values[c].arrayValue
        else { return body }
        properties.values[c] = .array(
            configurations.map { configuration in
                let existing = configuration["properties"]?["applicationSecurityGroups"]?.arrayValue ?? []
                let reference = JSONValue.object(JSONObject(keys: ["id"], values: [.string(group)], offset: body.objectValue?.offset ?? -1))
                let patch = JSONValue.object(
                    JSONObject(
                        keys: ["properties"], values: [.object(JSONObject(keys: ["applicationSecurityGroups"], values: [.array(existing + [reference])]))]))
                return configuration.mergePatched(with: patch)
            })
        object.values[p] = .object(properties)
        return .object(object)
    }

    /// The ARM resource object: `id`, `name`, `type`, `location`, `tags` and `properties`.
    private func body(of instance: TerraformInstance) -> JSONValue? {
        guard let id = ids[instance.address], let type = Self.armTypes[instance.type], let properties = properties(of: instance) else {
            note(instance, "\(instance.type) has no name in the plan; skipped")
            return nil
        }
        let a = instance.attributes
        var object = ARMObject(offset: instance.offset)
        object.set("id", id)
        object.set("name", ResourceID(id).name)
        object.set("type", type)
        object.set("location", a.string("location"))
        if case .object? = a.value("tags") { object.set("tags", a.value("tags")) }
        if let sku = sku(of: instance) { object.set("sku", sku) }
        object.set("properties", properties)
        return object.value
    }
}

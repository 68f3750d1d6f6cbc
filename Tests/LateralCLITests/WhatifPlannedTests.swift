import Foundation
import Lateral
import TestSupport
import Testing

/// `whatif --plan` and `--template`: a Terraform plan or an ARM template applied over
/// today's export, matched by resource ID, reported as a change file's what-if is.
@Suite("What-if of a planned change")
struct WhatifPlannedTests {
    static let plan = Fixtures.path("Topologies/retail-llm/changes/peer-training-to-sea.tfplan")
    static let template = Fixtures.path("Topologies/retail-llm/changes/ingest-rule.template")
    static let llm = TemplateOptions(subscription: "33333333-3333-3333-3333-333333333333", resourceGroup: "rg-llm-germanywestcentral")

    func whatif(_ file: String, templates: TemplateOptions = TemplateOptions()) throws -> Comparison {
        let planned = try PlannedChange.load(file: file, templates: templates)
        let loaded = try Estate.load(paths: [WhatifEstates.retail], planned: planned)
        return Comparison(
            kind: .whatif, base: loaded.base, changed: try #require(loaded.changed), changes: planned.summaries, inputs: [WhatifEstates.retail],
            from: [.internet, .tag(key: "role", value: "retail-frontend")], to: [.tag(key: "role", value: "llm-training")])
    }

    /// The what-if of a plan given as text, written to a scratch file.
    func whatif(plan: String) throws -> Comparison {
        let file = try scratch(plan)
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try whatif(file)
    }

    /// A plan's text in a temporary file (the caller may remove it).
    func scratch(_ plan: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("whatif-plan-\(UUID().uuidString).json")
        try Data(plan.utf8).write(to: file)
        return file.path
    }

    @Test("PEER-1: the plan's peering completes a one-sided (Initiated) peering, which opens sea frontends to gwc training")
    func plannedPeering() throws {
        let comparison = try whatif(Self.plan)
        #expect(comparison.changes == ["create module.training_network.azurerm_virtual_network_peering.to_retail_sea"])
        #expect(comparison.diff.closed.isEmpty)
        #expect(comparison.diff.opened.count == 6)
        for path in comparison.diff.opened {
            #expect(path.nodes.contains { $0.hasPrefix("vnet-retail-fe-sea/") }, "\(path.nodes)")
            #expect(path.nodes.last?.hasPrefix("vnet-llm-train-gwc/") == true, "\(path.nodes)")
        }
        #expect(!comparison.warnings.contains { $0.contains("no peeringState") })
        #expect(comparison.text.contains("6 paths opened, 0 closed"))
    }

    @Test("NSG-11: the template's rule at priority 150 wins over Deny-VirtualNetwork-Inbound (200) and opens weu to the data NIC on 443")
    func templateRule() throws {
        let comparison = try whatif(Self.template, templates: Self.llm)
        #expect(comparison.changes == ["deploy Microsoft.Network/networkSecurityGroups/securityRules Allow-Storefront-Ingest-HTTPS"])
        #expect(comparison.diff.closed.isEmpty)
        #expect(comparison.diff.opened.count == 5)
        #expect(comparison.diff.opened.allSatisfy { $0.nodes.last == "vnet-llm-train-gwc/snet-data" })
        #expect(comparison.text.contains("inbound rule Allow-Storefront-Ingest-HTTPS (priority 150): tcp/443"))
    }

    @Test("A template deployed in a context where its child's parent is not in the export: an error at the template's line")
    func otherContext() throws {
        #expect {
            _ = try whatif(Self.template)
        } throws: { error in
            let text = "\(error)"
            return text.contains("ingest-rule.template:21: error: cannot add") && text.contains("template-rg") && text.contains("is not in the input")
        }
    }

    @Test("A plan that destroys a resource removes it; one that destroys a peering leaves the other side Disconnected")
    func destroy() throws {
        let peering =
            "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-retail-eastus/providers/Microsoft.Network/virtualNetworks/vnet-retail-fe-eus/virtualNetworkPeerings/peer-retail-fe-eus-to-llm-train-chn"
        let plan = """
            {"format_version": "1.2", "terraform_version": "1.9.5", "resource_changes": [
              {"address": "azurerm_virtual_network_peering.eus_to_chn", "mode": "managed", "type": "azurerm_virtual_network_peering", "name": "eus_to_chn",
               "change": {"actions": ["delete"], "before": {"id": "\(peering)", "name": "peer-retail-fe-eus-to-llm-train-chn"}, "after": null, "after_unknown": {}}}]}
            """
        let comparison = try whatif(plan: plan)
        #expect(comparison.changes == ["delete azurerm_virtual_network_peering.eus_to_chn"])
        #expect(comparison.diff.opened.isEmpty)
        #expect(!comparison.diff.closed.isEmpty)
        #expect(comparison.diff.closed.allSatisfy { path in path.nodes.contains { $0.hasPrefix("vnet-retail-fe-eus/") } })
    }

    @Test("lateral whatif --plan and --template on the default estate; exactly one change source")
    func cli() throws {
        let plan = try CLIRunner.run(["whatif", WhatifEstates.retail, "--plan", Self.plan])
        #expect(plan.exitCode == 0)
        #expect(plan.stdout.contains("create module.training_network.azurerm_virtual_network_peering.to_retail_sea"))
        #expect(plan.stdout.contains("6 paths opened, 0 closed"))
        let template = try CLIRunner.run([
            "whatif", WhatifEstates.retail, "--template", Self.template, "--subscription", "33333333-3333-3333-3333-333333333333", "--resource-group",
            "rg-llm-germanywestcentral", "--fail-on-open",
        ])
        #expect(template.exitCode == 1)
        #expect(template.stdout.contains("5 paths opened"))
        let both = try CLIRunner.run(["whatif", WhatifEstates.retail, "--plan", Self.plan, "--template", Self.template])
        #expect(both.exitCode == 2 && both.stderr.contains("exactly one of --change, --plan and --template"))
        let swapped = try CLIRunner.run(["whatif", WhatifEstates.retail, "--template", Self.plan])
        #expect(swapped.exitCode == 2 && swapped.stderr.contains("give it with --plan"))
    }

    @Test("a plan that cannot be read and an export with an error: both named in one run, exit 2")
    func planAndExportErrors() throws {
        let export = Fixtures.fixture("Import/bad-cidr.json"), plan = Fixtures.fixture("Terraform/future-format.tfplan.json")
        let result = try CLIRunner.run(["whatif", export, "--plan", plan])
        #expect(result.exitCode == 2)
        #expect(result.stderr.contains("\(plan): at /format_version: error: TF-FORMAT-VERSION"), "\(result.stderr)")
        #expect(result.stderr.contains("\(export):3: at /value/0/properties/addressSpace/addressPrefixes/0: error: invalid CIDR '10.1.0.0/33'"))
    }

    @Test("lateral check --plan checks the policies after the plan")
    func check() throws {
        let before = try CLIRunner.run(["check", WhatifEstates.retail, "--policy", WhatifEstates.retailPolicy, "--format", "json"])
        let after = try CLIRunner.run(["check", WhatifEstates.retail, "--policy", WhatifEstates.retailPolicy, "--plan", Self.plan])
        #expect(after.exitCode == 1)
        #expect(after.stdout.contains("Checked after the change in \(Self.plan)"))
        #expect(after.stdout.contains("create module.training_network.azurerm_virtual_network_peering.to_retail_sea"))
        #expect(before.exitCode == 1)
    }

    @Test("lateral check --template --format sarif points at the template line of the rule that opens a path")
    func checkSARIF() throws {
        let result = try CLIRunner.run([
            "check", WhatifEstates.retail, "--policy", WhatifEstates.retailPolicy, "--template", Self.template, "--subscription",
            "33333333-3333-3333-3333-333333333333", "--resource-group", "rg-llm-germanywestcentral", "--format", "sarif",
        ])
        #expect(result.exitCode == 1)
        let log = try JSONSchemaValidator.parse(result.stdoutData)
        let locations = (log["runs"]?.arrayValue?.first?["results"]?.arrayValue ?? []).flatMap { r in
            (r["locations"]?.arrayValue ?? []) + (r["relatedLocations"]?.arrayValue ?? [])
        }
        let atTemplate = locations.compactMap(\.["physicalLocation"]).filter {
            $0["artifactLocation"]?["uri"]?.stringValue?.hasSuffix("ingest-rule.template") == true
        }
        #expect(!atTemplate.isEmpty)
        // Line 21 opens the rule's resource object in the template.
        #expect(atTemplate.allSatisfy { if case .number(21)? = $0["region"]?["startLine"] { true } else { false } })
    }

    /// One rule of the jump box's NSG in a plan's `security_rule` shape.
    static let firewallSSH = """
        {"access": "Allow", "description": "", "destination_address_prefix": "*", "destination_address_prefixes": [],
         "destination_application_security_group_ids": [], "destination_port_range": "22", "destination_port_ranges": [], "direction": "Inbound",
         "name": "Allow-SSH-From-AzureFirewall", "priority": 110, "protocol": "Tcp", "source_address_prefix": "10.0.12.0/26",
         "source_address_prefixes": [], "source_application_security_group_ids": [], "source_port_range": "*", "source_port_ranges": []}
        """
    static let jump =
        "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg-retail-westeurope/providers/Microsoft.Network/networkSecurityGroups/nsg-retail-jump-weu"

    /// The jump box's NSG with only the firewall's SSH rule, updated in place, or destroyed at
    /// one address and created at another (a rename without `moved`): the same ID, replaced.
    static let jumpPlans = [
        """
        {"format_version": "1.2", "terraform_version": "1.9.5", "resource_changes": [
          {"address": "azurerm_network_security_group.jump", "mode": "managed", "type": "azurerm_network_security_group", "name": "jump",
           "change": {"actions": ["update"], "before": {"id": "\(jump)"},
             "after": {"id": "\(jump)", "name": "nsg-retail-jump-weu", "location": "westeurope", "resource_group_name": "rg-retail-westeurope",
                       "security_rule": [\(firewallSSH)]},
             "after_unknown": {"security_rule": [{}]}}}]}
        """,
        """
        {"format_version": "1.2", "terraform_version": "1.9.5", "resource_changes": [
          {"address": "azurerm_network_security_group.old", "mode": "managed", "type": "azurerm_network_security_group", "name": "old",
           "change": {"actions": ["delete"], "before": {"id": "\(jump)", "name": "nsg-retail-jump-weu"}, "after": null}},
          {"address": "module.bastion.azurerm_network_security_group.jump", "module_address": "module.bastion", "mode": "managed",
           "type": "azurerm_network_security_group", "name": "jump",
           "change": {"actions": ["create"], "before": null,
             "after": {"name": "nsg-retail-jump-weu", "location": "westeurope", "resource_group_name": "rg-retail-westeurope", "security_rule": [\(firewallSSH)]},
             "after_unknown": {"id": true, "security_rule": [{}]}}}]}
        """,
    ]

    @Test(
        "An update replaces the NSG's inline rules, and so does a destroy and create under one ID: the jump box keeps only SSH through the firewall's DNAT",
        arguments: jumpPlans)
    func update(_ plan: String) throws {
        let comparison = try whatif(plan: plan)
        #expect(comparison.changes.count == (plan.contains("\"update\"") ? 1 : 2))
        #expect(comparison.diff.opened.isEmpty && comparison.diff.closed.isEmpty)
        // RDP came only from the removed rule; SSH still arrives from the firewall's subnet
        // (Allow-SSH-From-AzureFirewall, after the DNAT rule), so the paths stay.
        #expect(comparison.text.contains("internet -> vnet-retail-fe-weu/snet-jump: - tcp/3389"))
    }

    @Test("--parameters reach the template: a storefront prefix that is not the storefront's opens nothing")
    func templateParameters() throws {
        var options = Self.llm
        options.parameterValues = [("storefrontPrefix", "192.0.2.0/24")]
        let comparison = try whatif(Self.template, templates: options)
        #expect(comparison.diff.opened.isEmpty)
        #expect(comparison.text.contains("No difference in reachability"))
    }

    @Test("Destroying a NIC's NSG association takes the NSG off the NIC: the westeurope frontends reach the training data NIC directly")
    func dissociate() throws {
        let nic =
            "/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg-llm-germanywestcentral/providers/Microsoft.Network/networkInterfaces/nic-gwc-data-01"
        let nsg =
            "/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg-llm-germanywestcentral/providers/Microsoft.Network/networkSecurityGroups/nsg-llm-train-gwc-datanic"
        let comparison = try whatif(
            plan: """
                {"format_version": "1.2", "terraform_version": "1.9.5", "resource_changes": [
                  {"address": "azurerm_network_interface_security_group_association.data", "mode": "managed",
                   "type": "azurerm_network_interface_security_group_association", "name": "data",
                   "change": {"actions": ["delete"], "after": null,
                     "before": {"id": "\(nic)|\(nsg)", "network_interface_id": "\(nic)", "network_security_group_id": "\(nsg)"}}}]}
                """)
        #expect(comparison.changes == ["delete azurerm_network_interface_security_group_association.data"])
        #expect(comparison.diff.closed.isEmpty)
        #expect(!comparison.diff.opened.isEmpty)
        #expect(comparison.diff.opened.allSatisfy { $0.nodes.last == "vnet-llm-train-gwc/snet-data" })
        #expect(comparison.diff.opened.contains { $0.nodes == ["vnet-retail-fe-weu/snet-app", "vnet-llm-train-gwc/snet-data"] })
    }

    @Test("An azurerm_subnet update keeps the export's NSG and route table, which azurerm sets only through associations")
    func subnetUpdateKeepsAssociations() throws {
        let id =
            "/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg-llm-germanywestcentral/providers/Microsoft.Network/virtualNetworks/vnet-llm-train-gwc/subnets/snet-gpu"
        let planned = try PlannedChange.load(
            file: try scratch(
                """
                {"format_version": "1.2", "terraform_version": "1.9.5", "resource_changes": [
                  {"address": "azurerm_subnet.gpu", "mode": "managed", "type": "azurerm_subnet", "name": "gpu",
                   "change": {"actions": ["update"], "before": {"id": "\(id)"},
                     "after": {"id": "\(id)", "name": "snet-gpu", "resource_group_name": "rg-llm-germanywestcentral", "virtual_network_name": "vnet-llm-train-gwc",
                               "address_prefixes": ["10.50.1.0/24"], "service_endpoints": ["Microsoft.Storage"]},
                     "after_unknown": {}}}]}
                """))
        let loaded = try Estate.load(paths: [WhatifEstates.retail], planned: planned)
        let before = try #require(loaded.base.topology.subnets[ResourceID(id)])
        let after = try #require(loaded.changed?.topology.subnets[ResourceID(id)])
        #expect(after.securityGroup == before.securityGroup && after.securityGroup != nil)
        #expect(after.routeTable == before.routeTable && after.routeTable != nil)
        #expect(after.serviceEndpoints.count == 1)
    }
}

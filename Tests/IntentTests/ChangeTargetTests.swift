import AzureImport
import Intent
import TestSupport
import Testing
import TopologyModel

/// Targets are resolved against the estate: one that does not exist, or a name that fits
/// two resources, is an error at the operation's line.
@Suite("change files: resolving targets")
struct ChangeTargetTests {
    @Test("a target that does not exist is named, at the operation's line")
    func notFound() throws {
        let d = try SmallEstate.failure(
            """
              - op: remove-nsg-rule
                target: nsg:nsg-web/rule:deny-rdp
              - op: remove-nsg-rule
                target: nsg:nsg-web/rule:allow-telnet
            """)
        #expect(d.file == "change.yaml")
        #expect(d.line == 5)
        #expect(d.message.contains("no rule named 'allow-telnet' in nsg-web"))
        #expect(d.message.contains("nsg:nsg-web/rule:allow-telnet"))
    }

    @Test("a missing parent is reported before its child")
    func parentNotFound() throws {
        let d = try SmallEstate.failure(
            """
              - op: remove-peering
                target: vnet:vnet-nowhere/peering:peer-front-to-back
            """)
        #expect(d.line == 3)
        #expect(d.message.contains("no vnet named 'vnet-nowhere'"))
    }

    @Test("a resource ID that is not in the input is named")
    func unknownResourceID() throws {
        let id = SmallEstate.id("networkSecurityGroups", "nsg-gone").text
        let d = try SmallEstate.failure(
            """
              - op: remove-resource
                target: \(id)
            """)
        #expect(d.line == 3)
        #expect(d.message.contains(id))
    }

    @Test("a target of the wrong type names what the operation needs")
    func wrongType() throws {
        let d = try SmallEstate.failure(
            """
              - op: remove-nsg-rule
                target: nsg:nsg-web
            """)
        #expect(d.line == 3)
        #expect(d.message.contains("needs an NSG rule"))
    }

    @Test("a firewall rule that does not exist lists the collection's rules")
    func firewallRuleNotFound() throws {
        let d = try SmallEstate.failure(
            """
              - op: remove-firewall-rule
                target: firewall-policy:fwp-main/group:rcg-main/collection:coll-web/rule:web-http
            """)
        #expect(d.line == 3)
        #expect(d.message.contains("no rule 'web-http'"))
        #expect(d.message.contains("web-https"))
    }

    @Test("a name two resources share is ambiguous, and both IDs are listed")
    func ambiguous() throws {
        // Two NSGs called nsg-app in different resource groups.
        func nsg(_ group: String) -> String {
            """
            {"id": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/\(group)/providers/Microsoft.Network/networkSecurityGroups/nsg-app",
             "name": "nsg-app", "type": "Microsoft.Network/networkSecurityGroups", "location": "westeurope", "properties": {"securityRules": []}}
            """
        }
        let document = try SourceDocument(bytes: Array("[\(nsg("rg-one")),\n\(nsg("rg-two"))]".utf8), file: "twins.json")
        let change = try ChangeFile.parse(
            """
            version: 1
            changes:
              - op: patch
                target: nsg:nsg-app
                patch: {tags: {owner: me}}
            """, file: "twins.yaml")
        #expect {
            try change.edits(against: AzureImporter.catalog([document]))
        } throws: { error in
            guard let d = (error as? IntentError)?.diagnostics.first else { return false }
            return d.file == "twins.yaml" && d.line == 3 && d.message.contains("'nsg-app' is ambiguous")
                && d.message.contains("/resourceGroups/rg-one/") && d.message.contains("/resourceGroups/rg-two/")
        }
    }

    @Test("the resource ID resolves what a name cannot")
    func resourceIDDisambiguates() throws {
        let d = try SmallEstate.edits(
            """
              - op: remove-resource
                target: \(SmallEstate.id("networkSecurityGroups", "nsg-spare").text.uppercased())
            """)
        #expect(d.count == 1)
        #expect(d.first?.target == SmallEstate.id("networkSecurityGroups", "nsg-spare"))
        #expect(d.first?.originLine == 3)
        #expect(d.first?.originFile == "change.yaml")
    }

    @Test("adding what already exists is refused")
    func duplicateAdd() throws {
        let d = try SmallEstate.failure(
            """
              - op: add-nsg-rule
                target: nsg:nsg-web
                rule: {name: deny-rdp, priority: 300, direction: Inbound, access: Deny, protocol: Tcp,
                       sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "3389"}
            """)
        #expect(d.line == 3)
        #expect(d.message.contains("already has a rule named 'deny-rdp'"))
    }

    @Test("detaching what is not attached is refused, so a stale change does not pass silently")
    func detachNothing() throws {
        let d = try SmallEstate.failure(
            """
              - op: detach-nsg
                target: vnet:vnet-spare/subnet:snet-spare
            """)
        #expect(d.line == 3)
        #expect(d.message.contains("has no network security group to detach"))
    }
}

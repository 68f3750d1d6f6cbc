import AzureImport
import Testing
import TopologyModel

/// A value a change file writes that the import then refuses is reported at the change file's
/// line and pointer, where the user wrote it, not at the estate's (which never held it).
@Suite("change files: refused values are reported where the change wrote them")
struct ChangeErrorPlaceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// The `changes:` list (lines from 3, see ``SmallEstate/changeFile(_:)``).
        let operations: String
        let line: Int
        let pointer: String
        let fragment: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a port that is not a port, set by modify-nsg-rule",
            operations: """
                  - op: modify-nsg-rule
                    target: nsg:nsg-web/rule:allow-ssh-internet
                    set:
                      destinationPortRange: abc
                """, line: 6, pointer: "/changes/0/set/destinationPortRange", fragment: "invalid port 'abc'"),
        Case(
            name: "a priority out of range in an added rule",
            operations: """
                  - op: add-nsg-rule
                    target: nsg:nsg-spare
                    rule:
                      name: deny-all-out
                      priority: 5000
                      direction: Outbound
                      access: Deny
                      protocol: "*"
                      sourceAddressPrefix: "*"
                      sourcePortRange: "*"
                      destinationAddressPrefix: "*"
                      destinationPortRange: "*"
                """, line: 7, pointer: "/changes/0/rule/priority", fragment: "priority 5000 is outside 100-4096"),
        Case(
            name: "an added rule missing a member: the rule as a whole",
            operations: """
                  - op: add-nsg-rule
                    target: nsg:nsg-spare
                    rule: {name: no-protocol, priority: 300, direction: Inbound, access: Allow, sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "22"}
                """, line: 5, pointer: "/changes/0/rule", fragment: #"security rule 'no-protocol' has no "protocol""#),
        Case(
            name: "a member a patch removes: the patch's object",
            operations: """
                  - op: modify-nsg-rule
                    target: nsg:nsg-web/rule:deny-rdp
                    set:
                      sourcePortRange: null
                """, line: 6, pointer: "/changes/0/set", fragment: "has no sourcePortRange or sourcePortRanges (NSG-10)"),
        Case(
            name: "a bad CIDR in a merge patch",
            operations: """
                  - op: patch
                    target: vnet:vnet-front/subnet:snet-web
                    patch:
                      properties:
                        addressPrefix: 10.0.0.0/33
                """, line: 7, pointer: "/changes/0/patch/properties/addressPrefix", fragment: "invalid CIDR '10.0.0.0/33'"),
        Case(
            name: "a bad port in a firewall rule added to a collection",
            operations: """
                  - op: add-firewall-rule
                    target: firewall-policy:fwp-main/group:rcg-main/collection:coll-web
                    rule:
                      ruleType: NetworkRule
                      name: web-bad
                      ipProtocols: [TCP]
                      sourceAddresses: ["10.1.0.0/16"]
                      destinationAddresses: ["10.3.1.0/24"]
                      destinationPorts: ["99999"]
                """, line: 11, pointer: "/changes/0/rule/destinationPorts/0", fragment: "invalid firewall port '99999'"),
        Case(
            name: "a bad access in a rule nested in an added NSG",
            operations: """
                  - op: add-resource
                    resource:
                      id: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-small/providers/Microsoft.Network/networkSecurityGroups/nsg-new
                      type: Microsoft.Network/networkSecurityGroups
                      properties:
                        securityRules:
                          - name: odd
                            properties: {priority: 100, direction: Inbound, access: Maybe, protocol: Tcp, sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "22"}
                """, line: 10, pointer: "/changes/0/resource/properties/securityRules/0/properties/access", fragment: "access 'Maybe' is not Allow or Deny"),
        Case(
            name: "a priority another rule holds, given to the later rule",
            operations: """
                  - op: modify-nsg-rule
                    target: nsg:nsg-web/rule:deny-rdp
                    set: {priority: 100}
                """, line: 5, pointer: "/changes/0/set/priority", fragment: "share priority 100 inbound"),
        Case(
            name: "a priority another rule holds, given to the earlier rule",
            operations: """
                  - op: modify-nsg-rule
                    target: nsg:nsg-web/rule:allow-ssh-internet
                    set: {priority: 200}
                """, line: 5, pointer: "/changes/0/set/priority", fragment: "share priority 200 inbound"),
    ]

    @Test("at the change file's line and pointer", arguments: cases)
    func placed(_ c: Case) throws {
        let edits = try SmallEstate.edits(c.operations)
        let failure = try #require(throws: ImportError.self) { try AzureImporter.build(SmallEstate.documents(), edits: edits) }
        #expect(failure.diagnostics.count == 1, "\(failure.diagnostics.map(\.rendered))")
        let d = try #require(failure.diagnostics.first)
        #expect(d.file == "change.yaml", "\(d.rendered)")
        #expect(d.line == c.line, "\(d.rendered)")
        #expect(d.pointer == c.pointer, "\(d.rendered)")
        #expect(d.message.contains(c.fragment), "\(d.rendered)")
    }
}

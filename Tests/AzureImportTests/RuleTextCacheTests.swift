import AzureImport
import Testing
import TopologyModel

/// Rule sides and port fields are read once per distinct text and reused (an estate repeats
/// a few hundred values across hundreds of thousands of rules). Reuse must not change what
/// a rule means, nor swallow a diagnostic: every rule that is wrong or doubtful says so, at
/// its own JSON pointer.
@Suite("Rule text cache")
struct RuleTextCacheTests {
    static func rule(_ name: String, priority: Int, source: String, ports: String) -> String {
        """
        {"name": "\(name)", "properties": {"protocol": "Tcp", "access": "Allow", "direction": "Inbound", "priority": \(priority),
         "sourceAddressPrefix": "\(source)", "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "\(ports)"}}
        """
    }

    @Test("a repeated doubtful tag warns for every rule that names it")
    func repeatedWarning() throws {
        let rules = "[\(Self.rule("a", priority: 100, source: "Odd Tag!", ports: "22")), \(Self.rule("b", priority: 110, source: "Odd Tag!", ports: "22"))]"
        let result = try AzureImporter.load(json: "[\(SmallEstate.vnet()), \(SmallEstate.nsg(rules: rules))]")
        // Besides the one warning per approximated tag that sums up every rule naming it.
        let warnings = result.diagnostics.filter { $0.message.contains("'Odd Tag!'") && !$0.message.hasPrefix("service tag 'Odd Tag!' (named") }
        #expect(
            warnings.compactMap(\.pointer) == [
                "/1/properties/securityRules/0/properties/sourceAddressPrefix",
                "/1/properties/securityRules/1/properties/sourceAddressPrefix",
            ])
    }

    @Test("a bad prefix or port after a good one of the same field is still an error, at its own place")
    func errorsAfterReuse() {
        let rules =
            "["
            + [
                Self.rule("a", priority: 100, source: "10.0.0.0/16", ports: "443"),
                Self.rule("b", priority: 110, source: "10.0.0.0/33", ports: "443"),
                Self.rule("c", priority: 120, source: "10.0.0.0/16", ports: "70000"),
            ].joined(separator: ", ") + "]"
        let errors = importErrors("[\(SmallEstate.vnet()), \(SmallEstate.nsg(rules: rules))]")
        #expect(
            errors.compactMap(\.pointer).sorted() == [
                "/1/properties/securityRules/1/properties/sourceAddressPrefix",
                "/1/properties/securityRules/2/properties/destinationPortRange",
            ])
    }

    @Test("rules sharing texts get the same sides and ports as rules read alone")
    func sameMeaning() throws {
        let texts = [("10.0.0.0/16", "443"), ("VirtualNetwork", "1000-2000"), ("*", "*"), ("10.0.0.0/16", "443"), ("VirtualNetwork", "*")]
        let together = try AzureImporter.load(
            json:
                "[\(SmallEstate.vnet()), \(SmallEstate.nsg(rules: "[" + texts.enumerated().map { Self.rule("r\($0.offset)", priority: 100 + $0.offset, source: $0.element.0, ports: $0.element.1) }.joined(separator: ", ") + "]"))]"
        )
        let shared = together.topology.securityGroups.values.first!.rules(.inbound)
        for (i, (source, ports)) in texts.enumerated() {
            let alone = try AzureImporter.load(
                json: "[\(SmallEstate.vnet()), \(SmallEstate.nsg(rules: "[\(Self.rule("r\(i)", priority: 100 + i, source: source, ports: ports))]"))]")
            let rule = alone.topology.securityGroups.values.first!.rules(.inbound).first { !$0.isDefault }!
            let twin = shared.first { $0.name == "r\(i)" }!
            #expect(RuleSignature(rule) == RuleSignature(twin))
            #expect(rule.source.texts == twin.source.texts)
        }
    }
}

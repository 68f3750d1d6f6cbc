import Reachability
import TopologyModel

extension Isolation {
    /// The plan as a change file `lateral whatif --change` accepts (docs/whatif.md): targets
    /// are resource IDs, so no name can be ambiguous.
    public var changeFile: String {
        var out = """
            # Lateral isolation plan (docs/isolate.md): \(plan.size) change\(plan.size == 1 ? "" : "s").
            # Check it with: lateral whatif INPUT... --change isolation-plan.yaml
            version: 1
            description: \(Self.quoted("Emergency isolation: close every path of " + denyIDs.joined(separator: ", ")))
            changes:\(plan.changes.isEmpty ? " []" : "")

            """
        for (n, change) in plan.changes.enumerated() {
            switch change.action {
            case .disablePublicAccess(let asset, let kind):
                out += "  # \(n + 1). \(cutSummary(change))\n"
                if kind == .storage {
                    out += "  - op: set-storage-public-access\n    target: \(Self.quoted(asset.text))\n    set:\n      publicNetworkAccess: Disabled\n"
                } else {
                    out += "  - op: patch\n    target: \(Self.quoted(asset.text))\n    patch:\n      properties:\n        publicNetworkAccess: Disabled\n"
                    if kind == .machineLearningWorkspace { out += "        allowPublicAccessWhenBehindVnet: false\n" }
                }
            case .privateSubnet(let subnet):
                out += "  # \(n + 1). \(cutSummary(change))\n"
                out += "  - op: patch\n    target: \(Self.quoted(subnet.text))\n    patch:\n      properties:\n        defaultOutboundAccess: false\n"
            case .removePeering(let peering, let reverse):
                out += "  # \(n + 1). \(cutSummary(change))\n"
                for side in [peering] + (reverse.map { [$0] } ?? []) { out += "  - op: remove-peering\n    target: \(Self.quoted(side.id.text))\n" }
            case .denyRules(let subnet, let nsg, let creates, let location, let direction, let rules):
                out += "  # \(n + 1). \(cutSummary(change))\n"
                if creates {
                    out += """
                          - op: add-resource
                            resource:
                              id: \(Self.quoted(nsg.text))
                              name: \(Self.quoted(nsg.name))
                              type: Microsoft.Network/networkSecurityGroups
                              location: \(Self.quoted(location))
                              properties:
                                securityRules: []

                        """
                }
                for (direction, access, rule) in Self.rules(creates: creates, direction: direction, rules) {
                    out += """
                          - op: add-nsg-rule
                            target: \(Self.quoted(nsg.text))
                            rule:
                              name: \(rule.name)
                              priority: \(rule.priority)
                              direction: \(direction == .inbound ? "Inbound" : "Outbound")
                              access: \(access)
                              protocol: \(Self.quoted(rule.protocolName))
                              sourcePortRange: "*"
                        \(Self.list("sourceAddressPrefix", "sourceAddressPrefixes", rule.sourcePrefixes))\(Self.list("destinationAddressPrefix", "destinationAddressPrefixes", rule.destinationPrefixes))\(Self.list("destinationPortRange", "destinationPortRanges", rule.destinationPorts))
                        """
                }
                // Associated last, once its rules are in place.
                if creates {
                    out += "  - op: attach-nsg\n    target: \(Self.quoted(subnet.text))\n    nsg: \(Self.quoted(nsg.text))\n"
                }
            }
        }
        return out
    }

    /// The rules a change adds, with direction and access: a created NSG's baseline allows
    /// (``IsolationChange/baselineRules``) first.
    static func rules(creates: Bool, direction: TrafficDirection, _ rules: [DenyRule]) -> [(TrafficDirection, String, DenyRule)] {
        (creates ? IsolationChange.baselineRules.map { ($0.direction, $0.access == .allow ? "Allow" : "Deny", $0.rule) } : [])
            + rules.map { (direction, "Deny", $0) }
    }

    var denyIDs: [String] { policies.filter { if case .deny = $0.kind { true } else { false } }.map(\.id) }

    /// One line: what the change closes.
    func cutSummary(_ change: IsolationChange) -> String {
        let hops = change.cuts.map { "\($0.from) -> \($0.to) (\($0.services.summary))" }
        let shown = hops.prefix(3).joined(separator: "; ") + (hops.count > 3 ? "; and \(hops.count - 3) more" : "")
        return "closes \(shown) (deny \(change.policies.joined(separator: ", ")))"
    }

    /// `key: value` for one item, `keys:` with a list for more (NSG rules take a service tag
    /// only in the singular field).
    static func list(_ key: String, _ plural: String, _ values: [String]) -> String {
        let indent = "      "
        if values.count == 1 { return "\(indent)\(key): \(quoted(values[0]))\n" }
        return "\(indent)\(plural):\n" + values.map { "\(indent)  - \(quoted($0))\n" }.joined()
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}

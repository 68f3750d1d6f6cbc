extension SecurityRule {
    /// The six default rules every NSG has (NSG-12, table in §1.3 of the semantics
    /// reference), with the API's names and priorities. Used when an export omits
    /// `defaultSecurityRules` (NSG-13).
    public static func defaultRules(securityGroup: ResourceID) -> [SecurityRule] {
        func rule(
            _ name: String, _ priority: Int, _ direction: TrafficDirection, _ access: RuleAccess,
            _ source: AddressMatch, _ destination: AddressMatch
        ) -> SecurityRule {
            SecurityRule(
                id: ResourceID(securityGroup.text + "/defaultSecurityRules/" + name), name: name,
                priority: priority, direction: direction, access: access, protocols: .all, protocolText: "*",
                source: source, sourcePorts: .full, destination: destination, destinationPorts: .full,
                isDefault: true, origin: nil)
        }
        let vnet = AddressMatch(tags: [.virtualNetwork], texts: ["VirtualNetwork"])
        let lb = AddressMatch(tags: [.azureLoadBalancer], texts: ["AzureLoadBalancer"])
        let internet = AddressMatch(tags: [.internet], texts: ["Internet"])
        return [
            rule("AllowVnetInBound", 65000, .inbound, .allow, vnet, vnet),
            rule("AllowAzureLoadBalancerInBound", 65001, .inbound, .allow, lb, .anyAddress),
            rule("DenyAllInBound", 65500, .inbound, .deny, .anyAddress, .anyAddress),
            rule("AllowVnetOutBound", 65000, .outbound, .allow, vnet, vnet),
            rule("AllowInternetOutBound", 65001, .outbound, .allow, .anyAddress, internet),
            rule("DenyAllOutBound", 65500, .outbound, .deny, .anyAddress, .anyAddress),
        ]
    }
}

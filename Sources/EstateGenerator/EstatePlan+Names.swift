/// Names and resource IDs, all derived from positions in the plan so any resource can name
/// another before it is written.
extension EstatePlan {
    func spokeName(_ spoke: Spoke) -> String {
        "vnet-\(spoke.role.short)-\(regions[spoke.region].code)-\(padded(spoke.index))"
    }
    func subnetName(_ spoke: Spoke, _ subnet: Int) -> String {
        let tiers = spoke.role.tiers
        return "snet-" + tiers[subnet % tiers.count] + (subnet >= tiers.count ? "-\(subnet / tiers.count + 1)" : "")
    }
    func resourceGroup(_ spoke: Spoke) -> String { "\(spoke.role.resourceGroupStem)-\(regions[spoke.region].name)" }
    func hubName(_ region: Int) -> String { "vnet-hub-\(regions[region].code)" }
    func padded(_ n: Int) -> String {
        let text = String(n)
        return text.count >= 4 ? text : String(repeating: "0", count: 4 - text.count) + text
    }

    static let connectivity = "11111111-1111-1111-1111-111111111111"
    func hubGroup(_ region: Int) -> String { "rg-connectivity-\(regions[region].name)" }

    func networkID(subscription: String, group: String, type: String, name: String) -> String {
        "/subscriptions/\(subscription)/resourceGroups/\(group)/providers/Microsoft.Network/\(type)/\(name)"
    }
    func spokeResource(_ spoke: Spoke, _ type: String, _ name: String) -> String {
        networkID(subscription: spoke.role.subscription, group: resourceGroup(spoke), type: type, name: name)
    }
    func hubResource(_ region: Int, _ type: String, _ name: String) -> String {
        networkID(subscription: Self.connectivity, group: hubGroup(region), type: type, name: name)
    }
    func spokeID(_ spoke: Spoke) -> String { spokeResource(spoke, "virtualNetworks", spokeName(spoke)) }
    func hubID(_ region: Int) -> String { hubResource(region, "virtualNetworks", hubName(region)) }
    func subnetID(_ spoke: Spoke, _ subnet: Int) -> String { spokeID(spoke) + "/subnets/" + subnetName(spoke, subnet) }
    func securityGroupName(_ spoke: Spoke, _ subnet: Int) -> String {
        "nsg-" + spokeName(spoke).dropFirst(5) + "-" + subnetName(spoke, subnet).dropFirst(5)
    }
    func securityGroupID(_ spoke: Spoke, _ subnet: Int) -> String {
        spokeResource(spoke, "networkSecurityGroups", securityGroupName(spoke, subnet))
    }
    func routeTableName(_ spoke: Spoke) -> String { "rt-" + spokeName(spoke).dropFirst(5) }
    func routeTableID(_ spoke: Spoke) -> String { spokeResource(spoke, "routeTables", routeTableName(spoke)) }
    func interfaceName(_ spoke: Spoke, subnet: Int, nic: Int) -> String {
        "nic-" + spokeName(spoke).dropFirst(5) + "-" + subnetName(spoke, subnet).dropFirst(5) + "-" + (nic < 9 ? "0" : "") + String(nic + 1)
    }
    func interfaceID(_ spoke: Spoke, subnet: Int, nic: Int) -> String {
        spokeResource(spoke, "networkInterfaces", interfaceName(spoke, subnet: subnet, nic: nic))
    }
    func interfaceSecurityGroupName(_ spoke: Spoke, subnet: Int, nic: Int) -> String {
        "nsg-" + interfaceName(spoke, subnet: subnet, nic: nic).dropFirst(4)
    }
    func interfaceSecurityGroupID(_ spoke: Spoke, subnet: Int, nic: Int) -> String {
        spokeResource(spoke, "networkSecurityGroups", interfaceSecurityGroupName(spoke, subnet: subnet, nic: nic))
    }
    func groupName(_ spoke: Spoke, tier: String) -> String { "asg-" + spokeName(spoke).dropFirst(5) + "-" + tier }
    /// The ID of the ASG at a position below ``groupCount(_:)``.
    func groupID(_ spoke: Spoke, _ position: Int) -> String {
        spokeResource(spoke, "applicationSecurityGroups", groupName(spoke, tier: groupTier(spoke, position)))
    }
    func firewallName(_ region: Int) -> String { "afw-hub-\(regions[region].code)" }
    func policyName(_ region: Int) -> String { "afwp-hub-\(regions[region].code)" }
    func hubRouteTableName(_ region: Int) -> String { "rt-hub-\(regions[region].code)-firewall" }
    func hubRouteTableID(_ region: Int) -> String { hubResource(region, "routeTables", hubRouteTableName(region)) }
    static let basePolicyName = "afwp-platform-base"
    func basePolicyID() -> String { hubResource(0, "firewallPolicies", Self.basePolicyName) }
    func ipGroupID(_ role: SpokeRole) -> String { hubResource(0, "ipGroups", "ipg-\(role.rawValue)") }
}

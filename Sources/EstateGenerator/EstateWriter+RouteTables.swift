/// Route tables: each spoke's default route to its hub firewall, and in a global mesh the
/// firewall subnets' routes to the other regions' spokes.
extension EstateWriter {
    /// One route table per spoke: 0.0.0.0/0 to the regional hub's firewall, on every routed subnet.
    mutating func routeTable(_ spoke: EstatePlan.Spoke) {
        let id = plan.routeTableID(spoke)
        let code = plan.regions[spoke.region].code
        header(
            name: plan.routeTableName(spoke), id: id, type: "Microsoft.Network/routeTables", location: plan.regions[spoke.region].name,
            tags: ["env": "prod", "owner": spoke.role.owner])
        openProperties()
        resourceGuid()
        out.field("disableBgpRoutePropagation", true)
        out.openArray("routes")
        route(table: id, name: "default-via-afw-hub-\(code)", prefix: (0, 0), nextHop: "VirtualAppliance", address: plan.firewallAddress(spoke.region))
        out.closeArray()
        out.openArray("subnets")
        for subnet in 0..<plan.layout.subnetsPerNetwork where plan.isRouted(spoke, subnet: subnet) {
            out.referenceItem(plan.subnetID(spoke, subnet))
        }
        out.closeArray()
        close()
    }

    /// A global mesh's hub reaches another region's spokes through that region's firewall,
    /// one route per region block; the rest goes to the Internet, as Azure requires of a
    /// firewall subnet (which also keeps BGP propagation on).
    mutating func hubRouteTable(_ region: Int) {
        let id = plan.hubRouteTableID(region)
        header(
            name: plan.hubRouteTableName(region), id: id, type: "Microsoft.Network/routeTables", location: plan.regions[region].name,
            tags: ["role": "hub", "env": "prod", "owner": "platform-network"])
        openProperties()
        resourceGuid()
        out.field("disableBgpRoutePropagation", false)
        out.openArray("routes")
        route(table: id, name: "default-to-internet", prefix: (0, 0), nextHop: "Internet", address: nil)
        for other in plan.regions.indices where other != region {
            guard let block = plan.regionBlock(other) else { continue }
            route(
                table: id, name: "spokes-\(plan.regions[other].code)-via-afw-hub-\(plan.regions[other].code)", prefix: block,
                nextHop: "VirtualAppliance", address: plan.firewallAddress(other))
        }
        out.closeArray()
        out.openArray("subnets")
        out.referenceItem(plan.hubID(region) + "/subnets/AzureFirewallSubnet")
        out.closeArray()
        close()
    }

    mutating func route(table: String, name: String, prefix: (UInt32, Int), nextHop: StaticString, address: UInt32?) {
        childHeader(name: name, id: table + "/routes/" + name, type: "Microsoft.Network/routeTables/routes")
        openProperties()
        out.field("addressPrefix", address: prefix.0, length: prefix.1)
        out.field("nextHopType", nextHop)
        if let address { out.field("nextHopIpAddress", address: address) }
        out.field("hasBgpOverride", false)
        close()
    }
}

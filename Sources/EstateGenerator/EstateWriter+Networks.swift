/// VNets with their nested subnets and peerings, and the spokes' route tables.
extension EstateWriter {
    mutating func hubNetwork(_ region: Int) {
        let id = plan.hubID(region)
        let base = plan.hubBase(region)
        header(name: plan.hubName(region), id: id, type: "Microsoft.Network/virtualNetworks", location: plan.regions[region].name,
               tags: ["role": "hub", "env": "prod", "owner": "platform-network"])
        openProperties()
        resourceGuid()
        addressPrefixes("addressSpace", [(base, 24)])
        out.object("dhcpOptions") { $0.emptyArray("dnsServers") }
        out.openArray("subnets")
        var subnets: [(name: String, base: UInt32, length: Int)] = [("AzureFirewallSubnet", base, 26)]
        if plan.options.gatewaySubnets { subnets.append(("GatewaySubnet", base + 64, 27)) }
        for subnet in subnets {
            childHeader(name: subnet.name, id: id + "/subnets/" + subnet.name, type: "Microsoft.Network/virtualNetworks/subnets")
            openProperties()
            out.field("addressPrefix", address: subnet.base, length: subnet.length)
            out.emptyArray("delegations")
            out.field("privateEndpointNetworkPolicies", "Disabled")
            out.field("privateLinkServiceNetworkPolicies", "Enabled")
            close()
        }
        out.closeArray()
        out.openArray("virtualNetworkPeerings")
        for spoke in plan.spokes where spoke.region == region {
            peering(local: id, name: "peer-hub-\(plan.regions[region].code)-to-" + plan.spokeName(spoke).dropFirst(5),
                    remote: plan.spokeID(spoke), remotePrefix: (spoke.base, spoke.prefixLength))
        }
        for other in plan.regions.indices where other != region {
            peering(local: id, name: "peer-hub-\(plan.regions[region].code)-to-hub-\(plan.regions[other].code)",
                    remote: plan.hubID(other), remotePrefix: (plan.hubBase(other), 24))
        }
        out.closeArray()
        out.field("enableDdosProtection", false)
        close()
    }

    mutating func spokeNetwork(_ spoke: EstatePlan.Spoke) {
        let id = plan.spokeID(spoke)
        let name = plan.spokeName(spoke)
        header(name: name, id: id, type: "Microsoft.Network/virtualNetworks", location: plan.regions[spoke.region].name,
               tags: ["role": spoke.role.rawValue, "env": "prod", "owner": spoke.role.owner])
        openProperties()
        resourceGuid()
        addressPrefixes("addressSpace", [(spoke.base, spoke.prefixLength)])
        out.object("dhcpOptions") { $0.emptyArray("dnsServers") }
        out.openArray("subnets")
        for subnet in 0..<plan.options.subnetsPerSpoke { spokeSubnet(spoke, subnet) }
        out.closeArray()
        out.openArray("virtualNetworkPeerings")
        let region = spoke.region
        peering(local: id, name: "peer-" + name.dropFirst(5) + "-to-hub-\(plan.regions[region].code)",
                remote: plan.hubID(region), remotePrefix: (plan.hubBase(region), 24))
        // Planted hole: a direct frontend <-> training peering that bypasses the firewall.
        let planted = [plan.plantedFrontend, plan.plantedTraining]
        if let position = planted.firstIndex(of: spoke.index) {
            let other = plan.spokes[planted[1 - position]]
            peering(local: id, name: "peer-" + name.dropFirst(5) + "-to-" + plan.spokeName(other).dropFirst(5),
                    remote: plan.spokeID(other), remotePrefix: (other.base, other.prefixLength))
        }
        out.closeArray()
        out.field("enableDdosProtection", false)
        close()
    }

    mutating func spokeSubnet(_ spoke: EstatePlan.Spoke, _ subnet: Int) {
        let name = plan.subnetName(spoke, subnet)
        let routed = plan.isRouted(spoke, subnet: subnet)
        childHeader(name: name, id: plan.subnetID(spoke, subnet), type: "Microsoft.Network/virtualNetworks/subnets")
        openProperties()
        out.field("addressPrefix", address: plan.subnetBase(spoke, subnet), length: 24)
        out.reference("networkSecurityGroup", plan.securityGroupID(spoke, subnet))
        if routed { out.reference("routeTable", plan.routeTableID(spoke)) }
        let nics = plan.options.interfacesPerSubnet
        let hasEndpoint = plan.storageSpokes.contains(spoke.index) && subnet == plan.endpointSubnet
        if nics > 0 || hasEndpoint {
            out.openArray("ipConfigurations")
            for nic in 0..<nics { out.referenceItem(plan.interfaceID(spoke, subnet: subnet, nic: nic) + "/ipConfigurations/ipconfig1") }
            if hasEndpoint { out.referenceItem(endpointInterfaceID(spoke) + "/ipConfigurations/privateEndpointIpConfig") }
            out.closeArray()
        }
        if hasEndpoint { out.openArray("privateEndpoints"); out.referenceItem(endpointID(spoke)); out.closeArray() }
        out.emptyArray("serviceEndpoints")
        out.emptyArray("delegations")
        // Planted: the first storage account's subnet does not apply NSGs to private endpoints.
        let endpointPolicies: StaticString = hasEndpoint && spoke.index == plan.storageSpokes.first ? "Disabled" : "Enabled"
        out.field("privateEndpointNetworkPolicies", endpointPolicies)
        out.field("privateLinkServiceNetworkPolicies", "Enabled")
        if routed { out.field("defaultOutboundAccess", false) }
        close()
    }

    mutating func peering(local: String, name: String, remote: String, remotePrefix: (UInt32, Int)) {
        childHeader(name: name, id: local + "/virtualNetworkPeerings/" + name, type: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings")
        openProperties()
        resourceGuid()
        out.field("peeringState", "Connected")
        out.field("peeringSyncLevel", "FullyInSync")
        out.reference("remoteVirtualNetwork", remote)
        out.field("allowVirtualNetworkAccess", true)
        out.field("allowForwardedTraffic", true)
        out.field("allowGatewayTransit", false)
        out.field("useRemoteGateways", false)
        out.field("doNotVerifyRemoteGateways", false)
        out.field("peerCompleteVnets", true)
        addressPrefixes("remoteAddressSpace", [remotePrefix])
        addressPrefixes("remoteVirtualNetworkAddressSpace", [remotePrefix])
        close()
    }

    /// One route table per spoke: 0.0.0.0/0 to the regional hub's firewall, on every routed subnet.
    mutating func routeTable(_ spoke: EstatePlan.Spoke) {
        let id = plan.routeTableID(spoke)
        let code = plan.regions[spoke.region].code
        header(name: plan.routeTableName(spoke), id: id, type: "Microsoft.Network/routeTables", location: plan.regions[spoke.region].name,
               tags: ["env": "prod", "owner": spoke.role.owner])
        openProperties()
        resourceGuid()
        out.field("disableBgpRoutePropagation", true)
        out.openArray("routes")
        let route = "default-via-afw-hub-\(code)"
        childHeader(name: route, id: id + "/routes/" + route, type: "Microsoft.Network/routeTables/routes")
        openProperties()
        out.field("addressPrefix", "0.0.0.0/0")
        out.field("nextHopType", "VirtualAppliance")
        out.field("nextHopIpAddress", address: plan.firewallAddress(spoke.region))
        out.field("hasBgpOverride", false)
        close()
        out.closeArray()
        out.openArray("subnets")
        for subnet in 0..<plan.options.subnetsPerSpoke where plan.isRouted(spoke, subnet: subnet) {
            out.referenceItem(plan.subnetID(spoke, subnet))
        }
        out.closeArray()
        close()
    }
}

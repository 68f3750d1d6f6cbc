/// VNets with their nested subnets and peerings.
extension EstateWriter {
    mutating func hubNetwork(_ region: Int) {
        let id = plan.hubID(region)
        let base = plan.hubBase(region)
        header(
            name: plan.hubName(region), id: id, type: "Microsoft.Network/virtualNetworks", location: plan.regions[region].name,
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
            if plan.shape == .globalMesh && subnet.name == "AzureFirewallSubnet" { out.reference("routeTable", plan.hubRouteTableID(region)) }
            out.emptyArray("delegations")
            out.field("privateEndpointNetworkPolicies", "Disabled")
            out.field("privateLinkServiceNetworkPolicies", "Enabled")
            close()
        }
        out.closeArray()
        out.openArray("virtualNetworkPeerings")
        for spoke in plan.spokes where spoke.region == region {
            peering(from: id, named: "hub-\(plan.regions[region].code)", to: spoke)
        }
        for other in plan.regions.indices where other != region {
            peering(
                local: id, name: "peer-hub-\(plan.regions[region].code)-to-hub-\(plan.regions[other].code)",
                remote: plan.hubID(other), remotePrefix: (plan.hubBase(other), 24))
        }
        out.closeArray()
        out.field("enableDdosProtection", false)
        close()
    }

    mutating func spokeNetwork(_ spoke: EstatePlan.Spoke) {
        let id = plan.spokeID(spoke)
        let name = plan.spokeName(spoke)
        header(
            name: name, id: id, type: "Microsoft.Network/virtualNetworks", location: plan.regions[spoke.region].name,
            tags: ["role": spoke.role.rawValue, "env": "prod", "owner": spoke.role.owner])
        openProperties()
        resourceGuid()
        addressPrefixes("addressSpace", [(spoke.base, spoke.prefixLength)])
        out.object("dhcpOptions") { $0.emptyArray("dnsServers") }
        out.openArray("subnets")
        for subnet in 0..<plan.layout.subnetsPerNetwork { spokeSubnet(spoke, subnet) }
        out.closeArray()
        out.openArray("virtualNetworkPeerings")
        if plan.shape.hasHubs { hubPeerings(spoke, id: id, name: name) }
        for other in plan.meshPeers(spoke) { peering(from: id, named: name.dropFirst(5), to: other) }
        out.closeArray()
        out.field("enableDdosProtection", false)
        close()
    }

    /// A spoke's peering with its hub, and the planted one.
    mutating func hubPeerings(_ spoke: EstatePlan.Spoke, id: String, name: String) {
        let region = spoke.region
        peering(
            local: id, name: "peer-" + name.dropFirst(5) + "-to-hub-\(plan.regions[region].code)",
            remote: plan.hubID(region), remotePrefix: (plan.hubBase(region), 24))
        // Planted hole: a direct frontend <-> training peering that bypasses the firewall.
        let planted = [plan.plantedFrontend, plan.plantedTraining]
        if let position = planted.firstIndex(of: spoke.index) {
            peering(from: id, named: name.dropFirst(5), to: plan.spokes[planted[1 - position]])
        }
    }

    mutating func spokeSubnet(_ spoke: EstatePlan.Spoke, _ subnet: Int) {
        let name = plan.subnetName(spoke, subnet)
        let routed = plan.isRouted(spoke, subnet: subnet)
        childHeader(name: name, id: plan.subnetID(spoke, subnet), type: "Microsoft.Network/virtualNetworks/subnets")
        openProperties()
        out.field("addressPrefix", address: plan.subnetBase(spoke, subnet), length: plan.layout.subnetLength)
        out.reference("networkSecurityGroup", plan.securityGroupID(spoke, subnet))
        if routed { out.reference("routeTable", plan.routeTableID(spoke)) }
        let nics = plan.interfaceCount(spoke, subnet: subnet)
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

    /// A peering to a spoke, named `peer-<local>-to-<spoke>`.
    mutating func peering(from local: String, named localName: Substring, to other: EstatePlan.Spoke) {
        peering(
            local: local, name: "peer-" + localName + "-to-" + plan.spokeName(other).dropFirst(5), remote: plan.spokeID(other),
            remotePrefix: (other.base, other.prefixLength))
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
}

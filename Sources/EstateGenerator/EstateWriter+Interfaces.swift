/// NICs, their public IPs, and the training spokes' storage accounts behind private endpoints.
extension EstateWriter {
    mutating func interface(_ spoke: EstatePlan.Spoke, subnet: Int, nic: Int) {
        let id = plan.interfaceID(spoke, subnet: subnet, nic: nic)
        let tier = plan.subnetName(spoke, subnet).dropFirst(5)
        header(
            name: plan.interfaceName(spoke, subnet: subnet, nic: nic), id: id, type: "Microsoft.Network/networkInterfaces",
            location: plan.regions[spoke.region].name, tags: ["workload": spoke.role.rawValue, "tier": String(tier)])
        openProperties()
        resourceGuid()
        out.openArray("ipConfigurations")
        childHeader(name: "ipconfig1", id: id + "/ipConfigurations/ipconfig1", type: "Microsoft.Network/networkInterfaces/ipConfigurations")
        openProperties()
        out.field("privateIPAddress", address: plan.interfaceAddress(spoke, subnet: subnet, nic: nic))
        out.field("privateIPAllocationMethod", "Static")
        out.reference("subnet", plan.subnetID(spoke, subnet))
        out.field("primary", true)
        out.field("privateIPAddressVersion", "IPv4")
        if plan.hasPublicIP(spoke, subnet: subnet, nic: nic) { out.reference("publicIPAddress", publicIPID(spoke, subnet: subnet, nic: nic)) }
        let groups = plan.interfaceGroups(spoke, subnet: subnet, nic: nic)
        if !groups.isEmpty {
            out.openArray("applicationSecurityGroups")
            for position in groups { out.referenceItem(plan.groupID(spoke, position)) }
            out.closeArray()
        }
        close()
        out.closeArray()
        if plan.hasInterfaceSecurityGroups {
            out.reference("networkSecurityGroup", plan.interfaceSecurityGroupID(spoke, subnet: subnet, nic: nic))
        }
        dnsSettings()
        out.field("enableAcceleratedNetworking", true)
        out.field("enableIPForwarding", false)
        out.field("disableTcpStateTracking", false)
        out.field("nicType", "Standard")
        close()
    }

    mutating func dnsSettings() {
        out.object("dnsSettings") { out in
            out.emptyArray("dnsServers")
            out.emptyArray("appliedDnsServers")
        }
    }

    func publicIPName(_ spoke: EstatePlan.Spoke, subnet: Int, nic: Int) -> String {
        "pip-" + plan.interfaceName(spoke, subnet: subnet, nic: nic).dropFirst(4)
    }

    func publicIPID(_ spoke: EstatePlan.Spoke, subnet: Int, nic: Int) -> String {
        plan.spokeResource(spoke, "publicIPAddresses", publicIPName(spoke, subnet: subnet, nic: nic))
    }

    mutating func interfacePublicIP(_ spoke: EstatePlan.Spoke, subnet: Int, nic: Int) {
        publicIP(
            name: publicIPName(spoke, subnet: subnet, nic: nic), id: publicIPID(spoke, subnet: subnet, nic: nic),
            location: plan.regions[spoke.region].name, owner: spoke.role.owner,
            address: plan.publicAddress(plan.publicOrdinal(spoke, nic: nic)),
            attachedTo: plan.interfaceID(spoke, subnet: subnet, nic: nic) + "/ipConfigurations/ipconfig1")
    }

    mutating func publicIP(name: String, id: String, location: String, owner: String, address: UInt32, attachedTo: String) {
        header(name: name, id: id, type: "Microsoft.Network/publicIPAddresses", location: location, tags: ["env": "prod", "owner": owner])
        out.object("sku") { out in
            out.field("name", "Standard")
            out.field("tier", "Regional")
        }
        out.array("zones") { out in
            out.string("1"); out.string("2"); out.string("3")
        }
        openProperties()
        resourceGuid()
        out.field("ipAddress", address: address)
        out.field("publicIPAddressVersion", "IPv4")
        out.field("publicIPAllocationMethod", "Static")
        out.field("idleTimeoutInMinutes", 4)
        out.emptyArray("ipTags")
        out.reference("ipConfiguration", attachedTo)
        out.object("ddosSettings") { $0.field("protectionMode", "VirtualNetworkInherited") }
        close()
    }

    // MARK: Private endpoints and storage

    func storageName(_ spoke: EstatePlan.Spoke) -> String { "sttrain\(plan.regions[spoke.region].code)\(plan.padded(spoke.index))" }
    func storageID(_ spoke: EstatePlan.Spoke) -> String {
        "/subscriptions/\(spoke.role.subscription)/resourceGroups/\(plan.resourceGroup(spoke))/providers/Microsoft.Storage/storageAccounts/\(storageName(spoke))"
    }
    func endpointName(_ spoke: EstatePlan.Spoke) -> String { "pe-\(storageName(spoke))-blob" }
    func endpointID(_ spoke: EstatePlan.Spoke) -> String { plan.spokeResource(spoke, "privateEndpoints", endpointName(spoke)) }
    func endpointInterfaceID(_ spoke: EstatePlan.Spoke) -> String { plan.spokeResource(spoke, "networkInterfaces", endpointName(spoke) + ".nic") }
    func blobHost(_ spoke: EstatePlan.Spoke) -> String { "\(storageName(spoke)).blob.core.windows.net" }

    mutating func endpointInterface(_ spoke: EstatePlan.Spoke) {
        let id = endpointInterfaceID(spoke)
        header(
            name: endpointName(spoke) + ".nic", id: id, type: "Microsoft.Network/networkInterfaces",
            location: plan.regions[spoke.region].name, tags: [:])
        openProperties()
        resourceGuid()
        out.openArray("ipConfigurations")
        childHeader(
            name: "privateEndpointIpConfig", id: id + "/ipConfigurations/privateEndpointIpConfig",
            type: "Microsoft.Network/networkInterfaces/ipConfigurations")
        openProperties()
        out.field("privateIPAddress", address: plan.endpointAddress(spoke))
        out.field("privateIPAllocationMethod", "Dynamic")
        out.reference("subnet", plan.subnetID(spoke, plan.endpointSubnet))
        out.field("primary", true)
        out.field("privateIPAddressVersion", "IPv4")
        out.object("privateLinkConnectionProperties") { [host = blobHost(spoke)] out in
            out.field("groupId", "blob")
            out.field("requiredMemberName", "blob")
            out.array("fqdns") { $0.string(host) }
        }
        close()
        out.closeArray()
        dnsSettings()
        out.field("enableAcceleratedNetworking", false)
        out.field("enableIPForwarding", false)
        out.reference("privateEndpoint", endpointID(spoke))
        out.field("nicType", "Standard")
        close()
    }

    mutating func privateEndpoint(_ spoke: EstatePlan.Spoke) {
        let id = endpointID(spoke)
        header(
            name: endpointName(spoke), id: id, type: "Microsoft.Network/privateEndpoints", location: plan.regions[spoke.region].name,
            tags: ["env": "prod", "owner": spoke.role.owner])
        openProperties()
        resourceGuid()
        out.reference("subnet", plan.subnetID(spoke, plan.endpointSubnet))
        out.openArray("networkInterfaces")
        out.referenceItem(endpointInterfaceID(spoke))
        out.closeArray()
        out.openArray("privateLinkServiceConnections")
        childHeader(
            name: endpointName(spoke), id: id + "/privateLinkServiceConnections/" + endpointName(spoke),
            type: "Microsoft.Network/privateEndpoints/privateLinkServiceConnections")
        openProperties()
        out.field("privateLinkServiceId", storageID(spoke))
        out.array("groupIds") { $0.string("blob") }
        approvedConnection(actionKey: "actionsRequired")
        close()
        out.closeArray()
        out.emptyArray("manualPrivateLinkServiceConnections")
        out.openArray("ipConfigurations")
        out.openObject()
        out.field("name", "ipconfig-blob")
        out.object("properties") { [address = plan.endpointAddress(spoke)] out in
            out.field("groupId", "blob")
            out.field("memberName", "blob")
            out.field("privateIPAddress", address: address)
        }
        out.closeObject()
        out.closeArray()
        out.openArray("customDnsConfigs")
        out.openObject()
        out.field("fqdn", blobHost(spoke))
        out.array("ipAddresses") { [address = plan.endpointAddress(spoke)] in $0.ipv4(address) }
        out.closeObject()
        out.closeArray()
        // An endpoint joins its subnet tier's ASG where NICs have ASGs.
        out.openArray("applicationSecurityGroups")
        if plan.groupCount(spoke) > 0 { out.referenceItem(plan.groupID(spoke, plan.endpointSubnet % plan.groupCount(spoke))) }
        out.closeArray()
        close()
    }

    /// An auto-approved private link connection. The network side spells the last member
    /// `actionsRequired`, the storage side `actionRequired`, as Azure does.
    mutating func approvedConnection(actionKey: StaticString) {
        out.object("privateLinkServiceConnectionState") { out in
            out.field("status", "Approved")
            out.field("description", "Auto-Approved")
            out.field(actionKey, "None")
        }
    }

    /// The first account (planted) keeps its public endpoint open to every network; the
    /// others accept private endpoint traffic only.
    mutating func storageAccount(_ spoke: EstatePlan.Spoke) {
        let open = spoke.index == plan.storageSpokes.first
        let name = storageName(spoke)
        header(
            name: name, id: storageID(spoke), type: "Microsoft.Storage/storageAccounts", location: plan.regions[spoke.region].name,
            tags: ["env": "prod", "owner": spoke.role.owner, "data-classification": "restricted"])
        out.field("kind", "StorageV2")
        out.object("sku") { out in
            out.field("name", "Standard_ZRS")
            out.field("tier", "Standard")
        }
        openProperties()
        out.field("accessTier", "Hot")
        out.field("allowBlobPublicAccess", false)
        out.field("allowSharedKeyAccess", false)
        out.field("minimumTlsVersion", "TLS1_2")
        out.field("supportsHttpsTrafficOnly", true)
        out.field("publicNetworkAccess", open ? "Enabled" : "Disabled")
        out.object("networkAcls") { out in
            out.field("bypass", "AzureServices")
            out.field("defaultAction", open ? "Allow" : "Deny")
            out.emptyArray("ipRules")
            out.emptyArray("virtualNetworkRules")
        }
        out.openArray("privateEndpointConnections")
        childHeader(
            name: "\(name).\(endpointName(spoke))", id: storageID(spoke) + "/privateEndpointConnections/\(name).\(endpointName(spoke))",
            type: "Microsoft.Storage/storageAccounts/privateEndpointConnections")
        openProperties()
        out.reference("privateEndpoint", endpointID(spoke))
        approvedConnection(actionKey: "actionRequired")
        close()
        out.closeArray()
        out.field("primaryLocation", plan.regions[spoke.region].name)
        out.object("primaryEndpoints") { [host = blobHost(spoke)] out in out.field("blob", "https://\(host)/") }
        close()
    }
}

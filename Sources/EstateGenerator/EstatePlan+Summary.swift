/// Counts follow from the plan alone; the writer checks it wrote exactly these.
extension EstatePlan {
    var summary: EstateSummary {
        let r = options.regions
        let hubs = shape.hasHubs ? r : 0
        var summary = EstateSummary()
        summary.virtualNetworks = hubs + spokes.count
        summary.subnets = hubs * (options.gatewaySubnets ? 2 : 1) + spokes.count * layout.subnetsPerNetwork
        summary.peerings = shape.hasHubs ? 2 * spokes.count + r * (r - 1) + 2 : spokes.count * (spokes.count - 1)
        for spoke in spokes {
            for subnet in 0..<layout.subnetsPerNetwork {
                if omitsSecurityGroup(spoke, subnet: subnet) {
                    summary.omittedSecurityGroups += 1
                } else {
                    summary.securityGroups += 1
                    summary.securityRules += options.rulesPerSecurityGroup
                }
                let nics = interfaceCount(spoke, subnet: subnet)
                summary.interfaces += nics
                if hasPublicIPs(spoke, subnet: subnet) { summary.publicIPs += shape == .flat ? (nics + 9) / 10 : nics }
                if shape == .flat {
                    summary.securityGroups += nics
                    summary.securityRules += nics * rulesPerInterfaceSecurityGroup
                } else if hasInterfaceSecurityGroups {
                    summary.omittedSecurityGroups += nics
                }
            }
            if shape == .partialExport {
                summary.omittedApplicationSecurityGroups += groupCount(spoke)
            } else {
                summary.applicationSecurityGroups += groupCount(spoke)
            }
            if shape.hasHubs {
                if omitsRouteTable(spoke) { summary.omittedRouteTables += 1 } else { summary.routeTables += 1 }
            }
        }
        summary.privateEndpoints = storageSpokes.count
        summary.storageAccounts = storageSpokes.count
        summary.interfaces += storageSpokes.count
        summary.publicIPs += hubs
        if shape == .globalMesh { summary.routeTables += r }
        summary.firewalls = hubs
        summary.firewallPolicies = shape.hasHubs ? r + 1 : 0
        summary.ruleCollectionGroups = shape.hasHubs ? 1 + (shape == .globalMesh ? 4 : 3) * r : 0
        summary.ipGroups = shape.hasHubs ? SpokeRole.allCases.count : 0
        summary.resources =
            summary.virtualNetworks + summary.securityGroups + summary.interfaces + summary.publicIPs
            + summary.routeTables + summary.firewalls + summary.firewallPolicies + summary.ruleCollectionGroups
            + summary.ipGroups + summary.privateEndpoints + summary.storageAccounts + summary.applicationSecurityGroups
        for (role, list) in spokesByRole { summary.spokesByRole[role.rawValue] = list.count }
        summary.landmarks = landmarks
        return summary
    }

    /// The rule the benchmark's what-if removes and the flow it judges.
    var landmarks: EstateLandmarks? {
        guard options.rulesPerSecurityGroup > 0 else { return nil }
        let frontend = spokes[plantedFrontend], training = spokes[plantedTraining]
        var landmarks = EstateLandmarks(securityGroup: securityGroupName(frontend, 0), securityRule: Self.internetHTTPSRule)
        if interfaceCount(frontend, subnet: 0) > 0 && interfaceCount(training, subnet: 0) > 0 {
            landmarks.flowSource = Self.dotted(interfaceAddress(frontend, subnet: 0, nic: 0))
            landmarks.flowDestination = Self.dotted(interfaceAddress(training, subnet: 0, nic: 0))
        }
        return landmarks
    }

    /// The first rule of every frontend web subnet's NSG.
    static let internetHTTPSRule = "Allow-HTTPS-Internet-Inbound"
}

import EstateGenerator
import Lateral
import Testing

/// A generated estate is input Lateral accepts without complaint, holds what the options
/// say, and contains the planted attack paths.
@Suite("Generated estates import and analyse")
struct GeneratedEstateImportTests {
    static let options = EstateOptions(seed: 7, regions: 2, spokes: 6, subnetsPerSpoke: 3, rulesPerSecurityGroup: 8, interfacesPerSubnet: 2)

    static func imported(_ options: EstateOptions = options) throws -> (ImportResult, EstateSummary) {
        let (bytes, summary) = try EstateGenerator.generate(options)
        return (try AzureImporter.load(json: String(decoding: bytes, as: UTF8.self), file: "generated.json"), summary)
    }

    @Test("imports with no errors, warnings or ignored types")
    func clean() throws {
        let (result, _) = try Self.imported()
        // Service tags are approximated with a warning each without tag data (NSG-33).
        #expect(result.diagnostics.filter { $0.severity != .note && !$0.message.hasPrefix("service tag '") }.isEmpty, "\(result.diagnostics.map(\.rendered))")
        #expect(result.ignoredTypes.isEmpty)
    }

    @Test("resource counts follow from the options")
    func counts() throws {
        let (result, summary) = try Self.imported()
        let t = result.topology
        let o = Self.options
        let roles = t.networks.values.compactMap { $0.tags["role"] }
        let frontends = roles.filter { $0 == "retail-frontend" }.count
        // One storage account per region that has a training spoke.
        let trainingRegions = Set(t.networks.values.filter { $0.tags["role"] == "llm-training" }.map(\.location)).count
        #expect(t.networks.count == o.regions + o.spokes)
        #expect(t.subnets.count == 2 * o.regions + o.spokes * o.subnetsPerSpoke)
        #expect(t.peerings.count == 2 * o.spokes + o.regions * (o.regions - 1) + 2)
        #expect(t.securityGroups.count == o.spokes * o.subnetsPerSpoke)
        #expect(
            t.securityGroups.values.map { $0.rules.filter { !$0.isDefault }.count }.reduce(0, +)
                == o.spokes * o.subnetsPerSpoke * o.rulesPerSecurityGroup)
        #expect(t.storageAccounts.count == trainingRegions)
        #expect(t.privateEndpoints.count == trainingRegions)
        #expect(t.interfaces.count == o.spokes * o.subnetsPerSpoke * o.interfacesPerSubnet + trainingRegions)
        #expect(t.publicIPs.count == o.regions + frontends * o.interfacesPerSubnet)
        #expect(t.routeTables.count == o.spokes)
        #expect(t.firewalls.count == o.regions)
        #expect(t.firewallPolicies.count == o.regions + 1)
        #expect(t.firewallPolicies.values.map(\.ruleCollectionGroups.count).reduce(0, +) == 1 + 3 * o.regions)
        #expect(t.ipGroups.count == 4)
        #expect(Set(roles).isSubset(of: ["hub", "retail-frontend", "inference", "llm-training", "shared"]))
        // The generator's own summary agrees with what was imported.
        #expect(summary.virtualNetworks == t.networks.count)
        #expect(summary.subnets == t.subnets.count)
        #expect(summary.peerings == t.peerings.count)
        #expect(summary.interfaces == t.interfaces.count)
        #expect(summary.publicIPs == t.publicIPs.count)
        #expect(summary.spokesByRole["retail-frontend"] == frontends)
    }

    @Test("the analysis finds Internet -> llm-training paths through the planted holes")
    func plantedPaths() throws {
        let (result, _) = try Self.imported()
        let estate = Estate(imported: result)
        let analysis = Analysis(estate: estate, inputs: ["generated.json"], from: [.internet], to: [.tag(key: "role", value: "llm-training")])
        let fromInternet = analysis.paths.paths.filter { $0.nodes.first == AttackNode.internetID }
        #expect(!fromInternet.isEmpty)
        // The shortest one enters a frontend web subnet and crosses the direct peering.
        let shortest = try #require(fromInternet.min { $0.nodes.count < $1.nodes.count })
        #expect(shortest.nodes.count == 3)
        #expect(shortest.nodes[1].hasPrefix("vnet-fe-"))
        #expect(shortest.nodes[2].hasPrefix("vnet-train-"))
    }

    @Test("the planted holes are in the model")
    func plantedHoles() throws {
        let (result, _) = try Self.imported()
        let t = result.topology
        let training = t.networks.values.filter { $0.tags["role"] == "llm-training" }.map(\.id)
        // A training subnet without the firewall route.
        let unrouted = t.subnets.values.filter { training.contains($0.network) && $0.routeTable == nil }
        #expect(unrouted.count == 1)
        // A direct frontend <-> training peering, both ways.
        let direct = t.peerings.values.filter { peering in
            guard let remote = peering.remoteNetwork, let local = t.networks[peering.localNetwork], let other = t.networks[remote] else { return false }
            return Set([local.tags["role"], other.tags["role"]]) == ["retail-frontend", "llm-training"]
        }
        #expect(direct.count == 2)
        // One private endpoint subnet that does not apply NSGs to private endpoints.
        let endpointSubnets = t.privateEndpoints.values.compactMap { $0.subnet.flatMap { t.subnets[$0] } }
        #expect(endpointSubnets.filter { $0.privateEndpointNetworkPolicies == .disabled }.count == 1)
    }

    @Test("a one-region estate of two spokes still holds both planted spokes")
    func smallest() throws {
        let (result, summary) = try Self.imported(
            EstateOptions(seed: 1, regions: 1, spokes: 2, subnetsPerSpoke: 1, rulesPerSecurityGroup: 2, interfacesPerSubnet: 1))
        // Service tags are approximated with a warning each without tag data (NSG-33).
        #expect(result.diagnostics.filter { $0.severity != .note && !$0.message.hasPrefix("service tag '") }.isEmpty, "\(result.diagnostics.map(\.rendered))")
        #expect(summary.spokesByRole == ["retail-frontend": 1, "llm-training": 1])
    }
}

@Suite("Whole-estate reports stay bounded")
struct BoundedReportTests {
    @Test("past 50 paths the diagram highlights the riskiest ten per selector pair; the report keeps them all up to the cap")
    func drawnPaths() throws {
        let (result, _) = try GeneratedEstateImportTests.imported(
            EstateOptions(seed: 3, regions: 2, spokes: 10, subnetsPerSpoke: 4, rulesPerSecurityGroup: 6, interfacesPerSubnet: 1))
        let analysis = Analysis(
            estate: Estate(imported: result), inputs: ["generated.json"], from: [.internet, .tag(key: "role", value: "retail-frontend")],
            to: [.tag(key: "role", value: "llm-training")])
        #expect(analysis.paths.paths.count > Analysis.maxDrawnPaths)
        let highlighted = Set(analysis.diagram(detail: .subnet).edges.filter { $0.role == .attackPath }.map { $0.from + ">" + $0.to })
        let ranked = Set(analysis.ranking.flatMap { $0.paths.prefix(10).flatMap { $0.path.hops.map { $0.from + ">" + $0.to } } })
        #expect(analysis.ranking.allSatisfy { $0.paths.count > 10 || $0.paths.count == $0.candidates })
        #expect(highlighted == ranked)
        #expect(analysis.paths.paths.count <= Analysis.maxPaths)
    }
}

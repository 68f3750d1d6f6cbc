import EstateGenerator
import Lateral
import Testing

/// Every shape is input Lateral accepts, holds what its summary says, and has the trait the
/// benchmark sweeps it for.
@Suite("Estate shapes import with the counts and warnings they promise")
struct EstateShapeImportTests {
    static func options(_ shape: EstateShape, spokes: Int = 10) -> EstateOptions {
        EstateOptions(seed: 11, shape: shape, spokes: spokes, subnetsPerSpoke: 3, rulesPerSecurityGroup: 8, interfacesPerSubnet: 2)
    }

    static func imported(_ options: EstateOptions) throws -> (ImportResult, EstateSummary) {
        let (bytes, summary) = try EstateGenerator.generate(options)
        return (try AzureImporter.load(json: String(decoding: bytes, as: UTF8.self), file: "generated.json"), summary)
    }

    @Test("the import finds what the summary counts", arguments: EstateShape.allCases)
    func counts(shape: EstateShape) throws {
        let (result, summary) = try Self.imported(Self.options(shape))
        let t = result.topology
        #expect(result.ignoredTypes.isEmpty)
        #expect(!result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics.filter { $0.severity == .error }.map(\.rendered))")
        #expect(t.networks.count == summary.virtualNetworks)
        #expect(t.subnets.count == summary.subnets)
        #expect(t.peerings.count == summary.peerings)
        #expect(t.securityGroups.count == summary.securityGroups)
        #expect(t.securityGroups.values.map { $0.rules.filter { !$0.isDefault }.count }.reduce(0, +) == summary.securityRules)
        #expect(t.interfaces.count == summary.interfaces)
        #expect(t.publicIPs.count == summary.publicIPs)
        #expect(t.routeTables.count == summary.routeTables)
        #expect(t.firewalls.count == summary.firewalls)
        #expect(t.firewallPolicies.count == summary.firewallPolicies)
        #expect(t.applicationSecurityGroups.count == summary.applicationSecurityGroups)
        #expect(t.privateEndpoints.count == summary.privateEndpoints)
        #expect(t.storageAccounts.count == summary.storageAccounts)
        #expect(t.ipGroups.count == summary.ipGroups)
    }

    @Test("complete shapes import without warnings", arguments: EstateShape.allCases.filter { $0 != .partialExport })
    func clean(shape: EstateShape) throws {
        let (result, _) = try Self.imported(Self.options(shape))
        // The generator names service tags; without tag data each is approximated with a warning (NSG-33).
        let warnings = result.diagnostics.filter { $0.severity != .note && !$0.message.hasPrefix("service tag '") }
        #expect(warnings.isEmpty, "\(warnings.prefix(5).map(\.rendered))")
    }

    @Test("the same options give the same bytes; another seed others", arguments: EstateShape.allCases)
    func deterministic(shape: EstateShape) throws {
        let options = Self.options(shape)
        let first = try EstateGenerator.generate(options)
        #expect(first.bytes == (try EstateGenerator.generate(options).bytes))
        #expect(first.summary.bytes == first.bytes.count)
        var other = options
        other.seed = 12
        #expect(first.bytes != (try EstateGenerator.generate(other).bytes))
        #expect(
            try EstateGenerator.summary(options)
                == {
                    var s = first.summary; s.bytes = 0; return s
                }())
    }

    @Test("the landmarks name an NSG rule and two NICs of the estate", arguments: EstateShape.allCases)
    func landmarks(shape: EstateShape) throws {
        let (result, summary) = try Self.imported(Self.options(shape))
        let landmarks = try #require(summary.landmarks)
        let group = try #require(result.topology.securityGroups.values.first { $0.name == landmarks.securityGroup })
        #expect(group.rules.contains { $0.name == landmarks.securityRule })
        let addresses = Set(result.topology.interfaces.values.flatMap { $0.ipConfigurations.compactMap { $0.privateAddress?.description } })
        #expect(addresses.contains(try #require(landmarks.flowSource)))
        #expect(addresses.contains(try #require(landmarks.flowDestination)))
    }

    @Test("dense NSGs share no source prefix, name ASGs and regional tags, and NICs are in ASGs")
    func dense() throws {
        let (result, _) = try Self.imported(Self.options(.denseNSG, spokes: 20))
        let t = result.topology
        var owner: [String: ResourceID] = [:]
        var shared = 0
        for group in t.securityGroups.values {
            let prefixes = Set(group.rules.filter { !$0.isDefault }.flatMap { $0.source.texts.filter { $0.first!.isNumber } })
            for prefix in prefixes {
                if let other = owner[prefix], other != group.id { shared += 1 } else { owner[prefix] = group.id }
            }
        }
        #expect(shared == 0)
        #expect(owner.count > 500)
        let rules = t.securityGroups.values.flatMap(\.rules)
        #expect(rules.contains { !$0.source.applicationSecurityGroups.isEmpty })
        #expect(rules.contains { !$0.destination.applicationSecurityGroups.isEmpty })
        #expect(rules.contains { $0.source.texts.contains { $0.hasPrefix("AzureCloud.") } })
        let vmInterfaces = t.interfaces.values.filter { $0.privateEndpoint == nil }
        #expect(vmInterfaces.allSatisfy { $0.ipConfigurations[0].applicationSecurityGroups.count == 2 })
    }

    @Test("a partial export warns on every NIC and every subnet whose NSG or route table is absent")
    func partial() throws {
        let (result, summary) = try Self.imported(Self.options(.partialExport, spokes: 20))
        let t = result.topology
        #expect(summary.omittedSecurityGroups > t.interfaces.count / 2)
        #expect(summary.omittedRouteTables > 0)
        #expect(summary.omittedApplicationSecurityGroups > 0)
        #expect(t.applicationSecurityGroups.isEmpty)
        for nic in t.interfaces.values {
            let said = result.diagnostics.filter { $0.message.contains("NIC '\(nic.name)'") }
            #expect(!said.isEmpty, "\(nic.name) carries no diagnostic")
            if nic.privateEndpoint == nil { #expect(said.contains { $0.severity == .warning }) }
        }
        let subnetWarnings = result.diagnostics.filter { $0.severity == .warning && $0.message.hasPrefix("subnet '") }
        let expected = t.subnets.values.filter { subnet in
            (subnet.securityGroup.map { t.securityGroups[$0] == nil } ?? false) || (subnet.routeTable.map { t.routeTables[$0] == nil } ?? false)
        }
        #expect(Set(subnetWarnings.compactMap(\.resource)) == Set(expected.map(\.id)))
        #expect(!expected.isEmpty)
    }

    @Test("a global mesh has five hubs peered with each other and hundreds of spoke-to-spoke rules per firewall")
    func globalMesh() throws {
        let (result, _) = try Self.imported(EstateOptions(seed: 11, shape: .globalMesh, spokes: 10, subnetsPerSpoke: 3, interfacesPerSubnet: 2))
        let t = result.topology
        let hubs = t.networks.values.filter { $0.tags["role"] == "hub" }
        #expect(hubs.count == 5)
        for hub in hubs {
            let remotes = Set(t.peerings.values.filter { $0.localNetwork == hub.id }.compactMap(\.remoteNetwork))
            #expect(Set(hubs.map(\.id)).subtracting([hub.id]).isSubset(of: remotes))
        }
        #expect(t.firewalls.count == 5)
        for firewall in t.firewalls.values {
            let meshRules = firewall.ruleCollections.filter { $0.group?.hasSuffix("-spoke-mesh") ?? false }.flatMap(\.rules)
            #expect(meshRules.count == 300)
            #expect(meshRules.contains { $0.sources.texts.contains("10.0.0.0/8") })
        }
        // The firewall subnets route to the other regions' spokes.
        let firewallSubnets = t.subnets.values.filter { $0.name == "AzureFirewallSubnet" }
        #expect(firewallSubnets.allSatisfy { $0.routeTable.flatMap { t.routeTables[$0] }?.routes.count == 5 })
    }

    @Test("a flat estate gives every NIC its own NSG and two ASGs in a few large subnets")
    func flat() throws {
        let options = Self.options(.flat, spokes: 100)
        let (result, _) = try Self.imported(options)
        let t = result.topology
        #expect(t.networks.count == 4)
        let nics = t.interfaces.values.filter { $0.privateEndpoint == nil }
        #expect(nics.count == options.spokes * options.subnetsPerSpoke * options.interfacesPerSubnet)
        #expect(nics.allSatisfy { nic in nic.securityGroup.map { t.securityGroups[$0] != nil } ?? false })
        #expect(nics.allSatisfy { Set($0.ipConfigurations[0].applicationSecurityGroups).count == 2 })
        #expect(t.subnets.values.allSatisfy { $0.prefixes.allSatisfy { $0.length == 22 } })
        #expect(t.firewalls.isEmpty)
    }

    @Test("a mesh has N / 5 VNets, each peered with every other")
    func mesh() throws {
        let (result, _) = try Self.imported(Self.options(.mesh, spokes: 40))
        let t = result.topology
        #expect(t.networks.count == 8)
        #expect(t.peerings.count == 8 * 7)
        #expect(t.firewalls.isEmpty && t.routeTables.isEmpty)
        #expect(t.subnets.count == 8 * 15)
    }

    @Test("a global mesh that does not fit in 10.0.0.0/8 is refused")
    func globalMeshLimit() {
        #expect(throws: EstateOptions.Invalid.self) { try EstateOptions(shape: .globalMesh, spokes: 4000).validate() }
        #expect(throws: EstateOptions.Invalid.self) { try EstateOptions(shape: .flat, spokes: 20000).validate() }
        #expect(throws: EstateOptions.Invalid.self) { try EstateOptions(shape: .mesh, spokes: 6000).validate() }
    }
}

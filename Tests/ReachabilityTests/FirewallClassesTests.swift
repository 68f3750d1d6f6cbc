import AzureImport
import EstateGenerator
import TestSupport
import Testing
import TopologyModel

@testable import Reachability

/// FW-2, FW-3, FW-7, FW-12, FW-15: a firewall's decision taken from the rules that name
/// both sides is the decision taken from the two addresses.
@Suite("Firewall decisions by the rules that name both sides")
struct FirewallClassesTests {
    static func indexes() throws -> [(String, EstateIndex)] {
        var found: [(String, EstateIndex)] = []
        for path in LeanHopTests.estates {
            let index = EstateIndex(topology: try AzureImporter.load(paths: [path]).topology)
            if !index.topology.firewalls.isEmpty { found.append((path, index)) }
        }
        let options = EstateOptions(seed: 3, shape: .globalMesh, spokes: 10, subnetsPerSpoke: 2, rulesPerSecurityGroup: 4, interfacesPerSubnet: 1)
        let bytes = try EstateGenerator.generate(options).bytes
        found.append(("global-mesh", EstateIndex(topology: try AzureImporter.load(json: String(decoding: bytes, as: UTF8.self), file: "mesh.json").topology)))
        return found
    }

    @Test("decide(source bits ∧ destination bits) equals firewallServices for every pair of probes")
    func sameDecision() throws {
        var compared = 0
        for (name, index) in try Self.indexes() {
            var probes = index.topology.interfaces.values.flatMap { $0.ipConfigurations.compactMap(\.privateAddress) }
            probes += ["198.51.100.7", "8.8.8.8", "10.0.0.1", "172.16.5.5", "192.168.1.1"].map { IPAddress($0)! }
            probes = Array(Set(probes)).sorted()
            for firewall in index.topology.firewalls.values.sorted(by: { $0.id < $1.id }) {
                let classes = FirewallClasses(firewall, index: index)
                for source in probes.prefix(60) {
                    let bits = classes.sourceBits(source)
                    for destination in probes.prefix(60) {
                        let expected = index.firewallServices(firewall, source: source, destination: destination).parts.map { LeanServices($0.services) }
                        let expectedSNAT = index.firewallServices(firewall, source: source, destination: destination).parts.map(\.snat)
                        let decided = classes.decide(bits.meeting(classes.destinationBits(destination)))
                        #expect(decided.map(\.services) == expected, "\(name) \(firewall.name) \(source) -> \(destination)")
                        #expect(decided.map(\.snat) == expectedSNAT, "\(name) \(firewall.name) \(source) -> \(destination)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 1_000)
    }
}

import AzureImport
import Foundation
import Reachability
import TestSupport
import Testing
import TopologyModel

/// The labels of Tests/Fixtures/Comparison (the Checkov side-by-side, docs/comparison.md): for
/// every NSG of every file, whether the Internet reaches SSH, RDP and every TCP port is what
/// the label says. The benchmark scores Lateral on the same labels through the CLI.
@Suite("Comparison labels")
struct ComparisonLabelTests {
    struct Label: Decodable {
        let ssh: Bool, rdp: Bool, all: Bool, why: String
    }

    static let files = ["arm-inline.template.json", "arm-child-rules.template.json", "tf-inline.tfplan.json", "tf-standalone-rules.tfplan.json"]

    @Test("Internet exposure of SSH, RDP and all TCP ports matches every label", arguments: files)
    func labels(_ file: String) throws {
        let all = try JSONDecoder().decode([String: [String: Label]].self, from: Fixtures.read(Fixtures.fixture("Comparison/labels.json")))
        let labels = try #require(all[file])
        let topology = try AzureImporter.load(paths: [Fixtures.fixture("Comparison/\(file)")]).topology
        let exposures = RuleSetExposure.evaluate(EstateIndex(topology: topology), sources: [.internet])
        #expect(Set(exposures.map(\.securityGroup.name)) == Set(labels.keys))
        for exposure in exposures {
            let label = try #require(labels[exposure.securityGroup.name])
            let tcp = exposure.sources.first { $0.source.kind == .internet }?.allowed.ports[.tcp] ?? PortSet()
            let name = exposure.securityGroup.name
            #expect(tcp.contains(22) == label.ssh, "\(name) SSH: \(label.why)")
            #expect(tcp.contains(3389) == label.rdp, "\(name) RDP: \(label.why)")
            #expect(tcp.isFull == label.all, "\(name) all ports: \(label.why)")
        }
    }
}

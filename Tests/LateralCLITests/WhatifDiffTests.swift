import Foundation
import Lateral
import TestSupport
import Testing

/// Differential reachability through the library: inverse changes, the allow-rule property
/// and the bundled change files' documented results.
@Suite("what-if: differential reachability")
struct WhatifDiffTests {
    @Test("a change with no operations gives an empty difference")
    func noChange() throws {
        let comparison = try WhatifEstates.whatif([WhatifEstates.retail], change: ChangeFile.parse("version: 1\nchanges: []\n"))
        #expect(comparison.diff.isEmpty)
        #expect(!comparison.base.paths.paths.isEmpty, "the retail estate has attack paths to compare")
    }

    @Test("removing an NSG rule then adding it back with the same body gives an empty difference")
    func removeThenAddRule() throws {
        let comparison = try WhatifEstates.whatif(
            [WhatifEstates.small],
            operations: """
                  - op: remove-nsg-rule
                    target: nsg:nsg-web/rule:allow-ssh-internet
                  - op: add-nsg-rule
                    target: nsg:nsg-web
                    rule: {name: allow-ssh-internet, priority: 100, direction: Inbound, access: Allow, protocol: Tcp,
                           sourceAddressPrefix: Internet, sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "22"}
                """, from: ["internet"], to: ["vnet:vnet-front"])
        #expect(!comparison.base.paths.paths.isEmpty, "SSH from the Internet is a path before the change")
        #expect(comparison.diff.isEmpty, "opened \(comparison.diff.opened.map(\.nodes)), closed \(comparison.diff.closed.map(\.nodes))")
    }

    @Test("removing the rule alone closes the Internet's path, and changes that hop's services")
    func removeRuleAlone() throws {
        let comparison = try WhatifEstates.whatif(
            [WhatifEstates.small],
            operations: """
                  - op: remove-nsg-rule
                    target: nsg:nsg-web/rule:allow-ssh-internet
                """, from: ["internet"], to: ["vnet:vnet-front"])
        #expect(comparison.diff.opened.isEmpty)
        #expect(
            comparison.diff.closed.map(\.nodes) == [["internet", "vnet-front/snet-web"], ["internet", "vnet-front/snet-web", "vnet-front/snet-pe:pe-stdata"]])
        let hop = try #require(comparison.diff.changedHops.first { $0.from == "internet" && $0.to == "vnet-front/snet-web" })
        #expect(hop.after == nil)
        #expect(hop.removed.summary == "tcp/22")
        #expect(comparison.diff.pairs.allSatisfy { !$0.nowReachable })
    }

    @Test("removing both sides of the planted eastus peering, then adding it back with mirror, gives an empty difference")
    func removeThenAddPeering() throws {
        let comparison = try WhatifEstates.whatif(
            [WhatifEstates.retail],
            operations: """
                  - op: remove-peering
                    target: vnet:vnet-retail-fe-eus/peering:peer-retail-fe-eus-to-llm-train-chn
                  - op: remove-peering
                    target: vnet:vnet-llm-train-chn/peering:peer-llm-train-chn-to-retail-fe-eus
                  - op: add-peering
                    target: vnet:vnet-retail-fe-eus
                    remote: vnet:vnet-llm-train-chn
                    mirror: peer-llm-train-chn-to-retail-fe-eus
                    peering: {name: peer-retail-fe-eus-to-llm-train-chn}
                """)
        #expect(comparison.diff.isEmpty, "opened \(comparison.diff.opened.map(\.nodes)), closed \(comparison.diff.closed.map(\.nodes))")
    }

    @Test("the same peering removed alone closes the eastus paths into vnet-llm-train-chn")
    func removePeeringAlone() throws {
        let comparison = try WhatifEstates.whatif(
            [WhatifEstates.retail],
            operations: """
                  - op: remove-peering
                    target: vnet:vnet-retail-fe-eus/peering:peer-retail-fe-eus-to-llm-train-chn
                """)
        #expect(comparison.diff.opened.isEmpty)
        #expect(!comparison.diff.closed.isEmpty)
        #expect(comparison.diff.closed.allSatisfy { $0.nodes.contains { $0.hasPrefix("vnet-retail-fe-eus/") } })
    }

    @Test("a peering removed and added back in the small estate, both ways")
    func smallPeeringInverse() throws {
        let comparison = try WhatifEstates.whatif(
            [WhatifEstates.small],
            operations: """
                  - op: remove-peering
                    target: vnet:vnet-front/peering:peer-front-to-back
                  - op: remove-peering
                    target: vnet:vnet-back/peering:peer-back-to-front
                  - op: add-peering
                    target: vnet:vnet-front
                    remote: vnet:vnet-back
                    mirror: peer-back-to-front
                    peering: {name: peer-front-to-back}
                """, from: ["vnet:vnet-front", "vnet:vnet-back"], to: ["vnet:vnet-front", "vnet:vnet-back"])
        #expect(!comparison.base.paths.paths.isEmpty)
        #expect(comparison.diff.isEmpty)
    }

    /// Every custom Allow rule of the retail estate's NSGs, by resource ID.
    static let retailAllowRules: [String] = {
        guard let topology = try? AzureImporter.load(paths: [WhatifEstates.retail]).topology else { return [] }
        return topology.securityGroups.values.flatMap { nsg in
            nsg.rules.filter { !$0.isDefault && $0.access == .allow }.map { ($0.id ?? ResourceID(nsg.id.text + "/securityRules/" + $0.name)).text }
        }.sorted()
    }()

    @Test("the retail estate has custom Allow rules to remove")
    func allowRulesFound() {
        #expect(Self.retailAllowRules.count >= 19)
    }

    @Test("removing an Allow rule never opens a path", arguments: retailAllowRules)
    func removingAllowNeverOpens(_ rule: String) throws {
        let comparison = try WhatifEstates.whatif(
            [WhatifEstates.retail],
            operations: """
                  - op: remove-nsg-rule
                    target: \(rule)
                """)
        #expect(comparison.diff.opened.isEmpty, "\(comparison.diff.opened.map(\.nodes))")
        #expect(comparison.diff.pairs.allSatisfy { !$0.nowReachable })
        #expect(comparison.diff.changedHops.allSatisfy { $0.added.isEmpty }, "no hop gains a service")
    }

    @Test("close-planted-holes.yaml opens nothing and closes all 19 paths")
    func closePlantedHoles() throws {
        let comparison = try WhatifEstates.whatif([WhatifEstates.retail], change: ChangeFile.load(file: WhatifEstates.closeHoles))
        #expect(comparison.diff.opened.isEmpty)
        #expect(comparison.diff.closed.count == 19)
        #expect(comparison.base.paths.paths.count == 19)
        #expect(comparison.changed.paths.paths.isEmpty)
        #expect(comparison.changes.count == 9)
        #expect(comparison.text.contains("0 paths opened, 19 closed"))
    }

    @Test("telemetry-rule.yaml opens 12 paths, closes none, all into vnet-llm-train-chn through the firewall")
    func telemetryRule() throws {
        let comparison = try WhatifEstates.whatif([WhatifEstates.retail], change: ChangeFile.load(file: WhatifEstates.telemetry))
        #expect(comparison.diff.opened.count == 12)
        #expect(comparison.diff.closed.isEmpty)
        for path in comparison.diff.opened {
            #expect(path.nodes.first?.hasPrefix("vnet-retail-fe-weu/") == true, "\(path.nodes)")
            #expect(path.nodes.last?.hasPrefix("vnet-llm-train-chn/") == true, "\(path.nodes)")
        }
        let reachable = comparison.diff.pairs.filter(\.nowReachable)
        #expect(reachable.count == 9)
        #expect(Set(reachable.map(\.target)) == ["vnet-llm-train-chn/snet-data", "vnet-llm-train-chn/snet-eval", "vnet-llm-train-chn/snet-gpu"])
        #expect(comparison.text.contains("12 paths opened, 0 closed"))
    }

    @Test("the what-if JSON has opened, closed and changed arrays")
    func whatifJSON() throws {
        let comparison = try WhatifEstates.whatif([WhatifEstates.retail], change: ChangeFile.load(file: WhatifEstates.telemetry))
        let object = try #require(JSONSchemaValidator.parse(Data(comparison.json.utf8)).objectValue)
        #expect(object["opened"]?.arrayValue?.count == 12)
        #expect(object["closed"]?.arrayValue?.count == 0)
        #expect(object["changed"]?.arrayValue?.count == comparison.diff.changedHops.count)
        #expect(object["kind"]?.stringValue == "whatif")
    }

    @Test("a snapshot diff compares two loaded estates the same way")
    func snapshotDiff() throws {
        let before = try Estate.load(paths: [WhatifEstates.small])
        let after = try Estate.load(paths: [WhatifEstates.smallSSHClosed])
        let forward = Comparison(kind: .diff, base: before, changed: after, changes: [], inputs: [], from: [.internet], to: [.network("vnet-front")])
        let backward = Comparison(kind: .diff, base: after, changed: before, changes: [], inputs: [], from: [.internet], to: [.network("vnet-front")])
        #expect(forward.diff.opened.isEmpty)
        #expect(forward.diff.closed.count == 2)
        #expect(backward.diff.closed.isEmpty)
        #expect(backward.diff.opened.map(\.nodes) == forward.diff.closed.map(\.nodes))
    }
}

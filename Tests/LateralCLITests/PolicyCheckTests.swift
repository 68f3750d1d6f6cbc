import Foundation
import Lateral
import TestSupport
import Testing

/// Each policy kind holding and violated on the small estate (Tests/Fixtures/Intent), vacuous
/// and stale-region notes, and the bundled retail-llm policy's verdicts.
@Suite("policy checks")
struct PolicyCheckTests {
    /// Policies about the small estate: SSH from the Internet reaches nic-web in vnet-front;
    /// vnet-front reaches vnet-back/snet-data on HTTPS only; vnet-back (germanywestcentral)
    /// reaches vnet-front (westeurope) over the peering.
    static let smallPolicies = """
          - {id: deny-internet-front, kind: deny, description: d, from: [internet], to: [vnet:vnet-front]}
          - {id: deny-internet-spare, kind: deny, description: d, from: [internet], to: [vnet:vnet-spare]}
          - {id: deny-internet-front-https, kind: deny, description: d, from: [internet], to: [vnet:vnet-front], services: [tcp/443]}
          - {id: deny-internet-front-ssh, kind: deny, description: d, from: [internet], to: [vnet:vnet-front], services: [tcp/22]}
          - {id: deny-web-data-except-https, kind: deny, description: d, from: [subnet:vnet-front/snet-web], to: [subnet:vnet-back/snet-data], except: [tcp/443]}
          - {id: deny-web-data-except-ssh, kind: deny, description: d, from: [subnet:vnet-front/snet-web], to: [subnet:vnet-back/snet-data], except: [tcp/22]}
          - {id: require-web-data-https, kind: require, description: d, from: [subnet:vnet-front/snet-web], to: [subnet:vnet-back/snet-data], services: [tcp/443]}
          - {id: require-web-data-ssh, kind: require, description: d, from: [subnet:vnet-front/snet-web], to: [subnet:vnet-back/snet-data], services: [tcp/22]}
          - {id: exposure-ssh, kind: max-exposure, description: d, zone: [vnet:vnet-front], allow: [tcp/22]}
          - {id: exposure-https, kind: max-exposure, description: d, zone: [vnet:vnet-front], allow: [tcp/443]}
          - {id: residency-back-de, kind: residency, description: d, resources: [tag:role=back], regions: [germanywestcentral]}
          - {id: residency-back-de-we, kind: residency, description: d, resources: [tag:role=back], regions: [germanywestcentral, westeurope]}
          - {id: residency-front-de, kind: residency, description: d, resources: [vnet:vnet-front], regions: [germanywestcentral]}
        """

    static let expected: [(id: String, holds: Bool)] = [
        ("deny-internet-front", false), ("deny-internet-spare", true), ("deny-internet-front-https", true), ("deny-internet-front-ssh", false),
        ("deny-web-data-except-https", true), ("deny-web-data-except-ssh", false), ("require-web-data-https", true), ("require-web-data-ssh", false),
        ("exposure-ssh", true), ("exposure-https", false), ("residency-back-de", false), ("residency-back-de-we", true), ("residency-front-de", false),
    ]

    func smallCheck() throws -> [String: PolicyVerdict] {
        let check = try WhatifEstates.check([WhatifEstates.small], policyText: Self.smallPolicies)
        #expect(!check.holds)
        return Dictionary(uniqueKeysWithValues: check.verdicts.map { ($0.policy.id, $0) })
    }

    @Test("each kind both holds and is violated on the small estate")
    func eachKind() throws {
        let verdicts = try smallCheck()
        for (id, holds) in Self.expected {
            let verdict = try #require(verdicts[id])
            #expect(verdict.holds == holds, "\(id): \(verdict.violations.map(\.message))")
            #expect(!verdict.isVacuous, "\(id)")
        }
        #expect(verdicts.count == Self.expected.count)
    }

    @Test("a deny violation carries the witness path and the rule that opens it")
    func denyWitness() throws {
        let verdict = try #require(try smallCheck()["deny-internet-front-ssh"])
        let violation = try #require(verdict.violations.first)
        #expect(verdict.violations.count == 1)
        #expect(violation.path?.nodes == ["internet", "vnet-front/snet-web"])
        #expect(violation.message.contains("tcp/22"))
        #expect(violation.evidence.contains { $0.text.contains("allow-ssh-internet") && $0.resource.name == "allow-ssh-internet" })
        #expect(violation.evidence.contains { $0.text.contains("pip-web") })
    }

    @Test("an except policy is violated by the service it does not except")
    func exceptWitness() throws {
        let violation = try #require(try smallCheck()["deny-web-data-except-ssh"]?.violations.first)
        #expect(violation.path?.nodes == ["vnet-front/snet-web", "vnet-back/snet-data"])
        #expect(violation.message.contains("tcp/443 into the target"))
    }

    @Test("require names the flow that is missing and what the target allows")
    func requireMessage() throws {
        let violation = try #require(try smallCheck()["require-web-data-ssh"]?.violations.first)
        #expect(violation.path == nil)
        #expect(violation.message.contains("vnet-front/snet-web cannot reach vnet-back/snet-data on tcp/22"))
        #expect(violation.message.contains("tcp/443"))
    }

    @Test("max-exposure names the services beyond the allowed ones")
    func exposureMessage() throws {
        let violation = try #require(try smallCheck()["exposure-https"]?.violations.first)
        #expect(violation.path?.nodes == ["internet", "vnet-front/snet-web"])
        #expect(violation.message.contains("on tcp/22, beyond the allowed tcp/443"))
    }

    @Test("residency: a path out of the allowed regions, and a resource outside them")
    func residencyMessages() throws {
        let verdicts = try smallCheck()
        let leaving = try #require(verdicts["residency-back-de"])
        #expect(
            leaving.violations.compactMap(\.path?.nodes) == [
                ["vnet-back/snet-data", "vnet-front/snet-pe:pe-stdata"], ["vnet-back/snet-data", "vnet-front/snet-web"],
            ])
        #expect(leaving.violations.allSatisfy { $0.message.contains("in westeurope") })
        let misplaced = try #require(verdicts["residency-front-de"])
        #expect(misplaced.violations.contains { $0.message == "vnet-front/snet-web sits in westeurope, outside germanywestcentral" })
    }

    @Test("a selector that selects nothing: the policy holds vacuously and says so")
    func vacuous() throws {
        let check = try WhatifEstates.check(
            [WhatifEstates.small],
            policyText: """
                  - {id: nothing-to-protect, kind: deny, description: d, from: [internet], to: [tag:role=nothing]}
                  - {id: nothing-required, kind: require, description: d, from: [vnet:vnet-gone], to: [vnet:vnet-back], services: [tcp/443]}
                """)
        #expect(check.holds)
        for verdict in check.verdicts {
            #expect(verdict.holds)
            #expect(verdict.isVacuous)
            #expect(verdict.notes.contains { $0.hasPrefix("holds vacuously:") }, "\(verdict.notes)")
        }
        #expect(check.verdicts[0].emptySelectors == [.tag(key: "role", value: "nothing")])
        #expect(check.verdicts[1].emptySelectors == [.network("vnet-gone")])
        #expect(check.text.contains("HOLDS (vacuously)"))
        let report = try #require(JSONSchemaValidator.parse(Data(check.json.utf8)).objectValue)
        #expect(report["warnings"]?.arrayValue?.compactMap(\.stringValue).contains { $0.contains("tag:role=nothing") && $0.contains("vacuously") } == true)
    }

    @Test("a violated policy with one empty selector is not vacuous")
    func notVacuousWhenViolated() throws {
        let check = try WhatifEstates.check(
            [WhatifEstates.small],
            policyText: """
                  - {id: p, kind: deny, description: d, from: [internet], to: [vnet:vnet-front, tag:role=nothing]}
                """)
        let verdict = try #require(check.verdicts.first)
        #expect(!verdict.holds)
        #expect(!verdict.isVacuous)
        #expect(verdict.emptySelectors == [.tag(key: "role", value: "nothing")])
    }

    @Test("residency naming a retired region is reported as stale input")
    func retiredRegionInPolicy() throws {
        let check = try WhatifEstates.check(
            [WhatifEstates.small],
            policyText: """
                  - {id: p, kind: residency, description: d, resources: [tag:role=back], regions: [germanywestcentral, westeurope, germanycentral]}
                """)
        let verdict = try #require(check.verdicts.first)
        #expect(verdict.holds)
        #expect(verdict.notes.contains { $0.hasPrefix("stale input:") && $0.contains("germanycentral") })
        #expect(retiredRegions["germanycentral"] != nil)
    }

    @Test("a resource sitting in a retired region is reported as stale input, and as outside the allowed regions")
    func retiredRegionInEstate() throws {
        // What-if: the spare VNet moved to the closed Microsoft Cloud Deutschland region.
        let change = try ChangeFile.parse(
            WhatifEstates.changeText(
                """
                  - op: patch
                    target: vnet:vnet-spare
                    patch: {location: germanycentral}
                """), file: "move.yaml")
        let estate = try #require(try Estate.load(paths: [WhatifEstates.small], change: change).changed)
        let policies = try PolicyFile.parse(
            """
            version: 1
            policies:
              - {id: spare-in-germany, kind: residency, description: d, resources: [vnet:vnet-spare], regions: [germanywestcentral]}
            """)
        let verdict = try #require(PolicyCheck(estate: estate, policies: policies, inputs: []).verdicts.first)
        #expect(verdict.notes.contains { $0.hasPrefix("stale input: vnet-spare/snet-spare sits in germanycentral") }, "\(verdict.notes)")
        #expect(verdict.violations.contains { $0.message.contains("sits in germanycentral, outside germanywestcentral") })
    }

    @Test("the retail-llm policy: 2 of 6 hold")
    func retailVerdicts() throws {
        let check = try WhatifEstates.check([WhatifEstates.retail], policies: PolicyFile.load(file: WhatifEstates.retailPolicy))
        let holds = Dictionary(uniqueKeysWithValues: check.verdicts.map { ($0.policy.id, $0.holds) })
        #expect(
            holds == [
                "no-internet-to-training": false, "no-frontend-to-training": false, "frontends-to-inference-https-only": true,
                "checkout-reaches-inference": true, "frontend-internet-exposure": false, "training-data-residency": false,
            ])
        #expect(!check.holds)
        #expect(check.verdicts.allSatisfy { !$0.isVacuous })
        #expect(check.text.hasPrefix("Policies in \(WhatifEstates.retailPolicy): 2 of 6 hold, 4 violated"))
    }

    @Test("after close-planted-holes.yaml the retail Internet and frontend policies hold")
    func retailAfterClosingHoles() throws {
        let change = try ChangeFile.load(file: WhatifEstates.closeHoles)
        let estate = try #require(try Estate.load(paths: [WhatifEstates.retail], change: change).changed)
        let check = PolicyCheck(estate: estate, policies: try PolicyFile.load(file: WhatifEstates.retailPolicy), inputs: [])
        let holds = Dictionary(uniqueKeysWithValues: check.verdicts.map { ($0.policy.id, $0.holds) })
        #expect(holds["no-internet-to-training"] == true)
        #expect(holds["no-frontend-to-training"] == true)
        #expect(holds["checkout-reaches-inference"] == true)
    }

    @Test("after telemetry-rule.yaml the frontends reach training again")
    func retailAfterTelemetry() throws {
        let change = try ChangeFile.load(file: WhatifEstates.telemetry)
        let estate = try #require(try Estate.load(paths: [WhatifEstates.retail], change: change).changed)
        let check = PolicyCheck(estate: estate, policies: try PolicyFile.load(file: WhatifEstates.retailPolicy), inputs: [])
        let verdict = try #require(check.verdicts.first { $0.policy.id == "no-frontend-to-training" })
        #expect(
            verdict.violations.contains {
                $0.path?.nodes.first == "vnet-retail-fe-weu/snet-app" && $0.path?.nodes.last?.hasPrefix("vnet-llm-train-chn/") == true
            })
    }
}

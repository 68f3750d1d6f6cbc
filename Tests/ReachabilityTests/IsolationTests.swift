import Lateral
import Reachability
import Testing
import TopologyModel

/// `lateral isolate` on small estates: the fewest changes, nearest the target, verified by
/// applying the plan's change file (docs/isolate.md).
@Suite("Isolation plans: minimum cuts of the attack graph (NSG-11, PEER-1, FW-15, PUB-6)")
struct IsolationTests {
    /// The Internet reaches `web` (Basic public IP, NSG-40 does not close it; nsg-web admits
    /// tcp/22 from the Internet), which reaches `gpu` over a peering (PEER-11: AllowVnetInBound).
    static func chokePoint(nsgGPU: [(String, Int, String, String, String, String, String, String, String)] = []) -> MiniEstate {
        var e = MiniEstate()
        e.vnet("front", ["10.1.0.0/16"], subnets: [("web", "10.1.1.0/24", "nsg-web", nil)])
        e.vnet("train", ["10.2.0.0/16"], tags: ["role": "train"], subnets: [("gpu", "10.2.1.0/24", "nsg-gpu", nil)])
        e.peer("front", "train")
        e.nsg("nsg-web", [("ssh-in", 300, "Inbound", "Allow", "Tcp", "Internet", "*", "*", "22")])
        e.nsg("nsg-gpu", nsgGPU)
        e.nic("web-vm", vnet: "front", subnet: "web", ip: "10.1.1.4", publicIP: ("web-pip", "20.1.1.1", "Basic"))
        e.nic("gpu-vm", vnet: "train", subnet: "gpu", ip: "10.2.1.4")
        return e
    }

    static let denyInternet = """
          - id: no-internet-to-train
            kind: deny
            from: [internet]
            to: [tag:role=train]

        """

    static let requireWebToGPU = """
          - id: web-reaches-gpu
            kind: require
            from: [subnet:front/web]
            to: [subnet:train/gpu]
            services: [tcp/443]

        """

    @Test("NSG-11: one choke point, one change: a deny just below the rule that allows the hop, at the target")
    func singleChokePoint() throws {
        let h = try IsolationHarness(
            Self.chokePoint(nsgGPU: [("allow-front", 500, "Inbound", "Allow", "*", "10.1.0.0/16", "*", "*", "*")]),
            policies: IsolationHarness.policyFile(Self.denyInternet))
        #expect(h.plan.size == 1)
        #expect(h.rules.count == 1)
        let rule = try #require(h.rules.first)
        // Nearest the target: at gpu's NSG, not at web's; priority 499 beats allow-front (NSG-11).
        #expect(rule.nsg == "nsg-gpu" && rule.direction == "inbound")
        #expect(rule.rule.priority == 499)
        #expect(rule.rule.sourcePrefixes == ["10.1.1.0/24"] && rule.rule.destinationPrefixes == ["10.2.1.0/24"])
        #expect(h.plan.changes[0].cuts.map { "\($0.from) -> \($0.to)" } == ["front/web -> train/gpu"])
        let v = try #require(h.verification)
        #expect(v.holds)
        #expect(v.before.map(\.holds) == [false])
    }

    @Test("Two disjoint paths need two changes")
    func twoDisjointPaths() throws {
        var e = MiniEstate()
        e.vnet("front", ["10.1.0.0/16"], subnets: [("web", "10.1.1.0/24", "nsg-web", nil)])
        e.vnet("shop", ["10.3.0.0/16"], subnets: [("web", "10.3.1.0/24", "nsg-web", nil)])
        e.vnet("train", ["10.2.0.0/16"], tags: ["role": "train"], subnets: [("gpu", "10.2.1.0/24", "nsg-gpu", nil)])
        e.peer("front", "train")
        e.peer("shop", "train")
        e.nsg("nsg-web", [("ssh-in", 300, "Inbound", "Allow", "Tcp", "Internet", "*", "*", "22")])
        e.nsg("nsg-gpu", [])
        e.nic("web-vm", vnet: "front", subnet: "web", ip: "10.1.1.4", publicIP: ("web-pip", "20.1.1.1", "Basic"))
        e.nic("shop-vm", vnet: "shop", subnet: "web", ip: "10.3.1.4", publicIP: ("shop-pip", "20.1.1.2", "Basic"))
        e.nic("gpu-vm", vnet: "train", subnet: "gpu", ip: "10.2.1.4")
        let h = try IsolationHarness(e, policies: IsolationHarness.policyFile(Self.denyInternet))
        #expect(h.plan.size == 2)
        #expect(Set(h.rules.map { $0.rule.sourcePrefixes }) == [["10.1.1.0/24"], ["10.3.1.0/24"]])
        #expect(h.rules.allSatisfy { $0.nsg == "nsg-gpu" && $0.rule.priority <= 4096 && $0.rule.priority >= 100 })
        // Two rules in one NSG never share a priority.
        #expect(Set(h.rules.map(\.rule.priority)).count == 2)
        #expect(try #require(h.verification).holds)
    }

    @Test("A require flow over the choke point forces the cut elsewhere: the Internet's way in")
    func requireMovesTheCut() throws {
        let policies = IsolationHarness.policyFile(
            Self.denyInternet + Self.requireWebToGPU)
        let h = try IsolationHarness(Self.chokePoint(), policies: policies)
        #expect(h.plan.size == 1)
        let rule = try #require(h.rules.first)
        #expect(rule.nsg == "nsg-web" && rule.direction == "inbound")
        // The Internet as the public IPv4 space; priority below ssh-in (300).
        #expect(rule.rule.sourcePrefixes == IsolationChange.internetPrefixes)
        #expect(rule.rule.priority == 299 && rule.rule.protocolName == "Tcp" && rule.rule.destinationPorts == ["22"])
        let v = try #require(h.verification)
        #expect(v.holds)
        #expect(v.after.map(\.policy.id) == ["no-internet-to-train", "web-reaches-gpu"])
    }

    @Test("No plan keeps every require: the conflict names the requirement and the path")
    func conflictReported() throws {
        let policies = IsolationHarness.policyFile(
            Self.denyInternet + Self.requireWebToGPU + """
                  - id: internet-reaches-web
                    kind: require
                    from: [internet]
                    to: [subnet:front/web]
                    services: [tcp/22]

                """)
        let h = try IsolationHarness(Self.chokePoint(), policies: policies)
        #expect(h.plan.changes.isEmpty && h.verification == nil)
        let conflict = try #require(h.plan.conflicts.first)
        #expect(conflict.nodes == ["internet", "front/web", "train/gpu"])
        #expect(conflict.requirements == ["internet-reaches-web", "web-reaches-gpu"])
        #expect(conflict.message.contains("require internet-reaches-web, web-reaches-gpu conflicts with deny no-internet-to-train"))
    }

    @Test("FW-15, FW-16: through a firewall that SNATs, the destination's NSG sees the firewall: the deny names its private address")
    func firewallSNAT() throws {
        var hub = HubSpokeEstate()
        hub.firewall(network: [FirewallTests.allowSSH])
        hub.forceSNAT()
        // Only the firewall's way: no host in the hub to pivot through.
        hub.estate.resources.removeAll { ($0["name"] as? String) == "vm-hub" }
        let policies = IsolationHarness.policyFile(
            """
              - id: no-a-to-b
                kind: deny
                from: [subnet:a/s1]
                to: [subnet:b/s1]

            """)
        let h = try IsolationHarness(hub.estate, policies: policies)
        #expect(h.plan.size == 1, "\(h.isolation.text(h.verification))")
        let rule = try #require(h.rules.first, "\(h.isolation.text(h.verification))")
        #expect(rule.nsg == "nsg-b" && rule.rule.sourcePrefixes == ["10.0.1.4/32"], "\(h.isolation.text(h.verification))")
        #expect(try #require(h.verification).holds)
    }

    @Test("PUB-6: ways out are cut at the source's outbound NSG, towards the public address space; a pivot's way out too")
    func wayOut() throws {
        let policies = IsolationHarness.policyFile(
            """
              - id: no-way-out
                kind: deny
                from: [tag:role=train]
                to: [internet]

            """)
        let h = try IsolationHarness(Self.chokePoint(), policies: policies)
        // gpu leaves by default outbound access, and through web, which has a public IP.
        #expect(h.plan.size == 2, "\(h.isolation.text(h.verification))")
        let out = try #require(h.rules.first { $0.direction == "outbound" })
        #expect(out.nsg == "nsg-gpu" && out.rule.destinationPrefixes == IsolationChange.internetPrefixes && out.rule.sourcePrefixes == ["10.2.1.0/24"])
        #expect(h.rules.contains { $0.nsg == "nsg-web" && $0.direction == "inbound" && $0.rule.sourcePrefixes == ["10.2.1.0/24"] })
        #expect(try #require(h.verification).holds)
    }

    @Test("A subnet without an NSG: the plan creates one, associates it and counts that as a change")
    func createsSecurityGroup() throws {
        // Two subnets of one VNet, neither with an NSG: no peering to remove, so an NSG must
        // be created (two changes), at the target.
        var e = MiniEstate()
        e.vnet("v", ["10.1.0.0/16"], subnets: [("web", "10.1.1.0/24", nil, nil), ("gpu", "10.1.2.0/24", nil, nil)])
        e.nic("web-vm", vnet: "v", subnet: "web", ip: "10.1.1.4")
        e.nic("gpu-vm", vnet: "v", subnet: "gpu", ip: "10.1.2.4")
        let policies = IsolationHarness.policyFile(
            """
              - id: no-web-to-gpu
                kind: deny
                from: [subnet:v/web]
                to: [subnet:v/gpu]

            """)
        let h = try IsolationHarness(e, policies: policies)
        #expect(h.plan.size == 2)
        guard case .denyRules(_, let nsg, true, _, .inbound, let rules)? = h.plan.changes.first?.action else {
            Issue.record("expected an NSG created at gpu: \(h.plan.changes)")
            return
        }
        #expect(nsg.name == "nsg-v-gpu-isolate" && rules.map(\.priority) == [4093])
        #expect(h.changeFile.contains("op: add-resource") && h.changeFile.contains("op: attach-nsg"))
        #expect(try #require(h.verification).holds)
        #expect(h.isolation.playbook.contains("az network nsg create") && h.isolation.rollback.contains("--remove networkSecurityGroup"))
    }
}

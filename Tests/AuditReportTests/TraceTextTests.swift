import AuditReport
import Reachability
import Testing
import TopologyModel

/// The words of trace steps and hop findings: each kind of event says what happened, and a
/// step's detail carries the rule codes that decided it.
@Suite("Trace text")
struct TraceTextTests {
    static func step(_ event: TraceEvent, rules: [RuleCode] = [], decision: TraceStep.Decision = .info) -> TraceStep {
        TraceStep(kind: .note, resource: nil, resourceName: "r", decision: decision, rules: rules, event: event)
    }

    @Test("An NSG rule decision names its level, group, direction, rule and priority")
    func securityGroupRule() {
        let event = TraceEvent.securityGroupRule(
            level: .networkInterface, securityGroup: "nsg-app", direction: .inbound, rule: "DenyAllInBound", priority: 65500, isDefault: true,
            allows: false)
        #expect(TraceText.sentence(event) == "NIC NSG nsg-app inbound: default rule DenyAllInBound (priority 65500) denies")
    }

    @Test("A route step names the route, the subnet and what became of the packet")
    func route() throws {
        let route = EffectiveRoute(
            prefix: try #require(IPPrefix("0.0.0.0/0")), nextHop: .virtualAppliance(IPAddress("10.0.0.4")), source: .user, resource: nil, name: "default")
        let event = TraceEvent.route(TraceEvent.Route(route), subnet: "snet-app", outcome: .notPublic(try #require(IPAddress("10.9.0.1"))))
        #expect(
            TraceText.sentence(event)
                == "User route 0.0.0.0/0 -> VirtualAppliance in the effective routes of subnet snet-app; 10.9.0.1 is not a public address")
    }

    @Test("A firewall's allow names its rule, SNAT and the modes it cannot evaluate offline")
    func firewallAllows() {
        let event = TraceEvent.firewallAllows(
            firewall: "fw", rule: TraceEvent.FirewallRule(kind: .network, name: "allow-ssh", collection: "c1", group: "g"), fqdn: nil,
            snat: IPAddress("10.0.0.4"), modes: TraceEvent.FirewallModes(threatIntel: .alert, intrusionDetection: .off))
        let step = Self.step(event, rules: [.fw(15), .fw(3)], decision: .allow)
        #expect(
            step.detail
                == "Azure Firewall fw: network rule allow-ssh in collection c1 (group g) allows; SNAT to 10.0.0.4, which the destination's NSGs see (FW-15); threat intelligence Alert (FW-3, not evaluable offline)"
        )
    }

    @Test("A hop finding is worded on its own, or as the step it repeats")
    func findings() throws {
        #expect(
            HopFinding.intrusionDetectionDenies(firewall: "fw").text
                == "firewall fw runs IDPS in Deny mode: signatures may still drop this traffic (FW-13)")
        let floating = TraceEvent.floatingIP(rule: "lbr", frontend: try #require(IPAddress("20.1.1.1")))
        #expect(HopFinding.event(floating).text == TraceText.sentence(floating))
        #expect(HopFinding.blobPublicAccess(false, containers: []).text == "requests still need credentials (key, SAS or Entra ID; ST-4)")
    }

    @Test("A step's detail ends with its rule codes unless its sentence names them")
    func ruleCodes() throws {
        let peering = Self.step(.peeringConnected(peering: "a-to-b", reverse: "b-to-a"), rules: [.peer(1)], decision: .forward)
        #expect(peering.detail == "peering a-to-b and its reverse b-to-a are both Connected (PEER-1)")
        let loop = Self.step(.routingLoop(applianceLimit: 4), rules: [.rt(17)], decision: .drop)
        #expect(loop.detail.hasSuffix(" (RT-17)"))
        let named = Self.step(.outThroughFirewall(firewall: "fw", modes: TraceEvent.FirewallModes(threatIntel: nil, intrusionDetection: nil)), rules: [.fw(15)])
        #expect(named.detail == "out through Azure Firewall fw, SNAT to its public address (FW-15)")
    }
}

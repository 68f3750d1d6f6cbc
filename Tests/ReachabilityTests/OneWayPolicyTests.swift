import AuditReport
import Reachability
import Testing
import TopologyModel

/// A deny policy is a CI gate: a one-way reach (RT-16, RT-18) still delivers a single
/// connectionless packet, so it violates the policy for UDP and the like, not for TCP.
@Suite("Policies over one-way reach (RT-18)")
struct OneWayPolicyTests {
    typealias E = HubSpokeEstate

    /// A reaches B only through the firewall, B's reply bypasses it over a direct peering.
    static func index(protocols: [String]) throws -> EstateIndex {
        var e = E(routeBToA: false)
        e.firewall(network: [
            E.collection(
                "east-west", 100, "Allow",
                [
                    E.networkRule(
                        "any", source: "10.1.0.0/16", destination: "10.2.0.0/16", ports: ["*"],
                        protocols: protocols)
                ])
        ])
        e.estate.peer("a", "b")
        return try e.index()
    }

    static func verdict(_ index: EstateIndex, services: ServiceSet? = nil) throws -> PolicyVerdict {
        let policy = Policy(
            id: "no-a-to-b", kind: .deny(from: [try Selector(parsing: "subnet:a/s1")], to: [try Selector(parsing: "subnet:b/s1")], services: services),
            severity: .error, description: "A must not reach B", file: "policy.yaml", line: 1)
        // One hop: the hub's hosts would otherwise be a pivot between the spokes.
        return try #require(index.graph().evaluate([policy], topology: index.topology, maxHops: 1).first)
    }

    @Test("TCP only: no connection, so the deny policy holds")
    func tcpHolds() throws {
        let index = try Self.index(protocols: ["TCP"])
        #expect(index.graph().oneWay.contains { $0.from == "a/s1" && $0.to == "b/s1" })
        #expect(try Self.verdict(index).violations.isEmpty)
    }

    @Test("UDP one way delivers a payload: the deny policy is violated, and the violation says one way only")
    func udpViolates() throws {
        let index = try Self.index(protocols: ["UDP", "TCP"])
        let verdict = try Self.verdict(index)
        let violation = try #require(verdict.violations.first)
        #expect(violation.message.contains("one way only"))
        #expect(violation.message.contains("udp/*"))
        #expect(!violation.message.contains("tcp"))
        #expect(violation.path?.hops.last?.findings.first?.text.contains("reachable one way only") == true)
        var tcp = ServiceSet()
        tcp.insert(.tcp, PortSet(22...22))
        #expect(try Self.verdict(index, services: tcp).violations.isEmpty, "a policy about TCP only is not violated by a one-way reach")
    }
}

/// What-if and diff report one-way reach that a change opens or closes.
@Suite("Differences in one-way reach (RT-18)")
struct OneWayDiffTests {
    @Test("a firewall rule that lets UDP through on an asymmetric route opens a one-way reach, not a hop")
    func opensOneWay() throws {
        let before = try OneWayPolicyTests.index(protocols: ["TCP"]).graph()
        let after = try OneWayPolicyTests.index(protocols: ["TCP", "UDP"]).graph()
        let query = PathQuery(from: [try Selector(parsing: "subnet:a/s1")], to: [try Selector(parsing: "subnet:b/s1")], maxHops: 1, maxPaths: 10)
        let diff = ReachabilityDiff(
            base: before, basePaths: before.paths(query, topology: try OneWayPolicyTests.index(protocols: ["TCP"]).topology),
            changed: after, changedPaths: after.paths(query, topology: try OneWayPolicyTests.index(protocols: ["TCP", "UDP"]).topology))
        #expect(!diff.changedHops.contains { $0.from == "a/s1" && $0.to == "b/s1" })
        let change = try #require(diff.oneWay.first { $0.from == "a/s1" && $0.to == "b/s1" })
        #expect(change.added.summary == "udp/*")
        #expect(change.removed.isEmpty)
        #expect(change.after?.reply.detail.contains("RT-18") == true)
    }
}

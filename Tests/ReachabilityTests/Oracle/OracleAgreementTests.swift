import Foundation
import Reachability
import Testing
import TopologyModel

/// The engine against a brute-force oracle on random adversarial estates: concrete flow
/// verdicts packet by packet, and attack-graph hops over every address and port atom.
///
/// `ORACLE_SEED` (first seed), `ORACLE_COUNT` (estates) and `ORACLE_KNOBS` (`all`, or knob
/// names: features switched off because of engine bugs, back on) reproduce or widen a run;
/// every failure names its seed and prints the estate, `ORACLE_DUMP=DIR` writes each
/// estate's JSON there, and `ORACLE_PROBE` explains one packet (see FINDINGS.md).
@Suite("Brute-force oracle agrees with the engine on random estates")
struct OracleAgreementTests {
    static let knobs = OracleKnobs.current
    static let seeds: [UInt64] = {
        let env = ProcessInfo.processInfo.environment
        let base = env["ORACLE_SEED"].flatMap { UInt64($0) } ?? 20_261_207
        // 160 estates take 30 to 60 s in a debug build on two shared cores.
        let count = env["ORACLE_COUNT"].flatMap { Int($0) } ?? 160
        return (0..<count).map { base &+ UInt64($0) }
    }()

    static func load(_ seed: UInt64) throws -> (OracleEstate, EstateIndex, Oracle) {
        let estate = OracleEstate.random(seed: seed, knobs: knobs)
        if let dir = ProcessInfo.processInfo.environment["ORACLE_DUMP"] {
            try estate.json.write(toFile: "\(dir)/oracle-\(seed).json", atomically: true, encoding: .utf8)
            try estate.description.write(toFile: "\(dir)/oracle-\(seed).txt", atomically: true, encoding: .utf8)
        }
        return (estate, try estate.engineIndex(), Oracle(estate))
    }

    static func ip(_ address: UInt32) -> IPAddress { .v4(address) }

    static func number(_ address: IPAddress) -> UInt32? {
        if case .v4(let value) = address { return value }
        return nil
    }

    /// Reports at most a few mismatches per estate, with the estate's text once.
    static func report(_ seed: UInt64, _ estate: OracleEstate, _ what: String, _ mismatches: [String]) {
        guard !mismatches.isEmpty else { return }
        let text = "seed \(seed): \(mismatches.count) \(what) mismatches\n" + mismatches.prefix(6).joined(separator: "\n") + "\n\(estate)"
        Issue.record(Comment(rawValue: text))
    }

    /// `ORACLE_PROBE=SEED,SRC,DST,PROTO,PORT,SPORT` prints one packet's verdicts (engine
    /// trace and oracle) and the hops into the destination's node, for investigating.
    @Test("probe one packet", .enabled(if: ProcessInfo.processInfo.environment["ORACLE_PROBE"] != nil))
    func probe() throws {
        let f = ProcessInfo.processInfo.environment["ORACLE_PROBE"]!.split(separator: ",").map(String.init)
        let (estate, index, oracle) = try Self.load(UInt64(f[0])!)
        let packet = OraclePacket(
            source: oracleAddress(f[1]), destination: oracleAddress(f[2]), proto: IPProtocol(rawValue: f[3])!,
            destinationPort: UInt16(f[4])!, sourcePort: UInt16(f[5])!)
        let flow = try index.verdict(
            FlowQuery(
                source: Self.ip(packet.source), destination: Self.ip(packet.destination), proto: packet.proto,
                destinationPort: packet.destinationPort, sourcePort: packet.sourcePort))
        print("\(estate)\n\(packet)\noracle: \(oracle.decide(packet))\nengine: \(flow.disposition.rawValue)")
        for step in flow.trace { print("  \(step.kind.rawValue) \(step.resourceName) \(step.rule ?? "") \(step.decision.rawValue) \(step.detail)") }
        let graph = index.graph()
        for node in graph.nodes {
            print("node \(node.id) \(node.kind.rawValue) \(node.endpoints.map { "\($0.address)" + ($0.publicIP?.address.map { " pip \($0)" } ?? "") })")
        }
        for hop in graph.hops { print("hop \(hop.from) -> \(hop.to): \(hop.services.summary)") }
    }

    // MARK: - c. the graph builds

    @Test("building the graph does not trap and node IDs are unique", arguments: seeds)
    func graphBuilds(_ seed: UInt64) throws {
        let (estate, index, _) = try Self.load(seed)
        let ids = index.graph().nodes.map(\.id)
        let duplicates = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        Self.report(seed, estate, "duplicate node ID", duplicates)
    }

    // MARK: - a. flows

    @Test("flow verdict accepted <=> the oracle accepts", arguments: seeds)
    func flows(_ seed: UInt64) throws {
        let (estate, index, oracle) = try Self.load(seed)
        var rng = OracleRandom(seed: seed ^ 0xF10F_10F1)
        let hosts = estate.nics.flatMap(\.configs).map(\.address)
        let publicIPs = estate.nics.flatMap(\.configs).compactMap { $0.publicIP?.address } + estate.firewalls.compactMap(\.publicIP)
        let destinations = estate.destinationWitnesses(reserved: Self.knobs.reservedAddressProbes), internet = estate.internetSourceWitnesses
        let ports = estate.portWitnesses
        let sourcePorts = estate.clientSourcePortWitnesses + [0, 80, 443, 1023]
        var packets: [OraclePacket] = []
        for k in 0..<160 {
            let proto = rng.weighted([(IPProtocol.tcp, 6), (.udp, 3), (.icmp, 1), (.esp, 1), (.ah, 1), (.other, 1)])
            let port = rng.chance(0.85) ? rng.pick(ports) : UInt16(rng.below(65536))
            let sourcePort = rng.pick(sourcePorts)
            if k % 4 == 3 {
                guard !publicIPs.isEmpty else { continue }
                packets.append(
                    OraclePacket(source: rng.pick(internet), destination: rng.pick(publicIPs), proto: proto, destinationPort: port, sourcePort: sourcePort))
            } else {
                guard !hosts.isEmpty else { continue }
                let source = rng.pick(hosts), destination = rng.pick(destinations)
                guard source != destination else { continue }
                packets.append(OraclePacket(source: source, destination: destination, proto: proto, destinationPort: port, sourcePort: sourcePort))
            }
        }
        var mismatches: [String] = []
        for packet in packets {
            let expected = oracle.decide(packet)
            if case .unsupported = expected { continue }
            let flow = try index.verdict(
                FlowQuery(
                    source: Self.ip(packet.source), destination: Self.ip(packet.destination), proto: packet.proto,
                    destinationPort: packet.destinationPort, sourcePort: packet.sourcePort))
            if (flow.disposition == .accepted) != (expected == .accepted) {
                mismatches.append("\(packet): oracle \(expected), engine \(flow.disposition.rawValue) \(flow.decidingRules)")
            }
        }
        Self.report(seed, estate, "flow", mismatches)
    }

    // MARK: - b. hops

    static let portless: [IPProtocol] = [.icmp, .esp, .ah, .other]

    /// The services the oracle allows from any of `sources` to any of `destinations`, on
    /// every port witness and client source port witness, with a packet for each.
    static func oracleServices(
        _ oracle: Oracle, _ sources: [UInt32], _ destinations: [UInt32],
        ports: [UInt16], sourcePorts: [UInt16]
    ) -> [IPProtocol: [UInt16: OraclePacket]] {
        var allowed: [IPProtocol: [UInt16: OraclePacket]] = [:]
        for s in sources {
            for d in destinations where s != d {
                let path = oracle.path(from: s, to: d)
                guard path.end == .delivered else { continue }
                for proto in [IPProtocol.tcp, .udp] {
                    for port in ports where allowed[proto]?[port] == nil {
                        for sp in sourcePorts {
                            let packet = OraclePacket(source: s, destination: d, proto: proto, destinationPort: port, sourcePort: sp)
                            if oracle.evaluate(path, packet) == .accepted { allowed[proto, default: [:]][port] = packet; break }
                        }
                    }
                }
                for proto in portless where allowed[proto] == nil {
                    let packet = OraclePacket(source: s, destination: d, proto: proto, destinationPort: 0, sourcePort: 0)
                    if oracle.evaluate(path, packet) == .accepted { allowed[proto] = [0: packet] }
                }
            }
        }
        return allowed
    }

    /// The services the Internet reaches `targets` with through firewall DNAT, by translated
    /// port (FW-9), over every client witness and every DNAT port.
    static func dnatServices(_ oracle: Oracle, _ internet: [UInt32], _ targets: Set<UInt32>) -> [IPProtocol: [UInt16: OraclePacket]] {
        var allowed: [IPProtocol: [UInt16: OraclePacket]] = [:]
        for (f, fw) in oracle.estate.firewalls.enumerated() {
            guard let pip = fw.publicIP else { continue }
            let ports = Set(fw.dnat.flatMap(\.rules).map(\.port))
            for source in internet {
                for proto in [IPProtocol.tcp, .udp] {
                    for port in ports {
                        let packet = OraclePacket(source: source, destination: pip, proto: proto, destinationPort: port, sourcePort: 1024)
                        guard let t = oracle.dnatTranslation(f, packet), targets.contains(t.address), allowed[proto]?[t.port] == nil else { continue }
                        if oracle.decide(packet) == .accepted { allowed[proto, default: [:]][t.port] = packet }
                    }
                }
            }
        }
        return allowed
    }

    /// Compares a hop (or its absence) with the oracle's services: a service the oracle
    /// allows and the hop lacks is a FALSE NEGATIVE, the reverse a false positive.
    static func compare(
        _ label: String, _ hop: Hop?, _ expected: [IPProtocol: [UInt16: OraclePacket]], ports: [UInt16],
        why: (IPProtocol, UInt16) -> String
    ) -> [String] {
        var out: [String] = []
        for proto in [IPProtocol.tcp, .udp] + portless {
            for port in proto.hasPorts ? ports : [0] {
                let engine = proto.hasPorts ? hop?.services.ports[proto]?.contains(port) ?? false : !(hop?.services.ports[proto]?.isEmpty ?? true)
                let witness = expected[proto]?[port]
                if let witness, !engine {
                    out.append("FALSE NEGATIVE \(label) \(proto.rawValue)/\(port): oracle accepts \(witness), hop has \(hop?.services.summary ?? "no hop")")
                } else if witness == nil && engine {
                    out.append("false positive \(label) \(proto.rawValue)/\(port): hop has it, oracle refuses every address pair (\(why(proto, port)))")
                }
            }
        }
        return out
    }

    @Test("hops are sound and exact over every address and port atom", arguments: seeds)
    func hops(_ seed: UInt64) throws {
        let (estate, index, oracle) = try Self.load(seed)
        Self.report(seed, estate, "hop", Self.hopMismatches(estate, index.graph(), oracle))
    }

    /// Every hop into a host or vacant-subnet node, from every host node and the Internet,
    /// against the oracle.
    static func hopMismatches(_ estate: OracleEstate, _ graph: ReachabilityGraph, _ oracle: Oracle) -> [String] {
        let ports = estate.portWitnesses, sourcePorts = estate.clientSourcePortWitnesses, internet = estate.internetSourceWitnesses
        let hostNodes = graph.nodes.filter { $0.kind == .hosts }
        var mismatches: [String] = []
        // Vacant subnets too: their node stands for a host at the representative address with
        // no NIC NSG, which the oracle takes a free usable address to be.
        // Private endpoints too (PE-2, PE-5..PE-8): every address of the node.
        for target in graph.nodes where [.hosts, .vacantSubnet, .privateEndpoint].contains(target.kind) {
            let destinations =
                target.kind != .vacantSubnet
                ? target.endpoints.compactMap { number($0.address) }
                : target.representative.flatMap { number($0.address) }.map { [$0] } ?? []
            // Nothing but the firewall can be in a firewall's subnet.
            guard let destination = destinations.first, !estate.inFirewallSubnet(destination) else { continue }
            for source in hostNodes where source.id != target.id {
                let sources = source.endpoints.compactMap { number($0.address) }
                let expected = oracleServices(oracle, sources, destinations, ports: ports, sourcePorts: sourcePorts)
                mismatches += compare("\(source.id) -> \(target.id)", graph.hop(from: source.id, to: target.id), expected, ports: ports) { proto, port in
                    sources.first.map {
                        "\(oracle.decide(OraclePacket(source: $0, destination: destination, proto: proto, destinationPort: port, sourcePort: 1024)))"
                    } ?? "no source"
                }
            }
            let publicIPs = target.endpoints.compactMap { $0.publicIP?.address.flatMap(number) }
            var expected = oracleServices(oracle, internet, publicIPs, ports: ports, sourcePorts: sourcePorts)
            expected.merge(dnatServices(oracle, internet, Set(destinations))) { direct, dnat in direct.merging(dnat) { first, _ in first } }
            mismatches += compare("internet -> \(target.id)", graph.hop(from: AttackNode.internetID, to: target.id), expected, ports: ports) { proto, port in
                guard let source = internet.first, let pip = publicIPs.first else { return "no public IP" }
                return "\(oracle.decide(OraclePacket(source: source, destination: pip, proto: proto, destinationPort: port, sourcePort: 1024)))"
            }
        }
        // PE-3: a private endpoint never starts a connection, so no hop leaves one for a host.
        for source in graph.nodes where source.kind == .privateEndpoint {
            for target in graph.nodes where [.hosts, .vacantSubnet, .privateEndpoint].contains(target.kind) {
                if let hop = graph.hop(from: source.id, to: target.id) {
                    mismatches.append("false positive \(source.id) -> \(target.id): PE-3, hop has \(hop.services.summary)")
                }
            }
        }
        return mismatches
    }
}

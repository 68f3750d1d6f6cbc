import AuditReport
import AzureImport
import Reachability
import TestSupport
import Testing
import TopologyModel

/// Trace steps carry the reference's rule codes as values (`TraceStep.rules`): what a report
/// links, counts and filters on must be what the step's words say.
@Suite("Rule codes on trace steps")
struct TraceRuleCodeTests {
    @Test("a rule code reads and prints as the reference writes it, and nothing else reads as one")
    func parsing() {
        #expect(RuleCode("RT-16") == .rt(16))
        #expect(RuleCode("PEER-8")?.description == "PEER-8")
        #expect(RuleCode("NSG-0") == nil)
        #expect(RuleCode("XYZ-3") == nil)
        #expect(RuleCode("RT16") == nil)
        #expect([RuleCode.rt(16), .nsg(9), .rt(7), .fw(2)].sorted() == [.nsg(9), .rt(7), .rt(16), .fw(2)])
    }

    /// The codes a text names, read word by word.
    static func codes(in text: String) -> Set<RuleCode> {
        Set(text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-") }).compactMap { RuleCode(String($0)) })
    }

    /// Every step of every hop, one-way reach and witness flow of an estate: the codes its
    /// words name are its typed rules, and its typed rules are in its words.
    static func mismatches(in paths: [String]) throws -> [String] {
        let index = EstateIndex(topology: try AzureImporter.load(paths: paths).topology)
        let graph = index.graph()
        var steps: [TraceStep] = graph.hops.flatMap(\.via) + graph.oneWay.flatMap { $0.via + [$0.reply] }
        for hop in graph.hops where index.topology.publicEndpointsByAddress[hop.witness.source] == nil {
            let query = FlowQuery(
                source: hop.witness.source, destination: hop.witness.destination, proto: hop.witness.proto, destinationPort: hop.witness.port,
                sourcePort: hop.witness.sourcePort)
            if let flow = try? index.verdict(query) { steps += flow.trace }
        }
        var found: [String] = []
        for step in steps {
            let named = codes(in: step.detail), typed = Set(step.rules)
            if named != typed { found.append("named \(named.map(\.description).sorted()), typed \(typed.map(\.description).sorted()): \(step.detail)") }
        }
        return found
    }

    @Test("on the retail estate every step's typed rules are the codes its words name")
    func retailEstate() throws {
        let found = try Self.mismatches(in: [Fixtures.path("Topologies/retail-llm")])
        #expect(found.isEmpty, "\(found.prefix(5).joined(separator: "\n"))")
    }

    @Test("on every semantics fixture every step's typed rules are the codes its words name", arguments: Fixtures.directories(in: "Semantics"))
    func semanticsFixtures(_ name: String) throws {
        let directory = Fixtures.fixture("Semantics/" + name)
        for file in Fixtures.files(in: directory, where: { $0.hasPrefix("topology") && $0.hasSuffix(".json") }) {
            let found = try Self.mismatches(in: [file])
            #expect(found.isEmpty, "\(file): \(found.prefix(5).joined(separator: "\n"))")
        }
    }
}

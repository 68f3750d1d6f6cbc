import EstateGenerator
import Foundation
import Lateral
import Testing

/// Reports of a whole generated estate, where tables outgrow listing every pair.
@Suite("Reports of generated estates")
struct GeneratedReportTests {
    /// Past 400 entry/target pairs the summary lists only reachable pairs: exactly those some
    /// path joins, in entry order, then target order (found from the paths, not by trying
    /// every pair).
    @Test("a large entry/target table lists the reachable pairs in entry, then target order")
    func reachablePairTable() throws {
        let (bytes, _) = try EstateGenerator.generate(
            EstateOptions(
                seed: 5, regions: 2, spokes: 12, subnetsPerSpoke: 3, rulesPerSecurityGroup: 6,
                interfacesPerSubnet: 1))
        let estate = Estate(imported: try AzureImporter.load(json: String(decoding: bytes, as: UTF8.self), file: "estate.json"))
        let analysis = Analysis(
            estate: estate, inputs: ["estate.json"], from: [.internet, try Selector(parsing: "cidr:10.0.0.0/8")],
            to: [try Selector(parsing: "cidr:10.0.0.0/8")])
        let result = analysis.paths
        #expect(result.sources.count * result.targets.count > 400)
        let joined = Set(result.paths.map { [$0.nodes.first!, $0.nodes.last!] })
        var expected: [String] = []
        for source in result.sources {
            for target in result.targets where target != source && joined.contains([source, target]) {
                expected.append("| `\(source)` | `\(target)` | **yes**")
            }
        }
        let markdown = analysis.markdown
        let table = markdown.components(separatedBy: "| entry | target | reachable | shortest | via |\n|---|---|---|---|---|\n")[1]
            .components(separatedBy: "\n\n")[0].split(separator: "\n")
        let rows = table.filter { !$0.hasPrefix("| ... |") }.map { $0.components(separatedBy: " | ").prefix(3).joined(separator: " | ") }
        #expect(expected.count > 1)
        #expect(rows == Array(expected.prefix(400)))
        if expected.count > 400 { #expect(table.last == "| ... | \(expected.count - 400) more reachable pairs | | | |") }
        // Hundreds of paths: the report is encoded in parallel blocks of elements; the bytes
        // must be those of encoding it in one go.
        let report = analysis.report
        #expect(report.paths.count > 130)
        #expect(analysis.json == Self.whole(report))
    }

    /// Foundation's encoder, whose bytes the report's own writer must give.
    static func whole<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "") + "\n"
    }
}

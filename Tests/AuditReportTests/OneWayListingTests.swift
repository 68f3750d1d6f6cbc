import AuditReport
import EstateGenerator
import Lateral
import Testing

/// A report lists one-way reaches up to a limit, those into the targets first, and says how
/// many there are: their number grows with the square of the estate.
@Suite("One-way reaches in reports")
struct OneWayListingTests {
    static func analysis() throws -> Analysis {
        // An export without some route tables: replies to other spokes are lost (RT-18).
        let options = EstateOptions(
            seed: 7, shape: .partialExport, regions: 1, spokes: 24, subnetsPerSpoke: 3, rulesPerSecurityGroup: 6, interfacesPerSubnet: 2)
        let bytes = try EstateGenerator.generate(options).bytes
        let estate = Estate(imported: try AzureImporter.load(json: String(decoding: bytes, as: UTF8.self), file: "partial.json"))
        return Analysis(
            estate: estate, inputs: ["partial.json"], from: [.internet, .tag(key: "role", value: "retail-frontend")],
            to: [.tag(key: "role", value: "llm-training")])
    }

    @Test("the listing keeps the limit, targets first, and counts all")
    func listing() throws {
        let analysis = try Self.analysis()
        let all = analysis.graph.oneWay
        try #require(all.count > 10)
        let targets = Set(analysis.paths.targets)
        let listing = OneWayListing(analysis.graph, targets: analysis.paths.targets, limit: 10)
        #expect(listing.shown.count == 10 && listing.total == all.count && listing.truncated)
        #expect(listing.intoTargets == all.filter { targets.contains($0.to) }.count)
        // Into a target first: no reach elsewhere comes before one into a target.
        let reference = (all.filter { targets.contains($0.to) } + all.filter { !targets.contains($0.to) }).prefix(10)
        #expect(listing.shown.map { [$0.from, $0.to] } == reference.map { [$0.from, $0.to] }, "the graph's order, targets first")
        let flags = listing.shown.map { targets.contains($0.to) }
        #expect(flags == flags.sorted { $0 && !$1 })
        #expect(OneWayListing(analysis.graph, targets: analysis.paths.targets, limit: all.count).truncated == false)
    }

    @Test("paths.json and summary.md list at most the limit and give the total")
    func reports() throws {
        let analysis = try Self.analysis()
        let report = analysis.report
        let total = analysis.graph.oneWay.count
        try #require(total > OneWayListing.limit, "the estate must hold more one-way reaches than a report lists")
        #expect((report.oneWay?.count ?? 0) == min(total, OneWayListing.limit))
        #expect(report.oneWayTotal == (total > OneWayListing.limit ? total : nil))
        let markdown = analysis.markdown
        let listed = markdown.split(separator: "\n").drop { $0 != "## Reachable one way only" }.prefix { !$0.hasPrefix("## Input notes") }
        #expect(listed.filter { $0.hasPrefix("- `") }.count == min(total, OneWayListing.limit))
        if total > OneWayListing.limit { #expect(markdown.contains("\(total) pairs")) }
    }
}

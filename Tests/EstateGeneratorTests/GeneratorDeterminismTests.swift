import EstateGenerator
import Testing

/// The generator's output is a function of its options: benchmark figures name their input
/// by the command line alone.
@Suite("Estate generator determinism")
struct GeneratorDeterminismTests {
    static let small = EstateOptions(seed: 42, regions: 2, spokes: 8, subnetsPerSpoke: 3, rulesPerSecurityGroup: 10, interfacesPerSubnet: 2)

    @Test("the same options give the same bytes")
    func sameSeedSameBytes() throws {
        let first = try EstateGenerator.generate(Self.small)
        let second = try EstateGenerator.generate(Self.small)
        #expect(first.bytes == second.bytes)
        #expect(first.summary == second.summary)
        #expect(first.summary.bytes == first.bytes.count)
    }

    @Test("another seed gives other bytes", arguments: [UInt64(0), 43, UInt64.max])
    func otherSeedOtherBytes(seed: UInt64) throws {
        var other = Self.small
        other.seed = seed
        #expect(try EstateGenerator.generate(Self.small).bytes != EstateGenerator.generate(other).bytes)
    }

    @Test("chunked output is the in-memory output, cut in pieces")
    func chunksConcatenate() throws {
        var chunks: [[UInt8]] = []
        let summary = try EstateGenerator.generate(Self.small, chunkSize: 1024) { chunks.append(Array($0)) }
        #expect(chunks.count > 1)
        #expect(chunks.flatMap { $0 } == (try EstateGenerator.generate(Self.small).bytes))
        #expect(summary.bytes == chunks.map(\.count).reduce(0, +))
    }

    @Test("the summary is known before writing")
    func summaryWithoutWriting() throws {
        #expect(try EstateGenerator.summary(Self.small).resources == EstateGenerator.generate(Self.small).summary.resources)
    }

    @Test("sizes grow linearly with the spokes")
    func linearInSpokes() throws {
        var options = Self.small
        options.spokes = 40
        let forty = try EstateGenerator.summary(options)
        options.spokes = 80
        let eighty = try EstateGenerator.summary(options)
        #expect(eighty.securityRules == 2 * forty.securityRules)
        #expect(eighty.subnets - forty.subnets == 40 * options.subnetsPerSpoke)
    }

    @Test("the largest benchmark size holds about 32,000 resources")
    func largestSize() throws {
        let summary = try EstateGenerator.summary(EstateOptions())
        #expect((31_000...34_000).contains(summary.resources))
        #expect(summary.securityRules == 300_000)
        #expect(summary.subnets == 10_008)
    }

    @Test(
        "options outside the limits are refused",
        arguments: [
            EstateOptions(regions: 0), EstateOptions(regions: 17), EstateOptions(spokes: 1), EstateOptions(subnetsPerSpoke: 0),
            EstateOptions(rulesPerSecurityGroup: 400), EstateOptions(interfacesPerSubnet: 241), EstateOptions(spokes: 5000, subnetsPerSpoke: 16),
        ])
    func invalidOptions(options: EstateOptions) {
        #expect(throws: EstateOptions.Invalid.self) { try options.validate() }
        #expect(throws: EstateOptions.Invalid.self) { try EstateGenerator.generate(options) }
    }
}

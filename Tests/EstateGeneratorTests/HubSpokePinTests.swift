import EstateGenerator
import Testing

/// Benchmark figures published in docs/performance.md name their input by the command line
/// alone, so the hub-and-spoke bytes may not drift when other shapes change: the hashes are
/// of the bytes those figures were measured on.
@Suite("Hub-and-spoke output is pinned")
struct HubSpokePinTests {
    static let pinned: [(EstateOptions, hash: UInt64, bytes: Int)] = [
        (
            EstateOptions(seed: 7, regions: 2, spokes: 6, subnetsPerSpoke: 3, rulesPerSecurityGroup: 8, interfacesPerSubnet: 2),
            0x2490_08e0_ba62_d4f5, 200_553
        ),
        (EstateOptions(seed: 42, spokes: 40), 0xb08c_e3e7_0b49_6b2e, 6_361_711),
        (
            EstateOptions(seed: 1, regions: 1, spokes: 2, subnetsPerSpoke: 1, rulesPerSecurityGroup: 2, interfacesPerSubnet: 1),
            0x85ef_3076_fd11_d75a, 39_265
        ),
    ]

    /// FNV-1a, 64 bits: enough to notice a changed byte, and a few lines without a dependency.
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    @Test("the same options give the pinned bytes", arguments: 0..<pinned.count)
    func pinnedBytes(case index: Int) throws {
        let (options, hash, count) = Self.pinned[index]
        let bytes = try EstateGenerator.generate(options).bytes
        #expect(bytes.count == count)
        #expect(Self.fnv1a(bytes) == hash)
    }
}

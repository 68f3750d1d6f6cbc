import Lateral
import Testing

/// The command-line tool turns glibc's fast bins off before any work (docs/performance.md).
@Suite("Allocator tuning")
struct AllocatorTests {
    @Test("glibc takes the setting, and large and small blocks are still handed out and freed")
    func accepted() {
        #if canImport(Glibc)
            #expect(Allocator.tuneForLargeEstates())
        #endif
        var blocks: [[UInt8]] = (0..<10_000).map { Array(repeating: UInt8($0 % 256), count: 16 + $0 % 200) }
        blocks.removeAll()
        let large = [UInt64](repeating: 7, count: 1 << 20)
        #expect(large.reduce(0, &+) == 7 << 20 && blocks.isEmpty)
    }
}

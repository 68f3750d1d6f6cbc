#if canImport(Glibc)
    import Glibc
#endif

/// How the process asks glibc's allocator to behave. Called once, first thing, by the
/// command-line tool and the benchmark.
public enum Allocator {
    /// Turns off glibc's fast bins (`mallopt(M_MXFAST, 0)`).
    ///
    /// Fast bins keep freed small blocks apart, unmerged, until a large request comes; then
    /// every one of them is merged in one go. After the import frees its parsed input (tens
    /// of millions of small blocks at 1,000 spokes) that pass took about 0.25 s of the first
    /// large allocation that followed. Without fast bins, small blocks still go to the
    /// per-thread caches first and are merged as they are freed (docs/performance.md).
    ///
    /// - Returns: whether the allocator took the setting (false off glibc).
    @discardableResult
    public static func tuneForLargeEstates() -> Bool {
        #if canImport(Glibc)
            // mallopt is in glibc but not in the Glibc module's headers: looked up by name.
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
            let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
            let fastBinLimit: Int32 = 1  // M_MXFAST in malloc.h
            return mallopt(fastBinLimit, 0) == 1
        #else
            return false
        #endif
    }
}

import Dispatch

/// Runs independent iterations on every core, so modules that only describe data (the
/// topology model) need no system library of their own to build their indexes side by side.
public enum Parallel {
    /// Calls `body` once for each index in `0..<iterations`, concurrently; returns when all
    /// are done. Iterations must not write to shared state except through ``Slots``.
    public static func perform(iterations: Int, _ body: @Sendable (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
    }
}

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

extension Parallel {
    /// Runs `body` for each chunk in `0..<chunks` on every core, where each worker keeps one
    /// `State` for all the chunks it takes: a worker's caches then serve every chunk it runs,
    /// not one, while chunks still go to whichever core is free.
    public static func perform<State>(chunks: Int, state: @Sendable () -> State, _ body: @Sendable (inout State, Int) -> Void) {
        let queue = ChunkQueue(count: chunks)
        // More workers than cores: concurrentPerform runs them on its pool, and those that
        // start after the queue is empty return at once.
        DispatchQueue.concurrentPerform(iterations: min(chunks, 16)) { _ in
            guard var chunk = queue.take() else { return }
            var local = state()
            while true {
                body(&local, chunk)
                guard let next = queue.take() else { return }
                chunk = next
            }
        }
    }
}

import ParallelSupport
import Testing

@testable import TopologyModel

#if canImport(Glibc)
    import Glibc
#endif

/// Structures handed to ``BackgroundRelease`` are freed, on its thread, and in the order
/// handed over.
@Suite("Background release")
struct BackgroundReleaseTests {
    final class Tracked: @unchecked Sendable {
        let number: Int
        let log: Log
        init(_ number: Int, log: Log) { self.number = number; self.log = log }
        deinit { log.record(number, thread: pthread_self()) }
    }

    final class Log: @unchecked Sendable {
        private var mutex = pthread_mutex_t()
        private(set) var freed: [(number: Int, thread: pthread_t)] = []
        init() { pthread_mutex_init(&mutex, nil) }
        func record(_ number: Int, thread: pthread_t) {
            pthread_mutex_lock(&mutex)
            freed.append((number, thread))
            pthread_mutex_unlock(&mutex)
        }
    }

    @Test("values are freed on the release thread, in order, nested values with them")
    func freedElsewhere() {
        let log = Log()
        for i in 0..<5 {
            BackgroundRelease.release((i, [Tracked(i, log: log)], ["key": Tracked(i + 100, log: log)]))
        }
        BackgroundRelease.drain()
        #expect(log.freed.map(\.number).sorted() == [0, 1, 2, 3, 4, 100, 101, 102, 103, 104])
        #expect(log.freed.filter { $0.number < 100 }.map(\.number) == [0, 1, 2, 3, 4])
        #expect(log.freed.allSatisfy { pthread_equal($0.thread, pthread_self()) == 0 })
    }

    @Test("a value still referenced elsewhere is not freed until that reference goes")
    func sharedValue() {
        let log = Log()
        var kept: [Tracked] = [Tracked(7, log: log)]
        BackgroundRelease.release(kept)
        BackgroundRelease.drain()
        #expect(log.freed.isEmpty)
        kept.removeAll()
        #expect(log.freed.map(\.number) == [7] && pthread_equal(log.freed[0].thread, pthread_self()) != 0)
    }
}

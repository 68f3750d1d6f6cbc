#if canImport(Glibc)
    import Glibc
#endif

/// Frees large structures that are done with (the parsed input, the import's bookkeeping) on
/// a thread of its own, at idle priority, while the analysis goes on.
///
/// Freeing the import of a 1,000-spoke estate is millions of small blocks: about 0.45 s on
/// one core, during which the other core had nothing to do. Handed over here, it runs in the
/// single-threaded stretches that follow instead. Idle priority (Linux `SCHED_IDLE`) keeps it
/// off a core the analysis wants. Freeing has no visible effect, so the results do not depend
/// on when it happens.
public enum BackgroundRelease {
    /// Takes the value and drops it on the release thread. The caller gives up its own
    /// reference (`consume`): if another one outlives the hand-over, the memory is freed
    /// wherever that one goes instead, which is correct, only slower.
    public static func release<Value>(_ value: consuming Value) {
        worker.enqueue(Parcel(value))
    }

    /// Waits until everything handed over so far is freed (tests, and callers measuring
    /// memory).
    public static func drain() { worker.drain() }

    private static let worker = Worker()

    private final class Parcel: @unchecked Sendable {
        var value: Any?
        init<Value>(_ value: consuming Value) { self.value = value }
    }

    /// One long-lived thread, started on first use, that drops parcels in order.
    private final class Worker: @unchecked Sendable {
        private var mutex = pthread_mutex_t()
        private var wake = pthread_cond_t()
        private var parcels: [Parcel] = []
        private var busy = false
        private var thread: pthread_t? = nil

        init() {
            pthread_mutex_init(&mutex, nil)
            pthread_cond_init(&wake, nil)
        }

        func enqueue(_ parcel: Parcel) {
            pthread_mutex_lock(&mutex)
            parcels.append(parcel)
            if thread == nil { start() }
            pthread_cond_broadcast(&wake)
            pthread_mutex_unlock(&mutex)
        }

        func drain() {
            pthread_mutex_lock(&mutex)
            while !parcels.isEmpty || busy { pthread_cond_wait(&wake, &mutex) }
            pthread_mutex_unlock(&mutex)
        }

        /// Called with the mutex held.
        private func start() {
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
            var created = pthread_t()
            let context = Unmanaged.passRetained(self).toOpaque()
            if pthread_create(
                &created, &attributes,
                { context in
                    let worker = Unmanaged<Worker>.fromOpaque(context!).takeRetainedValue()
                    worker.run()
                    return nil
                }, context) == 0
            {
                thread = created
            } else {
                // No thread to be had: free here and now, as without this type.
                Unmanaged<Worker>.fromOpaque(context).release()
                parcels.removeAll()
            }
            pthread_attr_destroy(&attributes)
        }

        private func run() {
            #if os(Linux)
                // SCHED_IDLE (5): run only when a core would otherwise idle. Refused, the thread
                // keeps normal priority.
                var parameters = sched_param()
                parameters.sched_priority = 0
                _ = pthread_setschedparam(pthread_self(), 5, &parameters)
            #endif
            pthread_mutex_lock(&mutex)
            while true {
                while parcels.isEmpty { pthread_cond_wait(&wake, &mutex) }
                let batch = parcels
                parcels.removeAll()
                busy = true
                pthread_mutex_unlock(&mutex)
                for parcel in batch { parcel.value = nil }
                pthread_mutex_lock(&mutex)
                busy = false
                pthread_cond_broadcast(&wake)
            }
        }
    }
}

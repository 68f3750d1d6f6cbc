import TopologyModel

/// One result slot per source for the parallel graph build: written once each, from
/// different threads, read after all are done.
final class OutgoingSlots: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<(ReachabilityGraph.Outgoing, [LeanServices])>

    init(count: Int) {
        buffer = .allocate(capacity: max(count, 1))
        buffer.initialize(repeating: (ReachabilityGraph.Outgoing(), []))
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    /// - Parameter services: the service sets the lean hops number.
    func store(_ outgoing: ReachabilityGraph.Outgoing, services: [LeanServices], at index: Int) { buffer[index] = (outgoing, services) }

    /// The slot's content, leaving it empty (the graph build frees memory as it goes).
    func take(at index: Int) -> (ReachabilityGraph.Outgoing, [LeanServices]) {
        let value = buffer[index]
        buffer[index] = (ReachabilityGraph.Outgoing(), [])
        return value
    }
}

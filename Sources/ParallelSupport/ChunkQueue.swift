import Synchronization

/// The numbers `0..<count`, each handed out once, to whichever worker asks first.
final class ChunkQueue: Sendable {
    private let next = Atomic<Int>(0)
    private let count: Int

    init(count: Int) { self.count = count }

    func take() -> Int? {
        let taken = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return taken < count ? taken : nil
    }
}

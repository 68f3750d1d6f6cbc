/// One optional value per index, for loops run on every core: each slot is written once, by
/// one iteration, and read after the loop, so no lock is needed and the result keeps index
/// order whatever the scheduling.
final class Slots<Value>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        buffer = .allocate(capacity: max(count, 1))
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func store(_ value: Value?, at index: Int) { buffer[index] = value }
    func value(at index: Int) -> Value? { buffer[index] }
}

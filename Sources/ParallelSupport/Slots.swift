/// One optional value per index, for loops run on every core: each slot is written once, by
/// one iteration, and read after the loop, so no lock is needed and the result keeps index
/// order whatever the scheduling. (Import and solver both split work this way.)
public final class Slots<Value>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value?>

    public init(count: Int) {
        buffer = .allocate(capacity: max(count, 1))
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    public func store(_ value: Value?, at index: Int) { buffer[index] = value }
    public func value(at index: Int) -> Value? { buffer[index] }
    /// The value, leaving the slot empty (large results are freed as they are used).
    public func take(at index: Int) -> Value? {
        let value = buffer[index]
        buffer[index] = nil
        return value
    }
}

/// A value handed to the workers of a parallel loop that only read it. Import and report
/// values hold classes and existentials that are never mutated once built, which the
/// compiler cannot see.
public final class Shared<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}

import Dispatch
import Foundation
import TopologyModel

/// The resources of a root array, described by a worker while the parser is still reading
/// the rest of the file: describing an item depends on that item alone, and parsing keeps one
/// core busy while the other would idle.
///
/// Handed out once: a second import of the same document (what-if builds the estate twice)
/// describes it again, since recording numbers the raw resources it is given.
final class DescribedItems: @unchecked Sendable {
    private let lock = NSLock()
    private let arrived = DispatchSemaphore(value: 0)
    private let done = DispatchGroup()
    private var items: [JSONValue] = []
    private var finished = false
    private var result: (resources: [RawResource], diagnostics: [Diagnostic])?

    /// Starts the worker; `context` answers line numbers for the file's diagnostics.
    init(context: ImportContext, file: String) {
        let shared = Shared(context)
        DispatchQueue.global().async(group: done) { [self] in
            let context = shared.value
            var resources: [RawResource] = [], diagnostics: [Diagnostic] = []
            var i = 0
            while let item = next(i) {
                context.describe(JSONNode(value: item, parent: "", token: String(i)), file: file, parent: nil, impliedType: nil,
                                 into: &resources, diagnostics: &diagnostics)
                i += 1
            }
            lock.lock()
            result = (resources, diagnostics)
            lock.unlock()
        }
    }

    /// The parser's callback: one more root item, in order.
    func push(_ item: JSONValue) {
        lock.lock()
        items.append(item)
        lock.unlock()
        arrived.signal()
    }

    /// No more items (the parse ended, well or not); waits for the worker.
    func finish() {
        lock.lock()
        finished = true
        lock.unlock()
        arrived.signal()
        done.wait()
        lock.lock()
        items = []
        lock.unlock()
    }

    /// The described resources and diagnostics, once; nil afterwards.
    func take() -> (resources: [RawResource], diagnostics: [Diagnostic])? {
        lock.lock()
        defer { lock.unlock() }
        let taken = result
        result = nil
        return taken
    }

    private func next(_ i: Int) -> JSONValue? {
        while true {
            lock.lock()
            if i < items.count {
                let item = items[i]
                lock.unlock()
                return item
            }
            if finished {
                lock.unlock()
                return nil
            }
            lock.unlock()
            arrived.wait()
        }
    }
}

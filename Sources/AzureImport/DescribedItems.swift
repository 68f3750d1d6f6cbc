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
    private let context: ImportContext
    private let file: String
    private var items: [JSONValue] = []
    private var finished = false
    /// The worker takes items from the front; once the parse is over, the parser's thread
    /// takes them from the back (`back` and up), so the last stretch is described on both
    /// cores. Both move under `lock` and stop where they meet.
    private var front = 0
    private var back = Int.max
    private var result: (resources: [RawResource], diagnostics: [Diagnostic])?

    /// Starts the worker; `context` answers line numbers for the file's diagnostics.
    init(context: ImportContext, file: String) {
        self.context = context
        self.file = file
        DispatchQueue.global().async(group: done) { [self] in
            var resources: [RawResource] = [], diagnostics: [Diagnostic] = []
            var i = 0
            while let item = next(i) {
                describe(item, at: i, into: &resources, diagnostics: &diagnostics)
                i += 1
            }
            lock.lock()
            result = (resources, diagnostics)
            lock.unlock()
        }
    }

    private func describe(_ item: JSONValue, at i: Int, into resources: inout [RawResource], diagnostics: inout [Diagnostic]) {
        context.describe(
            JSONNode(value: item, parent: "", token: String(i)), file: file, parent: nil, impliedType: nil,
            into: &resources, diagnostics: &diagnostics)
    }

    /// The parser's callback: one more root item, in order.
    func push(_ item: JSONValue) {
        lock.lock()
        items.append(item)
        lock.unlock()
        arrived.signal()
    }

    /// No more items (the parse ended, well or not); waits for the worker. With `helping`
    /// (the parse succeeded), the calling thread describes items from the back until it
    /// meets the worker, and the results are put together in input order.
    func finish(helping: Bool) {
        lock.lock()
        finished = true
        back = helping ? items.count : 0
        lock.unlock()
        arrived.signal()
        // Items from the back, each kept apart, last first.
        var claimed: [(resources: [RawResource], diagnostics: [Diagnostic])] = []
        while helping {
            lock.lock()
            guard back > front else {
                lock.unlock()
                break
            }
            back -= 1
            let j = back, item = items[j]
            lock.unlock()
            var resources: [RawResource] = [], diagnostics: [Diagnostic] = []
            describe(item, at: j, into: &resources, diagnostics: &diagnostics)
            claimed.append((resources, diagnostics))
        }
        done.wait()
        lock.lock()
        if helping, var all = result {
            for part in claimed.reversed() {
                all.resources += part.resources
                all.diagnostics += part.diagnostics
            }
            result = all
        }
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

    /// Item `i` for the worker, waiting for the parser to reach it; nil once the parse is
    /// over and the rest is taken from the back.
    private func next(_ i: Int) -> JSONValue? {
        while true {
            lock.lock()
            if i < items.count && i < back {
                front = i + 1
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

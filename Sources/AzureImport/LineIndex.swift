import Synchronization

/// Turns byte offsets of one file into lines and columns.
///
/// The offsets at which lines start are found on the first question, in one pass over the
/// bytes, and kept; every question is then a binary search. Files without diagnostics never
/// pay for the pass. Shared by the threads that describe a file's resources, hence the lock.
final class LineIndex: Sendable {
    let bytes: [UInt8]
    /// Offsets at which lines start, ascending, the first 0; nil until first asked.
    private let starts = Mutex<[Int]?>(nil)

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// 1-based line and column of a byte offset (an offset past the end counts the lines of
    /// the whole file; the column counts bytes).
    ///
    /// - Complexity: O(n) for the first question on a file of n bytes, O(log lines) after.
    func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        let starts = self.starts.withLock { starts in
            if let starts { return starts }
            let found = Self.lineStarts(bytes)
            starts = found
            return found
        }
        // Lines that start at or before the offset (a newline at offset - 1 starts a line there).
        let end = min(offset, bytes.count)
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= end { low = middle + 1 } else { high = middle }
        }
        return (low, offset - starts[low - 1] + 1)
    }

    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            for i in buffer.indices where buffer[i] == 0x0A { starts.append(i + 1) }
        }
        return starts
    }
}

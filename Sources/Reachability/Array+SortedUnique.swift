extension Array where Element: Comparable {
    /// Sorts in place and keeps one of each value: boundary lists gather values with many
    /// repeats, and sorting once beats hashing each into a set. Keeps the capacity, so
    /// scratch arrays reused across rows do not reallocate.
    mutating func sortAndRemoveDuplicates() {
        sort()
        var kept = 0
        for i in indices where kept == 0 || self[i] != self[kept - 1] {
            self[kept] = self[i]
            kept += 1
        }
        removeLast(count - kept)
    }
}

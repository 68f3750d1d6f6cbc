/// Member names compared as the importer looks them up: ASCII letters without regard to case
/// (Azure's own property names are case-insensitive), everything else as written.
package enum MemberName {
    /// Whether two names are one name to the importer (what `JSONObject.index(of:)` matches).
    package static func same(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let folded = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                for i in 0..<x.count where x[i] != y[i] {
                    let f = x[i] | 0x20
                    if f != y[i] | 0x20 || f < 0x61 || f > 0x7A { return false }
                }
                return true
            }
        }
        return (folded ?? nil) ?? (key(a) == key(b))
    }

    /// The name with ASCII capitals lowered, other text as it is: equal keys are ``same(_:_:)``
    /// names.
    package static func key(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return name }
        return String(decoding: name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}

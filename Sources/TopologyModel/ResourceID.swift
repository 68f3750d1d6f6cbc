/// The identity of an Azure resource: its ARM resource ID, compared case-insensitively.
///
/// Azure returns the same ID in different casings (Resource Graph lowercases, the REST
/// API does not), so identity uses a lowercased key while the original text is kept for
/// reports.
public struct ResourceID: Hashable, Sendable, Comparable {
    /// Everything an ID knows, behind one reference: IDs are copied into every index, rule
    /// and hop of the model, and a copy of three separately allocated parts (text, key,
    /// segment offsets) touched three places in memory where one will do.
    private let storage: Storage

    /// The ID as the input spelled it.
    public var text: String { storage.text }
    /// The lowercased ID, used for equality, hashing and ordering.
    public var key: String { storage.key }
    /// The key's hash, computed once: IDs are long and every index of the model is keyed by
    /// them, so hashing the text on each lookup was a large part of building one.
    var keyHash: Int { storage.keyHash }
    /// The segment index of the `providers` keyword that starts the type.
    var providers: Int? { storage.providers < 0 ? nil : storage.providers }
    /// A leading slash and no empty segments: the parent is a prefix of the text.
    var canonical: Bool { storage.canonical }

    /// UTF-8 offsets of the `/` before each segment, and where `providers` is, worked out
    /// once: `parent` and the type are asked for constantly while an estate is converted.
    /// Up to 16 offsets below 65,536 are kept inline (an NSG rule's ID has 10); longer IDs
    /// keep them in an array.
    private final class Storage: @unchecked Sendable {
        let text: String
        let key: String
        let keyHash: Int
        let providers: Int
        let canonical: Bool
        let separatorCount: Int
        let inline: SIMD16<UInt16>
        let spilled: [Int]?

        init(text: String, key: String, separators: Separators, providers: Int, canonical: Bool) {
            self.text = text
            self.key = key
            var key = key
            keyHash = key.withUTF8 { ResourceID.hash($0) }
            self.providers = providers
            self.canonical = canonical
            separatorCount = separators.count
            inline = separators.inline
            spilled = separators.spilled
        }

        @inline(__always) func separator(_ i: Int) -> Int { spilled?[i] ?? Int(inline[i]) }
    }

    /// Segment offsets as they are gathered: inline while they fit.
    private struct Separators {
        var count = 0
        var inline = SIMD16<UInt16>()
        var spilled: [Int]? = nil

        mutating func append(_ offset: Int) {
            if spilled == nil && count < 16 && offset >= 0 && offset < 0xFFFF {
                inline[count] = UInt16(offset)
            } else {
                if spilled == nil { spilled = (0..<count).map { Int(inline[$0]) } }
                spilled!.append(offset)
            }
            count += 1
        }

        subscript(i: Int) -> Int { spilled?[i] ?? Int(inline[i]) }
    }

    private var separatorCount: Int { storage.separatorCount }
    private func separator(_ i: Int) -> Int { storage.separator(i) }

    /// An ARM resource ID. One written without its leading slash
    /// (`subscriptions/.../providers/...`, as some tools emit) gets it, so it names the same
    /// resource as the slashed form and its children find it as their parent.
    public init(_ text: String) {
        if let first = text.utf8.first, first != 0x2F, Self.isUnrootedARMPath(text) {
            self.init(rooted: "/" + text)
        } else {
            self.init(rooted: text)
        }
    }

    /// Whether the text starts like an ARM ID without its leading slash.
    static func isUnrootedARMPath(_ text: String) -> Bool {
        for start in ["subscriptions/", "resourcegroups/", "providers/"] {
            var matches = true
            var wanted = start.utf8.makeIterator()
            var got = text.utf8.makeIterator()
            while let w = wanted.next() {
                guard let g = got.next(), g | 0x20 == w || (w == 0x2F && g == 0x2F) else { matches = false; break }
            }
            if matches { return true }
        }
        return false
    }

    private init(rooted text: String) {
        let original = text
        var text = text
        let (exact, key, separators, providers, canonical) = text.withUTF8 { all in
            var count = all.count
            while count > 0 && all[count - 1] == 0x2F { count -= 1 }
            let bytes = UnsafeBufferPointer(rebasing: all[0..<count])
            // The text itself when it has no trailing slash (the parser's strings are sized to
            // their text; IDs built by appending reserve exactly what they need), else a copy
            // of the trimmed part. The key is the text again when it has no capitals; ASCII is
            // lowercased byte by byte, other text goes through Unicode lowercasing.
            let exact =
                count == all.count
                ? original
                : String(unsafeUninitializedCapacity: count) { buffer in
                    _ = buffer.initialize(fromContentsOf: bytes)
                    return count
                }
            // One pass for what the rest needs to know: non-ASCII, capitals, how many slashes,
            // and whether any two are adjacent. Eight bytes at a time (an estate's IDs are
            // parsed hundreds of thousands of times), the rest one by one.
            var ascii = true, capitals = false, slashes = 0, doubled = false
            var previous: UInt8 = 0
            var at = 0
            if let base = bytes.baseAddress {
                while at + 8 <= count {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self))
                    if word & Self.highBits != 0 { ascii = false }
                    if Self.capitalMask(word) != 0 { capitals = true }
                    let slashMask = Self.slashMask(word)
                    slashes += slashMask.nonzeroBitCount
                    // Adjacent slashes within the word, or across the boundary with the last word.
                    if slashMask & (slashMask >> 8) != 0 || (previous == 0x2F && slashMask & 0x80 != 0) { doubled = true }
                    previous = base[at + 7]
                    at += 8
                }
            }
            while at < count {
                let b = bytes[at]
                if b >= 0x80 { ascii = false }
                if b >= 0x41 && b <= 0x5A { capitals = true }
                if b == 0x2F { slashes += 1; if previous == 0x2F { doubled = true } }
                previous = b
                at += 1
            }
            let key =
                !ascii
                ? exact.lowercased()
                : !capitals
                    ? exact
                    : String(unsafeUninitializedCapacity: count) { buffer in
                        var i = 0
                        if let from = bytes.baseAddress, let to = buffer.baseAddress {
                            while i + 8 <= count {
                                let word = UInt64(littleEndian: UnsafeRawPointer(from + i).loadUnaligned(as: UInt64.self))
                                // 0x80 under each capital, shifted to 0x20: the lowercase bit.
                                UnsafeMutableRawPointer(to + i).storeBytes(of: (word | (Self.capitalMask(word) >> 2)).littleEndian, as: UInt64.self)
                                i += 8
                            }
                        }
                        while i < count {
                            let b = bytes[i]
                            buffer[i] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                            i += 1
                        }
                        return count
                    }
            // Segments as `split(separator: "/")` sees them (empty ones skipped); a segment
            // starts one byte after its separator.
            var separators = Separators()
            var i = 0
            while i < count {
                if bytes[i] == 0x2F { i += 1; continue }
                separators.append(i - 1)
                while i < count && bytes[i] != 0x2F { i += 1 }
            }
            let canonical = count > 0 && bytes[0] == 0x2F && !doubled
            // The first `providers`, or a later one in a key position (extension resources).
            func isProviders(_ segment: Int) -> Bool {
                // The segment ends at the next slash (the next separator is the last of a run of
                // slashes: `providers//Microsoft.Network` has one too many).
                let start = separators[segment] + 1
                guard start + 9 <= count, start + 9 == count || bytes[start + 9] == 0x2F else { return false }
                for (j, letter) in "providers".utf8.enumerated() where bytes[start + j] | 0x20 != letter { return false }
                return true
            }
            var p: Int? = nil
            for k in 0..<separators.count where isProviders(k) { p = k; break }
            if var found = p {
                var k = found + 2
                while k < separators.count {
                    if isProviders(k) { found = k }
                    k += 2
                }
                p = found
            }
            return (exact, key, separators, p, canonical)
        }
        storage = Storage(text: exact, key: key, separators: separators, providers: providers ?? -1, canonical: canonical)
    }

    /// The key's hash: its bytes eight at a time, each word multiplied in and folded. The
    /// standard hasher took about a twentieth of describing a large estate's resources; this one is
    /// only ever fed, as one integer, to the standard hasher (`hash(into:)`), which seeds it.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        func mix(_ word: UInt64) {
            h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
        }
        var at = 0
        if let base = bytes.baseAddress {
            while at + 8 <= bytes.count {
                mix(UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)))
                at += 8
            }
        }
        if at < bytes.count {
            var tail: UInt64 = 0
            for i in at..<bytes.count { tail |= UInt64(bytes[i]) << UInt64((i - at) * 8) }
            mix(tail)
        }
        h ^= h >> 29
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    private static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// 0x80 in each byte of `word` that is an ASCII capital (0x41 to 0x5A), 0 elsewhere. The
    /// sums stay within their bytes: for a byte b below 0x80, b + 0x3F reaches 0x80 from 0x41
    /// on, b + 0x25 from 0x5B on.
    static func capitalMask(_ word: UInt64) -> UInt64 {
        let low = word & lowBits
        let fromA = low &+ 0x3F3F_3F3F_3F3F_3F3F, pastZ = low &+ 0x2525_2525_2525_2525
        return fromA & ~pastZ & ~word & highBits
    }

    /// 0x80 in each byte of `word` that is `/`, 0 elsewhere (exact: no borrow between bytes).
    static func slashMask(_ word: UInt64) -> UInt64 {
        let x = word ^ 0x2F2F_2F2F_2F2F_2F2F
        return ~(((x & lowBits) &+ lowBits) | x | lowBits)
    }

    /// A prefix of a canonical ID that ends before separator `segments` (the parent): its
    /// parts are cut from the child's, with no second parse.
    private init(prefixOf child: ResourceID, segments: Int) {
        let end = child.separator(segments)
        var separators = Separators()
        for i in 0..<segments { separators.append(child.separator(i)) }
        storage = Storage(
            text: String(decoding: child.text.utf8.prefix(end), as: UTF8.self),
            key: String(decoding: child.key.utf8.prefix(end), as: UTF8.self),
            separators: separators, providers: child.storage.providers, canonical: true)
    }

    public static func == (a: ResourceID, b: ResourceID) -> Bool {
        a.storage === b.storage || (a.keyHash == b.keyHash && a.key == b.key)
    }
    public func hash(into h: inout Hasher) { h.combine(keyHash) }
    public static func < (a: ResourceID, b: ResourceID) -> Bool { a.key < b.key }

    /// The `/`-separated segments after the leading slash.
    public var segments: [Substring] { text.split(separator: "/") }

    /// The last segment: the resource's name.
    public var name: String { segments.last.map(String.init) ?? text }

    /// The resource type spelled by the ID (`Microsoft.Network/virtualNetworks/subnets`), if
    /// it has a `providers` segment.
    public var impliedType: String? {
        let s = segments
        guard let p = providersIndex, p + 2 < s.count else { return nil }
        var parts = [String(s[p + 1]), String(s[p + 2])]
        var i = p + 4
        while i < s.count { parts.append(String(s[i])); i += 2 }
        return parts.joined(separator: "/")
    }

    /// The ID of the parent resource (`.../virtualNetworks/v` for a subnet), if any.
    public var parent: ResourceID? {
        guard let p = providers, separatorCount >= p + 5 else { return nil }
        if canonical && key.utf8.count == text.utf8.count { return ResourceID(prefixOf: self, segments: separatorCount - 2) }
        return ResourceID("/" + segments.dropLast(2).joined(separator: "/"))
    }

    /// Whether `candidate` is this ID's ``parent``, told without building the parent: a
    /// nested child (a rule inside its NSG) is checked against the resource it sits in.
    public func hasParent(_ candidate: ResourceID) -> Bool {
        guard let p = providers, separatorCount >= p + 5, canonical, key.utf8.count == text.utf8.count else {
            return parent == candidate
        }
        let end = separator(separatorCount - 2)
        guard candidate.key.utf8.count == end else { return false }
        // Compared in place, byte buffer to byte buffer: a generic comparison of the two
        // UTF-8 views was a quarter of describing a large estate's resources.
        var mine = key, theirs = candidate.key
        return mine.withUTF8 { a in
            theirs.withUTF8 { b in
                for i in 0..<end where a[i] != b[i] { return false }
                return true
            }
        }
    }

    /// The index of the `providers` keyword that starts this resource's type: the first
    /// one, or a later one in a key position (extension resources). A resource *named*
    /// "providers" sits in a value position and is not mistaken for it.
    var providersIndex: Int? { providers }

    /// The subscription named by the ID, if any.
    public var subscription: String? {
        let s = segments
        guard let i = s.firstIndex(where: { $0.lowercased() == "subscriptions" }), i + 1 < s.count else { return nil }
        return String(s[i + 1])
    }

    /// The resource group named by the ID, if any.
    public var resourceGroup: String? {
        let s = segments
        guard let i = s.firstIndex(where: { $0.lowercased() == "resourcegroups" }), i + 1 < s.count else { return nil }
        return String(s[i + 1])
    }
}

extension ResourceID: CustomStringConvertible {
    public var description: String { text }
}

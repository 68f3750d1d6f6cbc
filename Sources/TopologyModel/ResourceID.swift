/// The identity of an Azure resource: its ARM resource ID, compared case-insensitively.
///
/// Azure returns the same ID in different casings (Resource Graph lowercases, the REST
/// API does not), so identity uses a lowercased key while the original text is kept for
/// reports.
public struct ResourceID: Hashable, Sendable, Comparable {
    /// The ID as the input spelled it.
    public let text: String
    /// The lowercased ID, used for equality, hashing and ordering.
    public let key: String

    /// UTF-8 offsets of the `/` before each segment, and the segment index of the
    /// `providers` keyword that starts the type, computed once: `parent` and the type are
    /// asked for constantly while an estate is converted.
    let separators: [Int]
    let providers: Int?
    /// A leading slash and no empty segments: the parent is a prefix of the text.
    let canonical: Bool

    public init(_ text: String) {
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let bytes = Array(trimmed.utf8)
        // A fresh copy, sized to the text: IDs built by appending carry spare capacity, and an
        // estate holds hundreds of thousands of them.
        self.text = String(decoding: bytes, as: UTF8.self)
        self.key = self.text.lowercased()
        // Segments as `split(separator: "/")` sees them (empty ones skipped).
        var separators: [Int] = []
        var starts: [Int] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x2F { i += 1; continue }
            separators.append(i == 0 ? -1 : i - 1)
            starts.append(i)
            while i < bytes.count && bytes[i] != 0x2F { i += 1 }
        }
        self.separators = separators
        canonical = bytes.first == 0x2F && !zip(bytes, bytes.dropFirst()).contains { $0 == 0x2F && $1 == 0x2F }
        // The first `providers`, or a later one in a key position (extension resources).
        let word = Array("providers".utf8)
        func isProviders(_ segment: Int) -> Bool {
            let start = starts[segment]
            let end = segment + 1 < starts.count ? separators[segment + 1] : bytes.count
            return end - start == word.count && zip(bytes[start..<end], word).allSatisfy { $0 | 0x20 == $1 }
        }
        var p: Int? = nil
        for k in 0..<starts.count where isProviders(k) { p = k; break }
        if var found = p {
            var k = found + 2
            while k < starts.count {
                if isProviders(k) { found = k }
                k += 2
            }
            p = found
        }
        providers = p
    }

    public static func == (a: ResourceID, b: ResourceID) -> Bool { a.key == b.key }
    public func hash(into h: inout Hasher) { h.combine(key) }
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
        guard let p = providers, separators.count >= p + 5 else { return nil }
        let end = separators[separators.count - 2]
        if canonical { return ResourceID(String(decoding: text.utf8.prefix(end), as: UTF8.self)) }
        return ResourceID("/" + segments.dropLast(2).joined(separator: "/"))
    }

    /// The index of the `providers` keyword that starts this resource's type: the first
    /// one, or a later one in a key position (extension resources). A resource *named*
    /// "providers" sits in a value position and is not mistaken for it.
    var providersIndex: Int? { providers }

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

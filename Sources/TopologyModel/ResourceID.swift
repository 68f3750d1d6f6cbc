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

    public init(_ text: String) {
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.text = trimmed
        self.key = trimmed.lowercased()
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
        let s = segments
        guard let p = providersIndex, s.count >= p + 5 else { return nil }
        return ResourceID("/" + s.dropLast(2).joined(separator: "/"))
    }

    /// The index of the `providers` keyword that starts this resource's type: the first
    /// one, or a later one in a key position (extension resources). A resource *named*
    /// "providers" sits in a value position and is not mistaken for it.
    var providersIndex: Int? {
        let s = segments
        guard var p = s.firstIndex(where: { $0.lowercased() == "providers" }) else { return nil }
        var i = p + 2
        while i < s.count {
            if s[i].lowercased() == "providers" { p = i }
            i += 2
        }
        return p
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
